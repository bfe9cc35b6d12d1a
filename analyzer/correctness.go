package analyzer

// Correctness rules over the whole expression: conditions that contradict
// or always hold, [*] over different arrays, != on values that may be
// missing, and the product's length limit.

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/grammar"
)

func runContradiction(p *Pass) { reportConstant(p, true) }

func runTautology(p *Pass) { reportConstant(p, false) }

// constFinding is one always-true or always-false node.
type constFinding struct {
	d             diag.Diagnostic
	contradiction bool
}

// constantFindings is the abstract evaluation of the expression that the
// contradiction and tautology rules share.
var constantFindings = newFact("constant-conditions", constantConditions)

// reportConstant reports the contradiction or the tautology findings. Both
// rules share one abstract evaluation per pass: it is the costly part.
func reportConstant(p *Pass, contradiction bool) {
	for _, f := range ResultOf(p, constantFindings) {
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
	if !repeatsValue(p) {
		return nil
	}
	var out []constFinding
	// The pass keeps the evaluator's memory from one expression to the
	// next.
	ev := &p.ev
	ev.src, ev.info = p.Src, p.Info
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
	seen := buf[:0]
	for _, c := range p.Nodes().Comparisons {
		text := c.LHS.Span().Text(p.Src)
		if slices.Contains(seen, text) {
			return true
		}
		seen = append(seen, text)
	}
	return false
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

func runMapEachDifferentArrays(p *Pass) {
	for _, c := range p.Nodes().Comparisons {
		f := p.Info.FuncOf(c.LHS)
		if f == nil || !f.Quantifier || c.LHS.Call == nil || len(c.LHS.Call.Args) != 1 {
			continue
		}
		type array struct {
			text string
			span diag.Span
		}
		var arrays []array
		grammar.Inspect(c.LHS.Call.Args[0], func(m grammar.Node) bool {
			v, ok := m.(*grammar.Value)
			if !ok || !p.Info.IsMapped(v) {
				return !isLeaf(m)
			}
			if v.Call != nil && len(v.Call.Args) > 0 {
				// lower(x[*])[*] iterates the per-element results of x
				// itself: the argument names the array.
				if a, ok := v.Call.Args[0].(*grammar.Comparison); ok && a.Op == nil && p.Info.IsMapped(a.LHS) {
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
	}
}

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
	f := p.Info.FuncOf(v)
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
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil || c.Op.Kind != grammar.OpNe || p.Info.IsMapped(c.LHS) {
			continue
		}
		why := missingReason(p, c.LHS)
		if why == "" {
			continue
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
	}
}

// maxExpressionChars is the product limit on expression length, counted
// in characters (the dashboard and API count Unicode characters).
const maxExpressionChars = 4096

func runExpressionTooLong(p *Pass) {
	if len(p.Src) <= maxExpressionChars {
		return // no more characters than bytes
	}
	n := utf8.RuneCountInString(p.Src)
	if n <= maxExpressionChars {
		return
	}
	// Point at the text beyond the limit.
	off, count := 0, 0
	for i := range p.Src {
		if count == maxExpressionChars {
			off = i
			break
		}
		count++
	}
	p.Report(diag.Diagnostic{Rejected: true, Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(len(p.Src))},
		Message: fmt.Sprintf("the expression is %d characters long; Cloudflare accepts at most 4,096: move long sets of values into a list ($name) or split the rule", n)})
}
