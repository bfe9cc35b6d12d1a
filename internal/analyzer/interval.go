package analyzer

import (
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/decide"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Integer sets live in package decide, the decision procedure the
// correctness rules rest on; these names keep the analyzer's API.

// Intervals is a set of integers (see decide.Intervals).
type Intervals = decide.Intervals

// AllInts is the set of every int64.
func AllInts() Intervals { return decide.AllInts() }

// DomainIntervals returns the documented values of an Int field as a set
// (see decide.DomainIntervals).
func DomainIntervals(f *schema.Field) Intervals { return decide.DomainIntervals(f) }

// IntConstraint returns the values of the Int field named field for which
// the expression x can be true. The result over-approximates: comparisons
// of the field itself (eq, ne, lt, le, gt, ge, in with a set) and and, or,
// xor, not and parentheses over them are exact; anything else (other
// fields, functions, lists) is taken to be possibly true or false, which
// widens the result. ok is false when x never compares the field. The
// field's documented domain is not applied; intersect with
// DomainIntervals for that.
func IntConstraint(x grammar.Expr, info *check.Checked, src, field string) (Intervals, bool) {
	if x == nil || info == nil || info.Expr == nil {
		return AllInts(), false
	}
	c := decide.NewContext(decide.Options{})
	tr := c.Translate(info)
	f, ok := tr.Of(x)
	if !ok {
		return AllInts(), false
	}
	return c.IntValues(f, field)
}

// ScoreRange returns the lowest and highest cf.bot_management.score for
// which a feedback expression can match, within the documented range
// 1..99. ok is false when the expression does not parse or type-check
// under the feedback profile, does not constrain the score, or can match
// no score at all.
func ScoreRange(src string) (lo, hi int, ok bool) {
	x, errs := grammar.Parse(src)
	if len(errs) > 0 || x.Root == nil {
		return 0, 0, false
	}
	// Type-check only: the lint rules are not needed to read the score.
	sch := schema.Feedback()
	info, errs := check.Check(x, sch, check.Options{})
	if errs.HasErrors() {
		return 0, 0, false
	}
	const name = "cf.bot_management.score"
	set, found := IntConstraint(x.Root, info, src, name)
	if !found {
		return 0, 0, false
	}
	f, _ := sch.Field(name)
	l, h, nonEmpty := set.Intersect(DomainIntervals(f)).Bounds()
	if !nonEmpty {
		return 0, 0, false
	}
	return int(l), int(h), true
}
