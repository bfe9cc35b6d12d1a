package grammar

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/wflint/wflint/diag"
)

// fastParser builds the AST directly from the token slice for well-formed
// input. Participle's reflective parse costs about 40x the lexer (measured:
// see BenchmarkParse), so the participle grammar handles what needs it (error
// recovery and the explained-mistake productions) while this path takes
// the common case. A differential test and the fuzz target check that both
// paths build identical trees.
//
// The fast path accepts strictly less than the grammar: on anything unusual
// it gives up and the participle path takes over.
type fastParser struct {
	src  string
	toks []tok
	i    int
	ok   bool
}

func fastParse(src string, toks []tok) (Expr, bool) {
	f := &fastParser{src: src, toks: toks, ok: true}
	e := f.or()
	if !f.ok || f.i != len(toks) {
		return nil, false
	}
	return e, true
}

func (f *fastParser) peek() lexer.TokenType {
	if f.i < len(f.toks) {
		return f.toks[f.i].typ
	}
	return lexer.EOF
}

func (f *fastParser) take() *tok {
	t := &f.toks[f.i]
	f.i++
	if t.badCase || t.invalid {
		f.ok = false
	}
	return t
}

func (f *fastParser) tokenOf(t *tok) Token {
	return Token{Span: diag.SpanOf(t.start, t.end), Text: f.src[t.start:t.end], Glued: t.glued}
}

func (f *fastParser) expect(tt lexer.TokenType) *tok {
	if f.peek() != tt {
		f.ok = false
		return &tok{}
	}
	return f.take()
}

func (f *fastParser) logical(op LogicalOp, tt lexer.TokenType, sub func() Expr) Expr {
	head := sub()
	if !f.ok || f.peek() != tt {
		return head
	}
	l := &Logical{Op: op, Operands: []Expr{head}}
	for f.ok && f.peek() == tt {
		l.Ops = append(l.Ops, f.tokenOf(f.take()))
		l.Operands = append(l.Operands, sub())
	}
	return l
}

func (f *fastParser) or() Expr  { return f.logical(Or, tOr, f.xor) }
func (f *fastParser) xor() Expr { return f.logical(Xor, tXor, f.and) }
func (f *fastParser) and() Expr { return f.logical(And, tAnd, f.simple) }

func (f *fastParser) simple() Expr {
	switch f.peek() {
	case tNot:
		op := f.tokenOf(f.take())
		return &Not{Op: op, X: f.simple()}
	case tLParen:
		l := f.take()
		x := f.or()
		r := f.expect(tRParen)
		return &Paren{Lparen: diag.Pos(l.start), Rparen: diag.Pos(r.start), X: x}
	case tIdent:
		return f.comparison()
	}
	f.ok = false
	return nil
}

func (f *fastParser) comparison() Expr {
	c := &Comparison{LHS: f.value()}
	if !f.ok {
		return nil
	}
	switch f.peek() {
	case tCmp, tMatch, tIn:
	default:
		return c
	}
	ot := f.take()
	c.Op = &CmpOp{Kind: ot.kind, Token: f.tokenOf(ot)}
	switch f.peek() {
	case tLBrace:
		if ot.typ != tIn {
			f.ok = false
			return nil
		}
		c.RHS = f.set()
	case tList:
		if ot.typ != tIn {
			f.ok = false
			return nil
		}
		t := f.take()
		c.RHS = &ListRef{Dollar: diag.Pos(t.start), Name: f.src[t.start+1 : t.end]}
	case tString, tRaw, tRegex, tBare:
		if ot.typ == tIn {
			f.ok = false
			return nil
		}
		c.RHS = f.literal(f.take())
	default:
		f.ok = false
	}
	return c
}

func (f *fastParser) value() *Value {
	t := f.take()
	v := &Value{Name: Token{Span: diag.SpanOf(t.start, t.end), Text: f.src[t.start:t.end]}}
	if f.peek() == tLParen {
		l := f.take()
		c := &Call{Lparen: diag.Pos(l.start)}
		if f.peek() != tRParen {
			for f.ok {
				c.Args = append(c.Args, f.arg())
				if f.peek() != tComma {
					break
				}
				f.take()
			}
		}
		c.Rparen = diag.Pos(f.expect(tRParen).start)
		v.Call = c
	}
	for f.ok && f.peek() == tLBrack {
		l := f.take()
		ix := &Index{Lbrack: diag.Pos(l.start)}
		switch f.peek() {
		case tStar:
			f.take()
			ix.Kind = IndexStar
		case tString:
			ix.Kind, ix.Lit = IndexKey, f.literal(f.take())
		case tBare:
			ix.Kind, ix.Lit = IndexElem, f.literal(f.take())
			if _, err := ix.Lit.Index(); err != nil {
				f.ok = false
			}
		default:
			f.ok = false
			return v
		}
		ix.Rbrack = diag.Pos(f.expect(tRBrack).start)
		v.Indexes = append(v.Indexes, ix)
	}
	return v
}

func (f *fastParser) arg() Expr {
	switch f.peek() {
	case tString, tRaw, tRegex, tBare:
		return f.literal(f.take())
	}
	start := f.i
	e := f.or()
	if l, ok := e.(*Logical); ok && f.toks[start].typ == tIdent {
		name := f.src[f.toks[start].start:f.toks[start].end]
		if !(name == "any" || name == "all") || start+1 >= len(f.toks) || f.toks[start+1].typ != tLParen {
			_ = l
			f.ok = false
		}
	}
	return e
}

func (f *fastParser) set() *Set {
	l := f.take()
	s := &Set{Lbrace: diag.Pos(l.start)}
	for f.ok {
		switch f.peek() {
		case tString, tRaw, tRegex, tBare:
			s.Items = append(s.Items, f.literal(f.take()))
			continue
		case tRBrace:
			s.Rbrace = diag.Pos(f.take().start)
			return s
		}
		f.ok = false
	}
	return s
}

func (f *fastParser) literal(t *tok) *Literal { return newLiteral(f.src, t) }

// newLiteral builds the literal for a literal token; both parse paths use
// it. Tokens that are not literals get kind 0, for the caller to explain.
func newLiteral(src string, t *tok) *Literal {
	l := &Literal{Raw: src[t.start:t.end], Value: t.value, Hashes: t.hashes, Pos: diag.Pos(t.start)}
	switch t.typ {
	case tString:
		l.Kind = LitString
	case tRaw:
		l.Kind = LitRaw
	case tRegex:
		l.Kind = LitRegex
	case tBare:
		l.Kind = LitBare
	}
	return l
}
