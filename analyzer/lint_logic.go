package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"strings"

	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Rules about the logical structure of an expression: negations,
// conditions that contradict or always hold, and how and/or/not and the
// operators are written.
func init() {
	Register(
		&Rule{ID: "negated-comparison", Category: CatStyle, Severity: diag.Info, Run: runNegatedComparison,
			Summary: "`not a eq b` and similar: write the opposite operator (`a ne b`)."},
		&Rule{ID: "double-negation", Category: CatStyle, Severity: diag.Warning, Run: runDoubleNegation,
			Summary: "`not not x` or `!!x`: the two negations cancel out."},
		&Rule{ID: "contradiction", Category: CatCorrectness, Severity: diag.Warning, Run: runContradiction,
			Summary: "Conditions joined with `and` that can never all be true, so the expression never matches."},
		&Rule{ID: "tautology", Category: CatCorrectness, Severity: diag.Warning, Run: runTautology,
			Summary: "A condition that is always true or always false, such as `port ne 80 or port ne 443`."},
		&Rule{ID: "or-to-in", Category: CatStyle, Severity: diag.Info, Run: runOrToIn,
			Summary: "`f eq a or f eq b`: write `f in {a b}`."},
		&Rule{ID: "redundant-parens", Category: CatStyle, Severity: diag.Info, Run: runRedundantParens,
			Summary: "Doubled parentheses `((x))`, or parentheses that regroup an operator with itself."},
		&Rule{ID: "mixed-and-or", Category: CatStyle, Severity: diag.Info, Run: runMixedAndOr,
			Summary: "`and` mixed with `or` or `xor` without parentheses."},
		&Rule{ID: "mixed-notation", Category: CatStyle, Severity: diag.Info, Run: runMixedNotation,
			Summary: "English and C-like operators mixed in one expression (`and` with `&&`, `eq` with `==`)."},
		&Rule{ID: "map-each-different-arrays", Category: CatCorrectness, Severity: diag.Warning, Run: runMapEachDifferentArrays,
			Summary: "`[*]` on different arrays in one any(…) or all(…): their elements are paired by position."},
		&Rule{ID: "ne-missing-value", Category: CatCorrectness, Severity: diag.Info, Run: runNeMissingValue,
			Summary: "`ne` on a value that may be missing, where the engine and the documentation disagree."},
	)
}

// --- negated-comparison ---------------------------------------------------

var inverseOp = map[grammar.CmpKind]grammar.CmpKind{
	grammar.OpEq: grammar.OpNe, grammar.OpNe: grammar.OpEq,
	grammar.OpLt: grammar.OpGe, grammar.OpGe: grammar.OpLt,
	grammar.OpGt: grammar.OpLe, grammar.OpLe: grammar.OpGt,
}

// opText spells k in the style of the token it replaces.
func opText(k grammar.CmpKind, like *grammar.CmpOp) string {
	if like.IsSymbol() && k.Symbol() != "" {
		return k.Symbol()
	}
	return k.Word()
}

func runNegatedComparison(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		not, ok := n.(*grammar.Not)
		if !ok {
			return !isLeaf(n)
		}
		c, ok := grammar.Unparen(not.X).(*grammar.Comparison)
		if !ok || c.Op == nil {
			return true
		}
		inv, ok := inverseOp[c.Op.Kind]
		if !ok {
			return true
		}
		// `not v eq x` and `v ne x` differ when v is missing (the first is
		// true, the second is true in the engine but false per the
		// documentation), and for IP ordering across families (`not
		// ip.src lt 1.2.3.4` is true for IPv6 clients, `ip.src ge
		// 1.2.3.4` is false), so only plain, always-present values qualify.
		if c.LHS.Call != nil || missingReason(p, c.LHS) != "" {
			return true
		}
		t := p.Info.Types[c.LHS]
		if t != schema.TypeInt && t != schema.TypeBytes && !(t == schema.TypeIP && (inv == grammar.OpEq || inv == grammar.OpNe)) {
			return true
		}
		op := opText(inv, c.Op)
		sp := c.Span()
		text := diag.Span{Start: sp.Start, End: c.Op.Span.Start}.Text(p.Src) + op + diag.Span{Start: c.Op.Span.End, End: sp.End}.Text(p.Src)
		p.Report(diag.Diagnostic{Span: not.Span(),
			Message: fmt.Sprintf("`%s %s` is the same as `%s`; write the opposite operator instead of negating the comparison", not.Op.Text, c.Op.Text, op),
			Fixes:   []diag.Fix{{Title: "Use " + op, Edits: []diag.Edit{{Span: not.Span(), New: text}}}}})
		return true
	})
}

// isLeaf reports whether n holds no logical expressions, so Inspect can
// skip it.
func isLeaf(n grammar.Node) bool {
	switch n.(type) {
	case *grammar.Literal, *grammar.Set, *grammar.ListRef, *grammar.Index:
		return true
	}
	return false
}

// --- double-negation -------------------------------------------------------

func runDoubleNegation(p *Pass) {
	var visit func(n grammar.Node) bool
	visit = func(n grammar.Node) bool {
		outer, ok := n.(*grammar.Not)
		if !ok {
			return !isLeaf(n)
		}
		inner, ok := grammar.Unparen(outer.X).(*grammar.Not)
		if !ok {
			return true
		}
		keep := inner.X.Span().Text(p.Src)
		p.Report(diag.Diagnostic{Span: outer.Span(),
			Message: fmt.Sprintf("`%s` and `%s` cancel out: this is the same as `%s`", outer.Op.Text, inner.Op.Text, keep),
			Related: []diag.Related{{Span: inner.Op.Span, Message: "second negation"}},
			Fixes:   []diag.Fix{{Title: "Remove both negations", Edits: []diag.Edit{{Span: outer.Span(), New: keep}}}}})
		// Continue below the pair, so `not not not x` is reported once.
		grammar.Inspect(inner.X, visit)
		return false
	}
	p.Inspect(visit)
}

// --- contradiction and tautology ------------------------------------------

func runContradiction(p *Pass) { reportConstant(p, true) }
func runTautology(p *Pass)     { reportConstant(p, false) }

// constFinding is one always-true or always-false node.
type constFinding struct {
	d             diag.Diagnostic
	contradiction bool
}

// reportConstant reports the contradiction or the tautology findings. Both
// rules share one abstract evaluation per pass: it is the costly part.
func reportConstant(p *Pass, contradiction bool) {
	all := p.memo("constant-conditions", func() any { return constantConditions(p) }).([]constFinding)
	for _, f := range all {
		if f.contradiction == contradiction {
			p.Report(f.d)
		}
	}
}

// constantConditions reports nodes that are always true or always false.
// Each is reported at the smallest such node: a node whose operand is
// already constant is explained by that operand. Contradictions are `and`
// nodes that are always false; everything else is a tautology.
func constantConditions(p *Pass) []constFinding {
	var out []constFinding
	if !repeatsValue(p) {
		return nil
	}
	ev := &absEval{src: p.Src, info: p.Info}
	ev.post = func(e grammar.Expr, n *absNode, kids []absNode) {
		if !n.alwaysTrue && !n.alwaysFalse {
			return
		}
		for _, k := range kids {
			if k.alwaysTrue || k.alwaysFalse {
				return
			}
		}
		if _, ok := e.(*grammar.Comparison); ok {
			// A single comparison is constant only through an empty set
			// or the field's documented domain; empty-set,
			// score-out-of-range and value-domain explain those.
			return
		}
		lg, _ := e.(*grammar.Logical)
		isContradiction := lg != nil && lg.Op == grammar.And && n.alwaysFalse
		key := n.facts[n.constFact].key
		if lg != nil && (lg.Op == grammar.And && n.alwaysFalse || lg.Op == grammar.Or && n.alwaysTrue) {
			out = append(out, constFinding{pairDiagnostic(p, ev, lg, key, kids), isContradiction})
			return
		}
		out = append(out, constFinding{constantDiagnostic(p, ev, e, key, n.alwaysTrue), isContradiction})
	}
	ev.quantifiers = true
	ev.expr(p.Expr.Root)
	return out
}

// repeatsValue reports whether some value is compared more than once.
// Without that no and/or/xor/not can be constant unless one of its
// operands is, and single comparisons are left to other rules, so most
// expressions skip the evaluation.
func repeatsValue(p *Pass) bool {
	var buf [32]string
	seen, found := buf[:0], false
	p.Inspect(func(n grammar.Node) bool {
		if found || isLeaf(n) {
			return false
		}
		c, ok := n.(*grammar.Comparison)
		if !ok {
			return true
		}
		text := c.LHS.Span().Text(p.Src)
		for _, s := range seen {
			if s == text {
				found = true
				return false
			}
		}
		seen = append(seen, text)
		return c.LHS.Call != nil
	})
	return found
}

// pairDiagnostic explains an `and` that is never true or an `or` that is
// always true by the operands that conflict, as a pair when two of them
// suffice.
func pairDiagnostic(p *Pass, ev *absEval, lg *grammar.Logical, key int, kids []absNode) diag.Diagnostic {
	k := ev.keys[key]
	and := lg.Op == grammar.And
	side := func(i int) absVal {
		for _, f := range kids[i].facts {
			if f.key == key {
				if and {
					return f.t
				}
				return f.f
			}
		}
		return ev.all(key)
	}
	text := func(i int) string { return lg.Operands[i].Span().Text(p.Src) }
	for i := range kids {
		a := side(i)
		for j := i + 1; j < len(kids); j++ {
			b := side(j)
			// For and, a and b are the values that make each side true;
			// for or, those that make it false. Either way the pair is
			// decisive when no value of the domain is in both.
			if a.missing && b.missing || !a.iv.Intersect(b.iv).Intersect(k.dom).IsEmpty() {
				continue
			}
			rel := []diag.Related{{Span: lg.Operands[i].Span(), Message: "this condition"}, {Span: lg.Operands[j].Span(), Message: "conflicts with this one"}}
			if and {
				msg := fmt.Sprintf("`%s` and `%s` can never both be true, so this never matches", text(i), text(j))
				if k.kind == absInt {
					msg += fmt.Sprintf(" (`%s` would have to be in %s and in %s)", k.text, a.iv.Intersect(k.dom), b.iv.Intersect(k.dom))
				}
				return diag.Diagnostic{Span: lg.Span(), Message: msg, Related: rel}
			}
			rel[1].Message = "together with this one"
			msg := fmt.Sprintf("`%s` or `%s` is always true: every value of `%s` satisfies one of them", text(i), text(j), k.text)
			if ci, cj := neLiteral(lg.Operands[i]), neLiteral(lg.Operands[j]); ci != nil && cj != nil {
				msg += fmt.Sprintf("; to exclude both values write `not %s in {%s %s}`", k.text, ci.RHS.Span().Text(p.Src), cj.RHS.Span().Text(p.Src))
			}
			return diag.Diagnostic{Span: lg.Span(), Message: msg, Related: rel}
		}
	}
	var rel []diag.Related
	for i, kid := range kids {
		for _, f := range kid.facts {
			if f.key == key {
				rel = append(rel, diag.Related{Span: lg.Operands[i].Span(), Message: "condition on " + k.text})
			}
		}
	}
	if and {
		return diag.Diagnostic{Span: lg.Span(), Related: rel,
			Message: fmt.Sprintf("the conditions on `%s` joined by `and` leave no value for which all of them hold, so this never matches", k.text)}
	}
	return diag.Diagnostic{Span: lg.Span(), Related: rel,
		Message: fmt.Sprintf("the conditions on `%s` joined by `or` cover every value, so this is always true", k.text)}
}

// neLiteral returns e as a `v ne literal` comparison, or nil.
func neLiteral(e grammar.Expr) *grammar.Comparison {
	c, ok := grammar.Unparen(e).(*grammar.Comparison)
	if !ok || c.Op == nil || c.Op.Kind != grammar.OpNe {
		return nil
	}
	if _, ok := c.RHS.(*grammar.Literal); !ok {
		return nil
	}
	return c
}

func constantDiagnostic(p *Pass, ev *absEval, e grammar.Expr, key int, alwaysTrue bool) diag.Diagnostic {
	k := ev.keys[key]
	what := "always false, so it never matches"
	if alwaysTrue {
		what = "always true"
	}
	msg := fmt.Sprintf("`%s` is %s", e.Span().Text(p.Src), what)
	if k.field != nil && k.kind == absInt && !k.dom.IsFull() {
		msg += fmt.Sprintf(": `%s` is documented to take only the values %s", k.text, k.dom)
	}
	return diag.Diagnostic{Span: e.Span(), Message: msg}
}

// --- or-to-in ----------------------------------------------------------------

// orToInMin is the number of `eq` comparisons of one value from which
// or-to-in suggests a set; two are still easy to read.
const orToInMin = 3

func runOrToIn(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		lg, ok := n.(*grammar.Logical)
		if !ok {
			return !isLeaf(n)
		}
		if lg.Op != grammar.Or {
			return true
		}
		// Group `v eq literal` operands by the text of v.
		type group struct {
			lhs  string
			idx  []int
			cmps []*grammar.Comparison
		}
		var groups []*group
		for i, x := range lg.Operands {
			c, ok := grammar.Unparen(x).(*grammar.Comparison)
			if !ok || c.Op == nil || c.Op.Kind != grammar.OpEq {
				continue
			}
			if _, ok := c.RHS.(*grammar.Literal); !ok {
				continue
			}
			if t := p.Info.Types[c.LHS]; t != schema.TypeBytes && t != schema.TypeInt && t != schema.TypeIP {
				continue
			}
			lhs := c.LHS.Span().Text(p.Src)
			var g *group
			for _, x := range groups {
				if x.lhs == lhs {
					g = x
				}
			}
			if g == nil {
				g = &group{lhs: lhs}
				groups = append(groups, g)
			}
			g.idx = append(g.idx, i)
			g.cmps = append(g.cmps, c)
		}
		for _, g := range groups {
			if len(g.idx) < orToInMin {
				continue
			}
			var vals []string
			for _, c := range g.cmps {
				v := c.RHS.Span().Text(p.Src)
				dup := false
				for _, x := range vals {
					dup = dup || x == v
				}
				if !dup {
					vals = append(vals, v)
				}
			}
			repl := g.lhs + " in {" + strings.Join(vals, " ") + "}"
			edits := []diag.Edit{{Span: lg.Operands[g.idx[0]].Span(), New: repl}}
			for _, i := range g.idx[1:] {
				edits = append(edits, diag.Edit{Span: diag.Span{Start: lg.Operands[i-1].Span().End, End: lg.Operands[i].Span().End}})
			}
			var rel []diag.Related
			for _, i := range g.idx[1:] {
				rel = append(rel, diag.Related{Span: lg.Operands[i].Span(), Message: "same value compared again"})
			}
			p.Report(diag.Diagnostic{Span: lg.Operands[g.idx[0]].Span().Cover(lg.Operands[g.idx[len(g.idx)-1]].Span()),
				Message: fmt.Sprintf("%d `eq` comparisons of `%s` joined by `or`: write `%s`", len(g.idx), g.lhs, repl),
				Related: rel,
				Fixes:   []diag.Fix{{Title: "Use in {…}", Edits: edits}}})
		}
		return true
	})
}

// --- redundant-parens ----------------------------------------------------------

// runRedundantParens reports parentheses that cannot help a reader: a
// second pair around the same group, and a group of an operator nested
// directly in the same operator. Parentheses around one comparison or
// around the whole expression are left alone: Cloudflare's Expression
// Builder writes them, and they are harmless.
func runRedundantParens(p *Pass) {
	unwrap := func(par *grammar.Paren) []diag.Edit {
		return []diag.Edit{{Span: diag.Span{Start: par.Lparen, End: par.Lparen + 1}}, {Span: diag.Span{Start: par.Rparen, End: par.Rparen + 1}}}
	}
	var visit func(n grammar.Node) bool
	visit = func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Paren:
			if _, ok := n.X.(*grammar.Paren); !ok {
				return true
			}
			// Keep the innermost pair, remove the others, and report the
			// chain once.
			var edits []diag.Edit
			par := n
			for {
				inner, ok := par.X.(*grammar.Paren)
				if !ok {
					break
				}
				edits = append(edits, unwrap(par)...)
				par = inner
			}
			p.Report(diag.Diagnostic{Span: n.Span(), Message: "doubled parentheses: one pair is enough",
				Fixes: []diag.Fix{{Title: "Remove the extra parentheses", Edits: edits}}})
			grammar.Inspect(par.X, visit)
			return false
		case *grammar.Logical:
			for _, x := range n.Operands {
				par, ok := x.(*grammar.Paren)
				if !ok {
					continue
				}
				if inner, ok := par.X.(*grammar.Logical); ok && inner.Op == n.Op {
					p.Report(diag.Diagnostic{Span: par.Span(),
						Message: fmt.Sprintf("these parentheses group `%s` inside `%s`; grouping an operator with itself changes nothing", inner.Ops[0].Text, n.Ops[0].Text),
						Fixes:   []diag.Fix{{Title: "Remove the parentheses", Edits: unwrap(par)}}})
				}
			}
		}
		return !isLeaf(n)
	}
	p.Inspect(visit)
}

// --- mixed-and-or --------------------------------------------------------------

func runMixedAndOr(p *Pass) {
	var visit func(n grammar.Node) bool
	visit = func(n grammar.Node) bool {
		lg, ok := n.(*grammar.Logical)
		if !ok {
			return !isLeaf(n)
		}
		// A Logical operand of a Logical is a tighter-binding operator
		// written without parentheses (the parser keeps them as Paren).
		var edits []diag.Edit
		var inner string
		var wrap func(l *grammar.Logical)
		wrap = func(l *grammar.Logical) {
			for _, x := range l.Operands {
				if in, ok := x.(*grammar.Logical); ok {
					sp := in.Span()
					edits = append(edits, diag.Edit{Span: diag.Span{Start: sp.Start, End: sp.Start}, New: "("},
						diag.Edit{Span: diag.Span{Start: sp.End, End: sp.End}, New: ")"})
					if inner == "" {
						inner = in.Ops[0].Text
					}
					wrap(in)
				}
			}
		}
		wrap(lg)
		if len(edits) == 0 {
			return true
		}
		p.Report(diag.Diagnostic{Span: lg.Span(),
			Message: fmt.Sprintf("`%s` is mixed with `%s` without parentheses; `%s` binds tighter, so add parentheses to show the grouping", lg.Ops[0].Text, inner, inner),
			Fixes:   []diag.Fix{{Title: "Add parentheses", Edits: edits}}})
		// The nested runs are covered by this report; look for more
		// mixing only inside their other operands.
		var below func(l *grammar.Logical)
		below = func(l *grammar.Logical) {
			for _, x := range l.Operands {
				if in, ok := x.(*grammar.Logical); ok {
					below(in)
				} else {
					grammar.Inspect(x, visit)
				}
			}
		}
		below(lg)
		return false
	}
	p.Inspect(visit)
}

// --- mixed-notation ------------------------------------------------------------

type notationToken struct {
	span   diag.Span
	symbol bool
	word   string // English spelling
	sym    string // C-like spelling
}

func runMixedNotation(p *Pass) {
	var lbuf, cbuf [8]notationToken
	logical, compare := lbuf[:0], cbuf[:0]
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Logical:
			for _, t := range n.Ops {
				logical = append(logical, notationToken{span: t.Span, symbol: t.Text == n.Op.Symbol(), word: n.Op.String(), sym: n.Op.Symbol()})
			}
		case *grammar.Not:
			logical = append(logical, notationToken{span: n.Op.Span, symbol: n.Op.Text == "!", word: "not", sym: "!"})
		case *grammar.Comparison:
			// matches/~ and bitwise_and/& are left out: `~` next to `eq`
			// is common and reads well.
			if n.Op != nil && n.Op.Kind >= grammar.OpEq && n.Op.Kind <= grammar.OpGe {
				compare = append(compare, notationToken{span: n.Op.Span, symbol: n.Op.IsSymbol(), word: n.Op.Kind.Word(), sym: n.Op.Kind.Symbol()})
			}
		}
		return !isLeaf(n)
	})
	for _, class := range []struct {
		toks []notationToken
		what string
	}{{logical, "logical"}, {compare, "comparison"}} {
		var words, syms int
		for _, t := range class.toks {
			if t.symbol {
				syms++
			} else {
				words++
			}
		}
		if words == 0 || syms == 0 {
			continue
		}
		// Convert the minority; on a tie prefer English, the notation
		// of Cloudflare's documentation.
		toSymbol := syms > words
		var edits []diag.Edit
		var first, firstOther *notationToken
		for i := range class.toks {
			t := &class.toks[i]
			if t.symbol == toSymbol {
				if firstOther == nil {
					firstOther = t
				}
				continue
			}
			if first == nil {
				first = t
			}
			sp := t.span
			if toSymbol && t.word == "not" {
				// `not x` becomes `!x`, not `! x`.
				for int(sp.End) < len(p.Src) && p.Src[sp.End] == ' ' {
					sp.End++
				}
			}
			edits = append(edits, diag.Edit{Span: sp, New: respell(p.Src, t, toSymbol)})
		}
		style := "English"
		if toSymbol {
			style = "C-like"
		}
		p.Report(diag.Diagnostic{Span: first.span,
			Message: fmt.Sprintf("%s operators are written in both notations (%d English, %d C-like), `%s` among them: write them all in %s notation",
				class.what, words, syms, first.span.Text(p.Src), style),
			Related: []diag.Related{{Span: firstOther.span, Message: style + " notation"}},
			Fixes:   []diag.Fix{{Title: "Write every " + class.what + " operator in " + style + " notation", Edits: edits}}})
	}
}

// respell returns the other spelling of a token, with spaces added where
// a word would otherwise run into its neighbours.
func respell(src string, t *notationToken, toSymbol bool) string {
	if toSymbol {
		return t.sym
	}
	s := t.word
	if t.span.Start > 0 && !isSpace(src[t.span.Start-1]) && t.word != "not" {
		s = " " + s
	}
	if int(t.span.End) < len(src) && !isSpace(src[t.span.End]) {
		s += " "
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// --- map-each-different-arrays -------------------------------------------------

func runMapEachDifferentArrays(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		c, ok := n.(*grammar.Comparison)
		if !ok {
			return !isLeaf(n)
		}
		f := p.Info.Funcs[c.LHS]
		if f == nil || !f.Quantifier || c.LHS.Call == nil || len(c.LHS.Call.Args) != 1 {
			return true
		}
		type array struct {
			text string
			span diag.Span
		}
		var arrays []array
		grammar.Inspect(c.LHS.Call.Args[0], func(m grammar.Node) bool {
			v, ok := m.(*grammar.Value)
			if !ok || !p.Info.Mapped[v] {
				return !isLeaf(m)
			}
			if v.Call != nil && len(v.Call.Args) > 0 {
				// lower(x[*])[*] iterates the per-element results of x
				// itself: the argument names the array.
				if a, ok := v.Call.Args[0].(*grammar.Comparison); ok && a.Op == nil && p.Info.Mapped[a.LHS] {
					return true
				}
			}
			end := v.Name.Span.End
			if v.Call != nil {
				end = v.Call.Rparen + 1
			}
			for _, ix := range v.Indexes {
				end = ix.Rbrack + 1
				if ix.Kind == grammar.IndexStar {
					break
				}
			}
			sp := diag.Span{Start: v.Name.Span.Start, End: end}
			text := sp.Text(p.Src)
			for _, a := range arrays {
				if a.text == text {
					return true
				}
			}
			arrays = append(arrays, array{text, sp})
			if len(arrays) > 1 {
				first := arrays[0]
				p.Report(diag.Diagnostic{Span: sp,
					Message: fmt.Sprintf("`%s` iterates a different array than `%s` in the same %s(…): elements are paired by position (the first with the first, and so on) and the longer array is cut short, and Cloudflare documents `[*]` as usable on only one array per expression", text, first.text, f.Name),
					Related: []diag.Related{{Span: first.span, Message: "first array iterated here"}}})
			}
			return true
		})
		return true
	})
}

// --- ne-missing-value ----------------------------------------------------------

// missingReason says why a value may be missing, or "" when it is always
// present.
func missingReason(p *Pass, v *grammar.Value) string {
	for _, ix := range v.Indexes {
		switch ix.Kind {
		case grammar.IndexKey:
			return fmt.Sprintf("the key %s may be absent", ix.Lit.Raw)
		case grammar.IndexElem:
			return fmt.Sprintf("the array may have no element %s", ix.Lit.Raw)
		}
	}
	if v.Call == nil {
		return ""
	}
	f := p.Info.Funcs[v]
	if f == nil || f.Quantifier || f.Name == "concat" {
		// concat skips missing arguments, and any/all are false for them.
		return ""
	}
	if strings.HasPrefix(f.Name, "lookup_json_") {
		return fmt.Sprintf("%s gives no value when the JSON path is absent", f.Name)
	}
	for _, a := range v.Call.Args {
		if c, ok := a.(*grammar.Comparison); ok && c.Op == nil {
			if r := missingReason(p, c.LHS); r != "" {
				return r
			}
		}
	}
	return ""
}

func runNeMissingValue(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		c, ok := n.(*grammar.Comparison)
		if !ok {
			return !isLeaf(n)
		}
		if c.Op == nil || c.Op.Kind != grammar.OpNe || p.Info.Mapped[c.LHS] {
			return true
		}
		why := missingReason(p, c.LHS)
		if why == "" {
			return true
		}
		eq := opText(grammar.OpEq, c.Op)
		not := "not "
		if c.Op.IsSymbol() {
			not = "!"
		}
		sp := c.Span()
		text := not + diag.Span{Start: sp.Start, End: c.Op.Span.Start}.Text(p.Src) + eq + diag.Span{Start: c.Op.Span.End, End: sp.End}.Text(p.Src)
		lhs := c.LHS.Span().Text(p.Src)
		p.Report(diag.Diagnostic{Span: sp,
			Message: fmt.Sprintf("`%s` may be missing (%s): the engine makes `%s` true for a missing value, but Cloudflare documents every comparison with a missing value as false; write `%s` to match requests without it, or add a presence check to exclude them", lhs, why, c.Op.Text, text),
			Fixes:   []diag.Fix{{Title: "Match missing values explicitly", Edits: []diag.Edit{{Span: sp, New: text}}}}})
		return true
	})
}
