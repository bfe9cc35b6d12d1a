package grammar

import (
	"errors"
	"fmt"
	"github.com/wflint/wflint/diag"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. It describes the structure of the language; the
// lexer has already settled the context-dependent questions (keywords
// without word boundaries, regex mode, which text is a literal). A few
// alternatives accept common mistakes (single quotes, `not in`, infix
// functions, commas in sets, a space before `[`) so that the converter can
// explain them precisely and keep parsing the rest of the expression.

type pRoot struct {
	X *pOr `parser:"@@"`
}

type pOr struct {
	Head *pXor   `parser:"@@"`
	Tail []*pOrT `parser:"@@*"`
}

type pOrT struct {
	Pos lexer.Position
	Op  string `parser:"@Or"`
	X   *pXor  `parser:"@@"`
}

type pXor struct {
	Head *pAnd    `parser:"@@"`
	Tail []*pXorT `parser:"@@*"`
}

type pXorT struct {
	Pos lexer.Position
	Op  string `parser:"@Xor"`
	X   *pAnd  `parser:"@@"`
}

type pAnd struct {
	Head *pSimple `parser:"@@"`
	Tail []*pAndT `parser:"@@*"`
}

type pAndT struct {
	Pos lexer.Position
	Op  string   `parser:"@And"`
	X   *pSimple `parser:"@@"`
}

type pSimple struct {
	Not   *pNot   `parser:"  @@"`
	Group *pGroup `parser:"| @@"`
	Cmp   *pCmp   `parser:"| @@"`
	Bad   *pTok   `parser:"| @@"`
}

type pTok struct {
	Pos lexer.Position
	V   string `parser:"@Bad"`
}

type pNot struct {
	Pos lexer.Position
	Op  string   `parser:"@Not"`
	X   *pSimple `parser:"@@"`
}

type pGroup struct {
	Pos   lexer.Position
	X     *pOr     `parser:"LParen @@"`
	Close *pRParen `parser:"@@"`
}

type pRParen struct {
	Pos lexer.Position
	V   string `parser:"@RParen"`
}

type pCmp struct {
	LHS  *pValue `parser:"@@"`
	Tail *pTail  `parser:"@@?"`
}

type pValue struct {
	Pos   lexer.Position
	Name  string    `parser:"@Ident"`
	Call  *pCall    `parser:"@@?"`
	Index []*pIndex `parser:"@@*"`
}

type pCall struct {
	Pos      lexer.Position
	Args     []*pArg  `parser:"LParen ( @@ ( Comma @@ )* )?"`
	Trailing *pComma  `parser:"@@?"`
	Close    *pRParen `parser:"@@"`
}

type pComma struct {
	Pos lexer.Position
	V   string `parser:"@Comma"`
}

type pArg struct {
	Lit  *pArgLit `parser:"  @@"`
	Expr *pOr     `parser:"| @@"`
}

type pArgLit struct {
	Pos lexer.Position
	V   string `parser:"@(String | Raw | Regex | Bare | SQ)"`
}

type pIndex struct {
	Pos   lexer.Position
	Open  string   `parser:"@(LBrack | SpLBrack)"`
	Star  bool     `parser:"( @Star"`
	Lit   *pLit    `parser:"| @@ )"`
	Close *pRBrack `parser:"@@"`
}

type pRBrack struct {
	Pos lexer.Position
	V   string `parser:"@RBrack"`
}

type pTail struct {
	Neg *pNegTok `parser:"@@?"`
	Op  *pOpTok  `parser:"@@"`
	RHS *pRHS    `parser:"@@"`
}

type pNegTok struct {
	Pos lexer.Position
	V   string `parser:"@Not"`
}

type pOpTok struct {
	Pos lexer.Position
	V   string `parser:"@(Cmp | Match | In | BadEq | Ident)"`
}

type pRHS struct {
	Set *pSet `parser:"  @@"`
	Lit *pLit `parser:"| @@"`
}

type pLit struct {
	Pos lexer.Position
	V   string `parser:"@(String | Raw | Regex | Bare | SQ | List | Ident)"`
}

type pSet struct {
	Pos   lexer.Position
	Items []*pSetItem `parser:"LBrace @@*"`
	Close *pRBrace    `parser:"@@"`
}

type pSetItem struct {
	Pos lexer.Position
	V   string `parser:"@(String | Raw | Regex | Bare | SQ | Ident | Comma | List | Bad)"`
}

type pRBrace struct {
	Pos lexer.Position
	V   string `parser:"@RBrace"`
}

var pParser = participle.MustBuild[pRoot](
	participle.Lexer(lexDef{}),
	participle.UseLookahead(2),
)

// DefaultMaxDepth is the engine's default nesting limit: each `(`, `not`,
// and function call (including any/all) adds one level.
const DefaultMaxDepth = 128

// DefaultMaxSize is the largest input the parser reads, in bytes. The
// product limit is 4,096 characters (a lint rule checks it); this bound only
// keeps pathological input from costing unbounded time and memory.
const DefaultMaxSize = 1 << 20

// maxRecoveries bounds how many times a failed parse is retried after
// masking the broken region.
const maxRecoveries = 32

// Options tunes the parser.
type Options struct {
	MaxDepth int // 0 means DefaultMaxDepth
	MaxSize  int // 0 means DefaultMaxSize

	noFast bool // tests: always take the participle path
}

// Parse parses a filter expression. It always returns an Expression; when
// errors is non-empty the tree contains *BadExpr nodes where text could not
// be parsed. Every independent error is reported, in source order.
//
// Recovery strategy: the lexer never stops (bad escapes, tabs, comments and
// quote mistakes are recorded and lexing goes on); unbalanced brackets are
// reported and repaired with virtual closers; common mistakes parse through
// dedicated grammar alternatives and are explained by the converter; and when
// participle still fails, the simple expression around the failure (the
// tokens between the nearest logical operators, commas or brackets at the
// same depth) is replaced by a placeholder token and the parse is retried.
func Parse(src string) (*Expression, diag.List) {
	return ParseWith(src, Options{})
}

// ParseWith is Parse with options.
func ParseWith(src string, opt Options) (*Expression, diag.List) {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = DefaultMaxDepth
	}
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultMaxSize
	}
	x := &Expression{Src: src}
	if len(src) > opt.MaxSize {
		return x, diag.List{SyntaxError(InputTooLarge, "input-too-large", diag.Span{Start: 0, End: diag.Pos(len(src))}, fmt.Sprintf("the expression is %d bytes; wflint reads at most %d", len(src), opt.MaxSize))}
	}
	lr := lex(src, opt.MaxDepth)
	p := &converter{src: src, toks: lr.toks, errs: lr.errs}
	if lr.tooDeep {
		last := lr.toks[len(lr.toks)-1]
		p.errs = append(p.errs, SyntaxError(NestingLimitExceeded, "nesting-too-deep", diag.SpanOf(last.start, last.end), fmt.Sprintf("the expression is nested more than %d levels deep (parentheses, `not` and function calls each add a level)", opt.MaxDepth)))
		x.Root = &BadExpr{From: diag.Pos(lr.trimLead), To: diag.Pos(len(src))}
		p.errs.Sort()
		return x, p.errs
	}
	if len(lr.toks) == 0 {
		if len(p.errs) == 0 {
			p.errs = append(p.errs, SyntaxError(ExpectedName, "empty-expression", diag.SpanOf(lr.trimLead, lr.trimLead), "the expression is empty; write a condition such as `http.host eq \"example.com\"`"))
		}
		p.errs.Sort()
		return x, p.errs
	}
	if !opt.noFast {
		// Errors that only concern separators (tabs, comments, odd spaces)
		// leave every token intact, so the fast path can still build the tree.
		if root, ok := fastParse(src, lr.toks); ok {
			x.Root = root
			p.errs.Sort()
			return x, capErrors(p.errs)
		}
	}
	p.balance(lr.trimEnd)
	if len(p.toks) == 0 { // only stray closing brackets
		x.Root = &BadExpr{From: diag.Pos(lr.trimLead), To: diag.Pos(lr.trimEnd)}
	} else {
		x.Root = p.parse()
	}
	p.errs.Sort()
	for k := range p.errs {
		e := &p.errs[k]
		e.Span = clampSpan(e.Span, len(src))
		for i := range e.Fixes {
			for j := range e.Fixes[i].Edits {
				e.Fixes[i].Edits[j].Span = clampSpan(e.Fixes[i].Edits[j].Span, len(src))
			}
		}
	}
	return x, capErrors(dedupe(p.errs))
}

// MaxErrors bounds the errors reported for one expression, as compilers
// do: past it the input is not an expression with mistakes but something
// else entirely, and more errors help nobody.
const MaxErrors = 100

func capErrors(l diag.List) diag.List {
	if len(l) <= MaxErrors {
		return l
	}
	rest := l[MaxErrors:]
	out := append(l[:MaxErrors:MaxErrors], SyntaxError(ErrorKind(l[MaxErrors].EngineKind), "syntax", diag.Span{Start: rest[0].Span.Start, End: rest[len(rest)-1].Span.End}, fmt.Sprintf("too many errors: %d more not shown", len(rest))))
	return out
}

// clampSpan keeps a span inside the input: recovery appends zero-width
// virtual closing brackets at the end, and spans ending at one would
// otherwise point one byte past the text.
func clampSpan(s diag.Span, n int) diag.Span {
	return s.Clamp(n)
}

// dedupe drops an error that repeats the span of an earlier, more specific one.
func dedupe(l diag.List) diag.List {
	out := l[:0]
	for i, e := range l {
		if i > 0 && out[len(out)-1].Span == e.Span && out[len(out)-1].Message == e.Message {
			continue
		}
		out = append(out, e)
	}
	return out
}

type converter struct {
	src  string
	toks []tok
	errs diag.List
	bad  bool // the current simple expression had an error
}

func (p *converter) errorf(kind ErrorKind, code string, from, to int, msg string, fixes ...diag.Fix) {
	p.errs = append(p.errs, SyntaxError(kind, code, diag.SpanOf(from, to), msg, fixes...))
	p.bad = true
}

// balance reports and repairs unbalanced brackets so that one missing `)`
// does not hide every other error.
func (p *converter) balance(end int) {
	type open struct {
		i   int
		typ lexer.TokenType
	}
	closer := map[lexer.TokenType]lexer.TokenType{tLParen: tRParen, tLBrack: tRBrack, tSpLBrack: tRBrack, tLBrace: tRBrace}
	names := map[lexer.TokenType]string{tRParen: ")", tRBrack: "]", tRBrace: "}"}
	var stack []open
	out := p.toks[:0:0]
	for i, t := range p.toks {
		switch t.typ {
		case tLParen, tLBrack, tSpLBrack, tLBrace:
			stack = append(stack, open{i, t.typ})
		case tRParen, tRBrack, tRBrace:
			if n := len(stack); n > 0 && closer[stack[n-1].typ] == t.typ {
				stack = stack[:n-1]
				break
			}
			p.errs = append(p.errs, SyntaxError(UnrecognisedInput, "unbalanced", diag.SpanOf(t.start, t.end), "this `"+names[t.typ]+"` has no matching opening bracket", []diag.Fix{{Title: "Remove it", Edits: []diag.Edit{{Span: diag.SpanOf(t.start, t.end), New: ""}}}}...))
			continue
		}
		out = append(out, p.toks[i])
	}
	for j := len(stack) - 1; j >= 0; j-- {
		o := p.toks[stack[j].i]
		c := closer[o.typ]
		kind := ExpectedLiteral
		if c == tRBrace {
			kind = UnrecognisedInput
		}
		p.errs = append(p.errs, SyntaxError(kind, "unbalanced", diag.SpanOf(o.start, o.end), "this `"+p.src[o.start:o.end]+"` is never closed", []diag.Fix{{Title: "Add `" + names[c] + "` at the end", Edits: []diag.Edit{{Span: diag.SpanOf(end, end), New: names[c]}}}}...))
		out = append(out, tok{typ: c, start: end, end: end})
	}
	p.toks = out
}

// tokenSource feeds pre-lexed tokens to participle.
type tokenSource struct {
	toks []lexer.Token
	i    int
}

func (t *tokenSource) Next() (lexer.Token, error) {
	if t.i >= len(t.toks) {
		return lexer.Token{Type: lexer.EOF, Pos: t.toks[len(t.toks)-1].Pos}, nil
	}
	t.i++
	return t.toks[t.i-1], nil
}

func (p *converter) parse() Expr {
	var lastMask [2]int
	for attempt := 0; ; attempt++ {
		ptoks := make([]lexer.Token, len(p.toks)+1)
		for i, t := range p.toks {
			ptoks[i] = lexer.Token{Type: t.typ, Value: p.src[t.start:t.end], Pos: lexer.Position{Offset: t.start, Line: 1, Column: t.start + 1}}
		}
		endOff := p.toks[len(p.toks)-1].end
		ptoks[len(p.toks)] = lexer.Token{Type: lexer.EOF, Pos: lexer.Position{Offset: endOff}}
		pl, err := lexer.Upgrade(&tokenSource{toks: ptoks})
		if err != nil {
			return &BadExpr{From: diag.Pos(p.toks[0].start), To: diag.Pos(endOff)}
		}
		root, perr := pParser.ParseFromLexer(pl)
		if perr == nil {
			return p.or(root.X)
		}
		i := p.failIndex(perr)
		l, r := p.region(i)
		if attempt >= maxRecoveries || (l == lastMask[0] && r == lastMask[1] && (r > l || p.toks[l].typ == tBad)) {
			l, r = 0, len(p.toks)
		}
		p.reportParseError(i)
		if l == 0 && r == len(p.toks) {
			return &BadExpr{From: diag.Pos(p.toks[0].start), To: diag.Pos(endOff)}
		}
		onlyOps := r > l
		for _, t := range p.toks[l:r] {
			if !isBoundary(t.typ) && t.typ != tNot {
				onlyOps = false
			}
		}
		if onlyOps {
			// A dangling or doubled operator (`ssl and`, `(a or )`,
			// `a and and b`): drop it; that never loses an operand, and the
			// token list shrinks, so the loop ends.
			p.toks = append(append([]tok(nil), p.toks[:l]...), p.toks[r:]...)
			lastMask = [2]int{-1, -1}
			if len(p.toks) == 0 {
				return &BadExpr{From: 0, To: diag.Pos(endOff)}
			}
			continue
		}
		var masked tok
		if r <= l {
			masked = tok{typ: tBad, start: p.tokStart(l), end: p.tokStart(l), invalid: true}
		} else {
			masked = tok{typ: tBad, start: p.toks[l].start, end: p.toks[r-1].end, invalid: true}
		}
		p.toks = append(append(append([]tok(nil), p.toks[:l]...), masked), p.toks[r:]...)
		lastMask = [2]int{l, l + 1}
	}
}

func (p *converter) tokStart(i int) int {
	if i < len(p.toks) {
		return p.toks[i].start
	}
	return p.toks[len(p.toks)-1].end
}

// failIndex maps a participle error to the index of the offending token.
func (p *converter) failIndex(err error) int {
	var perr participle.Error
	off := p.toks[len(p.toks)-1].end
	if errors.As(err, &perr) {
		off = perr.Position().Offset
	}
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) && ute.Unexpected.EOF() {
		return len(p.toks)
	}
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].start >= off })
	return i
}

// misplacedOperator reports whether the logical operator at i has no
// operand on one side: at the start, after `(`, `not` or another operator,
// or before a closing bracket, another operator or the end.
func (p *converter) misplacedOperator(i int) bool {
	if i == 0 {
		return true
	}
	if pt := p.toks[i-1].typ; isBoundary(pt) || pt == tLParen || pt == tNot {
		return true
	}
	return i+1 >= len(p.toks) || isCloser(p.toks[i+1].typ) || isBoundary(p.toks[i+1].typ)
}

func isCloser(t lexer.TokenType) bool { return t == tRParen || t == tRBrack || t == tRBrace }

func isBoundary(t lexer.TokenType) bool {
	return t == tAnd || t == tOr || t == tXor || t == tComma
}

// region returns the token range [l, r) of the simple expression around
// token i: bounded by logical operators, commas or brackets at its depth.
func (p *converter) region(i int) (int, int) {
	if i < len(p.toks) && isBoundary(p.toks[i].typ) && p.misplacedOperator(i) {
		// The operator itself is misplaced (nothing before or after it):
		// mask the run of operators only.
		r := i + 1
		for r < len(p.toks) && isBoundary(p.toks[r].typ) {
			r++
		}
		return i, r
	}
	l := i
	depth := 0
	for l > 0 {
		t := p.toks[l-1].typ
		if t == tRParen || t == tRBrack || t == tRBrace {
			depth++
		} else if t == tLParen || t == tLBrack || t == tSpLBrack || t == tLBrace {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 && isBoundary(t) {
			break
		}
		l--
	}
	if i < len(p.toks) && isCloser(p.toks[i].typ) {
		// Never mask a closing bracket: that would unbalance the rest. Mask
		// what stands before it, or insert a placeholder (`f(a,)`).
		return l, i
	}
	r := i
	depth = 0
	for r < len(p.toks) {
		t := p.toks[r].typ
		if t == tLParen || t == tLBrack || t == tSpLBrack || t == tLBrace {
			depth++
		} else if t == tRParen || t == tRBrack || t == tRBrace {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 && isBoundary(t) {
			break
		}
		r++
	}
	if r == l && r < len(p.toks) && !isCloser(p.toks[r].typ) {
		r++ // the failing token is itself a boundary: mask it
	}
	if r == l && l > 0 {
		l-- // failure at the end after a boundary: mask the dangling operator
	}
	return l, r
}

// reportParseError explains a participle failure at token i, unless a more
// specific error (from the lexer) already covers that spot.
func (p *converter) reportParseError(i int) {
	var t tok
	eof := i >= len(p.toks)
	if eof {
		e := p.toks[len(p.toks)-1].end
		t = tok{start: e, end: e}
	} else {
		t = p.toks[i]
	}
	for _, e := range p.errs {
		if int(e.Span.Start) <= t.start && t.start <= int(e.Span.End) && (t.invalid || e.Span.Start != e.Span.End) {
			if !eof || int(e.Span.End) >= t.start {
				return
			}
		}
	}
	var prev *tok
	if i > 0 {
		prev = &p.toks[i-1]
	}
	if !eof && isBoundary(t.typ) && t.typ != tComma {
		op := "`" + p.src[t.start:t.end] + "`"
		switch {
		case prev == nil || prev.typ == tLParen:
			p.errs = append(p.errs, SyntaxError(ExpectedName, "syntax", diag.SpanOf(t.start, t.end), "expected a condition before "+op))
			return
		case isBoundary(prev.typ) || prev.typ == tNot:
			// `ssl and and ssl`: the earlier operator lacks its right operand.
			p.errs = append(p.errs, SyntaxError(ExpectedName, "syntax", diag.SpanOf(t.start, t.end), fmt.Sprintf("expected a condition after `%s`, found %s", p.src[prev.start:prev.end], op)))
			return
		}
		if i+1 >= len(p.toks) || isCloser(p.toks[i+1].typ) || isBoundary(p.toks[i+1].typ) {
			// `(ssl or )`: the operator lacks a right operand.
			next, found := tok{start: t.end, end: t.end}, "end of input"
			if i+1 < len(p.toks) {
				next = p.toks[i+1]
				found = "`" + p.src[next.start:next.end] + "`"
			}
			p.errs = append(p.errs, SyntaxError(ExpectedName, "syntax", diag.SpanOf(next.start, next.end), fmt.Sprintf("expected a condition after %s, found %s", op, found)))
			return
		}
	}
	what := "end of input"
	if !eof {
		what = "`" + p.src[t.start:t.end] + "`"
	}
	kind, msg := UnrecognisedInput, "unexpected "+what
	switch {
	case prev != nil && (prev.typ == tCmp || prev.typ == tMatch || prev.typ == tBadEq):
		kind, msg = ExpectedName, fmt.Sprintf("expected a value after `%s`, found %s", p.src[prev.start:prev.end], what)
		if eof {
			kind = CountMismatch
		}
	case prev != nil && prev.typ == tIn:
		kind, msg = ExpectedName, fmt.Sprintf("expected a set `{…}` or a list `$name` after `in`, found %s", what)
	case prev != nil && (prev.typ == tAnd || prev.typ == tOr || prev.typ == tXor || prev.typ == tNot):
		kind, msg = ExpectedName, fmt.Sprintf("expected a condition after `%s`, found %s", p.src[prev.start:prev.end], what)
	case prev == nil || prev.typ == tLParen:
		kind, msg = ExpectedName, fmt.Sprintf("expected a field or function name, found %s", what)
		if !eof && (t.typ == tString || t.typ == tBare || t.typ == tSQ || t.typ == tRaw) {
			msg = "a literal cannot be on the left of a comparison: write the field first (`http.host eq \"example.com\"`)"
		}
	case prev.typ == tIdent || prev.typ == tRBrack:
		if !eof && (t.typ == tString || t.typ == tBare || t.typ == tRaw || t.typ == tSQ || t.typ == tLBrace) {
			kind, msg = ExpectedName, fmt.Sprintf("expected a comparison operator (such as `eq` or `contains`) before %s", what)
		} else if !eof {
			kind, msg = UnrecognisedInput, fmt.Sprintf("unexpected %s: expected a comparison operator, `and`, `or` or the end", what)
		}
	case prev.typ == tComma:
		kind, msg = ExpectedName, fmt.Sprintf("expected a function argument after `,`, found %s", what)
	default:
		if !eof {
			msg = fmt.Sprintf("unexpected %s: expected `and`, `or`, `xor` or the end of the condition", what)
		}
	}
	p.errs = append(p.errs, SyntaxError(kind, "syntax", diag.SpanOf(t.start, t.end), msg))
}

// tokAt finds the token starting at byte offset off.
func (p *converter) tokAt(off int) *tok {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].start >= off })
	if i < len(p.toks) && p.toks[i].start == off {
		return &p.toks[i]
	}
	return &tok{start: off, end: off}
}

func (p *converter) token(off int) Token {
	t := p.tokAt(off)
	if t.badCase {
		lw := strings.ToLower(p.src[t.start:t.end])
		if t.kind == OpStrictWildcard {
			lw = "strict wildcard"
		}
		p.errorf(kindForKeyword(t), "uppercase-keyword", t.start, t.end,
			fmt.Sprintf("keywords are lowercase in the Rules language: write `%s`", lw),
			diag.Fix{Title: "Write " + lw, Edits: []diag.Edit{{Span: diag.SpanOf(t.start, t.end), New: lw}}})
	}
	return Token{Span: diag.SpanOf(t.start, t.end), Text: p.src[t.start:t.end], Glued: t.glued}
}

func kindForKeyword(t *tok) ErrorKind {
	switch t.typ {
	case tAnd, tOr, tXor:
		return UnrecognisedInput
	case tNot:
		return UnrecognisedInput
	}
	return ExpectedName
}

func logicalOf(t lexer.TokenType) LogicalOp {
	switch t {
	case tAnd:
		return And
	case tXor:
		return Xor
	}
	return Or
}

func (p *converter) or(n *pOr) Expr {
	head := p.xor(n.Head)
	if len(n.Tail) == 0 {
		return head
	}
	l := &Logical{Op: Or, Operands: []Expr{head}}
	for _, t := range n.Tail {
		l.Ops = append(l.Ops, p.token(t.Pos.Offset))
		l.Operands = append(l.Operands, p.xor(t.X))
	}
	return l
}

func (p *converter) xor(n *pXor) Expr {
	head := p.and(n.Head)
	if len(n.Tail) == 0 {
		return head
	}
	l := &Logical{Op: Xor, Operands: []Expr{head}}
	for _, t := range n.Tail {
		l.Ops = append(l.Ops, p.token(t.Pos.Offset))
		l.Operands = append(l.Operands, p.and(t.X))
	}
	return l
}

func (p *converter) and(n *pAnd) Expr {
	head := p.simple(n.Head)
	if len(n.Tail) == 0 {
		return head
	}
	l := &Logical{Op: And, Operands: []Expr{head}}
	for _, t := range n.Tail {
		l.Ops = append(l.Ops, p.token(t.Pos.Offset))
		l.Operands = append(l.Operands, p.simple(t.X))
	}
	return l
}

func (p *converter) simple(n *pSimple) Expr {
	switch {
	case n.Not != nil:
		op := p.token(n.Not.Pos.Offset)
		return &Not{Op: op, X: p.simple(n.Not.X)}
	case n.Group != nil:
		return &Paren{Lparen: diag.Pos(n.Group.Pos.Offset), Rparen: diag.Pos(n.Group.Close.Pos.Offset), X: p.or(n.Group.X)}
	case n.Cmp != nil:
		saved := p.bad
		p.bad = false
		c := p.comparison(n.Cmp)
		bad := p.bad
		p.bad = saved || bad
		if bad {
			return &BadExpr{From: c.Span().Start, To: c.Span().End}
		}
		return c
	default:
		t := p.tokAt(n.Bad.Pos.Offset)
		if !t.invalid {
			p.errorf(UnrecognisedInput, "syntax", t.start, t.end, fmt.Sprintf("unexpected `%s`", p.src[t.start:t.end]))
		}
		return &BadExpr{From: diag.Pos(t.start), To: diag.Pos(t.end)}
	}
}

func (p *converter) value(n *pValue) *Value {
	v := &Value{Name: Token{Span: diag.SpanOf(n.Pos.Offset, n.Pos.Offset+len(n.Name)), Text: n.Name}}
	if t := p.tokAt(n.Pos.Offset); t.invalid {
		p.bad = true
	}
	if n.Call != nil {
		c := &Call{Lparen: diag.Pos(n.Call.Pos.Offset), Rparen: diag.Pos(n.Call.Close.Pos.Offset)}
		for _, a := range n.Call.Args {
			c.Args = append(c.Args, p.arg(a))
		}
		if tc := n.Call.Trailing; tc != nil {
			p.errorf(UnrecognisedInput, "trailing-comma", tc.Pos.Offset, tc.Pos.Offset+1, "a trailing comma is not allowed in a function call",
				diag.Fix{Title: "Remove the comma", Edits: []diag.Edit{{Span: diag.SpanOf(tc.Pos.Offset, tc.Pos.Offset+1), New: ""}}})
		}
		v.Call = c
	}
	for _, ix := range n.Index {
		v.Indexes = append(v.Indexes, p.index(ix))
	}
	return v
}

func (p *converter) arg(a *pArg) Expr {
	if a.Lit != nil {
		return p.literal(a.Lit.Pos.Offset)
	}
	e := p.or(a.Expr)
	if l, ok := e.(*Logical); ok {
		// The engine reads an argument that starts with a name as one
		// comparison; `any(a and b)` needs inner parentheses.
		first := p.tokAt(int(l.Span().Start))
		if first.typ == tIdent && !p.isQuantifierStart(first) {
			sp := l.Span()
			p.errorf(UnrecognisedInput, "argument-needs-parens", int(sp.Start), int(sp.End),
				"a function argument that combines conditions with `"+l.Ops[0].Text+"` must be wrapped in parentheses",
				diag.Fix{Title: "Wrap the argument in parentheses", Edits: []diag.Edit{{Span: diag.Span{Start: sp.Start, End: sp.Start}, New: "("}, {Span: diag.Span{Start: sp.End, End: sp.End}, New: ")"}}})
		}
	}
	return e
}

func (p *converter) isQuantifierStart(t *tok) bool {
	name := p.src[t.start:t.end]
	if name != "any" && name != "all" {
		return false
	}
	rest := strings.TrimLeft(p.src[t.end:], " \r\n")
	return strings.HasPrefix(rest, "(")
}

func (p *converter) index(n *pIndex) *Index {
	ix := &Index{Lbrack: diag.Pos(n.Pos.Offset), Rbrack: diag.Pos(n.Close.Pos.Offset)}
	if n.Open != "[" || p.tokAt(n.Pos.Offset).typ == tSpLBrack {
		start := n.Pos.Offset
		ws := start
		for ws > 0 && (p.src[ws-1] == ' ' || p.src[ws-1] == '\n' || p.src[ws-1] == '\r') {
			ws--
		}
		p.errorf(UnrecognisedInput, "space-before-index", ws, start+1, "no space is allowed before `[`",
			diag.Fix{Title: "Remove the space", Edits: []diag.Edit{{Span: diag.SpanOf(ws, start), New: ""}}})
	}
	switch {
	case n.Star:
		ix.Kind = IndexStar
	default:
		ix.Lit = p.literal(n.Lit.Pos.Offset)
		switch ix.Lit.Kind {
		case LitString:
			ix.Kind = IndexKey
		case LitBare:
			ix.Kind = IndexElem
			if _, err := ix.Lit.Index(); err != nil {
				p.errs = append(p.errs, *err)
				p.bad = true
			}
		default:
			ix.Kind = IndexKey
			if ix.Lit.Kind == LitRaw {
				p.errorf(ExpectedLiteral, "invalid-map-key", int(ix.Lit.Pos), int(ix.Lit.Span().End),
					"a map key must be a double-quoted string; raw strings are not accepted here",
					diag.Fix{Title: "Use a quoted string", Edits: []diag.Edit{{Span: ix.Lit.Span(), New: QuoteString(ix.Lit.Value)}}})
			}
		}
	}
	return ix
}

func (p *converter) literal(off int) *Literal {
	t := p.tokAt(off)
	l := newLiteral(p.src, t)
	if l.Kind == 0 {
		l.Kind = LitString
		p.bad = true
		if !t.invalid && t.typ == tIdent && strings.Count(l.Raw, ".") >= 1 && !strings.ContainsAny(l.Raw[:1], "0123456789") && len(strings.Split(l.Raw, ".")[0]) <= 4 && knownPrefix(l.Raw) {
			p.errorf(ExpectedName, "unquoted-string", t.start, t.end,
				fmt.Sprintf("the right side of a comparison must be a literal: comparing `%s` with another field is not supported", l.Raw))
		} else if !t.invalid && t.typ == tIdent {
			p.errorf(ExpectedName, "unquoted-string", t.start, t.end,
				fmt.Sprintf("`%s` is not a value: strings are written in double quotes", l.Raw),
				diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: diag.SpanOf(t.start, t.end), New: QuoteString(l.Raw)}}})
		} else if !t.invalid && t.typ == tList {
			p.errorf(ExpectedName, "syntax", t.start, t.end, "a list can only follow `in`")
		} else if !t.invalid {
			p.errorf(UnrecognisedInput, "syntax", t.start, t.end, fmt.Sprintf("unexpected `%s`", l.Raw))
		}
	}
	if t.invalid {
		p.bad = true
	}
	return l
}

// knownPrefix reports whether a dotted word starts like a Rules field name,
// so `http.host == http.referer` is explained as a field comparison rather
// than as a string missing its quotes.
func knownPrefix(w string) bool {
	for _, p := range []string{"http.", "ip.", "cf.", "ssl", "tcp.", "udp.", "raw.", "icmp.", "sip.", "eth."} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

var infixFunctions = map[string]bool{"starts_with": true, "ends_with": true, "contains": true, "has_key": true, "has_value": true}

func (p *converter) comparison(n *pCmp) *Comparison {
	c := &Comparison{LHS: p.value(n.LHS)}
	if n.Tail == nil {
		return c
	}
	ot := p.tokAt(n.Tail.Op.Pos.Offset)
	opText := p.src[ot.start:ot.end]
	c.Op = &CmpOp{Kind: ot.kind, Token: p.token(ot.start)}
	lhsSpan := c.LHS.Span()
	lhsText := p.src[lhsSpan.Start:lhsSpan.End]
	rhsOff := 0
	if n.Tail.RHS.Set != nil {
		rhsOff = n.Tail.RHS.Set.Pos.Offset
	} else {
		rhsOff = n.Tail.RHS.Lit.Pos.Offset
	}
	rt := p.tokAt(rhsOff)

	if n.Tail.Neg != nil {
		neg := p.tokAt(n.Tail.Neg.Pos.Offset)
		negText := p.src[neg.start:neg.end]
		opEnd := ot.end
		p.errorf(ExpectedName, "negated-operator", neg.start, opEnd,
			fmt.Sprintf("there is no `%s%s%s` operator; negate the whole comparison: `not %s %s …`", negText, map[bool]string{true: "", false: " "}[negText == "!"], opText, lhsText, opText),
			diag.Fix{Title: "Move `not` before the comparison", Edits: []diag.Edit{{Span: diag.Span{Start: lhsSpan.Start, End: lhsSpan.Start}, New: "not "}, {Span: diag.SpanOf(neg.start, ot.start), New: ""}}})
	}
	switch ot.typ {
	case tBadEq:
		p.errorf(ExpectedName, "single-equals", ot.start, ot.end, "`=` is not an operator; use `eq` or `==`",
			diag.Fix{Title: "Use ==", Edits: []diag.Edit{{Span: diag.SpanOf(ot.start, ot.end), New: "=="}}})
	case tIdent:
		c.Op.Kind = 0
		if infixFunctions[opText] && n.Tail.RHS.Lit != nil {
			rhs := p.src[rt.start:rt.end]
			if rt.typ == tSQ {
				rhs = QuoteString(rt.value)
			}
			call := fmt.Sprintf("%s(%s, %s)", opText, lhsText, rhs)
			p.errorf(ExpectedName, "infix-function", ot.start, ot.end,
				fmt.Sprintf("`%s` is a function, not an operator: write `%s`", opText, call),
				diag.Fix{Title: "Call " + opText, Edits: []diag.Edit{{Span: diag.Span{Start: lhsSpan.Start, End: diag.Pos(rt.end)}, New: call}}})
		} else {
			p.errorf(ExpectedName, "unknown-operator", ot.start, ot.end,
				fmt.Sprintf("expected a comparison operator (such as `eq`, `contains` or `in`), found `%s`", opText))
		}
	}
	switch {
	case n.Tail.RHS.Set != nil:
		c.RHS = p.set(n.Tail.RHS.Set)
		if ot.kind != OpIn && ot.typ != tIdent {
			var fixes []diag.Fix
			if ot.kind == OpEq {
				// `eq {…}` means membership; for contains or matches it would
				// change a substring test into an exact match.
				fixes = []diag.Fix{{Title: "Use in", Edits: []diag.Edit{{Span: diag.SpanOf(ot.start, ot.end), New: "in"}}}}
			}
			p.errorf(ExpectedName, "set-needs-in", ot.start, ot.end,
				fmt.Sprintf("a set `{…}` can only follow `in`, not `%s`", opText), fixes...)
		}
	default:
		c.RHS = p.rhsLiteral(c, n.Tail.RHS.Lit, ot)
	}
	return c
}

func (p *converter) rhsLiteral(c *Comparison, pl *pLit, ot *tok) Operand {
	t := p.tokAt(pl.Pos.Offset)
	if t.typ == tList {
		lr := &ListRef{Dollar: diag.Pos(t.start), Name: p.src[t.start+1 : t.end]}
		if t.invalid {
			p.bad = true
		}
		if ot.kind != OpIn {
			var fixes []diag.Fix
			if ot.kind == OpEq {
				fixes = []diag.Fix{{Title: "Use in", Edits: []diag.Edit{{Span: diag.SpanOf(ot.start, ot.end), New: "in"}}}}
			}
			p.errorf(ExpectedName, "list-needs-in", t.start, t.end, "a list can only follow `in`", fixes...)
		}
		return lr
	}
	if t.typ == tIdent {
		word := p.src[t.start:t.end]
		if word == "true" || word == "false" {
			positive := (word == "true") == (ot.kind == OpEq)
			lhs := c.LHS.Span().Text(p.src)
			repl := lhs
			if !positive {
				repl = "not " + lhs
			}
			p.errorf(UnrecognisedInput, "boolean-literal", ot.start, t.end,
				fmt.Sprintf("there are no boolean literals: a Bool field is a condition by itself; write `%s`", repl),
				diag.Fix{Title: "Write " + repl, Edits: []diag.Edit{{Span: c.LHS.Span().Cover(diag.SpanOf(t.start, t.end)), New: repl}}})
			return &Literal{Kind: LitBare, Raw: word, Pos: diag.Pos(t.start)}
		}
	}
	l := p.literal(pl.Pos.Offset)
	if ot.kind == OpIn && l.Kind == LitBare && ot.typ == tIn {
		p.errorf(ExpectedName, "in-needs-braces", int(l.Pos), int(l.Span().End),
			"`in` needs a set in braces or a list: write `in {"+l.Raw+"}`",
			diag.Fix{Title: "Add braces", Edits: []diag.Edit{{Span: l.Span(), New: "{" + l.Raw + "}"}}})
	} else if ot.kind == OpIn && ot.typ == tIn && l.IsString() {
		p.errorf(ExpectedName, "in-needs-braces", int(l.Pos), int(l.Span().End),
			"`in` needs a set in braces or a list: write `in {"+l.Raw+"}`",
			diag.Fix{Title: "Add braces", Edits: []diag.Edit{{Span: l.Span(), New: "{" + l.Raw + "}"}}})
	}
	return l
}

func (p *converter) set(n *pSet) *Set {
	s := &Set{Lbrace: diag.Pos(n.Pos.Offset), Rbrace: diag.Pos(n.Close.Pos.Offset)}
	var commas []diag.Edit
	for _, it := range n.Items {
		t := p.tokAt(it.Pos.Offset)
		switch t.typ {
		case tComma:
			// remove the comma and keep items separated by one space
			e := diag.Edit{Span: diag.SpanOf(t.start, t.end), New: ""}
			if t.end < len(p.src) && p.src[t.end] != ' ' {
				e.New = " "
			}
			commas = append(commas, e)
			continue
		case tIdent:
			p.errorf(ExpectedName, "unquoted-string", t.start, t.end,
				fmt.Sprintf("`%s` is not a value: strings are written in double quotes", p.src[t.start:t.end]),
				diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: diag.SpanOf(t.start, t.end), New: QuoteString(p.src[t.start:t.end])}}})
			continue
		case tList, tBad:
			if !t.invalid {
				p.errorf(UnrecognisedInput, "syntax", t.start, t.end, fmt.Sprintf("unexpected `%s` in a set", p.src[t.start:t.end]))
			}
			p.bad = true
			continue
		}
		s.Items = append(s.Items, p.literal(t.start))
	}
	if len(commas) > 0 {
		first := commas[0].Span
		p.errorf(ParseInt, "comma-in-set", int(first.Start), int(commas[len(commas)-1].Span.End),
			"set items are separated by spaces, not commas", diag.Fix{Title: "Remove the commas", Edits: commas})
	}
	return s
}
