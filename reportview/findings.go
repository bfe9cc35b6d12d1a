package reportview

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
)

// File is a validated report file: its name, its bytes (diagnostic spans
// are offsets in them) and the findings.
type File struct {
	Name        string
	Data        []byte
	Diagnostics diag.List
}

// Validate validates the report document data, read from the file name,
// with feedback.ValidateJSON (the analyzer checks the expression under the
// feedback profile), and returns the result with the File its findings
// are shown from.
func Validate(name string, data []byte) (*feedback.Result, File) {
	res := feedback.ValidateJSON(data)
	return res, File{Name: name, Data: data, Diagnostics: res.Diagnostics}
}

// ValidateFile reads the report file name (see cfapi.ReadFile) and
// validates it (see Validate).
func ValidateFile(name string) (*feedback.Result, File, error) {
	data, err := cfapi.ReadFile(name)
	if err != nil {
		return nil, File{}, err
	}
	res, f := Validate(name, data)
	return res, f, nil
}

// jsonFinding is one finding in the JSON output of "report validate". The
// shape is stable: tools read it.
type jsonFinding struct {
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"end_line"`
	EndColumn   int      `json:"end_column"`
	Severity    string   `json:"severity"`
	Rejected    bool     `json:"rejected"`
	Code        string   `json:"code"`
	Pointer     string   `json:"pointer"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
}

// locate places f's findings at 1-based line and character columns, as
// editors show them. Expression findings already point inside the JSON
// string literal, so they land on the offending token in the file. One
// line index serves every finding, so the cost is linear in the file and
// the number of findings.
func locate(f File) []jsonFinding {
	out := make([]jsonFinding, 0, len(f.Diagnostics))
	idx := diag.NewLineIndex(string(f.Data))
	for _, d := range f.Diagnostics {
		jf := jsonFinding{File: f.Name, Severity: d.Severity.String(), Rejected: d.Rejected, Code: d.Rule, Pointer: d.Where,
			Message: d.Message, Suggestions: feedback.Suggestions(d)}
		start, end := idx.Position(d.Span.Start), idx.Position(d.Span.End)
		jf.Line, jf.Column = start.Line, start.RuneCol
		jf.EndLine, jf.EndColumn = end.Line, end.RuneCol
		out = append(out, jf)
	}
	return out
}

// WriteFindings writes f's findings as "file:line:col: severity: message
// [rule]", with suggested values on the next line.
func WriteFindings(w io.Writer, f File) {
	for _, p := range locate(f) {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", p.File, p.Line, p.Column, p.Severity, p.Message, p.Code)
		// Some messages already end in "did you mean …?"; say it once.
		if len(p.Suggestions) > 0 && !strings.Contains(p.Message, "did you mean") {
			q := make([]string, len(p.Suggestions))
			for i, s := range p.Suggestions {
				q[i] = strconv.Quote(s)
			}
			fmt.Fprintf(w, "\tdid you mean %s?\n", strings.Join(q, " or "))
		}
	}
}

// Summary counts findings as "2 errors, 1 warning" ("valid" when there
// are none) and returns the number of errors.
func Summary(ds diag.List) (summary string, errs int) {
	n := map[diag.Severity]int{}
	for _, d := range ds {
		n[d.Severity] += feedback.Stands(d) // "and N more" counts N
	}
	var parts []string
	for _, s := range []diag.Severity{diag.Error, diag.Warning, diag.Info} {
		if n[s] == 0 {
			continue
		}
		word := s.String()
		if s == diag.Info {
			word = "note"
		}
		if n[s] != 1 {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n[s], word))
	}
	if len(parts) == 0 {
		return "valid", 0
	}
	return strings.Join(parts, ", "), n[diag.Error]
}

// WriteValidateJSON writes the "report validate --format json" document:
// one entry per file with its validity and located findings.
func WriteValidateJSON(w io.Writer, files []File) error {
	type fileResult struct {
		File     string        `json:"file"`
		Valid    bool          `json:"valid"`
		Problems []jsonFinding `json:"problems"`
	}
	results := []fileResult{}
	for _, f := range files {
		results = append(results, fileResult{File: f.Name, Valid: !f.Diagnostics.HasErrors(), Problems: locate(f)})
	}
	b, err := JSON(results)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
