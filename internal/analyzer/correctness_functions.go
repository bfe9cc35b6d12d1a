package analyzer

// Correctness rules about function calls: arguments the documentation
// rules out, results that make a comparison constant, and functions used
// where Cloudflare does not allow them.

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// forEachCall calls fn for every call to a known function, in source order.
func forEachCall(p *Pass, fn func(v *grammar.Value, f *schema.Function)) {
	for _, c := range p.Nodes().calls {
		fn(c.v, c.f)
	}
}

// intArg returns argument i of a call when it is an integer literal.
func intArg(v *grammar.Value, i int) (int64, bool) {
	if i >= len(v.Call.Args) {
		return 0, false
	}
	l, ok := v.Call.Args[i].(*grammar.Literal)
	if !ok || l.Kind != grammar.LitBare {
		return 0, false
	}
	n, err := l.Int()
	return n, err == nil
}

// fieldArg returns the value of argument i of a call when it is a bare
// value (a field or a call), not a literal.
func fieldArg(v *grammar.Value, i int) *grammar.Value {
	if i >= len(v.Call.Args) {
		return nil
	}
	if c, ok := v.Call.Args[i].(*grammar.Comparison); ok && c.Op == nil {
		return c.LHS
	}
	return nil
}

// lengthVerdict says whether `len(x) OP k` is always true (+1), never
// true (-1) or depends on x (0): a length is never negative.
func lengthVerdict(op grammar.CmpKind, k int64) int {
	switch {
	case op == grammar.OpGe && k <= 0, op == grammar.OpGt && k < 0, op == grammar.OpNe && k < 0:
		return 1
	case op == grammar.OpLt && k <= 0, op == grammar.OpLe && k < 0, op == grammar.OpEq && k < 0:
		return -1
	}
	return 0
}

func runLengthComparison(p *Pass) {
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil || c.LHS.Call == nil || len(c.LHS.Indexes) > 0 || p.Info.TypeOf(c.LHS) != schema.TypeInt {
			continue
		}
		f := p.Info.FuncOf(c.LHS)
		l, isLit := c.RHS.(*grammar.Literal)
		if f == nil || f.Name != "len" || !isLit || l.Kind != grammar.LitBare {
			continue
		}
		k, err := l.Int()
		if err != nil {
			continue
		}
		verdict := lengthVerdict(c.Op.Kind, k)
		if verdict == 0 {
			continue
		}
		arg := fieldArg(c.LHS, 0)
		if arg == nil {
			continue
		}
		// A wrong argument type is argument-type's.
		if t := p.Info.TypeOf(arg); t != schema.TypeBytes && !t.IsArray() {
			continue
		}
		// len(m["key"]) ge 0 is the documented test that a key is present:
		// a missing value makes every comparison false.
		if why := missingReason(p, arg); why != "" {
			continue
		}
		what := "always true"
		if verdict < 0 {
			what = "never true"
		}
		p.Report(diag.Diagnostic{Span: c.Span(),
			Message: fmt.Sprintf("len(…) is a byte length or an element count, never negative, so `%s` is %s; compare with a positive length, or remove the condition",
				c.Span().Text(p.Src), what)})
	}
}

func runSubstringBounds(p *Pass) {
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		if f.Name != "substring" {
			return
		}
		start, ok1 := intArg(v, 1)
		end, ok2 := intArg(v, 2)
		if !ok1 || !ok2 || (start < 0) != (end < 0) || start < end {
			return
		}
		p.Report(diag.Diagnostic{Span: v.Call.Span(),
			Message: fmt.Sprintf("substring returns the bytes from start up to, not including, end, and start %d is not before end %d, so wflint infers that the result is always empty; swap the bounds, or leave out end to read to the end of the value", start, end)})
	})
}

func runReplaceOnce(p *Pass) {
	seen := map[string]*grammar.Value{}
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		if f.OncePerExpression {
			if first, dup := seen[f.Name]; dup {
				p.Report(diag.Diagnostic{Rejected: true, Span: v.Name.Span,
					Message: fmt.Sprintf("Cloudflare allows %s only once in an expression; this is a second call", f.Name),
					Related: []diag.Related{{Span: first.Name.Span, Message: "first call"}}})
			} else {
				seen[f.Name] = v
			}
		}
		if len(f.ExclusiveWith) == 0 {
			return
		}
		for _, a := range v.Call.Args {
			grammar.Inspect(a, func(n grammar.Node) bool {
				in, ok := n.(*grammar.Value)
				if !ok || in.Call == nil {
					return true
				}
				if g := p.Info.FuncOf(in); g != nil && slices.Contains(f.ExclusiveWith, g.Name) {
					p.Report(diag.Diagnostic{Rejected: true, Span: in.Name.Span,
						Message: fmt.Sprintf("Cloudflare does not allow %s nested in %s", g.Name, f.Name)})
				}
				return true
			})
		}
	})
}

// runRewriteOnlyFunction reports calls, in a condition (a filter or a
// counting expression), to functions that only values may call (the
// schema's Function.Roles: regex_replace, to_string, …). Whatever the
// phase, a condition cannot call them.
func runRewriteOnlyFunction(p *Pass) {
	role := p.opts.Role
	if !role.Condition() {
		return
	}
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		if f.AllowsRole(role) {
			return
		}
		where, documented := strings.CutPrefix(f.Availability, "Only ")
		if !documented {
			where = "values"
		}
		what := "filter expression"
		if role == schema.RoleCounting {
			what = "rate limit's counting expression"
		}
		p.Report(diag.Diagnostic{Rejected: true, Span: v.Name.Span,
			Message: fmt.Sprintf("%s is available only in %s, not in a %s", f.Name, where, what)})
	})
}

func runArgumentField(p *Pass) {
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		for i, a := range v.Call.Args {
			pr := f.Param(i)
			if pr == nil || len(pr.Fields) == 0 {
				continue
			}
			arg := fieldArg(v, i)
			if arg == nil {
				continue // a literal is argument-kind's
			}
			name := arg.Name.Text
			if arg.Call == nil && len(arg.Indexes) == 0 && slices.Contains(pr.Fields, name) {
				continue
			}
			d := diag.Diagnostic{Rejected: true, Span: a.Span(),
				Message: fmt.Sprintf("argument %d (%s) of %s must be %s", i+1, pr.Name, f.Name, orFields(pr.Fields))}
			if arg.Call == nil && p.Info.FieldOf(arg) != nil {
				want := pr.Fields[0]
				if strings.HasPrefix(name, "raw.") {
					for _, fl := range pr.Fields {
						if strings.HasPrefix(fl, "raw.") {
							want = fl
						}
					}
				}
				d.Fixes = []diag.Fix{{Title: "Use " + want, Edits: []diag.Edit{{Span: a.Span(), New: want}}}}
			}
			p.Report(d)
		}
	})
}

func orFields(fs []string) string {
	q := make([]string, len(fs))
	for i, f := range fs {
		q[i] = "`" + f + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

var (
	dottedKeyRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$`)
	jsonPathRe  = regexp.MustCompile(`^\$\.[A-Za-z0-9_.-]+$`)
	jsonPointRe = regexp.MustCompile(`^/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)+$`)
	allDigitsRe = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)
)

// keySteps splits a path-like key into its steps, or returns nil.
func keySteps(k string) (steps []string, kind string) {
	switch {
	case jsonPathRe.MatchString(k):
		return strings.Split(strings.TrimPrefix(k, "$."), "."), "a JSONPath"
	case jsonPointRe.MatchString(k):
		return strings.Split(k[1:], "/"), "a JSON Pointer"
	case dottedKeyRe.MatchString(k):
		return strings.Split(k, "."), "a dotted path"
	}
	return nil, ""
}

func runJSONKeyPath(p *Pass) {
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		if !strings.HasPrefix(f.Name, "lookup_json_") {
			return
		}
		for _, a := range v.Call.Args[min(1, len(v.Call.Args)):] {
			l, ok := a.(*grammar.Literal)
			if !ok || !l.IsString() {
				continue
			}
			steps, kind := keySteps(l.Value)
			if steps == nil || slices.Contains(steps, "") {
				continue
			}
			args := make([]string, len(steps))
			for i, s := range steps {
				if allDigitsRe.MatchString(s) {
					args[i] = s
				} else {
					args[i] = strconv.Quote(s)
				}
			}
			joined := strings.Join(args, ", ")
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("%s looks like %s, but each key of %s is one step of the JSON document (an attribute name or an array position), so wflint infers that this looks up a single attribute named %s; pass one argument per step: %s",
					grammar.QuoteString(l.Value), kind, f.Name, grammar.QuoteString(l.Value), joined),
				Fixes: []diag.Fix{{Title: "One argument per step", Edits: []diag.Edit{{Span: l.Span(), New: joined}}}}})
		}
	})
}
