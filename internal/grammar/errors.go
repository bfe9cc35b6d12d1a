package grammar

import (
	"github.com/wflint/wflint/internal/diag"
)

// ErrorKind names a class of syntax error. The names are the wirefilter
// engine's error kinds (LANGUAGE.md §11) so that wflint's verdicts can be
// cross-checked against the engine; wflint adds a few kinds of its own for
// mistakes the engine reports only vaguely.
type ErrorKind string

// Engine error kinds.
const (
	ExpectedName              ErrorKind = "ExpectedName"
	ExpectedLiteral           ErrorKind = "ExpectedLiteral"
	ParseInt                  ErrorKind = "ParseInt"
	ParseNetwork              ErrorKind = "ParseNetwork"
	ParseRegex                ErrorKind = "ParseRegex"
	ParseWildcard             ErrorKind = "ParseWildcard"
	InvalidCharacterEscape    ErrorKind = "InvalidCharacterEscape"
	InvalidRawStringHashCount ErrorKind = "InvalidRawStringHashCount"
	MissingEndingQuote        ErrorKind = "MissingEndingQuote"
	CountMismatch             ErrorKind = "CountMismatch"
	IncompatibleRangeBounds   ErrorKind = "IncompatibleRangeBounds"
	UnrecognisedInput         ErrorKind = "EOF" // the engine calls it EOF: "unrecognised input"
	InvalidListName           ErrorKind = "InvalidListName"
	InvalidIndexAccess        ErrorKind = "InvalidIndexAccess"
	NestingLimitExceeded      ErrorKind = "NestingLimitExceeded"
	// InputTooLarge is wflint's own: the input exceeds the parser's size limit.
	InputTooLarge ErrorKind = "InputTooLarge"
)

// SyntaxError builds the diagnostic for one syntax error: where it is, the
// engine's class for it, a stable rule ID for the specific mistake (for
// example "single-quoted-string"), a message a person can act on, and
// suggested fixes where the intent is clear.
func SyntaxError(kind ErrorKind, rule string, span diag.Span, msg string, fixes ...diag.Fix) diag.Diagnostic {
	return diag.Diagnostic{Rule: rule, Severity: diag.Error, Span: span, Message: msg, Fixes: fixes, EngineKind: string(kind)}
}
