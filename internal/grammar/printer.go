package grammar

import (
	"strings"

	"github.com/wflint/wflint/internal/diag"
)

// Notation chooses how operators are spelled when printing.
type Notation int

// Notations.
const (
	// KeepNotation prints each operator as the user wrote it.
	KeepNotation Notation = iota
	// EnglishNotation prints and, or, xor, not, eq, ne, lt, le, gt, ge, matches, bitwise_and.
	EnglishNotation
	// SymbolNotation prints &&, ||, ^^, !, ==, !=, <, <=, >, >=, ~, &.
	SymbolNotation
)

// PrintOptions tunes Format.
type PrintOptions struct {
	Notation Notation
	// Width is the line length above which top-level logical operators
	// start new lines; 0 means 100. A negative width never breaks lines.
	Width int
	// Indent is the indentation unit for broken lines; "" means two spaces.
	Indent string
}

// Format prints an expression in canonical form: single spaces around
// operators, no space inside parentheses, `f(a, b)` calls and `{a b}` sets.
// Literals keep their exact spelling (0x1f stays hexadecimal, raw strings
// stay raw) so formatting never changes a value. Expressions longer than the
// width are broken before top-level logical operators. The parser reads the
// result back into the same tree; the tests check this on every corpus.
func Format(x *Expression, opts PrintOptions) string {
	if x == nil || x.Root == nil {
		return ""
	}
	p := &printer{src: x.Src, opts: opts}
	if p.opts.Width == 0 {
		p.opts.Width = 100
	}
	if p.opts.Indent == "" {
		p.opts.Indent = "  "
	}
	return p.block(x.Root, "")
}

// FormatString parses src and formats it. It returns src unchanged with the
// syntax errors when src does not parse, so a formatter never loses text.
func FormatString(src string, opts PrintOptions) (string, diag.List) {
	x, errs := Parse(src)
	if len(errs) > 0 {
		return src, errs
	}
	return Format(x, opts), nil
}

type printer struct {
	src  string
	opts PrintOptions
}

// block prints e, breaking lines when the flat form does not fit.
func (p *printer) block(e Expr, indent string) string {
	flat := p.flat(e)
	if p.opts.Width < 0 || len(indent)+len(flat) <= p.opts.Width || strings.Contains(flat, "\n") {
		return flat
	}
	switch e := e.(type) {
	case *Logical:
		var b strings.Builder
		for i, x := range e.Operands {
			if i > 0 {
				b.WriteString("\n" + indent + p.logicalOp(e.Op, e.Ops[i-1]) + " ")
			}
			b.WriteString(p.block(x, indent))
		}
		return b.String()
	case *Paren:
		if _, ok := e.X.(*Logical); ok {
			in := indent + p.opts.Indent
			return "(\n" + in + p.block(e.X, in) + "\n" + indent + ")"
		}
	case *Not:
		return p.notOp(e.Op) + p.block(e.X, indent)
	}
	return flat
}

func (p *printer) flat(e Expr) string {
	var b strings.Builder
	p.expr(&b, e)
	return b.String()
}

func (p *printer) logicalOp(op LogicalOp, t Token) string {
	switch p.opts.Notation {
	case EnglishNotation:
		return op.String()
	case SymbolNotation:
		return op.Symbol()
	}
	return t.Text
}

func (p *printer) notOp(t Token) string {
	word := p.opts.Notation == EnglishNotation || p.opts.Notation == KeepNotation && t.Text != "!"
	if word {
		return "not "
	}
	return "!"
}

func (p *printer) cmpOp(o *CmpOp) string {
	switch p.opts.Notation {
	case EnglishNotation:
		return o.Kind.Word()
	case SymbolNotation:
		if s := o.Kind.Symbol(); s != "" {
			return s
		}
		return o.Kind.Word()
	}
	if o.Kind == OpStrictWildcard {
		return "strict wildcard"
	}
	return o.Text
}

func (p *printer) expr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *Logical:
		for i, x := range e.Operands {
			if i > 0 {
				b.WriteString(" " + p.logicalOp(e.Op, e.Ops[i-1]) + " ")
			}
			p.expr(b, x)
		}
	case *Not:
		b.WriteString(p.notOp(e.Op))
		p.expr(b, e.X)
	case *Paren:
		b.WriteByte('(')
		p.expr(b, e.X)
		b.WriteByte(')')
	case *Comparison:
		writeValue(b, e.LHS, p.expr)
		if e.Op != nil {
			b.WriteString(" " + p.cmpOp(e.Op) + " ")
			p.operand(b, e.RHS)
		}
	case *Literal:
		b.WriteString(e.Raw)
	case *BadExpr:
		b.WriteString(e.Span().Text(p.src))
	}
}

// writeValue writes a value as it is spelled, each argument by arg: the
// printer and Dump differ only in how they write an argument.
func writeValue(b *strings.Builder, v *Value, arg func(*strings.Builder, Expr)) {
	b.WriteString(v.Name.Text)
	if v.Call != nil {
		b.WriteByte('(')
		for i, a := range v.Call.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			arg(b, a)
		}
		b.WriteByte(')')
	}
	for _, ix := range v.Indexes {
		b.WriteByte('[')
		if ix.Kind == IndexStar {
			b.WriteByte('*')
		} else {
			b.WriteString(ix.Lit.Raw)
		}
		b.WriteByte(']')
	}
}

func (p *printer) operand(b *strings.Builder, o Operand) {
	switch o := o.(type) {
	case *Literal:
		b.WriteString(o.Raw)
	case *ListRef:
		b.WriteString("$" + o.Name)
	case *Set:
		b.WriteByte('{')
		for i, it := range o.Items {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(it.Raw)
		}
		b.WriteByte('}')
	}
}
