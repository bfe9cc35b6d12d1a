package host

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruleset"
)

// v4Arrays are the provider v4 blocks that are arrays in the API; every
// other v4 block holds at most one object (listvalidator.SizeAtMost(1) in
// the provider's schema), an object in the API. Source:
// terraform-provider-cloudflare v4,
// internal/framework/service/rulesets/schema.go. `headers` blocks become
// the API's map keyed by each block's name.
var v4Arrays = map[string]bool{
	"action_parameters.overrides.rules":          true,
	"action_parameters.overrides.categories":     true,
	"action_parameters.edge_ttl.status_code_ttl": true,
	"action_parameters.algorithms":               true,
}

// v4NamedSets are the v4 sets of strings that the API writes as arrays of
// {"name": …} objects.
var v4NamedSets = map[string]bool{
	"action_parameters.cookie_fields":   true,
	"action_parameters.request_fields":  true,
	"action_parameters.response_fields": true,
}

// resource reads a Cloudflare resource that holds rules and reports
// whether it did; other resources are walked as any block is.
func (x *hclExtractor) resource(blk *hclsyntax.Block, where string) bool {
	switch blk.Labels[0] {
	case "cloudflare_ruleset":
		x.doc.Cloudflare = true
		x.ruleset(blk, where)
	case "cloudflare_filter":
		x.doc.Cloudflare = true
		x.legacyFilter(blk, where)
	case "cloudflare_firewall_rule":
		x.doc.Cloudflare = true
		x.legacyRule(blk, where)
	default:
		return false
	}
	return true
}

// ruleset reads a cloudflare_ruleset resource: its phase, kind and name,
// and its rules as v4 `rules` blocks or a v5 `rules` list.
func (x *hclExtractor) ruleset(blk *hclsyntax.Block, where string) {
	rs := &ruleset.Ruleset{Where: where, Span: rangeSpan(blk.Range())}
	b := blk.Body
	if a, ok := b.Attributes["phase"]; ok {
		rs.Phase, _ = literalString(a.Expr)
		rs.PhaseSpan = rangeSpan(a.Expr.Range())
	}
	if a, ok := b.Attributes["kind"]; ok {
		rs.Kind, _ = literalString(a.Expr)
		rs.KindSpan = rangeSpan(a.Expr.Range())
	}
	if a, ok := b.Attributes["name"]; ok {
		rs.Name, _ = literalString(a.Expr)
	}
	n := 0
	for _, it := range bodyItems(b) {
		if a := it.attr; a != nil {
			if a.Name == "rules" {
				x.v5Rules(rs, a.Expr, where+".rules")
			}
			continue
		}
		sub := it.block
		switch {
		case sub.Type == "rules":
			w := where + ".rules[" + strconv.Itoa(n) + "]"
			n++
			r := &ruleset.Rule{Index: len(rs.Rules), Where: w, Span: rangeSpan(sub.Range())}
			var sites []exprSite
			r.Object = x.v4Object(sub.Body, nil, w, &sites)
			rs.Rules = append(rs.Rules, r)
			x.finishRule(rs, r, sites, "")
		case sub.Type == "dynamic" && len(sub.Labels) == 1 && sub.Labels[0] == "rules":
			// As many rules as Terraform makes: their expressions are
			// linted in the ruleset's phase, their place is unknown.
			rs.Partial = true
			w := fmt.Sprintf("%s.dynamic.rules", where)
			for _, c := range sub.Body.Blocks {
				if c.Type == "content" {
					var sites []exprSite
					x.v4Object(c.Body, nil, w+".content", &sites)
					x.finishRule(rs, nil, sites, "")
				}
			}
		default:
			x.body(sub.Body, fmt.Sprintf("%s.%s", where, sub.Type), rs)
		}
	}
	x.doc.add(rs)
}

// v5Rules reads the v5 provider's `rules = [{…}, …]`. Rules that are not
// written out (a reference, a for expression, a function call) make the
// ruleset partial; literal expressions inside them are still linted.
func (x *hclExtractor) v5Rules(rs *ruleset.Ruleset, e hclsyntax.Expression, where string) {
	for {
		p, ok := e.(*hclsyntax.ParenthesesExpr)
		if !ok {
			break
		}
		e = p.Expression
	}
	t, ok := e.(*hclsyntax.TupleConsExpr)
	if !ok {
		rs.Partial = true
		x.value(e, where, nil, rs)
		return
	}
	for i, el := range t.Exprs {
		w := fmt.Sprintf("%s[%d]", where, i)
		if _, isObj := el.(*hclsyntax.ObjectConsExpr); !isObj {
			rs.Partial = true
			x.value(el, w, nil, rs)
			continue
		}
		r := &ruleset.Rule{Index: len(rs.Rules), Where: w, Span: rangeSpan(el.Range())}
		var sites []exprSite
		r.Object = x.hclValue(el, nil, w, &sites)
		rs.Rules = append(rs.Rules, r)
		x.finishRule(rs, r, sites, "")
	}
}

// v4Object reads a v4 block body as the API object it stands for:
// attributes become members, nested blocks objects (or arrays, or the
// headers map). path is the body's member path in the rule; sites gathers
// the expressions met, in file order.
func (x *hclExtractor) v4Object(b *hclsyntax.Body, path []string, where string, sites *[]exprSite) *ruleset.Value {
	obj := &ruleset.Value{Kind: ruleset.Object, Span: rangeSpan(b.Range()), Members: make([]ruleset.Member, 0, len(b.Attributes)+len(b.Blocks))}
	// Most bodies have no blocks: their maps are never made.
	var count, seen map[string]int
	var groups map[string]*ruleset.Value
	if len(b.Blocks) > 0 {
		count, seen, groups = map[string]int{}, map[string]int{}, map[string]*ruleset.Value{}
		for _, sub := range b.Blocks {
			count[sub.Type]++
		}
	}
	member := func(key string, keySpan diag.Span, v *ruleset.Value) {
		obj.Members = append(obj.Members, ruleset.Member{Key: key, KeySpan: keySpan, Value: v})
	}
	for _, it := range bodyItems(b) {
		if a := it.attr; a != nil {
			p := append(path, a.Name)
			w := joinWhere(where, a.Name)
			var v *ruleset.Value
			if exprMember(p) {
				v = x.exprValue(a.Expr, p, w, sites)
			} else {
				v = x.hclValue(a.Expr, p, w, sites)
				if len(p) == 2 && p[0] == "action_parameters" {
					v = v4Attr(strings.Join(p, "."), v)
				}
			}
			member(a.Name, rangeSpan(a.NameRange), v)
			continue
		}
		sub := it.block
		typ := sub.Type
		if typ == "dynamic" && len(sub.Labels) == 1 {
			// Made by Terraform: the member is unknown, and the content's
			// expressions are linted in their role.
			label := sub.Labels[0]
			p := append(path, label)
			if strings.Join(p, ".") == "action_parameters.headers" {
				p = append(p, "*")
			}
			if groups[label] == nil {
				groups[label] = &ruleset.Value{Kind: ruleset.Unknown, Span: rangeSpan(sub.Range())}
				member(label, rangeSpan(sub.LabelRanges[0]), groups[label])
			}
			for _, c := range sub.Body.Blocks {
				if c.Type == "content" {
					x.v4Object(c.Body, p, fmt.Sprintf("%s.dynamic.%s.content", where, label), sites)
				}
			}
			continue
		}
		p := append(path, typ)
		key := strings.Join(p, ".")
		w := where + "." + typ + "[" + strconv.Itoa(seen[typ]) + "]"
		seen[typ]++
		if key == "action_parameters.headers" {
			// headers { name = "X" … } is the API's "headers": {"X": {…}}.
			g := groups[typ]
			if g == nil {
				g = &ruleset.Value{Kind: ruleset.Object, Span: rangeSpan(sub.Range())}
				groups[typ] = g
				member(typ, rangeSpan(sub.TypeRange), g)
			}
			name, nameSpan := "*", rangeSpan(sub.TypeRange)
			if a, ok := sub.Body.Attributes["name"]; ok {
				nameSpan = rangeSpan(a.Expr.Range())
				if s, ok := literalString(a.Expr); ok {
					name = s
				}
			}
			h := x.v4Object(sub.Body, append(p, name), w, sites)
			h.Members = slices.DeleteFunc(h.Members, func(m ruleset.Member) bool { return m.Key == "name" })
			g.Members = append(g.Members, ruleset.Member{Key: name, KeySpan: nameSpan, Value: h})
			g.Span.End = h.Span.End
			continue
		}
		child := x.v4Object(sub.Body, p, w, sites)
		child.Span = rangeSpan(sub.Range())
		if !v4Arrays[key] && count[typ] == 1 {
			member(typ, rangeSpan(sub.TypeRange), child)
			continue
		}
		g := groups[typ]
		if g == nil {
			g = &ruleset.Value{Kind: ruleset.Array, Span: child.Span}
			groups[typ] = g
			member(typ, rangeSpan(sub.TypeRange), g)
		}
		g.Elems = append(g.Elems, child)
		g.Span.End = child.Span.End
	}
	return obj
}

// v4Attr converts a v4 attribute whose shape differs from the API's: the
// logged header and cookie names (a set of strings, in the API objects
// with a name) and a skip rule's `rules` (rule IDs joined by commas, in
// the API an array).
func v4Attr(path string, v *ruleset.Value) *ruleset.Value {
	switch {
	case v4NamedSets[path] && v.Kind == ruleset.Array:
		for i, el := range v.Elems {
			if el.Kind == ruleset.String {
				v.Elems[i] = &ruleset.Value{Kind: ruleset.Object, Span: el.Span, Members: []ruleset.Member{{Key: "name", KeySpan: el.Span, Value: el}}}
			}
		}
	case path == "action_parameters.rules" && v.Kind == ruleset.Object:
		for i, m := range v.Members {
			if m.Value.Kind != ruleset.String {
				continue
			}
			arr := &ruleset.Value{Kind: ruleset.Array, Span: m.Value.Span}
			for _, id := range strings.Split(m.Value.Str, ",") {
				arr.Elems = append(arr.Elems, &ruleset.Value{Kind: ruleset.String, Str: strings.TrimSpace(id), Span: m.Value.Span})
			}
			v.Members[i].Value = arr
		}
	}
	return v
}

// hclValue reads an attribute's value as a JSON-like Value: object and
// tuple constructors member by member, literals as what they are, and
// anything Terraform computes (a reference, a function call, an
// interpolation) as Unknown. Members named like expressions are read
// with exprValue.
func (x *hclExtractor) hclValue(e hclsyntax.Expression, path []string, where string, sites *[]exprSite) *ruleset.Value {
	span := rangeSpan(e.Range())
	switch t := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return x.hclValue(t.Expression, path, where, sites)
	case *hclsyntax.ObjectConsExpr:
		v := &ruleset.Value{Kind: ruleset.Object, Span: span, Members: make([]ruleset.Member, 0, len(t.Items))}
		for _, item := range t.Items {
			key := objectKey(item.KeyExpr)
			p := append(path, key)
			w := joinWhere(where, traversalKey(key))
			var mv *ruleset.Value
			if exprMember(p) {
				mv = x.exprValue(item.ValueExpr, p, w, sites)
			} else {
				mv = x.hclValue(item.ValueExpr, p, w, sites)
			}
			v.Members = append(v.Members, ruleset.Member{Key: key, KeySpan: rangeSpan(item.KeyExpr.Range()), Value: mv})
		}
		return v
	case *hclsyntax.TupleConsExpr:
		v := &ruleset.Value{Kind: ruleset.Array, Span: span, Elems: make([]*ruleset.Value, len(t.Exprs))}
		for i, el := range t.Exprs {
			v.Elems[i] = x.hclValue(el, path, fmt.Sprintf("%s[%d]", where, i), sites)
		}
		return v
	}
	if lit, ok := e.(*hclsyntax.LiteralValueExpr); ok {
		return ctyValue(lit.Val, span) // a number, a bool, null
	}
	if s, ok := literalString(e); ok {
		return &ruleset.Value{Kind: ruleset.String, Str: s, Span: span}
	}
	if len(e.Variables()) > 0 {
		return &ruleset.Value{Kind: ruleset.Unknown, Span: span}
	}
	cv, diags := e.Value(nil)
	if diags.HasErrors() || !cv.IsWhollyKnown() {
		return &ruleset.Value{Kind: ruleset.Unknown, Span: span}
	}
	return ctyValue(cv, span)
}

// traversalKey writes a member name as a Terraform traversal step: bare
// when it is an identifier (ASCII letters, digits, _ and -, not starting
// with a digit or -), else in brackets. HCL's own test runs its lexer: a
// tenth of the reading of a large ruleset.
func traversalKey(key string) string {
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return "[" + strconv.Quote(key) + "]"
		}
	}
	if key == "" {
		return `[""]`
	}
	return key
}

// ctyValue converts a known literal value.
func ctyValue(cv cty.Value, span diag.Span) *ruleset.Value {
	v := &ruleset.Value{Span: span}
	switch {
	case cv.IsNull():
		v.Kind = ruleset.Null
	case cv.Type() == cty.String:
		v.Kind, v.Str = ruleset.String, cv.AsString()
	case cv.Type() == cty.Number:
		v.Kind, v.Str = ruleset.Number, cv.AsBigFloat().Text('f', -1)
	case cv.Type() == cty.Bool:
		v.Kind, v.Bool = ruleset.Bool, cv.True()
	default:
		v.Kind = ruleset.Unknown
	}
	return v
}

// exprValue reads a member that holds an expression: its snippet (when it
// is a literal) and its site.
func (x *hclExtractor) exprValue(e hclsyntax.Expression, path []string, where string, sites *[]exprSite) *ruleset.Value {
	span := rangeSpan(e.Range())
	i := x.expr(e, where)
	*sites = append(*sites, exprSite{path: slices.Clone(path), where: where, snippet: i, span: span})
	if i < 0 {
		return &ruleset.Value{Kind: ruleset.Unknown, Span: span}
	}
	return &ruleset.Value{Kind: ruleset.String, Str: x.doc.Snippets[i].Text, Span: span}
}

// literalString returns the value of a literal string expression.
func literalString(e hclsyntax.Expression) (string, bool) {
	if t, ok := e.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		// "text": the common case, without evaluating.
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
			return lit.Val.AsString(), true
		}
	}
	if len(e.Variables()) > 0 {
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

func rangeSpan(r hcl.Range) diag.Span { return diag.SpanOf(r.Start.Byte, r.End.Byte) }

// legacyFilter is a cloudflare_filter resource, and legacyRule a
// cloudflare_firewall_rule, as read before they are linked.
type legacyFilter struct {
	where string
	obj   *ruleset.Value
	sites []exprSite
	used  bool
}

type legacyRule struct {
	where  string
	span   diag.Span
	obj    *ruleset.Value
	filter string // the filter's address when filter_id is a plain reference
}

func (x *hclExtractor) legacyFilter(blk *hclsyntax.Block, where string) {
	f := &legacyFilter{where: where}
	f.obj = x.v4Object(blk.Body, nil, where, &f.sites)
	x.filters[where] = f
}

func (x *hclExtractor) legacyRule(blk *hclsyntax.Block, where string) {
	r := &legacyRule{where: where, span: rangeSpan(blk.Range())}
	var sites []exprSite
	r.obj = x.v4Object(blk.Body, nil, where, &sites)
	if a, ok := blk.Body.Attributes["filter_id"]; ok {
		r.filter = filterRef(a.Expr)
	}
	x.firewall = append(x.firewall, r)
}

// filterRef returns `cloudflare_filter.NAME` when e is the plain reference
// cloudflare_filter.NAME.id, else "".
func filterRef(e hclsyntax.Expression) string {
	t, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(t.Traversal) != 3 || t.Traversal.RootName() != "cloudflare_filter" {
		return ""
	}
	name, ok1 := t.Traversal[1].(hcl.TraverseAttr)
	id, ok2 := t.Traversal[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 || id.Name != "id" {
		return ""
	}
	return "cloudflare_filter." + name.Name
}

// linkLegacy makes the file's firewall rules one legacy ruleset, in file
// order, each with its filter (as the API's `filter` member) when
// filter_id refers to a filter of this file. A filter no rule of the file
// uses is still linted, as a filter of no known rule.
func (x *hclExtractor) linkLegacy() {
	if len(x.firewall) > 0 {
		rs := &ruleset.Ruleset{Legacy: true, Where: "cloudflare_firewall_rule",
			Span: diag.Span{Start: x.firewall[0].span.Start, End: x.firewall[len(x.firewall)-1].span.End}}
		for _, fw := range x.firewall {
			r := &ruleset.Rule{Index: len(rs.Rules), Where: fw.where, Span: fw.span, Object: fw.obj}
			rs.Rules = append(rs.Rules, r)
			f := x.filters[fw.filter]
			if f == nil {
				continue
			}
			f.used = true
			r.Object.Members = append(r.Object.Members, ruleset.Member{Key: "filter", KeySpan: f.obj.Span, Value: f.obj})
			x.finishRule(rs, r, slices.Clone(f.sites), "filter.")
		}
		x.doc.add(rs)
	}
	// Unused filters in file order.
	var unused []*legacyFilter
	for _, f := range x.filters {
		if !f.used {
			unused = append(unused, f)
		}
	}
	slices.SortFunc(unused, func(a, b *legacyFilter) int { return int(a.obj.Span.Start - b.obj.Span.Start) })
	for _, f := range unused {
		x.finishRule(nil, nil, f.sites, "")
	}
}

// finishRule is finishRule on the file's snippets.
func (x *hclExtractor) finishRule(rs *ruleset.Ruleset, r *ruleset.Rule, sites []exprSite, prefix string) {
	finishRule(x.doc.Snippets, x.doc.each == nil, rs, r, sites, prefix)
}
