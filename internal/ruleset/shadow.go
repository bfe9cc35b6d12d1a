package ruleset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/decide"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Rules that can never run. A rule is shadowed when package decide
// proves that every request its filter matches is matched by an earlier
// rule of the same ruleset that stops evaluation there: a block (or
// another action Cloudflare documents as terminating, see
// Rule.Termination) or a skip of the rest of the ruleset. Rulesets are
// phases of their own, so rules in different rulesets never shadow each
// other. What does not stop evaluation for every request it matches never
// shadows:
//
//   - a challenge, which a visitor who passes it goes through (see
//     TerminatesUnlessPassed);
//   - log, execute, a skip of other rulesets or products, and any action
//     wflint does not know;
//   - a rate limiting rule (a `ratelimit` member, or a rule of a rate
//     limiting phase), which acts only when the rate is exceeded;
//   - a Bulk Redirect (`from_list`), which redirects only URLs its list
//     holds;
//   - a disabled rule, or one whose `enabled` is known only when Terraform
//     runs.
//
// A disabled rule is not reported either, nor is a rule whose filter does
// not check (it has its own errors) or can never match (contradiction
// says so), nor a duplicate (duplicate-rule says so). Legacy Firewall
// Rules (ordered by priority, not by position) and partial rulesets
// (rules only Terraform knows may sit between) are left alone.

// shadowBudget caps the procedure's work for one ruleset (about a second
// on the slowest questions; a ruleset of 1,000 ordinary rules takes a
// small part of it). Past it, the rest of the ruleset is not checked.
const shadowBudget = 20_000_000

// rateLimitPhases are the phases whose rules act only past a rate.
var rateLimitPhases = map[string]bool{"http_ratelimit": true, "magic_transit_ratelimit": true}

// shadowed is a rule the check reads: its filter as a formula.
type shadowed struct {
	rule *Rule
	f    decide.Formula
	// stops is true when the rule ends evaluation for every request its
	// filter matches.
	stops bool
	// groups are the values and opaque conditions the filter reads, by
	// decide's SoleTerm names (for picking the earlier rules that matter).
	groups []string
}

// checkShadowed reports each rule that can never run.
func (c *checker) checkShadowed(duplicates map[*Rule]bool) {
	rs := c.rs
	if rs.Legacy || rs.Partial || rs.Kind == "managed" || rateLimitPhases[rs.Phase] || len(rs.Rules) < 2 || len(rs.Rules) > maxShadowRules {
		return
	}
	if c.opts.Disabled["shadowed-rule"] {
		return
	}
	// Without a rule that stops evaluation before the last, nothing is
	// shadowed: the filters need not be read.
	stopping := false
	for _, r := range rs.Rules[:len(rs.Rules)-1] {
		if r != nil && r.Object != nil && r.Object.Kind == Object && running(r) && stops(r, rs.Phase) {
			stopping = true
			break
		}
	}
	if !stopping {
		return
	}
	sch := c.opts.Schema
	if sch == nil {
		sch = schema.Rules()
	}
	ctx := decide.NewContext(decide.Options{Total: shadowBudget})
	ix := &earlierIndex{byGroup: map[string][]int{}}
	for _, r := range rs.Rules {
		if ix.work > maxShadowWork || ctx.Exhausted() {
			return // the rest stays unchecked: silence, never a guess
		}
		if r == nil || r.Object == nil || r.Object.Kind != Object || !running(r) {
			continue
		}
		s := c.filterOf(ctx, sch, r)
		if s == nil {
			continue
		}
		if !duplicates[r] && len(ix.rules) > 0 {
			c.reportShadowed(ctx, s, ix.candidates(s))
		}
		if s.stops {
			ix.add(s)
		}
	}
}

// Bounds of the check over one ruleset: a rule is compared with at most
// maxCandidates earlier rules (the latest that read what it reads), and
// the comparisons of a ruleset end after maxShadowWork formulas in all.
// Dropping earlier rules only loses proofs, so the bounds keep a ruleset
// of 150,000 rules linear and never make a finding wrong.
//
// A ruleset of more than maxShadowRules rules is left alone: Cloudflare's
// plans allow far fewer (developers.cloudflare.com/waf/custom-rules: 1,000
// custom rules on Enterprise), and the procedure's memory grows with the
// rules it reads.
const (
	maxCandidates  = 256
	maxShadowWork  = 1_000_000
	maxShadowRules = 5000
)

// earlierIndex holds the earlier rules that stop evaluation, by what
// their filters read.
type earlierIndex struct {
	rules   []*shadowed
	byGroup map[string][]int // indexes into rules
	always  []int            // rules whose filters read nothing (true)
	work    int
}

func (ix *earlierIndex) add(s *shadowed) {
	i := len(ix.rules)
	ix.rules = append(ix.rules, s)
	if len(s.groups) == 0 {
		ix.always = append(ix.always, i)
	}
	for _, g := range s.groups {
		ix.byGroup[g] = append(ix.byGroup[g], i)
	}
}

// candidates returns the earlier rules that may cover s, in rule order:
// those that read something s reads, and those that read nothing.
func (ix *earlierIndex) candidates(s *shadowed) []*shadowed {
	seen := map[int]bool{}
	var idx []int
	take := func(list []int) {
		if len(list) > maxCandidates {
			list = list[len(list)-maxCandidates:]
		}
		for _, i := range list {
			if !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
	}
	take(ix.always)
	for _, g := range s.groups {
		take(ix.byGroup[g])
	}
	slices.Sort(idx)
	if len(idx) > maxCandidates {
		idx = idx[len(idx)-maxCandidates:]
	}
	ix.work += len(idx) + 1
	out := make([]*shadowed, len(idx))
	for i, k := range idx {
		out[i] = ix.rules[k]
	}
	return out
}

// filterOf translates a rule's filter, nil when it has none wflint can
// read.
func (c *checker) filterOf(ctx *decide.Context, sch *schema.Schema, r *Rule) *shadowed {
	var src string
	found := false
	for _, e := range r.Exprs {
		if e.Role == schema.RoleFilter && (e.Param == "expression" || e.Param == "filter.expression") && e.Snippet >= 0 {
			src, found = e.Text, true
			break
		}
	}
	if !found {
		return nil
	}
	x, errs := grammar.Parse(src)
	if len(errs) > 0 || x.Root == nil {
		return nil
	}
	info, errs := check.Check(x, sch, check.Options{Regexes: true, Phase: c.rs.Phase})
	if errs.HasErrors() || !readable(info, c.rs.Phase) {
		return nil
	}
	f := ctx.Translate(info).Root
	return &shadowed{rule: r, f: f, stops: stops(r, c.rs.Phase), groups: ctx.Reads(f)}
}

// readable reports whether every field a filter reads is one its phase
// has: a field the phase lacks has no value there, which the procedure
// (taking a field named on its own to be always set) must not assume.
func readable(info *check.Checked, phase string) bool {
	ph, known := schema.LookupPhase(phase)
	if !known {
		return true
	}
	ok := true
	grammar.Inspect(info.Expr.Root, func(n grammar.Node) bool {
		if v, isValue := n.(*grammar.Value); isValue && v.Call == nil {
			if f := info.FieldOf(v); f != nil {
				if why, _ := ph.FieldUnavailable(f, schema.RoleFilter); why != "" {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// stops reports whether a rule ends evaluation for every request its
// filter matches.
func stops(r *Rule, phase string) bool {
	switch r.Termination() {
	case Terminates, SkipsRuleset:
	default:
		return false
	}
	if rateLimitPhases[phase] || set(r.Object, "ratelimit") != nil {
		return false
	}
	if r.Action() == "redirect" && set(r.Object.Get("action_parameters"), "from_list") != nil {
		return false
	}
	return true
}

// reportShadowed reports s when the earlier rules cover it.
func (c *checker) reportShadowed(ctx *decide.Context, s *shadowed, earlier []*shadowed) {
	if ctx.Satisfiable(s.f) == decide.No {
		return // never matches: the contradiction rule says so
	}
	// Only earlier rules that read something s reads can cover it (a rule
	// that matches every request reads nothing, and is kept).
	cands := earlier
	fs := make([]decide.Formula, len(cands))
	for i, e := range cands {
		fs[i] = e.f
	}
	if len(cands) == 0 {
		return
	}
	v, used := ctx.Covers(s.f, fs)
	if v != decide.Yes || len(used) == 0 {
		return
	}
	var by []*shadowed
	for _, i := range used {
		by = append(by, cands[i])
	}
	var related []diag.Related
	names := make([]string, 0, len(by))
	for i, e := range by {
		if i < maxRelated {
			related = append(related, diag.Related{Span: filterSpan(e.rule),
				Message: fmt.Sprintf("%s (%s) matches first", ruleName(e.rule), e.rule.Action())})
		}
		names = append(names, ruleName(e.rule))
	}
	what := "the earlier rule " + names[0] + " (" + by[0].rule.Action() + ")"
	if len(by) > 1 {
		what = "the earlier rules " + listNames(names)
	}
	at := rulePath(s.rule)
	for _, seg := range strings.Split(filterMember(s.rule), ".") {
		at = at.child(seg)
	}
	c.report("shadowed-rule", stated, filterSpan(s.rule), at.where(), fmt.Sprintf(
		"this rule can never run: every request its filter matches is stopped first by %s", what), related...)
}

// maxRelated bounds the earlier rules a finding points at.
const maxRelated = 8

// listNames writes names for a message, eliding beyond maxRelated.
func listNames(names []string) string {
	if len(names) > maxRelated {
		return strings.Join(names[:maxRelated], ", ") + fmt.Sprintf(" and %d more", len(names)-maxRelated)
	}
	if len(names) == 2 {
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
