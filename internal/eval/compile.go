package eval

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/wflint/wflint/internal/diag"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Backend is the evaluator's name in its refusals ([check.Refusal]).
const Backend = "eval"

// Option tunes Compile.
type Option func(*config)

type config struct {
	neMissing bool
	lists     ListProvider
}

// WithNotEqualOnMissing sets the result of `!=` when its left side is
// missing (LANGUAGE.md §6.4). The default, false, is the Cloudflare product's
// documented behaviour: every comparison with a missing value is false. Pass
// true for the open-source engine's default (`set_nil_not_equal_behavior`),
// where `!=` on a missing value is true.
func WithNotEqualOnMissing(v bool) Option { return func(c *config) { c.neMissing = v } }

// WithLists supplies the lists that `in $name` may name. Without it, or when
// the provider does not know a name, such a comparison is refused at compile
// time.
func WithLists(p ListProvider) Option { return func(c *config) { c.lists = p } }

// Program is a compiled filter expression. It is immutable and safe for
// concurrent use.
type Program[R any] struct {
	match  func(R) bool
	fields []string
}

// Match evaluates the filter against one record.
func (p *Program[R]) Match(rec R) bool { return p.match(rec) }

// Fields returns the names of the fields the program reads, sorted and
// without duplicates. The slice must not be modified.
func (p *Program[R]) Fields() []string { return p.fields }

// Compile turns a type-checked expression into a Program over records of
// type R. Types, fields and functions come from the check (package check is
// the one type system: Compile does not check types again); field values
// come from binding. An expression with check errors is refused with the
// first of them. What the check accepts but this package cannot evaluate
// exactly is refused too: a function this package does not implement, a
// field the binding cannot provide, a list it was not given, or a regex the
// evaluator cannot reproduce faithfully. Every refusal is a
// *check.Refusal from Backend with the byte span of the offending node.
func Compile[R any](x *check.Checked, binding Binding[R], opts ...Option) (*Program[R], error) {
	if r := x.Refusal(Backend); r != nil {
		return nil, r
	}
	c := &compiler[R]{src: x.Expr.Src, info: x, binding: binding, used: map[string]bool{}}
	for _, o := range opts {
		o(&c.cfg)
	}
	b, err := c.boolExpr(x.Expr.Root)
	if err != nil {
		return nil, err
	}
	p := &Program[R]{match: b.one}
	for f := range c.used {
		p.fields = append(p.fields, f)
	}
	sort.Strings(p.fields)
	return p, nil
}

type compiler[R any] struct {
	src     string
	info    *check.Checked
	binding Binding[R]
	cfg     config
	used    map[string]bool
	funcs   map[string]funcEntry[R] // see funcTable; built at the first call
}

// errf refuses the node n.
func (c *compiler[R]) errf(n grammar.Node, format string, args ...any) *check.Refusal {
	return c.errAt(n.Span(), format, args...)
}

// errAt refuses what is at sp.
func (c *compiler[R]) errAt(sp diag.Span, format string, args ...any) *check.Refusal {
	return check.Refuse(Backend, c.src, sp, fmt.Sprintf(format, args...))
}

// seq iterates the elements produced by `[*]` (or by a function applied to
// each of them). ok is false for an element that is missing (an index past
// the end of an inner array, say). yield returns false to stop early.
type seq[R, G any] func(r R, yield func(v G, ok bool) bool)

// boolNode is a compiled logical expression: either a Bool (one) or an
// Array<Bool> (arr).
type boolNode[R any] struct {
	one func(R) bool
	arr seq[R, bool]
	// quant, when set, computes any (all=false) or all (all=true) over arr
	// with a plain loop, without allocating.
	quant func(r R, all bool) bool
}

func (c *compiler[R]) boolExpr(e grammar.Expr) (boolNode[R], error) {
	switch e := e.(type) {
	case *grammar.Paren:
		return c.boolExpr(e.X)
	case *grammar.Not:
		x, err := c.boolExpr(e.X)
		if err != nil {
			return x, err
		}
		if x.arr != nil {
			a := x.arr
			return boolNode[R]{arr: func(r R, y func(bool, bool) bool) {
				a(r, func(v, ok bool) bool { return y(!(ok && v), true) })
			}}, nil
		}
		f := x.one
		return boolNode[R]{one: func(r R) bool { return !f(r) }}, nil
	case *grammar.Logical:
		return c.logical(e)
	case *grammar.Comparison:
		return c.comparison(e)
	case *grammar.BadExpr:
		return boolNode[R]{}, c.errf(e, "the expression has a syntax error here")
	}
	return boolNode[R]{}, c.errf(e, "unsupported expression %T", e)
}

func (c *compiler[R]) logical(e *grammar.Logical) (boolNode[R], error) {
	ops := make([]boolNode[R], len(e.Operands))
	arrays := 0
	for i, o := range e.Operands {
		b, err := c.boolExpr(o)
		if err != nil {
			return b, err
		}
		if b.arr != nil {
			arrays++
		}
		ops[i] = b
	}
	if arrays == 0 {
		fs := make([]func(R) bool, len(ops))
		for i, o := range ops {
			fs[i] = o.one
		}
		return boolNode[R]{one: logicalOne(e.Op, fs)}, nil
	}
	// Element-wise over Array<Bool>, truncated to the shortest operand.
	as := make([]seq[R, bool], len(ops))
	for i, o := range ops {
		as[i] = o.arr
	}
	op := e.Op
	return boolNode[R]{arr: func(r R, y func(bool, bool) bool) {
		cols := make([][]bool, len(as))
		n := -1
		for i, a := range as {
			a(r, func(v, ok bool) bool { cols[i] = append(cols[i], ok && v); return true })
			if n < 0 || len(cols[i]) < n {
				n = len(cols[i])
			}
		}
		for j := 0; j < n; j++ {
			acc := cols[0][j]
			for _, col := range cols[1:] {
				switch op {
				case grammar.And:
					acc = acc && col[j]
				case grammar.Or:
					acc = acc || col[j]
				default:
					acc = acc != col[j]
				}
			}
			if !y(acc, true) {
				return
			}
		}
	}}, nil
}

func logicalOne[R any](op grammar.LogicalOp, fs []func(R) bool) func(R) bool {
	if len(fs) == 2 {
		a, b := fs[0], fs[1]
		switch op {
		case grammar.And:
			return func(r R) bool { return a(r) && b(r) }
		case grammar.Or:
			return func(r R) bool { return a(r) || b(r) }
		default:
			return func(r R) bool { return a(r) != b(r) }
		}
	}
	switch op {
	case grammar.And:
		return func(r R) bool {
			for _, f := range fs {
				if !f(r) {
					return false
				}
			}
			return true
		}
	case grammar.Or:
		return func(r R) bool {
			for _, f := range fs {
				if f(r) {
					return true
				}
			}
			return false
		}
	}
	return func(r R) bool {
		acc := false
		for _, f := range fs {
			acc = acc != f(r)
		}
		return acc
	}
}

// field resolves a field to its accessor, checking the accessor's Go type.
func (c *compiler[R]) field(v *grammar.Value) (val, error) {
	tok := v.Name
	name := tok.Text
	f := c.info.FieldOf(v)
	if f == nil {
		return val{}, c.errAt(tok.Span, "field %s was not resolved by the type check", name)
	}
	t := f.Type
	gt, ok := goReflectType(t)
	if !ok {
		return val{}, c.errAt(tok.Span, "field %s has type %s, which the evaluator cannot represent", name, t)
	}
	acc, ok := c.binding.Accessor(name, t)
	if !ok || acc == nil {
		if (name == "true" || name == "false") && t == schema.TypeBool {
			// The product scheme's constants (schema: pseudo fields).
			c.used[name] = true
			b := name == "true"
			return val{typ: schema.TypeBool, fn: func(R) (bool, bool) { return b, true }}, nil
		}
		return val{}, c.errAt(tok.Span, "field %s (%s) is not provided by the record binding", name, t)
	}
	want := reflect.FuncOf([]reflect.Type{reflect.TypeFor[R]()}, []reflect.Type{gt, reflect.TypeFor[bool]()}, false)
	if got := reflect.TypeOf(acc); got != want {
		return val{}, c.errAt(tok.Span, "the binding's accessor for %s (%s) has type %v, want %v", name, t, got, want)
	}
	c.used[name] = true
	return val{typ: t, fn: acc}, nil
}

func goReflectType(t schema.Type) (reflect.Type, bool) {
	if _, ok := GoType(t); !ok {
		return nil, false
	}
	return goReflect(t), true
}

func goReflect(t schema.Type) reflect.Type {
	switch t.Kind() {
	case schema.KindBytes:
		return reflect.TypeFor[string]()
	case schema.KindInt:
		return reflect.TypeFor[int64]()
	case schema.KindBool:
		return reflect.TypeFor[bool]()
	case schema.KindIP:
		return reflect.TypeFor[addr]()
	case schema.KindArray:
		return reflect.SliceOf(goReflect(t.Elem()))
	case schema.KindMap:
		return reflect.MapOf(reflect.TypeFor[string](), goReflect(t.Elem()))
	}
	return nil
}

// internal reports a node the check accepted but the compiler has no case
// for: a disagreement between the two packages, never a user error.
func (c *compiler[R]) internal(n grammar.Node) *check.Refusal {
	return c.errf(n, "internal error: the type check accepted this, but the evaluator has no case for it")
}
