package output

import (
	"sync"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/ruledoc"
)

// JSONReport is the JSON output of every command that writes findings
// (wflint, report validate); a consumer can decode into it. It is stable:
// members are only ever added, never renamed or removed. The JSON Schema
// docs/json-output.schema.json describes it, and a test keeps the two the
// same.
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
//	    "rejected": true,                  // Cloudflare's documented contract rejects this (language, schema, API)
//	    "message": "…",
//	    "docs": "https://…/single-quoted-string.md",   // absent for host-file problems and report codes
//	    "range": {"start": POS, "end": POS},           // half-open, in the host file
//	    "fixes": [{"title": "…", "safe": true, "edits": [{"range": {…}, "newText": "…"}]}],
//	    "related": [{"message": "…", "range": {…}}]
//	  }],
//	  "errors": [{"path": "x.json", "message": "binary file …"}],
//	  "summary": {"files": 1, "expressions": 3, "errors": 2, "warnings": 0, "infos": 1, "failures": 0,
//	              "ignored": 0, "fixable": 1, "unsafeFixable": 1}
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

// JSONFix is a suggested fix. Safe says it keeps what the expression
// matches (or only writes what Cloudflare rejects as it was evidently
// meant): `wflint --fix` applies a finding's only fix when it is safe,
// `--unsafe-fixes` also when it is not.
type JSONFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"`
	Edits []JSONEdit `json:"edits"`
}

// JSONRelated points at another place that explains a diagnostic.
type JSONRelated struct {
	Message string    `json:"message"`
	Range   JSONRange `json:"range"`
}

// JSONDiagnostic is one finding.
type JSONDiagnostic struct {
	Path     string `json:"path"`
	Where    string `json:"where"`
	Profile  string `json:"profile"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	// Rejected says that Cloudflare rejects what the diagnostic is about,
	// by its documented contract (diag.Diagnostic.Rejected); CI can gate
	// on it alone.
	Rejected bool          `json:"rejected"`
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

// JSONSummary counts what was linted and found. Ignored counts the
// findings ignores silenced (not among the diagnostics); Fixable those
// whose fix --fix applies, UnsafeFixable those only --unsafe-fixes
// applies.
type JSONSummary struct {
	Files         int `json:"files"`
	Expressions   int `json:"expressions"`
	Errors        int `json:"errors"`
	Warnings      int `json:"warnings"`
	Infos         int `json:"infos"`
	Failures      int `json:"failures"`
	Ignored       int `json:"ignored"`
	Fixable       int `json:"fixable"`
	UnsafeFixable int `json:"unsafeFixable"`
}

// ruleURLs maps each rule to its page, built once: every diagnostic of a
// JSON or SARIF report names one.
var ruleURLs = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(analyzer.Rules()))
	for _, r := range analyzer.Rules() {
		m[r.ID] = ruledoc.RuleURL(r.ID)
	}
	return m
})
