package analyzer

// Value sites: every literal an expression compares a value with, a fact
// shared by the value rules.

import (
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Pseudo operators for literals passed to starts_with and ends_with, which
// constrain their first argument just like a comparison does.
const (
	opStartsWith grammar.CmpKind = 100 + iota
	opEndsWith
)

// site is one literal that a value is compared with: the right-hand side
// of a comparison, one item of a set, or the literal of a starts_with or
// ends_with call.
type site struct {
	v     *grammar.Value // the value compared (field or function call)
	field *schema.Field  // the field v names, nil for a call
	dom   *schema.Domain // the domain of what v yields after its indexes
	typ   schema.Type    // the type of what v yields
	op    grammar.CmpKind
	lit   *grammar.Literal
	cmp   *grammar.Comparison // nil for a starts_with/ends_with site
	inSet bool
}

// forEachSite calls fn for every literal compared with a value, in source
// order. Literals that the checker rejected are passed too; callers use the
// Literal methods, which fail on them.
func forEachSite(p *Pass, fn func(s site)) {
	if p.Expr == nil || p.Expr.Root == nil {
		return
	}
	for _, s := range ResultOf(p, valueSites) {
		fn(s)
	}
}

// valueSites is every site of the expression, in source order: several
// value rules visit the same sites, so they are collected once per pass.
var valueSites = newFact("value-sites", collectSites)

func collectSites(p *Pass) []site {
	// The pass keeps the storage from one expression to the next.
	out := p.sites[:0]
	fn := func(s site) { out = append(out, s) }
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Comparison:
			if n.Op == nil || n.RHS == nil {
				continue
			}
			s := siteFor(p, n.LHS)
			s.op, s.cmp = n.Op.Kind, n
			switch r := n.RHS.(type) {
			case *grammar.Literal:
				s.lit = r
				fn(s)
			case *grammar.Set:
				s.inSet = true
				for _, it := range r.Items {
					s.lit = it
					fn(s)
				}
			}
		case *grammar.Value:
			if n.Call == nil || len(n.Call.Args) != 2 {
				continue
			}
			f := p.Info.FuncOf(n)
			if f == nil || (f.Name != "starts_with" && f.Name != "ends_with") {
				continue
			}
			src, ok := n.Call.Args[0].(*grammar.Comparison)
			lit, ok2 := n.Call.Args[1].(*grammar.Literal)
			if !ok || !ok2 || src.Op != nil {
				continue
			}
			s := siteFor(p, src.LHS)
			s.op, s.lit = opStartsWith, lit
			if f.Name == "ends_with" {
				s.op = opEndsWith
			}
			fn(s)
		}
	}
	p.sites = out
	return out
}

func siteFor(p *Pass, v *grammar.Value) site {
	s := site{v: v, typ: p.Info.TypeOf(v)}
	if f := p.Info.FieldOf(v); f != nil && v.Call == nil {
		s.field = f
		d := f.Domain
		for range v.Indexes {
			if d == nil {
				break
			}
			d = d.Element
		}
		s.dom = d
	}
	return s
}

// fieldName is the name of the site's field, or "".
func (s site) fieldName() string {
	if s.field == nil {
		return ""
	}
	return s.field.Name
}

// str returns the decoded string literal of the site when the value is a
// Bytes value compared with a quoted or raw string.
func (s site) str() (string, bool) {
	if s.typ != schema.TypeBytes || s.lit == nil || !s.lit.IsString() {
		return "", false
	}
	return s.lit.Value, true
}

// equality reports whether the operator compares the whole value.
func (s site) equality() bool {
	return s.op == grammar.OpEq || s.op == grammar.OpNe || s.op == grammar.OpIn
}

// textOp reports whether the operator compares the value with the literal
// as text, whole or in part: equality, `in`, `contains`, wildcards,
// starts_with and ends_with (not `matches` or ordering).
func (s site) textOp() bool {
	switch s.op {
	case grammar.OpEq, grammar.OpNe, grammar.OpIn, grammar.OpContains, grammar.OpWildcard, grammar.OpStrictWildcard, opStartsWith, opEndsWith:
		return true
	}
	return false
}

// outcome words what a literal that no value can equal does to the
// comparison: `ne` becomes always true, everything else never matches.
func (s site) outcome() string {
	if s.op == grammar.OpNe {
		return "this comparison is always true"
	}
	if s.inSet {
		return "this set item never matches"
	}
	return "this comparison never matches"
}

// literalText renders a new value in the form of the original literal, so
// a raw string stays raw.
func literalText(l *grammar.Literal, v string) string {
	if l.Kind == grammar.LitRaw {
		return grammar.RawString(v)
	}
	return grammar.QuoteString(v)
}

func replaceLit(title string, l *grammar.Literal, v string) diag.Fix {
	return diag.Fix{Title: title, Edits: []diag.Edit{{Span: l.Span(), New: literalText(l, v)}}}
}

// intLit reads the site's literal as an integer or an integer range.
func (s site) intLit() (lo, hi int64, ok bool) {
	if s.typ != schema.TypeInt || s.lit == nil || s.lit.Kind != grammar.LitBare {
		return 0, 0, false
	}
	lo, hi, _, err := s.lit.IntRange()
	return lo, hi, err == nil
}

// comparedLiterals calls fn with the literal, or each item of the set,
// that c compares a value of type t with.
func comparedLiterals(p *Pass, c *grammar.Comparison, t schema.Type, fn func(l *grammar.Literal, inSet bool)) {
	if c.Op == nil || p.Info.TypeOf(c.LHS) != t {
		return
	}
	switch r := c.RHS.(type) {
	case *grammar.Literal:
		fn(r, false)
	case *grammar.Set:
		for _, it := range r.Items {
			fn(it, true)
		}
	}
}

// bareArgs calls fn for each bare (unquoted) literal argument of a call to
// a known function, with the parameter it is passed for.
func bareArgs(p *Pass, v *grammar.Value, fn func(l *grammar.Literal, pr *schema.Param)) {
	f := p.Info.FuncOf(v)
	if f == nil || v.Call == nil {
		return
	}
	for i, a := range v.Call.Args {
		l, ok := a.(*grammar.Literal)
		pr := f.Param(i)
		if ok && pr != nil && l.Kind == grammar.LitBare {
			fn(l, pr)
		}
	}
}
