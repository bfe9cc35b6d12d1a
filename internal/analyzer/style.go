package analyzer

// Style rules about the shape of an expression: negations, parentheses,
// and/or/xor and the spelling of operators. The expression means the same
// after their fixes; it only reads better.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

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
	for _, not := range p.Nodes().Nots {
		c, ok := grammar.Unparen(not.X).(*grammar.Comparison)
		if !ok || c.Op == nil {
			continue
		}
		inv, ok := inverseOp[c.Op.Kind]
		if !ok {
			continue
		}
		// `not v eq x` and `v ne x` differ when v is missing (the first is
		// true, the second is true in the engine but false per the
		// documentation), and for IP ordering across families (`not
		// ip.src lt 1.2.3.4` is true for IPv6 clients, `ip.src ge
		// 1.2.3.4` is false), so only plain, always-present values qualify.
		if c.LHS.Call != nil || missingReason(p, c.LHS) != "" {
			continue
		}
		t := p.Info.TypeOf(c.LHS)
		if t != schema.TypeInt && t != schema.TypeBytes && !(t == schema.TypeIP && (inv == grammar.OpEq || inv == grammar.OpNe)) {
			continue
		}
		op := opText(inv, c.Op)
		sp := c.Span()
		text := diag.Span{Start: sp.Start, End: c.Op.Span.Start}.Text(p.Src) + op + diag.Span{Start: c.Op.Span.End, End: sp.End}.Text(p.Src)
		p.Report(diag.Diagnostic{Span: not.Span(),
			Message: fmt.Sprintf("`%s %s` is the same as `%s`; write the opposite operator instead of negating the comparison", not.Op.Text, c.Op.Text, op),
			Fixes:   []diag.Fix{{Title: "Use " + op, Edits: []diag.Edit{{Span: not.Span(), New: text}}, Safe: true}}})
	}
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

// inspectKind walks the tree at n and calls f for each node of type T;
// f's result says whether to look inside that node. Other nodes are
// looked into unless they are leaves.
func inspectKind[T grammar.Node](n grammar.Node, f func(T) bool) {
	grammar.Inspect(n, func(n grammar.Node) bool {
		if t, ok := n.(T); ok {
			return f(t)
		}
		return !isLeaf(n)
	})
}

func runDoubleNegation(p *Pass) {
	var paired *grammar.Not // the second negation of the pair reported last
	for _, outer := range p.Nodes().Nots {
		if outer == paired {
			continue // so `not not not x` is reported once
		}
		inner, ok := grammar.Unparen(outer.X).(*grammar.Not)
		if !ok {
			continue
		}
		keep := inner.X.Span().Text(p.Src)
		p.Report(diag.Diagnostic{Span: outer.Span(),
			Message: fmt.Sprintf("`%s` and `%s` cancel out: this is the same as `%s`", outer.Op.Text, inner.Op.Text, keep),
			Related: []diag.Related{{Span: inner.Op.Span, Message: "second negation"}},
			Fixes:   []diag.Fix{{Title: "Remove both negations", Edits: []diag.Edit{{Span: outer.Span(), New: keep}}, Safe: true}}})
		paired = inner
	}
}

// orToInMin is the number of `eq` comparisons of one value from which
// or-to-in suggests a set; two are still easy to read.
const orToInMin = 3

func runOrToIn(p *Pass) {
	for _, lg := range p.Nodes().Logicals {
		if lg.Op != grammar.Or {
			continue
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
			if t := p.Info.TypeOf(c.LHS); t != schema.TypeBytes && t != schema.TypeInt && t != schema.TypeIP {
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
				Fixes:   []diag.Fix{{Title: "Use in {…}", Edits: edits, Safe: true}}})
		}
	}
}

// runRedundantParens reports parentheses that cannot help a reader: a
// second pair around the same group, and a group of an operator nested
// directly in the same operator. Parentheses around one comparison or
// around the whole expression are left alone: Cloudflare's Expression
// Builder writes them, and they are harmless.
func runRedundantParens(p *Pass) {
	unwrap := func(par *grammar.Paren) []diag.Edit {
		return []diag.Edit{{Span: diag.Span{Start: par.Lparen, End: par.Lparen + 1}}, {Span: diag.Span{Start: par.Rparen, End: par.Rparen + 1}}}
	}
	nodes := p.Nodes().All
	for i := 0; i < len(nodes); i++ {
		switch n := nodes[i].(type) {
		case *grammar.Paren:
			if _, ok := n.X.(*grammar.Paren); !ok {
				continue
			}
			// Keep the innermost pair, remove the others, and report the
			// chain once: its other parentheses, which follow n in
			// pre-order, are skipped.
			var edits []diag.Edit
			par := n
			for {
				inner, ok := par.X.(*grammar.Paren)
				if !ok {
					break
				}
				edits = append(edits, unwrap(par)...)
				par = inner
				i++
			}
			p.Report(diag.Diagnostic{Span: n.Span(), Message: "doubled parentheses: one pair is enough",
				Fixes: []diag.Fix{{Title: "Remove the extra parentheses", Edits: edits, Safe: true}}})
		case *grammar.Logical:
			for _, x := range n.Operands {
				par, ok := x.(*grammar.Paren)
				if !ok {
					continue
				}
				if inner, ok := par.X.(*grammar.Logical); ok && inner.Op == n.Op {
					p.Report(diag.Diagnostic{Span: par.Span(),
						Message: fmt.Sprintf("these parentheses group `%s` inside `%s`; grouping an operator with itself changes nothing", inner.Ops[0].Text, n.Ops[0].Text),
						Fixes:   []diag.Fix{{Title: "Remove the parentheses", Edits: unwrap(par), Safe: true}}})
				}
			}
		}
	}
}

func runMixedAndOr(p *Pass) {
	// Most expressions have no run directly inside another: nothing to
	// walk the tree for.
	if !slices.ContainsFunc(p.Nodes().Logicals, func(lg *grammar.Logical) bool {
		return slices.ContainsFunc(lg.Operands, func(x grammar.Expr) bool { _, ok := x.(*grammar.Logical); return ok })
	}) {
		return
	}
	var visit func(lg *grammar.Logical) bool
	visit = func(lg *grammar.Logical) bool {
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
			Fixes:   []diag.Fix{{Title: "Add parentheses", Edits: edits, Safe: true}}})
		// The nested runs are covered by this report; look for more
		// mixing only inside their other operands.
		var below func(l *grammar.Logical)
		below = func(l *grammar.Logical) {
			for _, x := range l.Operands {
				if in, ok := x.(*grammar.Logical); ok {
					below(in)
				} else {
					inspectKind(x, visit)
				}
			}
		}
		below(lg)
		return false
	}
	inspectKind(p.Expr.Root, visit)
}

type notationToken struct {
	span   diag.Span
	symbol bool
	word   string // English spelling
	sym    string // C-like spelling
}

// notationTokens calls f with each logical operator (and, or, xor, not)
// and each comparison operator of the expression, in pre-order.
func notationTokens(p *Pass, f func(t notationToken, logical bool)) {
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Logical:
			for _, t := range n.Ops {
				f(notationToken{span: t.Span, symbol: t.Text == n.Op.Symbol(), word: n.Op.String(), sym: n.Op.Symbol()}, true)
			}
		case *grammar.Not:
			f(notationToken{span: n.Op.Span, symbol: n.Op.Text == "!", word: "not", sym: "!"}, true)
		case *grammar.Comparison:
			// matches/~ and bitwise_and/& are left out: `~` next to `eq`
			// is common and reads well.
			if n.Op != nil && n.Op.Kind >= grammar.OpEq && n.Op.Kind <= grammar.OpGe {
				f(notationToken{span: n.Op.Span, symbol: n.Op.IsSymbol(), word: n.Op.Kind.Word(), sym: n.Op.Kind.Symbol()}, false)
			}
		}
	}
}

func runMixedNotation(p *Pass) {
	// Most expressions use one notation throughout, and then there is
	// nothing to report: count before keeping the tokens.
	words, syms := false, false
	notationTokens(p, func(t notationToken, _ bool) {
		words, syms = words || !t.symbol, syms || t.symbol
	})
	if !words || !syms {
		return
	}
	var logical, compare []notationToken
	notationTokens(p, func(t notationToken, isLogical bool) {
		if isLogical {
			logical = append(logical, t)
		} else {
			compare = append(compare, t)
		}
	})
	mixedWithin := false
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
		mixedWithin = true
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
			Fixes:   []diag.Fix{{Title: "Write every " + class.what + " operator in " + style + " notation", Edits: edits, Safe: true}}})
	}
	// Only C-like logical operators around English comparisons: the other
	// way round (`http.host == "a" and …`) is how Cloudflare's own
	// examples are written.
	// With syntax errors some comparisons are missing from the counts.
	if !mixedWithin && !p.Syntax && len(logical) > 0 && len(compare) > 0 && logical[0].symbol && !compare[0].symbol {
		reportCrossNotation(p, logical, compare)
	}
}

// reportCrossNotation reports an expression whose logical operators are
// all in one notation and whose comparison operators are all in the other
// (`http.host eq "a" && ip.src eq 1.2.3.4`). The smaller group is
// converted; on a tie, to English, the notation of Cloudflare's
// documentation.
func reportCrossNotation(p *Pass, logical, compare []notationToken) {
	change, keep, what, other := logical, compare, "logical", "comparison"
	if len(compare) < len(logical) {
		change, keep, what, other = compare, logical, "comparison", "logical"
	}
	toSymbol := keep[0].symbol
	style := "English"
	if toSymbol {
		style = "C-like"
	}
	otherStyle := "English"
	if change[0].symbol {
		otherStyle = "C-like"
	}
	var edits []diag.Edit
	for i := range change {
		t := &change[i]
		sp := t.span
		if toSymbol && t.word == "not" {
			for int(sp.End) < len(p.Src) && p.Src[sp.End] == ' ' {
				sp.End++
			}
		}
		edits = append(edits, diag.Edit{Span: sp, New: respell(p.Src, t, toSymbol)})
	}
	p.Report(diag.Diagnostic{Span: change[0].span,
		Message: fmt.Sprintf("the %s operators are in %s notation but the %s operators in %s notation, `%s` among them: write them all in %s notation",
			other, style, what, otherStyle, change[0].span.Text(p.Src), style),
		Related: []diag.Related{{Span: keep[0].span, Message: style + " notation"}},
		Fixes:   []diag.Fix{{Title: "Write every " + what + " operator in " + style + " notation", Edits: edits, Safe: true}}})
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
