package analyzer

// Correctness rules over the whole expression: conditions that contradict
// or always hold, [*] over different arrays, != on values that may be
// missing, and the product's length limit.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/decide"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func runContradiction(p *Pass) { reportConstant(p, true) }

func runTautology(p *Pass) { reportConstant(p, false) }

// constFinding is one always-true or always-false node.
type constFinding struct {
	d             diag.Diagnostic
	contradiction bool
}

// constantFindings is the decision procedure's verdict on the expression's
// conditions, which the contradiction and tautology rules share.
var constantFindings = newFact("constant-conditions", constantConditions)

// reportConstant reports the contradiction or the tautology findings. Both
// rules share one run of the procedure per pass: it is the costly part.
func reportConstant(p *Pass, contradiction bool) {
	for _, f := range ResultOf(p, constantFindings) {
		if f.contradiction == contradiction {
			p.Report(f.d)
		}
	}
}

// constantConditions reports the conditions that package decide proves
// never true or always true. Each is reported at the smallest such
// condition: one whose operand is constant is explained by that operand,
// and a single comparison that is constant by itself (an empty set, a
// value outside a field's documented range, a case that never matches) is
// left to the rules that explain those. Contradictions are `and`s that are
// never true; everything else is a tautology: an `or` that is always true,
// or an `xor` that is constant. (An `and` that is always true, or an `or`
// that is never true, has constant operands; so does a constant `not`.)
func constantConditions(p *Pass) []constFinding {
	if p.Syntax || p.Info == nil || !p.Info.Valid() || !repeatsValue(p) {
		return nil
	}
	// A condition can be constant without a constant operand only if two
	// operands read the same value; an or that the neutral request
	// (decide.Neutral) makes false is not always true. What is left is
	// asked of the procedure.
	var asks []*grammar.Logical
	for _, lg := range p.Nodes().Logicals {
		if !operandsShare(p, lg) {
			continue
		}
		if lg.Op == grammar.Or {
			if v, known := decide.Neutral(p.Info, lg); known && !v {
				continue
			}
		}
		asks = append(asks, lg)
	}
	if len(asks) == 0 {
		return nil
	}
	c := contexts.Get().(*decide.Context)
	defer func() { c.Reset(); contexts.Put(c) }()
	// Conditions are translated as they are asked about: most never are.
	tr := c.Lazy(p.Info)
	// constant is 1 for a condition proven always true, -1 never true, 0
	// otherwise, asked at most once per condition.
	memo := map[grammar.Expr]int8{}
	constant := func(e grammar.Expr, ask int8) int8 {
		e = grammar.Unparen(e)
		if v, ok := memo[e]; ok {
			return v
		}
		f, ok := tr.Of(e)
		var v int8
		switch {
		case !ok:
		case ask <= 0 && c.Satisfiable(f) == decide.No:
			v = -1
		case ask >= 0 && c.Valid(f) == decide.Yes:
			v = 1
		}
		if ask == 0 {
			memo[e] = v
		}
		return v
	}
	var out []constFinding
	for _, lg := range asks {
		ask := int8(0)
		switch lg.Op {
		case grammar.And:
			ask = -1 // an and never true
		case grammar.Or:
			ask = 1 // an or always true
		}
		v := constant(lg, ask)
		if v == 0 {
			continue
		}
		constKid := false
		for _, x := range lg.Operands {
			if constant(x, 0) != 0 {
				constKid = true
				break
			}
		}
		if constKid {
			continue
		}
		if d, ok := clash(p, c, tr, lg); ok {
			out = append(out, constFinding{d, lg.Op == grammar.And})
			continue
		}
		out = append(out, constFinding{constantDiagnostic(p, c, tr, lg, v > 0), false})
	}
	return out
}

// operandsShare reports whether two operands of lg read the same value
// (see baseValue), or hold the same any(…) or all(…).
func operandsShare(p *Pass, lg *grammar.Logical) bool {
	var buf [32]string
	var ends [16]int
	texts, bounds := buf[:0], ends[:0]
	for _, x := range lg.Operands {
		texts = appendReads(p, x, texts)
		bounds = append(bounds, len(texts))
	}
	// Texts are grouped by operand: compare each with those of later
	// operands.
	op := 0
	for i, t := range texts {
		for i >= bounds[op] {
			op++
		}
		if slices.Contains(texts[bounds[op]:], t) {
			return true
		}
	}
	return false
}

// appendReads appends the text of each value the comparisons of e read
// (see baseValue); an any(…) or all(…) is read as a whole.
func appendReads(p *Pass, e grammar.Expr, out []string) []string {
	switch e := e.(type) {
	case *grammar.Paren:
		return appendReads(p, e.X, out)
	case *grammar.Not:
		return appendReads(p, e.X, out)
	case *grammar.Logical:
		for _, x := range e.Operands {
			out = appendReads(p, x, out)
		}
	case *grammar.Comparison:
		out = append(out, baseValue(p, e.LHS).Span().Text(p.Src))
	}
	return out
}

// contexts keeps the procedure's memory from one expression to the next.
var contexts = sync.Pool{New: func() any { return decide.NewContext(decide.Options{}) }}

// repeatsValue reports whether some value is read by more than one
// comparison (lower(x), upper(x), len(x), starts_with(x, …) and
// ends_with(x, …) read x). Without that no and/or/xor can be constant
// unless one of its operands is, and single comparisons are left to other
// rules, so most expressions skip the procedure.
func repeatsValue(p *Pass) bool {
	var buf [32]string
	seen := buf[:0]
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil {
			// A function's argument is no condition (lower(x) holds one).
			if t := p.Info.TypeOf(c.LHS); t != schema.TypeBool && !t.IsArray() {
				continue
			}
		}
		text := baseValue(p, c.LHS).Span().Text(p.Src)
		if slices.Contains(seen, text) {
			return true
		}
		seen = append(seen, text)
	}
	return false
}

// baseValue is the value a comparison's value reads through the functions
// the procedure sees through.
func baseValue(p *Pass, v *grammar.Value) *grammar.Value {
	for v.Call != nil && len(v.Call.Args) > 0 {
		f := p.Info.FuncOf(v)
		if f == nil {
			break
		}
		switch f.Name {
		case "lower", "upper", "len", "starts_with", "ends_with":
		default:
			return v
		}
		a, ok := v.Call.Args[0].(*grammar.Comparison)
		if !ok || a.Op != nil {
			break
		}
		v = a.LHS
	}
	return v
}

// clash explains an `and` that is never true or an `or` that is always
// true by the operands that conflict: a pair when two of them suffice,
// else the few that do.
func clash(p *Pass, c *decide.Context, tr *decide.Translation, lg *grammar.Logical) (diag.Diagnostic, bool) {
	and := lg.Op == grammar.And
	if !and && lg.Op != grammar.Or {
		return diag.Diagnostic{}, false
	}
	fs := make([]decide.Formula, len(lg.Operands))
	for i, x := range lg.Operands {
		f, ok := tr.Of(x)
		if !ok {
			return diag.Diagnostic{}, false
		}
		if !and {
			f = c.Not(f) // an or is always true when its operands cannot all be false
		}
		fs[i] = f
	}
	v, core := c.Conflict(fs)
	if v != decide.No || len(core) == 0 {
		return diag.Diagnostic{}, false
	}
	text := func(i int) string { return lg.Operands[i].Span().Text(p.Src) }
	var parts []decide.Formula
	for _, i := range core {
		parts = append(parts, fs[i])
	}
	value := c.SoleTerm(parts...)
	if len(core) == 2 {
		i, j := core[0], core[1]
		rel := []diag.Related{{Span: lg.Operands[i].Span(), Message: "this condition"}, {Span: lg.Operands[j].Span(), Message: "conflicts with this one"}}
		if and {
			msg := fmt.Sprintf("`%s` and `%s` can never both be true, so this never matches", text(i), text(j))
			if name, a, ok := c.IntSet(fs[i]); ok {
				if _, b, ok := c.IntSet(fs[j]); ok {
					msg += fmt.Sprintf(" (`%s` would have to be in %s and in %s)", name, a, b)
				}
			}
			return diag.Diagnostic{Span: lg.Span(), Message: msg, Related: rel}, true
		}
		rel[1].Message = "together with this one"
		every := "every request satisfies one of them"
		if value != "" {
			every = fmt.Sprintf("every value of `%s` satisfies one of them", value)
		}
		msg := fmt.Sprintf("`%s` or `%s` is always true: %s", text(i), text(j), every)
		if ci, cj := neLiteral(lg.Operands[i]), neLiteral(lg.Operands[j]); ci != nil && cj != nil && value != "" {
			msg += fmt.Sprintf("; to exclude both values write `not %s in {%s %s}`", value, ci.RHS.Span().Text(p.Src), cj.RHS.Span().Text(p.Src))
		}
		return diag.Diagnostic{Span: lg.Span(), Message: msg, Related: rel}, true
	}
	var rel []diag.Related
	for _, i := range core {
		rel = append(rel, diag.Related{Span: lg.Operands[i].Span(), Message: "one of the conditions that clash"})
	}
	op, what := "and", "leave no value for which all of them hold, so this never matches"
	if !and {
		op, what = "or", "cover every value, so this is always true"
	}
	if value == "" {
		what = "can never all be true, so this never matches"
		if !and {
			what = "cannot all be false, so this is always true"
		}
		return diag.Diagnostic{Span: lg.Span(), Related: rel,
			Message: fmt.Sprintf("the %d conditions joined by `%s` that are marked %s", len(core), op, what)}, true
	}
	return diag.Diagnostic{Span: lg.Span(), Related: rel,
		Message: fmt.Sprintf("the conditions on `%s` joined by `%s` %s", value, op, what)}, true
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

// constantDiagnostic reports an xor that is constant.
func constantDiagnostic(p *Pass, c *decide.Context, tr *decide.Translation, e grammar.Expr, alwaysTrue bool) diag.Diagnostic {
	what := "always false, so it never matches"
	if alwaysTrue {
		what = "always true"
	}
	msg := fmt.Sprintf("`%s` is %s", e.Span().Text(p.Src), what)
	if f, ok := tr.Of(e); ok {
		if name := c.SoleTerm(f); name != "" {
			msg += fmt.Sprintf(", whatever the value of `%s`", name)
		}
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
