// Package analyzer turns a parsed expression into findings a person can act
// on: it type-checks the expression against a schema (package check) and
// runs lint rules over the checked expression. It is modelled on
// golang.org/x/tools/go/analysis: every check is a Rule value with a stable
// ID, a category, a default severity and a doc page; rules share typed
// results (facts) that they declare in Requires and read with ResultOf;
// and diagnostics carry suggested fixes made of text edits.
//
// Parse, check and lint are separate steps with one-way dependencies:
// grammar knows nothing about schemas; package check resolves names and
// types into a check.Checked expression (also what package eval compiles);
// rules read it through a Pass. The rules are declared once, in rule.go's
// table; their Run functions live in files named by their category
// (syntax.go, schema.go, feedback.go, correctness*.go, style*.go,
// performance.go).
package analyzer

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
