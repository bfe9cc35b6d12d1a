package reportbuild

import (
	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/schema"
)

// Checker adapts wflint's analyzer to the hooks package feedback leaves open
// (feedback.ExpressionChecker and feedback.ScoreConstraint). It lives here,
// not in feedback, because feedback deliberately does not import the parser
// and analyzer; logreport already depends on both, so the dependency graph
// stays one-way (logreport → analyzer, feedback; feedback → nothing of ours).
type Checker struct {
	// Schema is the profile expressions are checked against; nil means
	// schema.Feedback(), which is what the feedback API accepts.
	Schema *schema.Schema
}

// Compile-time checks that Checker implements both hooks.
var (
	_ feedback.ExpressionChecker = Checker{}
	_ feedback.ScoreConstraint   = Checker{}
)

// CheckExpression implements feedback.ExpressionChecker: every analyzer
// diagnostic becomes a finding with its byte span in the expression, its
// rule ID as code, and the text of each suggested fix that is a single edit
// of exactly that span as a suggestion.
func (c Checker) CheckExpression(expr string) []feedback.ExprFinding {
	res := analyzer.Analyze(expr, analyzer.Options{Schema: c.Schema})
	out := make([]feedback.ExprFinding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		f := feedback.ExprFinding{
			Start:    int(d.Span.Start),
			End:      int(d.Span.End),
			Severity: severity(d.Severity),
			Code:     d.Rule,
			Message:  d.Message,
		}
		for _, fix := range d.Fixes {
			// feedback suggestions replace [Start, End) as a whole; fixes
			// that edit elsewhere cannot be expressed that way.
			if len(fix.Edits) == 1 && fix.Edits[0].Span == d.Span {
				f.Suggestions = append(f.Suggestions, fix.Edits[0].New)
			}
		}
		out = append(out, f)
	}
	return out
}

// ScoreRange implements feedback.ScoreConstraint with the analyzer's
// interval reasoning over cf.bot_management.score.
func (Checker) ScoreRange(expr string) (lo, hi int, ok bool) {
	return analyzer.ScoreRange(expr)
}

// ValidateOptions returns the feedback validation options that check the
// expression with c and cross-check the score histogram against it.
func (c Checker) ValidateOptions() []feedback.Option {
	return []feedback.Option{feedback.WithExpressionChecker(c), feedback.WithScoreRange(c)}
}

func severity(s diag.Severity) feedback.Severity {
	switch s {
	case diag.Error:
		return feedback.SeverityError
	case diag.Warning:
		return feedback.SeverityWarning
	default:
		return feedback.SeverityInfo
	}
}

// Fatal reports whether a diagnostic makes the expression unusable: an
// error from a fatal rule (syntax, type, unknown or non-feedback field),
// or an error whose rule is not registered (the parser's own codes).
func Fatal(d diag.Diagnostic) bool {
	if d.Severity != diag.Error {
		return false
	}
	r, known := analyzer.LookupRule(d.Rule)
	return !known || r.Fatal
}
