// Package output writes linted files in the formats people and tools
// read: text (code frames, in the style of rustc), JSON (wflint's own,
// stable schema), SARIF 2.1.0 (GitHub code scanning and other viewers) and
// GitHub Actions workflow commands. It takes diagnostics in file byte
// coordinates and converts positions at its edge; it decides nothing
// about what is reported or how the run exits.
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/docs"
	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/workspace"
)

// File is one input as the output shows it.
type File struct {
	// Path is the input's display path: relative, forward slashes;
	// "<expr>" or "<stdin>" for input that is no file.
	Path string
	// Text is the file's text; diagnostic spans index it.
	Text string
	// Expressions counts the expressions found.
	Expressions int
	// Diagnostics are in file byte coordinates, fix text host-escaped.
	Diagnostics diag.List
	// Profiles[i] is the schema profile of Diagnostics[i] ("" for
	// problems with the file itself); may be shorter than Diagnostics.
	Profiles []string
	// Err is set when the input could not be linted at all.
	Err string

	index *diag.LineIndex
}

// Lines returns the line index of the text.
func (f *File) Lines() *diag.LineIndex {
	if f.index == nil {
		f.index = diag.NewLineIndex(f.Text)
	}
	return f.index
}

func (f *File) profile(i int) string {
	if i < len(f.Profiles) {
		return f.Profiles[i]
	}
	return ""
}

// Counts tallies diagnostics by severity.
type Counts struct {
	Files, Expressions, Errors, Warnings, Infos, Failures int
}

// Tally counts the diagnostics of files.
func Tally(files []*File) Counts {
	var c Counts
	for _, f := range files {
		if f.Err != "" {
			c.Failures++
			continue
		}
		c.Files++
		c.Expressions += f.Expressions
		for _, d := range f.Diagnostics {
			switch d.Severity {
			case diag.Error:
				c.Errors++
			case diag.Warning:
				c.Warnings++
			default:
				c.Infos++
			}
		}
	}
	return c
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// String is the one-line summary printed after text output.
func (c Counts) String() string {
	s := fmt.Sprintf("%s, %s, %s in %s (%s)", plural(c.Errors, "error"), plural(c.Warnings, "warning"),
		plural(c.Infos, "info"), plural(c.Files, "input"), plural(c.Expressions, "expression"))
	if c.Failures > 0 {
		s += fmt.Sprintf("; %s could not be linted", plural(c.Failures, "input"))
	}
	return s
}

// Formats lists the format names [Write] accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// Options are what the writers need from the run.
type Options struct {
	// Version is the tool version written into JSON and SARIF.
	Version string
	// Color colours text output with ANSI escapes.
	Color bool
}

// Write writes files in a format (one of [Formats]); text output sends
// inputs that could not be linted to errw, the others keep them in the
// output. Text and github end with the summary line.
func Write(w, errw io.Writer, format string, files []*File, o Options) error {
	c := Tally(files)
	switch format {
	case "json":
		return JSON(w, files, c, o.Version)
	case "sarif":
		return SARIF(w, files, o.Version)
	case "github":
		GitHub(w, files)
	case "text":
		Text(w, errw, files, o.Color)
	default:
		return fmt.Errorf("unknown format %q (want text, json, sarif or github)", format)
	}
	_, err := fmt.Fprintln(w, c)
	return err
}

// ---- text ----

type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) sev(s diag.Severity, text string) string {
	switch s {
	case diag.Error:
		return p.wrap("1;31", text)
	case diag.Warning:
		return p.wrap("1;33", text)
	}
	return p.wrap("1;36", text)
}

func (p palette) gutter(s string) string { return p.wrap("1;34", s) }
func (p palette) bold(s string) string   { return p.wrap("1", s) }

// Text prints each diagnostic as a code frame in the style of rustc:
//
//	error[single-quoted-string]: single quotes are not string delimiters …
//	 --> main.tf:5:18
//	  |
//	5 |     expression = "http.host eq 'a'"
//	  |                                ^^^
//	  = help: Use "a": `\"a\"`
func Text(w, errw io.Writer, files []*File, color bool) {
	p := palette{color}
	for _, r := range files {
		if r.Err != "" {
			fmt.Fprintf(errw, "wflint: %s: %s\n", r.Path, r.Err)
			continue
		}
		for _, f := range r.Diagnostics {
			writeFrame(w, p, r, f)
		}
	}
}

func writeFrame(w io.Writer, p palette, r *File, f diag.Diagnostic) {
	idx := r.Lines()
	start, end := idx.Position(f.Span.Start), idx.Position(f.Span.End)
	gw := len(fmt.Sprint(start.Line))
	pad := strings.Repeat(" ", gw)
	fmt.Fprintf(w, "%s%s\n", p.sev(f.Severity, fmt.Sprintf("%s[%s]", f.Severity, f.Rule)), p.bold(": "+f.Message))
	fmt.Fprintf(w, "%s%s %s:%d:%d\n", pad, p.gutter("-->"), r.Path, start.Line, start.RuneCol)
	line := idx.LineText(start.Line)
	lineStart := int(start.LineOffset)
	from := int(start.Offset) - lineStart
	to := len(line)
	if end.Line == start.Line {
		to = int(end.Offset) - lineStart
	}
	from, to = min(from, len(line)), min(max(to, from), len(line))
	shown, col := displayLine(line, from)
	_, endCol := displayLine(line, to)
	carets := max(endCol-col, 1)
	fmt.Fprintf(w, "%s %s\n", pad, p.gutter("|"))
	fmt.Fprintf(w, "%s %s %s\n", p.gutter(fmt.Sprint(start.Line)), p.gutter("|"), shown)
	mark := strings.Repeat("^", carets)
	if end.Line > start.Line {
		mark += fmt.Sprintf(" (continues to line %d)", end.Line)
	}
	fmt.Fprintf(w, "%s %s %s%s\n", pad, p.gutter("|"), strings.Repeat(" ", col), p.sev(f.Severity, mark))
	for _, rel := range f.Related {
		rp := idx.Position(rel.Span.Start)
		fmt.Fprintf(w, "%s %s note: %s (%d:%d)\n", pad, p.gutter("="), rel.Message, rp.Line, rp.RuneCol)
	}
	for _, fx := range f.Fixes {
		fmt.Fprintf(w, "%s %s %s %s\n", pad, p.gutter("="), p.bold("help:"), fixText1(r.Text, fx))
	}
	fmt.Fprintln(w)
}

// fixText1 describes a fix in one line: its title and what it writes.
func fixText1(src string, fx diag.Fix) string {
	if len(fx.Edits) != 1 {
		return fx.Title
	}
	e := fx.Edits[0]
	old := e.Span.Text(src)
	switch {
	case e.New != "" && strings.Contains(fx.Title, e.New):
		return fx.Title // the title already shows the replacement
	case e.New == "":
		return fmt.Sprintf("%s: remove `%s`", fx.Title, oneLine(old))
	case old == "":
		return fmt.Sprintf("%s: insert `%s`", fx.Title, oneLine(e.New))
	}
	return fmt.Sprintf("%s: `%s`", fx.Title, oneLine(e.New))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if len(s) > 120 {
		cut := 117
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// displayLine expands tabs to 4 spaces and returns the line and the
// display column (in terminal cells) of byte offset off.
func displayLine(line string, off int) (string, int) {
	var b strings.Builder
	col, at := 0, -1
	for i, r := range line {
		if i >= off && at < 0 {
			at = col
		}
		switch {
		case r == '\t':
			b.WriteString("    ")
			col += 4
		case r < 0x20 || r == 0x7f:
			b.WriteRune('�')
			col++
		default:
			b.WriteRune(r)
			col += runeWidth(r)
		}
	}
	if at < 0 {
		at = col
	}
	return b.String(), at
}

// ---- JSON ----

// JSONReport is the JSON output; a consumer can decode into it. It is stable: members are only
// ever added, never renamed or removed.
//
//	{
//	  "version": 1,
//	  "tool": {"name": "wflint", "version": "v1.2.3"},
//	  "diagnostics": [{
//	    "path": "main.tf",                 // as given, forward slashes; "<expr>" for -e, "<stdin>"
//	    "where": "cloudflare_ruleset.waf.rules[0].expression", // place in the host, "" for bare expressions
//	    "profile": "rules",                // schema profile used ("" for host problems)
//	    "rule": "single-quoted-string",    // stable rule ID
//	    "severity": "error",               // error | warning | info
//	    "message": "…",
//	    "docs": "https://…/single-quoted-string.md",   // absent for host-file problems
//	    "range": {"start": POS, "end": POS},           // half-open, in the host file
//	    "fixes": [{"title": "…", "edits": [{"range": {…}, "newText": "…"}]}],
//	    "related": [{"message": "…", "range": {…}}]
//	  }],
//	  "errors": [{"path": "x.json", "message": "binary file …"}],
//	  "summary": {"files": 1, "expressions": 3, "errors": 2, "warnings": 0, "infos": 1, "failures": 0}
//	}
//
// POS is {"offset": byte offset, "line": 1-based, "column": 1-based in
// Unicode code points, "byteColumn": 1-based in bytes, "utf16Column":
// 1-based in UTF-16 code units}. newText is already escaped for the host
// file (HCL or JSON string escapes), so edits can be applied byte-wise.
type JSONReport struct {
	Version     int              `json:"version"`
	Tool        JSONTool         `json:"tool"`
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
	Errors      []JSONError      `json:"errors"`
	Summary     JSONSummary      `json:"summary"`
}

// JSONTool names the tool that wrote a report.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONPos is a position in a file, in every column unit a consumer may want.
type JSONPos struct {
	Offset      int `json:"offset"`
	Line        int `json:"line"`
	Column      int `json:"column"`
	ByteColumn  int `json:"byteColumn"`
	UTF16Column int `json:"utf16Column"`
}

// JSONRange is a half-open range in a file.
type JSONRange struct {
	Start JSONPos `json:"start"`
	End   JSONPos `json:"end"`
}

// JSONEdit replaces a range with text already escaped for the host file.
type JSONEdit struct {
	Range   JSONRange `json:"range"`
	NewText string    `json:"newText"`
}

// JSONFix is a suggested fix.
type JSONFix struct {
	Title string     `json:"title"`
	Edits []JSONEdit `json:"edits"`
}

// JSONRelated points at another place that explains a diagnostic.
type JSONRelated struct {
	Message string    `json:"message"`
	Range   JSONRange `json:"range"`
}

// JSONDiagnostic is one finding.
type JSONDiagnostic struct {
	Path     string        `json:"path"`
	Where    string        `json:"where"`
	Profile  string        `json:"profile"`
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	Docs     string        `json:"docs,omitempty"`
	Range    JSONRange     `json:"range"`
	Fixes    []JSONFix     `json:"fixes"`
	Related  []JSONRelated `json:"related"`
}

// JSONError is an input that could not be linted.
type JSONError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// JSONSummary counts what was linted and found.
type JSONSummary struct {
	Files       int `json:"files"`
	Expressions int `json:"expressions"`
	Errors      int `json:"errors"`
	Warnings    int `json:"warnings"`
	Infos       int `json:"infos"`
	Failures    int `json:"failures"`
}

func toJSONPos(idx *diag.LineIndex, off diag.Pos) JSONPos {
	p := idx.Position(off)
	return JSONPos{Offset: int(p.Offset), Line: p.Line, Column: p.RuneCol, ByteColumn: p.ByteCol, UTF16Column: p.UTF16Col}
}

func toJSONRange(idx *diag.LineIndex, s diag.Span) JSONRange {
	return JSONRange{toJSONPos(idx, s.Start), toJSONPos(idx, s.End)}
}

// ruleDocs returns the docs URL of a registered rule, "" for host codes.
func ruleDocs(id string) string {
	if _, ok := analyzer.LookupRule(id); ok {
		return docs.RuleURL(id)
	}
	return ""
}

// JSON writes the stable JSON report (see JSONReport) with the summary c.
func JSON(w io.Writer, files []*File, c Counts, version string) error {
	out := JSONReport{Version: 1, Tool: JSONTool{"wflint", version}, Diagnostics: []JSONDiagnostic{}, Errors: []JSONError{},
		Summary: JSONSummary{c.Files, c.Expressions, c.Errors, c.Warnings, c.Infos, c.Failures}}
	for _, r := range files {
		path := r.Path
		if r.Err != "" {
			out.Errors = append(out.Errors, JSONError{path, r.Err})
			continue
		}
		idx := r.Lines()
		for i, f := range r.Diagnostics {
			d := JSONDiagnostic{Path: path, Where: f.Where, Profile: r.profile(i), Rule: f.Rule, Severity: f.Severity.String(),
				Message: f.Message, Docs: ruleDocs(f.Rule), Range: toJSONRange(idx, f.Span), Fixes: []JSONFix{}, Related: []JSONRelated{}}
			for _, fx := range f.Fixes {
				jf := JSONFix{Title: fx.Title, Edits: []JSONEdit{}}
				for _, e := range fx.Edits {
					jf.Edits = append(jf.Edits, JSONEdit{toJSONRange(idx, e.Span), e.New})
				}
				d.Fixes = append(d.Fixes, jf)
			}
			for _, rel := range f.Related {
				d.Related = append(d.Related, JSONRelated{rel.Message, toJSONRange(idx, rel.Span)})
			}
			out.Diagnostics = append(out.Diagnostics, d)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ---- GitHub workflow commands ----

// GitHub writes GitHub Actions workflow commands, which annotate the
// lines of a pull request.
func GitHub(w io.Writer, files []*File) {
	for _, r := range files {
		path := r.Path
		if r.Err != "" {
			fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", ghProp(path), ghProp("wflint"), ghData(r.Err))
			continue
		}
		idx := r.Lines()
		for _, f := range r.Diagnostics {
			s, e := idx.Position(f.Span.Start), idx.Position(f.Span.End)
			level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning"}[f.Severity]
			if level == "" {
				level = "notice"
			}
			loc := fmt.Sprintf("file=%s,line=%d,col=%d,endLine=%d", ghProp(path), s.Line, s.RuneCol, e.Line)
			if e.Line == s.Line {
				loc += fmt.Sprintf(",endColumn=%d", e.RuneCol)
			}
			msg := f.Message
			for _, fx := range f.Fixes {
				msg += "\nhelp: " + fixText1(r.Text, fx)
			}
			fmt.Fprintf(w, "::%s %s,title=%s::%s\n", level, loc, ghProp("wflint "+f.Rule), ghData(msg))
		}
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// ---- SARIF 2.1.0 ----

// The SARIF types cover what GitHub code scanning reads; see
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 *sarifText      `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifProperties `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifProperties struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// PartialFingerprints lets code scanning track an alert across commits
	// even when lines move: the rule and the offending text.
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifRegion columns count UTF-16 code units, SARIF's default
// (run.columnKind "utf16CodeUnits"); endColumn is exclusive.
type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// hostRules describe the host-file problem codes as SARIF rules, since
// they are not analyzer rules.
var hostRules = map[string]struct {
	sev     diag.Severity
	summary string
}{
	host.CodeSyntax:       {diag.Error, "The host file (HCL or JSON) does not parse."},
	host.CodeInterpolated: {diag.Info, "A Terraform expression uses ${…} interpolation and is skipped."},
	host.CodeNonLiteral:   {diag.Info, "An expression attribute is not a string literal and is skipped."},
	host.CodeUnmappable:   {diag.Error, "wflint could not map a string's escapes to file positions."},
	workspace.RuleConfig:  {diag.Error, "The configuration could not be applied."},
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a display path into a relative URI reference.
func sarifURI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func sarifRegionOf(idx *diag.LineIndex, s diag.Span) sarifRegion {
	a, b := idx.Position(s.Start), idx.Position(s.End)
	return sarifRegion{a.Line, a.UTF16Col, b.Line, b.UTF16Col}
}

// SARIF writes a SARIF 2.1.0 log with one run: every rule (analyzer
// rules and host-file problem codes) and every diagnostic with its fixes.
func SARIF(w io.Writer, files []*File, version string) error {
	var rules []sarifRule
	index := map[string]int{}
	for _, r := range analyzer.Rules() {
		sr := sarifRule{ID: r.ID, Name: pascal(r.ID), ShortDescription: sarifText{Text: r.Summary}, FullDescription: sarifText{Text: r.Summary},
			HelpURI: docs.RuleURL(r.ID), DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)},
			Properties: sarifProperties{Tags: []string{string(r.Category)}, Precision: "very-high"}}
		if page, ok := docs.Rule(r.ID); ok {
			sr.Help = &sarifText{Text: page, Markdown: page}
		}
		index[r.ID] = len(rules)
		rules = append(rules, sr)
	}
	ids := make([]string, 0, len(hostRules))
	for id := range hostRules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		h := hostRules[id]
		index[id] = len(rules)
		rules = append(rules, sarifRule{ID: id, Name: pascal(id), ShortDescription: sarifText{Text: h.summary}, FullDescription: sarifText{Text: h.summary},
			DefaultConfiguration: sarifConfig{sarifLevel(h.sev)}, Properties: sarifProperties{Tags: []string{"host"}}})
	}
	run := sarifRun{Tool: sarifTool{sarifDriver{Name: "wflint", Version: version, InformationURI: "https://github.com/wflint/wflint", Rules: rules}},
		Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	inv := sarifInvocation{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{}}
	for _, r := range files {
		art := sarifArtifact{URI: sarifURI(r.Path), URIBaseID: "%SRCROOT%"}
		if r.Err != "" {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error",
				Message: sarifText{Text: r.Err}, Locations: []sarifLocation{{sarifPhysical{ArtifactLocation: art}}}})
			continue
		}
		idx := r.Lines()
		for _, f := range r.Diagnostics {
			i, ok := index[f.Rule]
			if !ok {
				// A check with no catalogue entry here (a feedback report
				// validation code): describe it by its ID so every result
				// points at a rule, as code scanning expects.
				i = len(run.Tool.Driver.Rules)
				index[f.Rule] = i
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: f.Rule, Name: pascal(f.Rule),
					ShortDescription: sarifText{Text: f.Rule}, FullDescription: sarifText{Text: f.Rule},
					DefaultConfiguration: sarifConfig{sarifLevel(f.Severity)}, Properties: sarifProperties{Tags: []string{"host"}}})
			}
			reg := sarifRegionOf(idx, f.Span)
			res := sarifResult{RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifText{Text: f.Message},
				Locations:           []sarifLocation{{sarifPhysical{ArtifactLocation: art, Region: &reg}}},
				PartialFingerprints: map[string]string{"wflintRuleText/v1": f.Rule + ":" + f.Span.Text(r.Text)}}
			for _, fx := range f.Fixes {
				ch := sarifArtifactChange{ArtifactLocation: art}
				for _, e := range fx.Edits {
					ch.Replacements = append(ch.Replacements, sarifReplacement{sarifRegionOf(idx, e.Span), sarifText{Text: e.New}})
				}
				res.Fixes = append(res.Fixes, sarifFix{Description: sarifText{Text: fx.Title}, ArtifactChanges: []sarifArtifactChange{ch}})
			}
			run.Results = append(run.Results, res)
		}
	}
	run.Invocations = []sarifInvocation{inv}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// pascal turns a rule ID into the PascalCase name SARIF viewers show.
func pascal(id string) string {
	var b strings.Builder
	for _, p := range strings.Split(id, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}
