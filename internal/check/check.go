// Package check type-checks a parsed Rules-language expression against a
// schema. It is the one type system of wflint: it resolves every name to its
// [schema.Field] or [schema.Function], records the [schema.Type] of every
// expression and value, and reports what the engine would reject as fatal
// diagnostics (each with the engine's error kind). Its result, a [Checked]
// expression, is what the analyzer's lint rules read and what the back ends
// (package eval, package chsql) compile, as cel-go's checker hands a checked
// AST to its planner; a back end that cannot run part of it exactly says so
// with the one [Refusal] type. Function calls are checked through a
// dispatch table with one entry per schema function, as each back end
// compiles them through its own.
//
// The package depends only on grammar, schema and diag.
package check

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Options configures one check.
type Options struct {
	// EngineCompat checks as the 2020 wirefilter engine would (32-bit
	// integers, single-byte hex strings).
	EngineCompat bool
	// Role is what the expression is for. A filter (the zero Role) and a
	// rate limit's counting expression are conditions: Bool. A value (a
	// rewrite, a header value, a redirect target; LANGUAGE.md §1) is one
	// field or function call without [*], of type ValueType when that is
	// set (any type when it is the zero Type).
	Role      schema.Role
	ValueType schema.Type
	// Phase is the ruleset phase the expression runs in, "" when unknown.
	// The check reads it only to offer fixes that the phase allows.
	Phase string
	// Regexes keeps what the check finds about each regex literal for
	// Checked.Regex, for a caller that asks (the analyzer does).
	Regexes bool
}

// Checker checks expressions one after another in the same memory: the
// Checked a Check returns, and its diagnostics, are valid until the
// Checker's next Check, which empties and fills it anew. A caller that is
// done with each result before the next check (a linter that keeps only
// the findings) spares its allocation. The zero Checker is ready for use;
// it serves one goroutine at a time.
type Checker struct{ out Checked }

// Check is [Check] in the checker's memory.
func (c *Checker) Check(x *grammar.Expression, s *schema.Schema, opts Options) (*Checked, diag.List) {
	c.out.empty()
	return checkInto(&c.out, x, s, opts)
}

// Checked is a type-checked expression: the syntax tree with the type of
// every checked node and the field or function each value names, asked
// through its methods (the representation is the checker's to choose). The
// zero Checked answers every question with "unknown".
type Checked struct {
	Expr   *grammar.Expression
	Schema *schema.Schema
	// Errors are the problems the check found; an expression with errors
	// is not evaluated.
	Errors diag.List

	// facts holds what the check found about each node, indexed by the
	// node's ID in Expr (a slice: far cheaper than maps keyed by
	// pointer). It holds no pointers, so the collector does not scan it:
	// types are numbers (see typeCode) and a value's field or function is in
	// refs. A node without an ID in Expr (built by hand, or of another
	// tree) is kept in extra instead.
	facts   []facts
	extra   map[grammar.Node]*facts
	typeTab []schema.Type // types beyond commonTypes
	refs    []ref
	regexes []parsedRegex // of the regex literals, in check order
	// spareErrs is the memory of an earlier check's Errors (see
	// Checker): Errors stays nil until there is an error.
	spareErrs diag.List
}

// facts are what the check records about one node.
type facts struct {
	typ    uint16 // see typeCode
	mapped bool   // a value whose own index suffixes contain [*]
	ref    int32  // 1 + index in refs of a value's field or function, or 0
}

// ref is the field or the function a value names.
type ref struct {
	field *schema.Field
	fn    *schema.Function
}

// find returns the facts recorded about n, or nil.
func (c *Checked) find(n grammar.Node) *facts {
	if c.Expr == nil {
		return nil
	}
	if id := c.Expr.NodeID(n); id > 0 && id < len(c.facts) {
		return &c.facts[id]
	}
	return c.extra[n]
}

// record returns the facts about n for the check to fill in.
func (c *Checked) record(n grammar.Node) *facts {
	if id := c.Expr.NodeID(n); id > 0 && id < len(c.facts) {
		return &c.facts[id]
	}
	f := c.extra[n]
	if f == nil {
		if c.extra == nil {
			c.extra = map[grammar.Node]*facts{}
		}
		f = &facts{}
		c.extra[n] = f
	}
	return f
}

// commonTypes are the types most expressions meet, numbered alike in every
// Checked; the zero Type is 0.
var commonTypes = []schema.Type{{}, schema.TypeBool, schema.TypeBytes, schema.TypeInt, schema.TypeIP, arrayBool,
	schema.ArrayOf(schema.TypeBytes), schema.ArrayOf(schema.TypeInt), schema.MapOf(schema.TypeBytes), schema.MapOf(schema.ArrayOf(schema.TypeBytes))}

// typeCode returns the number of t: its index in commonTypes, or past
// them in typeTab, where it is added. An expression meets only a handful of
// types, so a scan is faster than a map.
func (c *Checked) typeCode(t schema.Type) uint16 {
	for i, u := range commonTypes {
		if u == t {
			return uint16(i)
		}
	}
	for i, u := range c.typeTab {
		if u == t {
			return uint16(len(commonTypes) + i)
		}
	}
	if len(commonTypes)+len(c.typeTab) == 1<<16 {
		panic("check: too many distinct types") // a schema has far fewer
	}
	c.typeTab = append(c.typeTab, t)
	return uint16(len(commonTypes) + len(c.typeTab) - 1)
}

// typeAt returns the type numbered code by typeCode.
func (c *Checked) typeAt(code uint16) schema.Type {
	if int(code) < len(commonTypes) {
		return commonTypes[code]
	}
	return c.typeTab[int(code)-len(commonTypes)]
}

// refOf returns the field or function recorded for v.
func (c *Checked) refOf(v *grammar.Value) ref {
	if f := c.find(v); f != nil && f.ref > 0 {
		return c.refs[f.ref-1]
	}
	return ref{}
}

// setRef records in f, the facts of a value, the field or function it
// names.
func (c *Checked) setRef(f *facts, r ref) {
	c.refs = append(c.refs, r)
	f.ref = int32(len(c.refs))
}

// TypeOf returns the type recorded for n, or the zero Type.
func (c *Checked) TypeOf(n grammar.Node) schema.Type {
	if f := c.find(n); f != nil {
		return c.typeAt(f.typ)
	}
	return schema.Type{}
}

// FieldOf returns the field v names, or nil.
func (c *Checked) FieldOf(v *grammar.Value) *schema.Field { return c.refOf(v).field }

// FuncOf returns the function v calls, or nil.
func (c *Checked) FuncOf(v *grammar.Value) *schema.Function { return c.refOf(v).fn }

// IsMapped reports whether v's own index suffixes contain [*], so that its
// comparison applies per element.
func (c *Checked) IsMapped(v *grammar.Value) bool {
	f := c.find(v)
	return f != nil && f.mapped
}

// Valid reports whether the expression checked without errors.
func (c *Checked) Valid() bool { return c.Expr != nil && c.Expr.Root != nil && !c.Errors.HasErrors() }

// Check type-checks x against s (nil: schema.Feedback()). The diagnostics
// it returns are also kept in the result's Errors.
func Check(x *grammar.Expression, s *schema.Schema, opts Options) (*Checked, diag.List) {
	return checkInto(&Checked{}, x, s, opts)
}

// checkInto checks x into out, which is empty.
func checkInto(out *Checked, x *grammar.Expression, s *schema.Schema, opts Options) (*Checked, diag.List) {
	if s == nil {
		s = schema.Feedback()
	}
	out.Expr, out.Schema = x, s
	if x.Root != nil {
		if n := x.NodeCount() + 1; cap(out.facts) >= n {
			out.facts = out.facts[:n]
		} else {
			out.facts = make([]facts, n)
		}
		// A value comes with its comparison and mostly an operand: about
		// a third of the nodes are values.
		if cap(out.refs) < x.NodeCount()/3+1 {
			out.refs = make([]ref, 0, x.NodeCount()/3+1)
		}
		c := &checker{src: x.Src, schema: s, out: out, opts: opts}
		c.root(x.Root)
	}
	return out, out.Errors
}

// empty clears c for another check, keeping the capacity of its lists.
func (c *Checked) empty() {
	clear(c.facts)
	clear(c.refs)
	clear(c.typeTab)
	clear(c.regexes)
	errs := c.Errors
	if errs == nil {
		errs = c.spareErrs
	}
	clear(errs)
	*c = Checked{facts: c.facts[:0], refs: c.refs[:0], typeTab: c.typeTab[:0], regexes: c.regexes[:0], spareErrs: errs[:0]}
}

// checker resolves names and types. It reports problems the engine would
// reject as fatal diagnostics, each with the engine's error kind.
type checker struct {
	src    string
	schema *schema.Schema
	out    *Checked
	opts   Options
	// rootCmp is the expression when it is one comparison without an
	// operator (a bare value), for the missing-operator message.
	rootCmp *grammar.Comparison
}

func (c *checker) report(d diag.Diagnostic) *diag.Diagnostic {
	if c.out.Errors == nil {
		c.out.Errors = c.out.spareErrs
	}
	c.out.Errors = append(c.out.Errors, d)
	return &c.out.Errors[len(c.out.Errors)-1]
}

func (c *checker) errorf(rule string, kind grammar.ErrorKind, sp diag.Span, format string, args ...any) *diag.Diagnostic {
	return c.report(diag.Diagnostic{Span: sp, Severity: diag.Error, Rule: rule, Message: fmt.Sprintf(format, args...), EngineKind: string(kind)})
}

func (c *checker) literalErr(e *diag.Diagnostic) { c.report(*e) }

// set records t as the type of n.
func (c *checker) set(n grammar.Node, t schema.Type) schema.Type {
	c.out.record(n).typ = c.out.typeCode(t)
	return t
}

// root checks the whole expression: a condition (a filter, a counting
// expression) must be Bool; a value (rewrite and redirect targets, header
// values) must be one value without [*], of the parameter's type.
func (c *checker) root(e grammar.Expr) {
	if c.opts.Role == schema.RoleValue {
		c.valueRoot(e)
		return
	}
	if cmp, ok := e.(*grammar.Comparison); ok && cmp.Op == nil {
		c.rootCmp = cmp
	}
	t := c.expr(e)
	if t.IsValid() && t != schema.TypeBool {
		sp := e.Span()
		d := c.errorf("type-mismatch", "TypeMismatch", sp,
			"the expression must be a condition (Bool), but it is %s", t)
		if t == arrayBool {
			d.Message += "; wrap it in any(…) (at least one element matches) or all(…) (every element matches)"
			body := sp.Text(c.src)
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
	t, mapped := c.value(cmp.LHS)
	c.set(cmp, t)
	if mapped {
		c.errorf("type-mismatch", "TypeMismatch", cmp.Span(), "a value expression cannot iterate with `[*]`: it must produce one value")
		return
	}
	if want := c.opts.ValueType; want.IsValid() && t.IsValid() && t != want {
		c.valueTypeMismatch(cmp.LHS, t, want)
	}
}

// valueTypeMismatch reports a value of type t where its parameter takes
// want, with the way to get there when there is one.
func (c *checker) valueTypeMismatch(v *grammar.Value, t, want schema.Type) {
	sp := v.Span()
	text := sp.Text(c.src)
	wantText := want.String()
	if want == schema.TypeBytes {
		wantText = "a string (Bytes)"
	}
	d := c.errorf("type-mismatch", "TypeMismatch", sp, "this value must be %s, but `%s` is %s", wantText, text, t)
	if want != schema.TypeBytes {
		return
	}
	switch {
	case (t == schema.TypeInt || t == schema.TypeBool || t == schema.TypeIP) && c.phaseAllows("to_string"):
		d.Message += "; convert it with to_string(…)"
		d.Fixes = []diag.Fix{{Title: "Wrap in to_string(…)", Edits: []diag.Edit{{Span: sp, New: "to_string(" + text + ")"}}, Safe: true}}
	case t == schema.ArrayOf(schema.TypeBytes):
		d.Message += fmt.Sprintf("; take one element, such as `%s[0]`", text)
	case t == schema.MapOf(schema.ArrayOf(schema.TypeBytes)):
		d.Message += fmt.Sprintf("; take one key's first value, such as `%s[\"name\"][0]`", text)
	}
}

// phaseAllows reports whether a value in the checked phase may call the
// function name: the schema has it, it may appear in a value, and the
// phase (when known) allows it.
func (c *checker) phaseAllows(name string) bool {
	f, ok := c.schema.Function(name)
	if !ok || !f.AllowsRole(schema.RoleValue) {
		return false
	}
	p, known := schema.LookupPhase(c.opts.Phase)
	return !known || p.FunctionUnavailable(f) == ""
}

// buildsValue reports whether v calls a function that builds a value:
// concat, or a function only values may call (regex_replace, to_string, …).
func (c *checker) buildsValue(v *grammar.Value) bool {
	f := c.out.FuncOf(v) // resolved by the check of v
	return f != nil && (f.Name == "concat" || !f.AllowsRole(schema.RoleFilter))
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

var (
	arrayBool = schema.ArrayOf(schema.TypeBool)
	mapBool   = schema.MapOf(schema.TypeBool)
)
