package diag

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Related points at another place that explains a diagnostic, such as the
// earlier set item that a duplicate repeats.
type Related struct {
	Span    Span
	Message string
}

// Diagnostic is one finding, whoever found it: the parser, the checker, a
// lint rule, host extraction or report validation.
//
// Span is in the coordinates of the text that was checked: an expression's
// own bytes inside the analyzer, the host file's bytes once the workspace has
// mapped it.
type Diagnostic struct {
	// Rule is the stable kebab-case rule ID ("single-quoted-string").
	Rule     string
	Severity Severity
	Span     Span
	Message  string
	Fixes    []Fix
	Related  []Related
	// EngineKind is the wirefilter error kind the engine would report for
	// the same problem ("" when the engine accepts the expression). It lets
	// the conformance tests compare verdicts with the real engine.
	EngineKind string
	// Rejected says that Cloudflare rejects the input this diagnostic is
	// about, by its documented contract (the API schema or the language),
	// rather than wflint inferring a likely mistake. CI can gate on it
	// alone.
	Rejected bool
	// Where names the place in the host document in the host's own terms,
	// when there is one: an HCL traversal such as
	// `cloudflare_ruleset.waf.rules[0].expression`, or an RFC 6901 JSON
	// pointer such as `/requests_by_score/100`.
	Where string
	// More is how many further findings of Rule and Severity this one sums
	// up when a cap on findings left them out ("and N more …"); 0 for an
	// ordinary finding. Tallies count 1 + More.
	More int
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d-%d %s [%s] %s", d.Span.Start, d.Span.End, d.Severity, d.Rule, d.Message)
}

// Error lets a fatal diagnostic travel as a Go error.
func (d Diagnostic) Error() string { return fmt.Sprintf("%d: %s", d.Span.Start, d.Message) }

// List is a set of diagnostics, usually in source order.
type List []Diagnostic

// Error summarises the list as one Go error message.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Fails reports whether some diagnostic of l fails under the threshold
// failOn (see [Severity.Fails]; 0 means Error).
func (l List) Fails(failOn Severity) bool {
	for i := range l {
		if l[i].Severity.Fails(failOn) {
			return true
		}
	}
	return false
}

// HasErrors reports whether any diagnostic has Error severity: Fails(Error).
func (l List) HasErrors() bool { return l.Fails(Error) }

// Compare orders diagnostics by start offset, then rule ID: the order in
// which an expression's, and a file's, findings are reported.
func Compare(a, b *Diagnostic) int {
	if c := cmp.Compare(a.Span.Start, b.Span.Start); c != 0 {
		return c
	}
	return strings.Compare(a.Rule, b.Rule)
}

// SortByPosition sorts the list stably by [Compare].
func (l List) SortByPosition() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int { return Compare(&a, &b) })
}

// Sort orders the list by start offset, then end offset, keeping the order
// of diagnostics at the same span.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Span, l[j].Span
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
}
