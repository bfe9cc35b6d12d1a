package feedback

import (
	"fmt"

	"github.com/wflint/wflint/internal/diag"
)

// DefaultMaxPerRule is how many findings of one rule and severity a
// report's validation shows before it sums up the rest in one "and N
// more" finding (see WithMaxPerRule): a report of a million entries
// with the same mistake gets 21 findings, not a million.
const DefaultMaxPerRule = 20

// WithMaxPerRule shows at most n findings of each rule and severity, then
// one finding "and N more … findings in this report" at the first one
// left out. 0 means DefaultMaxPerRule; a negative n shows every finding.
func WithMaxPerRule(n int) Option {
	return func(o *options) { o.maxPerRule = n }
}

// limitKey is what the cap counts by: a rule's findings of one severity,
// so that the summary's severity is that of every finding it stands for.
type limitKey struct {
	rule string
	sev  diag.Severity
}

// limiter lets the first max findings of each key through and counts the
// rest, keeping the first left out (to place the summary where it was).
type limiter struct {
	max   int
	kept  map[limitKey]int
	more  map[limitKey]int
	first map[limitKey]*finding
	order []limitKey
}

// newLimiter makes the limiter for a WithMaxPerRule value; nil for no cap.
func newLimiter(n int) *limiter {
	if n == 0 {
		n = DefaultMaxPerRule
	}
	if n < 0 {
		return nil
	}
	return &limiter{max: n, kept: map[limitKey]int{}, more: map[limitKey]int{}, first: map[limitKey]*finding{}}
}

// admit says whether a finding of sev and rule is shown; if not it is
// counted, and the first left out is kept in f's place: the caller gets a
// finding to fill in (as add's callers do) that is not in any list.
func (l *limiter) admit(f finding) (shown bool, stand *finding) {
	if l == nil {
		return true, nil
	}
	k := limitKey{f.Rule, f.Severity}
	if l.kept[k] < l.max {
		l.kept[k]++
		return true, nil
	}
	l.more[k]++
	if l.first[k] == nil {
		l.first[k] = &f
		l.order = append(l.order, k)
		return false, l.first[k]
	}
	return false, &finding{}
}

// summaries returns one finding per key with findings left out, at the
// first of them: "and N more <rule> findings in this report".
func (l *limiter) summaries() []finding {
	if l == nil {
		return nil
	}
	var out []finding
	for _, k := range l.order {
		f := *l.first[k]
		n := l.more[k]
		f.Message = fmt.Sprintf("and %d more %s %s in this report (showing the first %d)", n, k.rule, plural(n, k.sev), l.max)
		f.suggestions, f.Fixes, f.Related = nil, nil, nil
		f.More = n - 1 // the summary stands in the first left out's place
		out = append(out, f)
	}
	return out
}

// plural names n findings of severity sev: "warnings", "error".
func plural(n int, sev diag.Severity) string {
	word := sev.String()
	if sev == diag.Info {
		word = "note"
	}
	if n != 1 {
		word += "s"
	}
	return word
}

// Stands reports how many findings d stands for: the number it sums up
// for an "and N more" finding of the report cap (WithMaxPerRule), else 1.
func Stands(d diag.Diagnostic) int { return 1 + max(d.More, 0) }

// Tally is how many findings of each severity a report has.
type Tally struct{ Errors, Warnings, Infos int }

// Count tallies findings by severity as the report's problems: an "and N
// more" finding of the cap (WithMaxPerRule) counts the N it stands for, so
// every command says the same number of a report however many it shows.
func Count(ds diag.List) Tally {
	var t Tally
	for i := range ds {
		switch n := Stands(ds[i]); ds[i].Severity {
		case diag.Error:
			t.Errors += n
		case diag.Warning:
			t.Warnings += n
		default:
			t.Infos += n
		}
	}
	return t
}
