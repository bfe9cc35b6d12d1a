package check

import (
	"fmt"

	"github.com/wflint/wflint/internal/diag"
)

// Refusal is a back end's refusal to compile a checked expression: the
// evaluator (package eval) and the ClickHouse compiler (package chsql) run
// what the check accepts exactly, or refuse the node at Span with a reason.
//
// It lives here, beside Checked, because it is the other half of the
// contract between the checker and the back ends, and check is the lowest
// package both import that knows expressions: diag knows spans but not
// expressions, schema knows names but not where they are used, and most
// refusals are about a use (a regex feature, a list not given, a field the
// records lack), not about a schema name.
type Refusal struct {
	// Backend names the back end that refuses: eval.Backend or
	// chsql.Backend.
	Backend string
	// Span is the refused node's byte span in the expression source, and
	// Text the source text there; both are zero when the refusal is about
	// the expression as a whole (an empty one).
	Span diag.Span
	Text string
	// Msg says what is refused and why, as in "function uuidv4 is not
	// evaluated: its result is random".
	Msg string
}

// Error writes the back end, the byte span, the text and the reason.
func (r *Refusal) Error() string {
	if r.Text == "" && r.Span == (diag.Span{}) {
		return r.Backend + ": " + r.Msg
	}
	return fmt.Sprintf("%s: %d-%d `%s`: %s", r.Backend, r.Span.Start, r.Span.End, r.Text, r.Msg)
}

// Refuse returns backend's refusal of the node at span of the source src.
func Refuse(backend, src string, span diag.Span, msg string) *Refusal {
	return &Refusal{Backend: backend, Span: span, Text: span.Text(src), Msg: msg}
}

// Refusal returns the refusal every back end gives x before compiling it:
// an empty expression, or the first error of the check (its warnings, a
// field beyond the documented feedback fields say, do not stop a back end).
// It is nil when x may be compiled.
func (x *Checked) Refusal(backend string) *Refusal {
	if x == nil || x.Expr == nil || x.Expr.Root == nil {
		return &Refusal{Backend: backend, Msg: "empty expression"}
	}
	for _, d := range x.Errors {
		if d.Severity == diag.Error {
			return Refuse(backend, x.Expr.Src, d.Span, d.Message)
		}
	}
	return nil
}
