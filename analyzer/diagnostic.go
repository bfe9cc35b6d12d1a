// Package analyzer turns a parsed expression into findings a person can act
// on: it type-checks the expression against a schema (fields, functions,
// lists) and runs lint rules. It is modelled on golang.org/x/tools/go/analysis:
// every check is a registered Rule with a stable ID, a category, a default
// severity and a doc page, and diagnostics carry suggested fixes made of
// text edits.
//
// Parse, check and lint are separate steps with one-way dependencies:
// grammar knows nothing about schemas; the checker (this package) resolves
// names and types; rules read the checker's results through a Pass.
package analyzer

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/grammar"
)

// Severity orders findings; a higher value is more severe.
type Severity int

// Severities.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads "error", "warning" (or "warn") and "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// Category groups rules by what they protect against.
type Category string

// Categories.
const (
	CatSyntax      Category = "syntax"
	CatType        Category = "type"
	CatSchema      Category = "schema"
	CatFeedback    Category = "feedback"
	CatCorrectness Category = "correctness"
	CatStyle       Category = "style"
	CatPerformance Category = "performance"
)

// Related points at another place that explains a diagnostic, such as the
// earlier set item that a duplicate repeats.
type Related struct {
	Span    grammar.Span
	Message string
}

// Diagnostic is one finding.
type Diagnostic struct {
	Span     grammar.Span
	Severity Severity
	Rule     string // stable rule ID
	Message  string
	Related  []Related
	Fixes    []grammar.Fix
	// EngineKind is the wirefilter error kind the engine would report for
	// the same problem ("" when the engine accepts the expression). It lets
	// the conformance tests compare verdicts with the real engine.
	EngineKind string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d-%d %s [%s] %s", d.Span.Start, d.Span.End, d.Severity, d.Rule, d.Message)
}
