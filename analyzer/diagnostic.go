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
