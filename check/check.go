// Package check type-checks a parsed Rules-language expression against a
// schema. It is the one type system of wflint: it resolves every name to its
// [schema.Field] or [schema.Function], records the [schema.Type] of every
// expression and value, and reports what the engine would reject as fatal
// diagnostics (each with the engine's error kind). Its result, a [Checked]
// expression, is what the analyzer's lint rules read and what package eval
// compiles, as cel-go's checker hands a checked AST to its planner.
//
// The package depends only on grammar, schema and diag.
package check

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Options configures one check.
type Options struct {
	// EngineCompat checks as the 2020 wirefilter engine would (32-bit
	// integers, single-byte hex strings).
	EngineCompat bool
	// ValueExpr checks a value expression (the target of a redirect or
	// rewrite, LANGUAGE.md §1) instead of a filter: one field or function
	// call of any type, without [*].
	ValueExpr bool
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

	types  map[grammar.Node]schema.Type
	fields map[*grammar.Value]*schema.Field
	funcs  map[*grammar.Value]*schema.Function
	mapped map[*grammar.Value]bool // values whose own index suffixes contain [*]
}

// TypeOf returns the type recorded for n, or the zero Type.
func (c *Checked) TypeOf(n grammar.Node) schema.Type { return c.types[n] }

// FieldOf returns the field v names, or nil.
func (c *Checked) FieldOf(v *grammar.Value) *schema.Field { return c.fields[v] }

// FuncOf returns the function v calls, or nil.
func (c *Checked) FuncOf(v *grammar.Value) *schema.Function { return c.funcs[v] }

// IsMapped reports whether v's own index suffixes contain [*], so that its
// comparison applies per element.
func (c *Checked) IsMapped(v *grammar.Value) bool { return c.mapped[v] }

// Valid reports whether the expression checked without errors.
func (c *Checked) Valid() bool { return c.Expr != nil && c.Expr.Root != nil && !c.Errors.HasErrors() }

// Check type-checks x against s (nil: schema.Feedback()). The diagnostics
// it returns are also kept in the result's Errors.
func Check(x *grammar.Expression, s *schema.Schema, opts Options) (*Checked, diag.List) {
	if s == nil {
		s = schema.Feedback()
	}
	out := &Checked{Expr: x, Schema: s, types: map[grammar.Node]schema.Type{}, fields: map[*grammar.Value]*schema.Field{},
		funcs: map[*grammar.Value]*schema.Function{}, mapped: map[*grammar.Value]bool{}}
	if x.Root != nil {
		c := &checker{src: x.Src, schema: s, out: out, opts: opts}
		c.root(x.Root)
	}
	return out, out.Errors
}

// checker resolves names and types. It reports problems the engine would
// reject as fatal diagnostics, each with the engine's error kind.
type checker struct {
	src    string
	schema *schema.Schema
	out    *Checked
	opts   Options
}

func (c *checker) report(d diag.Diagnostic) *diag.Diagnostic {
	c.out.Errors = append(c.out.Errors, d)
	return &c.out.Errors[len(c.out.Errors)-1]
}

func (c *checker) errorf(rule string, kind grammar.ErrorKind, sp diag.Span, format string, args ...any) *diag.Diagnostic {
	return c.report(diag.Diagnostic{Span: sp, Severity: diag.Error, Rule: rule, Message: fmt.Sprintf(format, args...), EngineKind: string(kind)})
}

func (c *checker) literalErr(e *diag.Diagnostic) { c.report(*e) }

func (c *checker) set(n grammar.Node, t schema.Type) schema.Type {
	c.out.types[n] = t
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
	t := c.value(cmp.LHS)
	c.set(cmp, t)
	if c.out.mapped[cmp.LHS] {
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
