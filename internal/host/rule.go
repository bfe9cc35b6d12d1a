package host

import (
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// exprKey reports whether a rule member named key holds an expression:
// `expression`, or a name ending in `_expression` (counting_expression,
// username_expression, …). Every such member is read, so that one the
// table does not know yet is still linted (as a filter) rather than
// passed over.
func exprKey(key string) bool {
	return key == "expression" || strings.HasSuffix(key, "_expression")
}

// exprMember reports whether the rule member at path (API names from the
// rule) holds an expression: one named like one (exprKey), or one the
// table knows by another name (action_parameters.from_list.key).
func exprMember(path []string) bool {
	if exprKey(path[len(path)-1]) {
		return true
	}
	if len(path) < 2 || path[0] != "action_parameters" && path[0] != "exposed_credential_check" {
		return false
	}
	_, _, _, ok := lookupParam(path)
	return ok
}

// lookupParam finds a rule member path (API names from the rule, map keys
// as written) in ruleset.ExprParam's table: as written, then with one
// member name read as a map key (`*`), innermost first. param is the path
// as the table knows it, or as written when ok is false.
func lookupParam(path []string) (role schema.Role, typ schema.Type, param string, ok bool) {
	param = strings.Join(path, ".")
	if role, typ, ok = ruleset.ExprParam(param); ok {
		return role, typ, param, true
	}
	generic := slices.Clone(path)
	for i := len(path) - 2; i >= 1; i-- {
		generic[i] = "*"
		if r, t, found := ruleset.ExprParam(strings.Join(generic, ".")); found {
			return r, t, strings.Join(generic, "."), true
		}
		generic[i] = path[i]
	}
	return schema.RoleFilter, schema.Type{}, param, false
}

// lookupSuffix finds the longest tail of path (member names from the root
// of a tfvars value, say) that the table knows: an `expression` inside a
// rule-shaped object anywhere. It is how expressions outside any ruleset
// (a tfvars list of rules, a local) still get their role.
func lookupSuffix(path []string) (role schema.Role, typ schema.Type, param string, ok bool) {
	for i := range path {
		if role, typ, param, ok = lookupParam(path[i:]); ok {
			return role, typ, param, true
		}
	}
	return schema.RoleFilter, schema.Type{}, "", false
}

// exprSite is a member holding an expression, met while a rule's Object
// is built: its path in the rule (API names), its place in host terms,
// its snippet (-1 when it is not linted) and its literal's span.
//
// While an Object is built, member paths are scratch: a child's path is
// its parent's with one name appended in place, and the next sibling's
// overwrites it. Nothing keeps a path without cloning it (a site clones
// its own), which spares an allocation per member of every rule.
type exprSite struct {
	path    []string
	where   string
	snippet int
	span    diag.Span
}

// finishRule gives rule r of rs its expressions, in file order, and each
// of their snippets (indexes into snippets) its Use; r nil is a rule
// whose place in rs is unknown (a Terraform dynamic block), whose
// snippets still learn their role and phase. prefix is prepended to each
// Param (`filter.` for a legacy rule, whose expression is its filter's).
// With link, each snippet's Use names its rule and ruleset.
//
// A member named like an expression that the table does not know (a
// parameter Cloudflare added since, or a misspelling, which ruleset.Check
// reports as an unknown member) is still linted: in action_parameters as a
// value of any type, as every expression parameter there is a value,
// elsewhere as a filter. Neither can make a condition of a value.
func finishRule(snippets []Snippet, link bool, rs *ruleset.Ruleset, r *ruleset.Rule, sites []exprSite, prefix string) {
	slices.SortStableFunc(sites, func(a, b exprSite) int { return int(a.span.Start - b.span.Start) })
	phase := ""
	if rs != nil {
		phase = rs.Phase
	}
	for _, s := range sites {
		role, typ, param, ok := lookupParam(s.path)
		if !ok && len(s.path) > 1 && s.path[0] == "action_parameters" {
			role = schema.RoleValue
		}
		e := &ruleset.Expr{Role: role, Type: typ, Param: prefix + param, Snippet: s.snippet, Where: s.where, Span: s.span}
		if s.snippet >= 0 {
			sn := &snippets[s.snippet]
			e.Text = sn.Text
			if sn.Use == nil {
				sn.Use = &Use{Role: role, Type: typ, Phase: phase, Param: e.Param}
				if link {
					sn.Use.Ruleset, sn.Use.Rule = rs, r
				}
			}
		}
		if r != nil {
			r.Exprs = append(r.Exprs, e)
		}
	}
}

// useOutside gives a snippet outside any ruleset (a tfvars map, a local)
// its role from the member path that leads to it; a plain `expression`
// stays a filter, as wflint has always read it.
func useOutside(sn *Snippet, path []string) {
	if role, typ, param, ok := lookupSuffix(path); ok && (role != schema.RoleFilter || param != "expression") {
		sn.Use = &Use{Role: role, Type: typ, Param: param}
	}
}

// sortSnippets puts a document's snippets in file order and renumbers the
// rules' references to them. The readers meet them in file order already
// (a test holds them to it, since rulesets handed to ReadOptions.Each
// cannot be renumbered); this keeps output and streaming safe.
func (d *Document) sortSnippets() {
	if slices.IsSortedFunc(d.Snippets, func(a, b Snippet) int { return a.Start - b.Start }) {
		return
	}
	order := make([]int, len(d.Snippets))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return d.Snippets[a].Start - d.Snippets[b].Start })
	renumber := make([]int, len(order))
	sorted := make([]Snippet, len(order))
	for to, from := range order {
		sorted[to] = d.Snippets[from]
		renumber[from] = to
	}
	d.Snippets = sorted
	for _, rs := range d.Rulesets {
		for _, r := range rs.Rules {
			for _, e := range r.Exprs {
				if e.Snippet >= 0 {
					e.Snippet = renumber[e.Snippet]
				}
			}
		}
	}
}
