package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// Stream writes files one at a time, as soon as each is linted, in every
// format: text and github frames go out per file; JSON and SARIF are
// encoded item by item into the document, never built whole. What must
// come after the items (the summary, the inputs that failed, SARIF's rule
// descriptions) is small and is kept until [Stream.Close].
type Stream struct {
	w      *bufio.Writer
	errw   io.Writer
	format string
	o      Options
	counts Counts
	items  int // diagnostics written to a JSON document so far
	errs   []JSONError
	buf    []byte // a JSON item being encoded, kept for the next
	sarif  *sarifStream
	err    error
}

// NewStream starts output in a format (one of [Formats]) on w; text
// output sends inputs that could not be linted to errw.
func NewStream(w, errw io.Writer, format string, o Options) (*Stream, error) {
	s := &Stream{w: bufio.NewWriterSize(w, 64<<10), errw: errw, format: format, o: o}
	switch format {
	case "json":
		fmt.Fprintf(s.w, "{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"wflint\",\n    \"version\": %s\n  },\n  \"diagnostics\": [", jsonString(nil, o.Version))
	case "sarif":
		s.sarif = newSARIFStream(s.w, o)
	case "text", "github":
	default:
		return nil, fmt.Errorf("unknown format %q (want text, json, sarif or github)", format)
	}
	return s, nil
}

// File writes one file's diagnostics (or its failure). Its text and
// diagnostics may be dropped by the caller once File returns.
func (s *Stream) File(f *File) error {
	s.Begin(f)
	s.Part(f, f.Diagnostics, f.Profiles)
	s.Ignored(f, f.Ignored)
	return s.End(f)
}

// Ignored counts findings of the file begun last that an ignore
// silenced; SARIF writes them as suppressed results, which code scanning
// shows as dismissed, and the other formats leave them out.
func (s *Stream) Ignored(f *File, ss []diag.Suppressed) {
	if s.err != nil || f.Err != "" || len(ss) == 0 {
		return
	}
	s.counts.Ignored += len(ss)
	if s.sarif != nil {
		s.err = s.sarif.suppressed(f, ss)
	}
}

// Begin starts a file whose diagnostics come in parts (see Part); f's
// Diagnostics are not written. A file that failed is written whole here.
func (s *Stream) Begin(f *File) {
	f.Lines() // built once, shared by the parts
	if s.sarif != nil {
		s.sarif.seen = map[string]int{}
	}
	if s.err != nil || f.Err == "" {
		return
	}
	switch s.format {
	case "text":
		s.flush()
		Text(s.w, s.errw, []*File{f}, s.o.Color)
	case "github":
		GitHub(s.w, []*File{f})
	case "json":
		s.errs = append(s.errs, JSONError{f.Path, f.Err})
	case "sarif":
		s.err = s.sarif.file(f)
	}
}

// Part writes some of the diagnostics of the file begun last, in order;
// profiles[i] is the profile of ds[i] (may be shorter).
func (s *Stream) Part(f *File, ds diag.List, profiles []string) {
	if s.err != nil || f.Err != "" || len(ds) == 0 {
		return
	}
	part := &File{Path: f.Path, Text: f.Text, Diagnostics: ds, Profiles: profiles, index: f.index}
	fixable := profiles
	if f.NoFix {
		fixable = nil
	}
	s.counts.addDiagnostics(ds, fixable, s.o.UnsafeFixes)
	switch s.format {
	case "text":
		TextWith(s.w, s.errw, []*File{part}, s.o)
	case "github":
		GitHub(s.w, []*File{part})
	case "json":
		buf := s.buf[:0]
		path := jsonString(nil, part.Path)
		for i, d := range ds {
			buf = buf[:0]
			if s.items > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONDiagnostic(buf, part, path, i, d)
			s.items++
			if _, err := s.w.Write(buf); err != nil {
				s.err = err
				return
			}
		}
		s.buf = buf
	case "sarif":
		s.err = s.sarif.file(part)
	}
}

// End finishes the file begun last: its findings reach the reader now,
// not at the end of the run.
func (s *Stream) End(f *File) error {
	switch {
	case f.Err != "":
		s.counts.Failures++
	case !f.NotInput:
		s.counts.Files++
		s.counts.Expressions += f.Expressions
	}
	s.flush()
	return s.err
}

func (s *Stream) flush() {
	if err := s.w.Flush(); err != nil && s.err == nil {
		s.err = err
	}
}

// Close ends the document (the summary line for text and github) and
// returns the first write error.
func (s *Stream) Close() error {
	if s.err != nil {
		return s.err
	}
	c := s.counts
	switch s.format {
	case "json":
		if s.items > 0 {
			s.w.WriteString("\n  ")
		}
		s.w.WriteString("],\n  \"errors\": [")
		for i, e := range s.errs {
			if i > 0 {
				s.w.WriteByte(',')
			}
			b := append([]byte("\n    {\n      \"path\": "), jsonString(nil, e.Path)...)
			b = append(b, ",\n      \"message\": "...)
			b = append(jsonString(b, e.Message), "\n    }"...)
			s.w.Write(b)
		}
		if len(s.errs) > 0 {
			s.w.WriteString("\n  ")
		}
		fmt.Fprintf(s.w, "],\n  \"summary\": {\n    \"files\": %d,\n    \"expressions\": %d,\n    \"errors\": %d,\n    \"warnings\": %d,\n    \"infos\": %d,\n    \"failures\": %d,\n    \"ignored\": %d,\n    \"fixable\": %d,\n    \"unsafeFixable\": %d\n  }\n}\n",
			c.Files, c.Expressions, c.Errors, c.Warnings, c.Infos, c.Failures, c.Ignored, c.Fixable, c.UnsafeFixable)
	case "sarif":
		s.err = s.sarif.close()
	default:
		fmt.Fprintln(s.w, c)
		if line := c.FixLine(); line != "" {
			fmt.Fprintln(s.w, line)
		}
	}
	s.flush()
	return s.err
}

// addDiagnostics counts ds by severity, and their fixes --fix applies
// (profiles[i] is the profile of ds[i]); with unsafe, the unsafe ones
// count as fixable too.
func (c *Counts) addDiagnostics(ds diag.List, profiles []string, unsafe bool) {
	for i := range ds {
		d := &ds[i]
		switch d.Severity {
		case diag.Error:
			c.Errors++
		case diag.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
		if i >= len(profiles) || profiles[i] == "" || len(d.Fixes) != 1 {
			continue // no fix --fix applies: the usual case
		}
		switch applies, safe := fixClass(d, profiles[i]); {
		case !applies:
		case safe || unsafe:
			c.Fixable++
		default:
			c.UnsafeFixable++
		}
	}
}

// appendJSONDiagnostic appends one element of the "diagnostics" array,
// laid out exactly as encoding/json's two-space indent would lay it out;
// path is r.Path as a JSON string.
func appendJSONDiagnostic(b []byte, r *File, path []byte, i int, f diag.Diagnostic) []byte {
	idx := r.Lines()
	b = append(b, "\n    {\n      \"path\": "...)
	b = append(b, path...)
	b = append(b, ",\n      \"where\": "...)
	b = jsonString(b, f.Where)
	b = append(b, ",\n      \"profile\": "...)
	b = jsonString(b, r.profile(i))
	b = append(b, ",\n      \"rule\": "...)
	b = jsonString(b, f.Rule)
	b = append(b, ",\n      \"severity\": "...)
	b = jsonString(b, f.Severity.String())
	b = append(b, ",\n      \"rejected\": "...)
	b = strconv.AppendBool(b, f.Rejected)
	b = append(b, ",\n      \"message\": "...)
	b = jsonString(b, f.Message)
	// The docs member with its URL, escaped once per rule: only where
	// text output says "see: wflint explain" (a report's own codes share
	// some IDs with analyzer rules, whose pages are not about them).
	if hasPage(r.profile(i), f.Rule) {
		b = append(b, ruleDocsJSON()[f.Rule]...)
	}
	b = append(b, ",\n      \"range\": "...)
	b = appendJSONRange(b, idx, f.Span, &jsonIndent6)
	b = append(b, ",\n      \"fixes\": "...)
	b = appendJSONArray(b, len(f.Fixes), "      ", func(b []byte, k int) []byte {
		fx := f.Fixes[k]
		b = append(b, "\n          \"title\": "...)
		b = jsonString(b, fx.Title)
		b = append(b, ",\n          \"safe\": "...)
		b = strconv.AppendBool(b, fx.Safe)
		b = append(b, ",\n          \"edits\": "...)
		return appendJSONArray(b, len(fx.Edits), "          ", func(b []byte, j int) []byte {
			b = append(b, "\n              \"range\": "...)
			b = appendJSONRange(b, idx, fx.Edits[j].Span, &jsonIndent14)
			b = append(b, ",\n              \"newText\": "...)
			return jsonString(b, fx.Edits[j].New)
		})
	})
	b = append(b, ",\n      \"related\": "...)
	b = appendJSONArray(b, len(f.Related), "      ", func(b []byte, k int) []byte {
		b = append(b, "\n          \"message\": "...)
		b = jsonString(b, f.Related[k].Message)
		b = append(b, ",\n          \"range\": "...)
		return appendJSONRange(b, idx, f.Related[k].Span, &jsonIndent10)
	})
	return append(b, "\n    }"...)
}

// ruleDocsJSON maps each rule to its "docs" member, as appended after
// "message"; host codes have none.
var ruleDocsJSON = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(ruleURLs()))
	for id, url := range ruleURLs() {
		m[id] = string(jsonString([]byte(",\n      \"docs\": "), url))
	}
	return m
})

// appendJSONArray appends an array of n objects as encoding/json indents
// it when the member holding it is at indentation ind; elem appends the
// members of object i, each on a new line at ind plus four spaces.
func appendJSONArray(b []byte, n int, ind string, elem func(b []byte, i int) []byte) []byte {
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '\n'), ind...), "  {"...)
		b = elem(b, i)
		b = append(append(append(b, '\n'), ind...), "  }"...)
	}
	if n > 0 {
		b = append(append(b, '\n'), ind...)
	}
	return append(b, ']')
}

// jsonIndent is the fixed text of a JSONRange object whose opening brace
// is at some indentation, laid out once rather than for every position.
type jsonIndent struct {
	start, end, close string
	// keys[k] opens the k-th member of a JSONPos (with the brace or comma
	// before it); closePos ends the object.
	keys     [5]string
	closePos string
}

// The indentations a JSONRange is written at: a diagnostic's range, a
// related span's, a fix edit's.
var jsonIndent6, jsonIndent10, jsonIndent14 = newJSONIndent(6), newJSONIndent(10), newJSONIndent(14)

func newJSONIndent(n int) jsonIndent {
	ind := strings.Repeat(" ", n)
	in := jsonIndent{
		start:    "{\n" + ind + "  \"start\": ",
		end:      ",\n" + ind + "  \"end\": ",
		close:    "\n" + ind + "}",
		closePos: "\n" + ind + "  }",
	}
	for k, name := range [...]string{"offset", "line", "column", "byteColumn", "utf16Column"} {
		sep := ",\n"
		if k == 0 {
			sep = "{\n"
		}
		in.keys[k] = sep + ind + "    \"" + name + "\": "
	}
	return in
}

// appendJSONRange appends a JSONRange object; its end is found from its
// start, mostly on the same line.
func appendJSONRange(b []byte, idx *diag.LineIndex, s diag.Span, in *jsonIndent) []byte {
	start := idx.Position(s.Start)
	b = append(b, in.start...)
	b = appendJSONPos(b, start, in)
	b = append(b, in.end...)
	b = appendJSONPos(b, idx.PositionAfter(start, s.End), in)
	return append(b, in.close...)
}

// appendJSONPos appends a JSONPos object.
func appendJSONPos(b []byte, p diag.Position, in *jsonIndent) []byte {
	b = append(b, in.keys[0]...)
	b = strconv.AppendInt(b, int64(p.Offset), 10)
	b = append(b, in.keys[1]...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, in.keys[2]...)
	col := len(b)
	b = strconv.AppendInt(b, int64(p.RuneCol), 10)
	colEnd := len(b)
	// Before ASCII text on its line, the three columns have the same
	// digits: copied rather than formatted again.
	for k, v := range [...]int{p.ByteCol, p.UTF16Col} {
		b = append(b, in.keys[3+k]...)
		if v == p.RuneCol {
			b = append(b, b[col:colEnd]...)
		} else {
			b = strconv.AppendInt(b, int64(v), 10)
		}
	}
	return append(b, in.closePos...)
}

const hexDigits = "0123456789abcdef"

// plain8 reports whether the eight bytes of s are printable ASCII other
// than '"' and '\\', which JSON writes as they are. The bytes are tested
// together (has-less-than and has-zero-byte bit tricks on one word).
func plain8(s string) bool {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	special := (x - ones*0x20) | // a byte below 0x20 borrows into its high bit
		(quote-ones) & ^quote | // a byte equal to '"'
		(backslash-ones) & ^backslash // a byte equal to '\\'
	return (special|x)&highs == 0
}

// jsonString appends s as a JSON string the way encoding/json writes it
// with HTML escaping off: control characters, invalid UTF-8 (as U+FFFD)
// and U+2028/U+2029 are escaped.
func jsonString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most text is printable ASCII that needs no escape: skip it
		// eight bytes at a time.
		for i+8 <= len(s) && plain8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// indentedJSON appends v as encoding/json, with HTML escaping off,
// indents it at prefix; for the SARIF items, whose shape is too varied to
// write by hand. Each item is small, so this is no pass over the document.
func indentedJSON(b []byte, v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}
