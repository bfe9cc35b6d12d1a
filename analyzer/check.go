package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// TypeInfo records what the checker learned about each node, for rules,
// hover and the evaluator.
type TypeInfo struct {
	// Types holds the type of every checked expression and value.
	Types map[grammar.Node]schema.Type
	// Fields and Funcs map each value to the field or function it names.
	Fields map[*grammar.Value]*schema.Field
	Funcs  map[*grammar.Value]*schema.Function
	// Mapped marks values whose own index suffixes contain [*]: their
	// comparison is applied per element.
	Mapped map[*grammar.Value]bool
}

// TypeOf returns the type recorded for n, or the zero Type.
func (ti *TypeInfo) TypeOf(n grammar.Node) schema.Type { return ti.Types[n] }

// checker resolves names and types. It reports problems the engine would
// reject as fatal diagnostics, each with the engine's error kind.
type checker struct {
	pass *Pass
	info *TypeInfo
	opts *Options
}

func (c *checker) errorf(rule string, kind grammar.ErrorKind, sp diag.Span, format string, args ...any) *diag.Diagnostic {
	d := diag.Diagnostic{Span: sp, Severity: diag.Error, Rule: rule, Message: fmt.Sprintf(format, args...), EngineKind: string(kind)}
	return c.pass.report(d)
}

func (c *checker) literalErr(e *diag.Diagnostic) {
	c.pass.report(*e)
}

func (c *checker) set(n grammar.Node, t schema.Type) schema.Type {
	c.info.Types[n] = t
	return t
}

// root checks the whole expression: a filter must be Bool; a value
// expression (rewrite and redirect targets) must be one value without [*].
func (c *checker) root(e grammar.Expr) {
	if c.opts.ValueExpr {
		c.valueRoot(e)
		return
	}
	t := c.expr(e)
	if t.IsValid() && t != schema.TypeBool {
		sp := e.Span()
		d := c.errorf("type-mismatch", "TypeMismatch", sp,
			"the expression must be a condition (Bool), but it is %s", t)
		if t == schema.ArrayOf(schema.TypeBool) {
			d.Message += "; wrap it in any(…) (at least one element matches) or all(…) (every element matches)"
			body := sp.Text(c.pass.Src)
			if _, ok := grammar.Unparen(e).(*grammar.Logical); ok {
				// A logical argument needs its own parentheses: any((a and b)).
				if _, isParen := e.(*grammar.Paren); !isParen {
					body = "(" + body + ")"
				}
			} else {
				body = stripParens(body)
			}
			d.Fixes = []diag.Fix{{Title: "Wrap in any(…)", Edits: []diag.Edit{{Span: sp, New: "any(" + body + ")"}}}}
		}
	}
}

func (c *checker) valueRoot(e grammar.Expr) {
	cmp, ok := e.(*grammar.Comparison)
	if !ok || cmp.Op != nil {
		if _, bad := e.(*grammar.BadExpr); !bad {
			c.errorf("type-mismatch", "TypeMismatch", e.Span(),
				"a value expression is a single field or function call, such as `concat(\"https://example.com\", http.request.uri.path)`; conditions belong in the rule's filter expression")
		}
		c.expr(e)
		return
	}
	t := c.value(cmp.LHS)
	c.set(cmp, t)
	if c.info.Mapped[cmp.LHS] {
		c.errorf("type-mismatch", "TypeMismatch", cmp.Span(), "a value expression cannot iterate with `[*]`: it must produce one value")
	}
}

func stripParens(s string) string {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		if x, errs := grammar.Parse(s); len(errs) == 0 {
			if p, ok := x.Root.(*grammar.Paren); ok && p.Span().Start == 0 && int(p.Span().End) == len(s) {
				return s[1 : len(s)-1]
			}
		}
	}
	return s
}

var arrayBool = schema.ArrayOf(schema.TypeBool)

func (c *checker) expr(e grammar.Expr) schema.Type {
	switch e := e.(type) {
	case *grammar.Logical:
		var first schema.Type
		mismatch := false
		for _, x := range e.Operands {
			t := c.expr(x)
			if !t.IsValid() {
				continue
			}
			if t != schema.TypeBool && !t.IsArray() {
				c.errorf("type-mismatch", "TypeMismatch", x.Span(), "`%s` needs conditions on both sides, but this is %s", e.Op, t)
				mismatch = true
				continue
			}
			if !first.IsValid() {
				first = t
			} else if (first == schema.TypeBool) != (t == schema.TypeBool) {
				c.errorf("type-mismatch", "TypeMismatch", x.Span(),
					"cannot combine %s with %s using `%s`: reduce the per-element result with any(…) or all(…)", first, t, e.Op)
				mismatch = true
			}
		}
		if mismatch {
			return c.set(e, schema.Type{})
		}
		if !first.IsValid() {
			first = schema.TypeBool
		}
		return c.set(e, first)
	case *grammar.Not:
		return c.set(e, c.expr(e.X))
	case *grammar.Paren:
		return c.set(e, c.expr(e.X))
	case *grammar.Comparison:
		return c.set(e, c.comparison(e))
	case *grammar.Literal:
		c.errorf("type-mismatch", "TypeMismatch", e.Span(), "a literal cannot be used as a condition")
		return schema.Type{}
	}
	return schema.Type{} // BadExpr: already reported
}

// lookup resolves a dotted name and reports unknown names.
func (c *checker) lookup(v *grammar.Value) schema.LookupResult {
	name := v.Name.Text
	r := c.pass.Schema.Lookup(name)
	switch r.Status {
	case schema.Found:
		return r
	case schema.NotInProfile:
		if r.Field != nil && c.pass.Schema.Profile() == "feedback" {
			d := c.errorf("not-feedback-field", "", v.Name.Span,
				"`%s` is a Rules-language field (%s) but not one of the documented feedback-expression fields; Cloudflare cannot match feedback on it", name, r.Field.Type)
			d.Related = nil
			if c.opts.EngineCompat {
				d.EngineKind = "UnknownIdentifier"
			}
			// Keep checking with the Rules type so other mistakes still show.
			return schema.LookupResult{Status: schema.Found, Field: r.Field}
		}
		what := "field"
		if r.Function != nil {
			what = "function"
		}
		d := c.errorf("unknown-field", "UnknownIdentifier", v.Name.Span, "`%s` is a Rules-language %s, but it is not available in the %q profile", name, what, c.pass.Schema.Profile())
		_ = d
		return schema.LookupResult{Status: schema.Found, Field: r.Field, Function: r.Function}
	}
	msg := fmt.Sprintf("unknown field or function `%s`", name)
	sugg := c.pass.Schema.Suggest(name)
	var fixes []diag.Fix
	if len(sugg) > 0 {
		msg += "; did you mean `" + strings.Join(sugg, "`, `") + "`?"
		for _, s := range sugg {
			fixes = append(fixes, diag.Fix{Title: "Use " + s, Edits: []diag.Edit{{Span: v.Name.Span, New: s}}})
		}
	}
	rule := "unknown-field"
	if v.Call != nil {
		rule = "unknown-function"
	}
	d := c.errorf(rule, "UnknownIdentifier", v.Name.Span, "%s", msg)
	d.Fixes = fixes
	return r
}

// value returns the type of a value after its index suffixes, and whether
// the value iterates with [*].
func (c *checker) value(v *grammar.Value) schema.Type {
	r := c.lookup(v)
	var t schema.Type
	switch {
	case r.Field != nil:
		c.info.Fields[v] = r.Field
		if v.Call != nil {
			c.errorf("unknown-function", "UnknownIdentifier", v.Name.Span, "`%s` is a field, not a function", v.Name.Text)
			c.args(v, nil)
			return schema.Type{}
		}
		if c.opts.DeprecationWarnings && c.pass.Schema.DeprecationApplies(r.Field.Name) {
			_ = r // reported by the deprecated-field rule
		}
		t = r.Field.Type
	case r.Function != nil:
		c.info.Funcs[v] = r.Function
		if v.Call == nil {
			c.errorf("unknown-field", "UnknownIdentifier", v.Name.Span, "`%s` is a function: call it with arguments, as in `%s`", v.Name.Text, r.Function.Signature())
			return schema.Type{}
		}
		t = c.call(v, r.Function)
	default:
		if v.Call != nil {
			c.args(v, nil)
		}
		return schema.Type{}
	}
	for _, ix := range v.Indexes {
		if !t.IsValid() {
			break
		}
		switch ix.Kind {
		case grammar.IndexElem:
			if n, _ := ix.Lit.Index(); c.opts.EngineCompat && n > math.MaxInt32 {
				c.errorf("int-overflow", "ParseInt", ix.Lit.Span(), "index %d does not fit in the 2020 engine's 32-bit integers", n)
				return schema.Type{}
			}
			if !t.IsArray() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot index %s with a number; only arrays take `[N]`%s", t, mapHint(t))
				return schema.Type{}
			}
		case grammar.IndexKey:
			if !t.IsMap() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot index %s with a key; only maps take `[\"key\"]`", t)
				return schema.Type{}
			}
		case grammar.IndexStar:
			if !t.IsContainer() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot iterate %s with `[*]`; only arrays and maps can be iterated", t)
				return schema.Type{}
			}
			c.info.Mapped[v] = true
		}
		t = t.Elem()
		c.set(ix, t)
	}
	return c.set(v, t)
}

func mapHint(t schema.Type) string {
	if t.IsMap() {
		return "; maps take `[\"key\"]`"
	}
	return ""
}

// call checks a function call and returns its result type.
func (c *checker) call(v *grammar.Value, f *schema.Function) schema.Type {
	args := v.Call.Args
	if f.Quantifier {
		if len(args) != 1 {
			c.errorf("argument-count", "InvalidArgumentsCount", v.Call.Span(), "%s takes exactly one argument, got %d", f.Name, len(args))
			for _, a := range args {
				c.argExpr(a)
			}
			return schema.TypeBool
		}
		if l, ok := args[0].(*grammar.Literal); ok {
			c.errorf("argument-kind", "InvalidArgumentKind", l.Span(), "%s needs a per-element condition such as `%s(http.request.headers.names[*] == \"x\")`, not a literal", f.Name, f.Name)
			return schema.TypeBool
		}
		t := c.argExpr(args[0])
		if t.IsValid() && t != arrayBool {
			c.errorf("type-mismatch", "TypeMismatch", args[0].Span(),
				"%s needs a per-element condition (Array<Bool>), such as `%s(http.request.headers.names[*] == \"x\")`; this is %s", f.Name, f.Name, t)
		}
		return schema.TypeBool
	}
	types := c.args(v, f)
	ret, aerr := f.CheckArgs(types)
	if aerr != nil {
		if aerr.Index < 0 {
			c.errorf("argument-count", "InvalidArgumentsCount", v.Call.Span(), "%s; the signature is %s", aerr.Msg, f.Signature())
		} else {
			c.errorf("argument-type", "InvalidArgumentType", args[aerr.Index].Span(), "%s", aerr.Msg)
		}
	}
	if c.callMapped(v) && ret.IsValid() {
		ret = schema.ArrayOf(ret)
	}
	return ret
}

// callMapped reports whether the first argument of the call iterates with
// [*] as a bare value, which applies the function per element.
func (c *checker) callMapped(v *grammar.Value) bool {
	if len(v.Call.Args) == 0 {
		return false
	}
	cmp, ok := v.Call.Args[0].(*grammar.Comparison)
	return ok && cmp.Op == nil && c.info.Mapped[cmp.LHS]
}

// args checks each argument and returns the types CheckArgs expects. f is
// nil when the callee is unknown: arguments are still checked.
func (c *checker) args(v *grammar.Value, f *schema.Function) []schema.Type {
	types := make([]schema.Type, len(v.Call.Args))
	for i, a := range v.Call.Args {
		var p *schema.Param
		if f != nil {
			p = f.Param(i)
		}
		if l, ok := a.(*grammar.Literal); ok {
			if p != nil && !p.Kind.AllowsLiteral() {
				c.errorf("argument-kind", "InvalidArgumentKind", l.Span(), "argument %d (%s) of %s must be a field or function call, not a literal", i+1, p.Name, f.Name)
			}
			types[i] = c.argLiteral(l, p, f, i)
			continue
		}
		if p != nil && p.Kind == schema.ArgLiteral {
			c.errorf("argument-kind", "InvalidArgumentKind", a.Span(), "argument %d (%s) of %s must be a literal, such as %s", i+1, p.Name, f.Name, literalExample(p))
		}
		if cmp, ok := a.(*grammar.Comparison); ok && cmp.Op == nil {
			t := c.value(cmp.LHS)
			c.set(cmp, t)
			if c.info.Mapped[cmp.LHS] {
				if i > 0 {
					c.errorf("map-each-argument", "InvalidMapEachAccess", a.Span(), "`[*]` may only be used in the first argument of a function")
				}
			}
			types[i] = t
			continue
		}
		types[i] = c.argExpr(a)
	}
	return types
}

func literalExample(p *schema.Param) string {
	for _, t := range p.Types {
		switch t {
		case schema.TypeInt:
			return "`1`"
		case schema.TypeIP:
			return "`192.0.2.1`"
		}
	}
	return "`\"text\"`"
}

func (c *checker) argExpr(a grammar.Expr) schema.Type {
	return c.expr(a)
}

// argLiteral interprets a literal argument for the parameter's type(s), in
// the engine's order: IP, then integer, then bytes.
func (c *checker) argLiteral(l *grammar.Literal, p *schema.Param, f *schema.Function, i int) schema.Type {
	if l.IsString() {
		if p != nil {
			if ok, msg := p.CheckLiteralString(l.Value); !ok {
				c.errorf("argument-value", "InvalidArgumentValue", l.Span(), "argument %d (%s) of %s: %s", i+1, p.Name, f.Name, msg)
			}
		}
		return schema.TypeBytes
	}
	if l.Kind == grammar.LitRegex {
		return schema.TypeBytes
	}
	accepts := func(t schema.Type) bool {
		if p == nil {
			return true
		}
		for _, pt := range p.Types {
			if pt == t || pt.IsGeneric() {
				return true
			}
		}
		return false
	}
	if accepts(schema.TypeIP) {
		if _, err := l.IP(); err == nil {
			return schema.TypeIP
		}
	}
	if !accepts(schema.TypeInt) && intLexemeValid(l.Raw) {
		// The engine reads a leading integer before it tries hex bytes, so
		// starts_with(http.host, 61:62) is a type error (61 is an Int) while
		// remove_bytes(http.host, 2d:2e) is bytes (2d is no integer).
		c.errorf("argument-type", "InvalidArgumentType", l.Span(), "argument %d of %s must be %s; `%s` is read as a number: write strings in double quotes", i+1, f.Name, p.TypeString(), l.Raw)
		return schema.Type{}
	}
	if accepts(schema.TypeInt) {
		v, err := l.Int()
		if err == nil {
			if e := c.intRange(l, v); e == nil && p != nil {
				if ok, msg := p.CheckLiteralInt(v); !ok {
					c.errorf("argument-value", "InvalidArgumentValue", l.Span(), "argument %d (%s) of %s: %s", i+1, p.Name, f.Name, msg)
				}
			}
			return schema.TypeInt
		}
		if !accepts(schema.TypeBytes) {
			c.literalErr(err)
			return schema.Type{}
		}
	}
	if _, err := c.bytesLit(l); err != nil {
		c.literalErr(err)
		return schema.Type{}
	}
	return schema.TypeBytes
}

// intRange enforces the engine's integer width: i64 in the product, i32 in
// the 2020 engine used as a test oracle.
func (c *checker) intRange(l *grammar.Literal, v int64) *diag.Diagnostic {
	if c.opts.EngineCompat && (v > math.MaxInt32 || v < math.MinInt32) {
		e := grammar.SyntaxError(grammar.ParseInt, "int-overflow", l.Span(), fmt.Sprintf("%d does not fit in the 2020 engine's 32-bit integers", v))
		c.literalErr(&e)
		return &e
	}
	return nil
}

// bytesLit interprets a literal as bytes. The product requires at least two
// bytes in a hex byte string; the 2020 engine also accepts one.
func (c *checker) bytesLit(l *grammar.Literal) ([]byte, *diag.Diagnostic) {
	b, err := l.Bytes()
	if err != nil {
		return nil, err
	}
	if l.Kind == grammar.LitBare && len(b) < 2 && !c.opts.EngineCompat {
		e := grammar.SyntaxError(grammar.CountMismatch, "invalid-bytes", l.Span(),
			fmt.Sprintf("`%s` is not a string: strings are written in double quotes (\"%s\")", l.Raw, l.Raw),
			diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(l.Raw)}}})
		return nil, &e
	}
	return b, nil
}

var opsByType = map[schema.Kind]map[grammar.CmpKind]bool{
	schema.KindBytes: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpContains: true, grammar.OpMatches: true, grammar.OpWildcard: true, grammar.OpStrictWildcard: true, grammar.OpIn: true},
	schema.KindInt: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpIn: true, grammar.OpBitAnd: true},
	schema.KindIP: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpIn: true},
}

func (c *checker) comparison(cmp *grammar.Comparison) schema.Type {
	t := c.value(cmp.LHS)
	if !t.IsValid() {
		return schema.Type{}
	}
	mapped := c.info.Mapped[cmp.LHS]
	lhs := cmp.LHS.Span()
	if cmp.Op == nil {
		switch {
		case t == schema.TypeBool:
			if mapped {
				return arrayBool
			}
			return schema.TypeBool
		case !mapped && (t == arrayBool || t == schema.MapOf(schema.TypeBool)):
			return t
		}
		d := c.errorf("missing-operator", "ExpectedName", diag.Span{Start: lhs.End, End: lhs.End},
			"`%s` is %s, not a condition: compare it with an operator, for example %s", lhs.Text(c.pass.Src), t, exampleFor(lhs.Text(c.pass.Src), t))
		d.Span = lhs
		return schema.Type{}
	}
	op := cmp.Op
	if t == schema.TypeBool {
		d := c.errorf("bool-compared", "EOF", op.Span.Cover(cmp.RHS.Span()),
			"`%s` is a Bool: it is a condition by itself and cannot be compared; write `%s` or `not %s`", lhs.Text(c.pass.Src), lhs.Text(c.pass.Src), lhs.Text(c.pass.Src))
		d.Fixes = []diag.Fix{{Title: "Remove the comparison", Edits: []diag.Edit{{Span: diag.Span{Start: lhs.End, End: cmp.RHS.Span().End}, New: ""}}}}
		return schema.Type{}
	}
	if t.IsContainer() {
		hint := "use an index such as `[0]`, or `[*]` inside any(…)"
		if t.IsMap() {
			hint = "use a key such as `[\"name\"]`"
		}
		c.errorf("unsupported-operator", "UnsupportedOp", op.Span, "cannot use `%s` on %s (a whole %s): %s", op.Text, t, kindWord(t), hint)
		return schema.Type{}
	}
	if !opsByType[t.Kind()][op.Kind] {
		c.errorf("unsupported-operator", "UnsupportedOp", op.Span, "`%s` does not work on %s values%s", op.Text, t, opHint(t, op.Kind))
		return schema.Type{}
	}
	c.rhs(cmp, t)
	if mapped {
		return arrayBool
	}
	return schema.TypeBool
}

func kindWord(t schema.Type) string {
	if t.IsMap() {
		return "map"
	}
	return "array"
}

func opHint(t schema.Type, k grammar.CmpKind) string {
	switch {
	case t == schema.TypeIP && (k == grammar.OpContains || k == grammar.OpMatches || k == grammar.OpWildcard || k == grammar.OpStrictWildcard):
		return "; to match a network use `in {192.0.2.0/24}`"
	case t == schema.TypeInt && (k == grammar.OpContains || k == grammar.OpMatches || k == grammar.OpWildcard || k == grammar.OpStrictWildcard):
		return "; compare numbers with eq, lt, gt, or `in {1..10}`"
	case t == schema.TypeBytes && k == grammar.OpBitAnd:
		return "; `&` works on integers"
	}
	return ""
}

func exampleFor(name string, t schema.Type) string {
	switch t {
	case schema.TypeInt:
		return "`" + name + " gt 10`"
	case schema.TypeIP:
		return "`" + name + " in {192.0.2.0/24}`"
	case schema.TypeBytes:
		return "`" + name + " eq \"value\"`"
	}
	if t.IsArray() {
		return "`any(" + name + "[*] eq \"value\")`"
	}
	return "`" + name + "[\"key\"][0] eq \"value\"`"
}

// rhs interprets the right-hand side for the left-hand type t (§5).
func (c *checker) rhs(cmp *grammar.Comparison, t schema.Type) {
	op := cmp.Op.Kind
	switch r := cmp.RHS.(type) {
	case *grammar.ListRef:
		c.listRef(r, t)
	case *grammar.Set:
		for _, it := range r.Items {
			c.setItem(it, t)
		}
	case *grammar.Literal:
		switch op {
		case grammar.OpMatches:
			c.regex(r)
		case grammar.OpWildcard, grammar.OpStrictWildcard:
			c.wildcard(r)
		case grammar.OpContains:
			if r.Kind == grammar.LitBare {
				if _, err := c.bytesLit(r); err != nil {
					c.literalErr(err)
				}
			}
		default:
			c.scalar(r, t, op)
		}
	}
}

func (c *checker) scalar(l *grammar.Literal, t schema.Type, op grammar.CmpKind) {
	switch t {
	case schema.TypeBytes:
		if _, err := c.bytesLit(l); err != nil {
			c.literalErr(err)
		}
	case schema.TypeInt:
		if l.Kind != grammar.LitBare {
			d := diag.Diagnostic{Span: l.Span(), Severity: diag.Error, Rule: "quoted-number", EngineKind: "ExpectedName",
				Message: "expected digit: numbers are written without quotes"}
			if _, err := (&grammar.Literal{Kind: grammar.LitBare, Raw: l.Value}).Int(); err == nil && l.IsString() {
				d.Fixes = []diag.Fix{{Title: "Remove the quotes", Edits: []diag.Edit{{Span: l.Span(), New: l.Value}}}}
			}
			c.pass.report(d)
			return
		}
		v, err := l.Int()
		if err != nil {
			c.literalErr(err)
			return
		}
		c.intRange(l, v)
	case schema.TypeIP:
		if l.Kind != grammar.LitBare {
			c.quotedIP(l, false)
			return
		}
		if _, err := l.IP(); err != nil {
			c.literalErr(err)
		}
	}
}

// quotedIP explains an IP compared with a string. The feedback docs list
// ip.src as a "string", so this mistake is common in feedback reports.
func (c *checker) quotedIP(l *grammar.Literal, inSet bool) {
	d := diag.Diagnostic{Span: l.Span(), Severity: diag.Error, Rule: "quoted-ip", EngineKind: "ExpectedName",
		Message: "IP addresses are written without quotes: this field is an IP address, not a string (the feedback documentation calls ip.src a string, but the language compares it as an IP)"}
	if l.IsString() {
		probe := &grammar.Literal{Kind: grammar.LitBare, Raw: l.Value}
		_, err := probe.IP()
		if inSet {
			_, err = probe.IPSetItem()
		}
		if err == nil {
			d.Fixes = []diag.Fix{{Title: "Remove the quotes", Edits: []diag.Edit{{Span: l.Span(), New: l.Value}}}}
		}
	}
	c.pass.report(d)
}

func (c *checker) setItem(l *grammar.Literal, t schema.Type) {
	switch t {
	case schema.TypeBytes:
		if l.Kind == grammar.LitRegex {
			return
		}
		if _, err := c.bytesLit(l); err != nil {
			c.literalErr(err)
		}
	case schema.TypeInt:
		if l.Kind != grammar.LitBare {
			c.scalar(l, t, grammar.OpIn)
			return
		}
		lo, hi, _, err := l.IntRange()
		if err != nil {
			c.literalErr(err)
			return
		}
		if c.intRange(l, lo) == nil {
			c.intRange(l, hi)
		}
	case schema.TypeIP:
		if l.Kind != grammar.LitBare {
			c.quotedIP(l, true)
			return
		}
		if _, err := l.IPSetItem(); err != nil {
			c.literalErr(err)
		}
	}
}

func (c *checker) listRef(r *grammar.ListRef, t schema.Type) {
	if t != schema.TypeIP && t != schema.TypeBytes && t != schema.TypeInt {
		c.errorf("unsupported-operator", "UnsupportedOp", r.Span(), "lists hold IPs, hostnames or ASNs; %s values cannot be looked up in a list", t)
		return
	}
	if l, ok := c.pass.Schema.List(r.Name); ok {
		if !l.Accepts(t) {
			c.errorf("list-type", "", r.Span(), "`$%s` is a list of %s, but the value is %s", r.Name, l.ElemType(), t)
		}
	}
}

// regex checks a regex literal with Go's parser in Perl mode, which accepts
// the syntax shared with Rust's regex crate.
func (c *checker) regex(l *grammar.Literal) {
	if l.Kind == grammar.LitBare {
		c.errorf("regex-literal", "ParseInt", l.Span(), "a regex must be a quoted or raw string, such as r\"^/api/\"")
		return
	}
	if l.Kind == grammar.LitString {
		return // a §3.1 string cannot reach here: the lexer reads regex mode
	}
	if msg := RegexError(l.Value, c.opts.EngineCompat); msg != "" {
		c.errorf("invalid-regex", "ParseRegex", l.Span(), "invalid regex: %s", msg)
	}
}

// RegexError returns why a Rules-language regex does not compile, or "".
// The engine uses Rust's regex crate in byte mode (Unicode off). Go's
// regexp/syntax in Perl mode accepts nearly the same syntax; the
// differences handled here are Rust's flags u and x, its \u escapes, its
// acceptance of nested repetition (a**), its 250-level nesting limit, and
// Unicode-only features (non-ASCII literals, \p classes) that need (?u).
// With engine2020 set, escaping punctuation that is not a regex
// metacharacter (\" or \/) is an error, as in regex 1.3; current versions
// of the crate accept it.
func RegexError(re string, engine2020 bool) string {
	unicode := strings.Contains(re, "(?u") || strings.Contains(re, "(?iu") || strings.Contains(re, "(?su")
	depth, maxDepth := 0, 0
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\' && i+1 < len(re):
			n := re[i+1]
			if engine2020 && n < 0x80 && !isAlnum(n) && !strings.ContainsRune(`\.+*?()|[]{}^$#&-~`, rune(n)) && n != ' ' {
				return "unrecognized escape sequence `\\" + string(n) + "`"
			}
			i++
		case c == '(' || c == '[':
			depth++
			if depth > maxDepth {
				maxDepth = depth
			}
		case c == ')' || c == ']':
			depth--
		case c >= 0x80 && !unicode:
			return "non-ASCII characters need Unicode mode: start the regex with (?u), or match the bytes with \\xHH escapes"
		}
	}
	if maxDepth > 250 {
		return "the regex nests more than 250 groups or classes"
	}
	verbose := false
	goRe := rustFlags.ReplaceAllStringFunc(re, func(m string) string {
		if strings.Contains(m, "x") {
			verbose = true
		}
		out := strings.NewReplacer("u", "", "x", "").Replace(m)
		if out == "(?)" {
			return ""
		}
		if out == "(?:" || out == "(?-:" {
			return "(?:"
		}
		return out
	})
	if verbose {
		return "" // Go has no verbose mode; accept rather than guess
	}
	goRe = rustUnicodeEscape.ReplaceAllString(goRe, `\x{$1$2}`)
	if !unicode {
		for _, m := range rustUnicodeEscapeValue.FindAllStringSubmatch(goRe, -1) {
			if v, err := strconv.ParseUint(m[1], 16, 32); err != nil || v > 0x7f {
				return "Unicode escapes above \\x7F need Unicode mode: start the regex with (?u)"
			}
		}
		if strings.Contains(goRe, `\p`) || strings.Contains(goRe, `\P`) {
			return "Unicode classes such as \\p{L} need Unicode mode: start the regex with (?u)"
		}
	}
	if _, err := syntax.Parse(goRe, syntax.Perl); err != nil {
		if e, ok := err.(*syntax.Error); ok {
			if e.Code == syntax.ErrInvalidRepeatOp {
				return "" // Rust accepts nested repetition such as a**
			}
			return fmt.Sprintf("%s `%s`", e.Code, e.Expr)
		}
		return err.Error()
	}
	return ""
}

var (
	rustFlags              = regexp.MustCompile(`\(\?[imsUux-]*[:)]`)
	rustUnicodeEscape      = regexp.MustCompile(`\\[uU](?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4,8}))`)
	rustUnicodeEscapeValue = regexp.MustCompile(`\\x\{([0-9A-Fa-f]+)\}`)
)

// intLexemeValid reports whether the engine's integer lexer, which takes an
// optional minus and then every following hex digit (or 0x and hex digits),
// reads a valid integer at the start of raw.
func intLexemeValid(raw string) bool {
	i := 0
	if strings.HasPrefix(raw, "-") {
		i = 1
	}
	if strings.HasPrefix(raw[i:], "0x") {
		j := i + 2
		for j < len(raw) && isHexDigit(raw[j]) {
			j++
		}
		return j > i+2
	}
	j := i
	for j < len(raw) && isHexDigit(raw[j]) {
		j++
	}
	if j == i {
		return false
	}
	_, err := (&grammar.Literal{Kind: grammar.LitBare, Raw: raw[:j]}).Int()
	return err == nil
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// wildcard checks a wildcard pattern (§3.10).
func (c *checker) wildcard(l *grammar.Literal) {
	if !l.IsString() {
		c.errorf("wildcard-literal", "ParseInt", l.Span(), "a wildcard pattern must be a quoted or raw string")
		return
	}
	if msg := WildcardError(l.Value); msg != "" {
		c.errorf("invalid-wildcard", "ParseWildcard", l.Span(), "invalid wildcard: %s", msg)
	}
}

// WildcardError returns why a decoded wildcard pattern is invalid, or "".
func WildcardError(p string) string {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 >= len(p) || (p[i+1] != '*' && p[i+1] != '\\') {
				return "only `\\*` (a literal star) and `\\\\` (a literal backslash) may be escaped in a wildcard"
			}
			i++
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				return "wildcard contains a double star `**`; one `*` already matches any run of characters"
			}
		}
	}
	return ""
}
