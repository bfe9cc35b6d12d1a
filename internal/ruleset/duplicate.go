package ruleset

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
)

// A rule duplicates an earlier rule of its ruleset when both run (enabled,
// and not paused in Firewall Rules) and they do the same thing to the same
// traffic: the same filter after normalizing its form, the same action,
// and the same action parameters, rate limit and credential check (value
// expressions also compared in normal form). Only what a rule is called
// (id, ref, description) and read-only bookkeeping may differ.
//
// Same filter with another action, or other parameters, is not a
// duplicate: a log rule before a block rule, two transform rules setting
// different headers on the same requests, or rate limits of 10 and 100
// requests on one path are all ordinary. A disabled copy is not one
// either: keeping a rule disabled beside its live version is how rules
// are staged, and it never runs. Whether a later rule can run at all
// after an earlier terminating one is a question of rule order (see
// Rule.Termination), not of duplication.
//
// The normal form is grammar's canonical printer in English notation on
// one line, with parentheses around the whole expression dropped: it
// undoes differences of spacing, line breaks, operator spelling (`==`
// and `eq`, `&&` and `and`) and the outer parentheses the dashboard
// adds, and never equates expressions that mean different things.
// Literals keep their spelling (0x1f and 31 stay apart), so a duplicate
// written differently is missed rather than one wrongly claimed.

// metaMembers are members that do not change what a rule does.
var metaMembers = map[string]bool{
	"id": true, "ref": true, "description": true, "enabled": true,
	"version": true, "last_updated": true, "categories": true,
	// Firewall Rules.
	"paused": true, "priority": true,
}

// legacyFilterMeta are the members of a Firewall Rules filter that do not
// change what it matches.
var legacyFilterMeta = map[string]bool{"id": true, "ref": true, "description": true, "paused": true}

// checkDuplicates reports each rule that duplicates an earlier one, with
// the first copy as related information, and returns the duplicates
// (reported or turned off: either way shadowed-rule says nothing more of
// them).
func (c *checker) checkDuplicates() map[*Rule]bool {
	if len(c.rs.Rules) < 2 {
		return nil // one rule repeats none; its key would be parsed for nothing
	}
	reported := map[*Rule]bool{}
	seen := make(map[string]*Rule, len(c.rs.Rules))
	for _, r := range c.rs.Rules {
		if r == nil || r.Object == nil || r.Object.Kind != Object || !running(r) {
			continue
		}
		key, ok := ruleKey(r)
		if !ok {
			continue
		}
		first, dup := seen[key]
		if !dup {
			seen[key] = r
			continue
		}
		at := rulePath(r)
		for _, seg := range strings.Split(filterMember(r), ".") {
			at = at.child(seg)
		}
		where := at.where()
		c.report("duplicate-rule", stated, filterSpan(r), where, fmt.Sprintf(
			"the rule repeats %s: the same filter, action and parameters, both enabled", ruleName(first)),
			diag.Related{Span: filterSpan(first), Message: "the first copy"})
		reported[r] = true
	}
	return reported
}

// running reports whether a rule surely runs: enabled (by default, or
// true, or Terraform's "true"), and not a paused Firewall Rules rule. A
// value known only when Terraform runs leaves it unsure: false.
func running(r *Rule) bool {
	flag := func(name string, absent bool) (bool, bool) {
		v := r.Object.Get(name)
		if v == nil || v.Kind == Null {
			return absent, true
		}
		return boolOf(v)
	}
	enabled, ok1 := flag("enabled", true)
	paused, ok2 := flag("paused", false)
	return ok1 && ok2 && enabled && !paused
}

// filterMember is the member that holds a rule's filter.
func filterMember(r *Rule) string {
	if r.Object.Get("expression") == nil && r.Object.Get("filter", "expression") != nil {
		return "filter.expression"
	}
	return "expression"
}

// filterSpan is where a rule's filter sits, else the rule.
func filterSpan(r *Rule) diag.Span {
	if v := r.Object.Get(strings.Split(filterMember(r), ".")...); v != nil {
		return v.Span
	}
	return r.Span
}

// ruleName names a rule in messages.
func ruleName(r *Rule) string {
	if r.Where != "" {
		return r.Where
	}
	return "rules[" + strconv.Itoa(r.Index) + "]"
}

// ruleKey writes what a rule does as a string: equal keys, equal rules. ok
// is false when some value is known only when Terraform runs.
func ruleKey(r *Rule) (key string, ok bool) {
	var b strings.Builder
	ok = writeKey(&b, r.Object, nil, true)
	return b.String(), ok
}

// writeKey writes v in a canonical form: object members sorted by name,
// expression-valued strings in normal form. top is true for the rule
// itself, whose metadata is left out.
func writeKey(b *strings.Builder, v *Value, at []string, top bool) bool {
	switch v.Kind {
	case Unknown:
		return false
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString(strconv.FormatBool(v.Bool))
	case Number:
		if n, ok := intOf(v.Str); ok {
			b.WriteString(strconv.FormatInt(n, 10))
		} else {
			b.WriteString(v.Str)
		}
	case String:
		s := v.Str
		if isExprPath(at) {
			s = normalExpr(s)
		}
		b.WriteString(strconv.Quote(s))
	case Array:
		b.WriteByte('[')
		for _, e := range v.Elems {
			if !writeKey(b, e, append(at[:len(at):len(at)], "*"), false) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte(']')
	case Object:
		ms := make([]Member, 0, len(v.Members))
		for _, m := range v.Members {
			if top && metaMembers[m.Key] || len(at) == 1 && at[0] == "filter" && legacyFilterMeta[m.Key] {
				continue
			}
			ms = append(ms, m)
		}
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Key < ms[j].Key })
		b.WriteByte('{')
		for _, m := range ms {
			b.WriteString(strconv.Quote(m.Key))
			b.WriteByte(':')
			if !writeKey(b, m.Value, append(at[:len(at):len(at)], m.Key), false) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	}
	return true
}

// isExprPath reports whether the member at this path holds an expression
// (ExprParam), a map key standing for `*`.
func isExprPath(at []string) bool {
	if len(at) == 0 {
		return false
	}
	if _, _, ok := ExprParam(strings.Join(at, ".")); ok {
		return true
	}
	if len(at) >= 2 {
		w := slices.Clone(at)
		w[len(w)-2] = "*"
		_, _, ok := ExprParam(strings.Join(w, "."))
		return ok
	}
	return false
}

// normalExpr is an expression's normal form; text that does not parse is
// compared as written.
func normalExpr(src string) string {
	x, errs := grammar.Parse(src)
	if len(errs) > 0 || x.Root == nil {
		return src
	}
	for {
		p, ok := x.Root.(*grammar.Paren)
		if !ok {
			break
		}
		x.Root = p.X
	}
	return grammar.Format(x, grammar.PrintOptions{Notation: grammar.EnglishNotation, Width: -1})
}
