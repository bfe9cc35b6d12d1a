package analyzer

// Feedback rules: Bot Management feedback expressions. They run only under
// the feedback profile: a Rules expression has no reason to mention the
// bot score.

import (
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

const botScoreField = "cf.bot_management.score"

// constrainsScore reports whether every request e selects is restricted
// by the bot score: an `and` needs one operand that is, `or` and `xor`
// need all of them, and `not` keeps the restriction (not score lt 30 is
// score ge 30).
func constrainsScore(p *Pass, e grammar.Expr) bool {
	switch e := e.(type) {
	case *grammar.Paren:
		return constrainsScore(p, e.X)
	case *grammar.Not:
		return constrainsScore(p, e.X)
	case *grammar.Logical:
		if e.Op == grammar.And {
			for _, x := range e.Operands {
				if constrainsScore(p, x) {
					return true
				}
			}
			return false
		}
		for _, x := range e.Operands {
			if !constrainsScore(p, x) {
				return false
			}
		}
		return true
	case *grammar.Comparison:
		found := false
		grammar.Inspect(e, func(n grammar.Node) bool {
			if v, ok := n.(*grammar.Value); ok {
				if f := p.Info.FieldOf(v); f != nil && f.Name == botScoreField {
					found = true
				}
			}
			return !found
		})
		return found
	}
	// A syntax error: do not pile a guess on top of it.
	return true
}

func runFeedbackMissingScore(p *Pass) {
	// A feedback expression is a filter; a value or a counting expression
	// is no feedback report's.
	if p.Schema.Profile() != schema.ProfileFeedback || p.Syntax || p.Expr.Root == nil || p.opts.Role != schema.RoleFilter {
		return
	}
	root := p.Expr.Root
	if constrainsScore(p, root) {
		return
	}
	// Point at the first `or` branch without a score, or at the whole
	// expression.
	sp, msg := root.Span(), "the feedback expression does not constrain cf.bot_management.score; "+missingScoreAdvice
	if l, ok := grammar.Unparen(root).(*grammar.Logical); ok && l.Op != grammar.And {
		for _, x := range l.Operands {
			if !constrainsScore(p, x) {
				sp = x.Span()
				msg = "this `" + l.Op.String() + "` branch of the feedback expression does not constrain cf.bot_management.score; " + missingScoreAdvice
				break
			}
		}
	}
	p.Report(diag.Diagnostic{Span: sp, Message: msg})
}

// missingScoreAdvice ends feedback-missing-score's message; the usual
// message, on the whole expression, is one constant, not built per finding.
const missingScoreAdvice = "say which scores were wrong (for a false positive, the low scores given to humans, such as `cf.bot_management.score lt 30`; for a false negative, the high scores given to bots), as every documented feedback example does"
