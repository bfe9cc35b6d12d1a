package grammar

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wflint/wflint/internal/diag"
)

// DefaultMaxDepth is the engine's default nesting limit: each `(`, `not`,
// and function call (including any/all) adds one level.
const DefaultMaxDepth = 128

// DefaultMaxSize is the largest input the parser reads, in bytes. The
// product limit is 4,096 characters (a lint rule checks it); this bound only
// keeps pathological input from costing unbounded time and memory.
const DefaultMaxSize = 1 << 20

// maxSizeLimit bounds Options.MaxSize: token offsets are int32.
const maxSizeLimit = 1 << 30

// maxDepthLimit bounds Options.MaxDepth: the parser recurses once per
// nesting level (a few hundred bytes of stack each), so a limit the caller
// sets very high must still keep the stack small.
const maxDepthLimit = 10000

// Options tunes the parser.
type Options struct {
	MaxDepth int // 0 means DefaultMaxDepth; at most 10,000
	MaxSize  int // 0 means DefaultMaxSize; at most 1 GiB
}

// Parser parses expressions one after another in the same memory: a
// caller that is done with each tree before parsing the next (a linter
// that keeps only the findings) spares the allocation of new node
// blocks, and their first touch, per parse. The tree a Parse returns is
// valid until the Parser's next Parse. The zero Parser is ready for use;
// it serves one goroutine at a time.
type Parser struct{ b blocks }

// Parse is [ParseWith] in the parser's memory: the tree of the previous
// Parse must no longer be used.
func (pr *Parser) Parse(src string, opt Options) (*Expression, diag.List) {
	return parseWith(src, opt, &pr.b)
}

// blocks are the blocks a parse allocates its nodes in: a few allocations
// per parse instead of one per node.
type blocks struct {
	cmps     slab[Comparison]
	values   slab[Value]
	ops      slab[CmpOp]
	lits     slab[Literal]
	logicals slab[Logical]
	parens   slab[Paren]
	calls    slab[Call]
	indexes  slab[Index]
	sets     slab[Set]
	exprs    chunk[Expr]
	tokens   chunk[Token]
}

// reused returns the blocks emptied and zeroed, for a parse: the nodes of
// the tree parsed in them before are overwritten.
func (b *blocks) reused() blocks {
	return blocks{reuse(b.cmps), reuse(b.values), reuse(b.ops), reuse(b.lits), reuse(b.logicals),
		reuse(b.parens), reuse(b.calls), reuse(b.indexes), reuse(b.sets), reuse(b.exprs), reuse(b.tokens)}
}

// reuse returns a block emptied and zeroed, for nodes that must start
// zeroed, with its capacity.
func reuse[S ~[]T, T any](s S) S {
	clear(s)
	return s[:0]
}

// Parse parses a filter expression. It always returns an Expression; when
// errors is non-empty the tree contains *BadExpr nodes where text could not
// be parsed. Every independent error is reported, in source order.
//
// The parser is recursive descent over the tokens of a context lexer, in
// the style of go/parser. The lexer never stops (bad escapes, tabs,
// comments and quote mistakes are recorded and lexing goes on); unbalanced
// brackets are reported and repaired with virtual closers before parsing;
// common mistakes are recognised and explained in the production where
// they occur; and after an unexpected token the parser reports it once and
// skips to the next `and`, `or`, `xor`, `,` or closing bracket at the same
// depth, so every token is visited a bounded number of times and the work
// is linear in the input whatever the number of errors. The participle
// grammar in grammar/spec is the specification this parser is checked
// against (see docs/grammar.ebnf).
func Parse(src string) (*Expression, diag.List) {
	return ParseWith(src, Options{})
}

// ParseWith is Parse with options.
func ParseWith(src string, opt Options) (*Expression, diag.List) {
	return parseWith(src, opt, nil)
}

// parseWith parses src; with mem, in the blocks of a Parser.
func parseWith(src string, opt Options, mem *blocks) (*Expression, diag.List) {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = DefaultMaxDepth
	}
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultMaxSize
	}
	opt.MaxSize = min(opt.MaxSize, maxSizeLimit)
	opt.MaxDepth = min(opt.MaxDepth, maxDepthLimit)
	x := &Expression{Src: src}
	if len(src) > opt.MaxSize {
		return x, diag.List{SyntaxError(InputTooLarge, "input-too-large", diag.Span{Start: 0, End: diag.Pos(len(src))}, fmt.Sprintf("the expression is %d bytes; wflint reads at most %d", len(src), opt.MaxSize))}
	}
	// Tokens do not outlive the parse (the tree keeps spans and substrings
	// of src), so their buffer is reused.
	tb := tokPool.Get().(*[]tok)
	lr := lexInto(src, *tb)
	defer func() {
		if cap(lr.toks) <= 1<<16 {
			*tb = lr.toks[:0]
			tokPool.Put(tb)
		}
	}()
	p := &parser{src: src, toks: lr.toks, errs: lr.errs, maxDepth: opt.MaxDepth, trimEnd: lr.trimEnd, tree: newTree()}
	p.caps[0] = lr.cap
	if mem != nil {
		p.blocks = mem.reused()
		// The Parser keeps the last blocks, the largest: a block is
		// allocated when the one before is full.
		defer func() { *mem = p.blocks }()
	}
	if len(lr.toks) == 0 {
		if len(p.errs) == 0 {
			p.errs = append(p.errs, SyntaxError(ExpectedName, "empty-expression", diag.SpanOf(lr.trimLead, lr.trimLead), "the expression is empty; write a condition such as `http.host eq \"example.com\"`"))
		}
		p.errs.Sort()
		return x, p.errs
	}
	p.balance(lr.trimEnd)
	p.est = p.sizes()
	p.indexCover()
	sc := scratchPool.Get().(*scratch)
	p.estack, p.tstack = sc.estack[:0], sc.tstack[:0]
	defer func() {
		// The stacks are empty (and their used part cleared) again: every
		// collection pops what it pushed.
		if cap(p.estack) <= 1<<12 && cap(p.tstack) <= 1<<12 {
			sc.estack, sc.tstack = p.estack[:0], p.tstack[:0]
			scratchPool.Put(sc)
		}
	}()
	if len(p.toks) == 0 { // only stray closing brackets
		x.Root = &BadExpr{id: p.id(), From: diag.Pos(lr.trimLead), To: diag.Pos(lr.trimEnd)}
	} else {
		x.Root = p.parseRoot()
	}
	x.tree, x.nodes = p.tree, p.nodes
	if len(p.errs) == 0 {
		return x, nil
	}
	p.errs.Sort()
	for k := range p.errs {
		e := &p.errs[k]
		e.Span = e.Span.Clamp(len(src))
		for i := range e.Fixes {
			for j := range e.Fixes[i].Edits {
				e.Fixes[i].Edits[j].Span = e.Fixes[i].Edits[j].Span.Clamp(len(src))
			}
		}
	}
	var dropped errCap
	for _, c := range p.caps {
		dropped.dropped += c.dropped
		dropped.end = max(dropped.end, c.end)
	}
	return x, capErrors(dedupe(p.errs), dropped)
}

// MaxErrors bounds the errors reported for one expression, as compilers
// do: past it the input is not an expression with mistakes but something
// else entirely, and more errors help nobody.
const MaxErrors = 100

func capErrors(l diag.List, dropped errCap) diag.List {
	if len(l) <= MaxErrors {
		return l
	}
	rest := l[MaxErrors:]
	end := max(rest[len(rest)-1].Span.End, dropped.end)
	out := append(l[:MaxErrors:MaxErrors], SyntaxError(ErrorKind(l[MaxErrors].EngineKind), "syntax", diag.Span{Start: rest[0].Span.Start, End: end}, fmt.Sprintf("too many errors: %d more not shown", len(rest)+dropped.dropped)))
	return out
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

type parser struct {
	src     string
	trimEnd int
	toks    []tok
	i       int
	errs    diag.List
	bad     bool // the current comparison had an error

	depth, maxDepth int
	tree            uint64 // see Expression.NodeID
	nodes           uint32 // the last node ID given
	tooDeep         bool   // NestingLimitExceeded was reported

	// caps bound the errors kept from the lexer, from unmatched closers,
	// from unclosed openers and from the parser.
	caps [4]errCap

	// cover indexes the lexer's and the bracket check's errors by start,
	// so that an unexpected token they already explain is not reported
	// twice: coverEnd[k] is the largest end among cover[:k+1] with a
	// non-empty span, coverEndAll the same over every span.
	blocks
	// counts[t] is the number of tokens of type t, counted by balance: the
	// size of the first block of each slab.
	counts     [tBadEq + 1]int32
	callParens int     // the `(` that follow a name: calls, not groups
	est        sizes   // the first block sizes, from counts
	estack     []Expr  // scratch: operands and arguments being collected
	tstack     []Token // scratch: operators being collected

	cover       []diag.Span
	coverEnd    []diag.Pos
	coverEndAll []diag.Pos
	lastSyntax  diag.Span
	hasSyntax   bool
}

// sizes are the sizes of the first blocks of the slabs and chunks,
// from the token counts: the nodes of each kind a valid input can make.
type sizes struct {
	names     int // values, and comparisons
	ops       int // comparison operators
	lits      int
	groups    int // parenthesised expressions
	calls     int
	indexes   int
	sets      int
	operators int // logical operator tokens
	logicals  int // runs of logical operators
	exprs     int // operands of logical operators and arguments of calls
}

// count returns the number of tokens of the given types.
func (p *parser) count(types ...tokType) int {
	n := 0
	for _, t := range types {
		n += int(p.counts[t])
	}
	return n
}

// sizes estimates the nodes from the token counts (see balance).
func (p *parser) sizes() sizes {
	z := sizes{
		names:     p.count(tIdent),
		ops:       p.count(tCmp, tMatch, tIn, tBadEq),
		lits:      p.count(tString, tRaw, tRegex, tBare, tSQ),
		groups:    p.count(tLParen) - p.callParens,
		calls:     p.callParens,
		indexes:   p.count(tLBrack, tSpLBrack),
		sets:      p.count(tLBrace),
		operators: p.count(tAnd, tXor, tOr),
	}
	// A run holds one or more operators, about three in real
	// expressions, so past a few operators half their count is generous.
	z.logicals = min(z.operators, 2+z.operators/2)
	// Each operator adds an operand and each run one more; each comma
	// adds an argument and each call one more.
	z.exprs = z.operators + z.logicals + p.count(tComma) + z.calls
	return z
}

// slab hands out nodes from blocks sized for the input.
type slab[T any] []T

// alloc returns a zeroed node; est sizes the first block (the caller's
// estimate of how many such nodes the input holds).
func (s *slab[T]) alloc(est int) *T {
	if len(*s) == cap(*s) {
		// The token counts bound the nodes of valid input. A block lent
		// by a Parser that is too small gives way to one of at least
		// twice its size, so that the Parser's blocks grow to fit
		// the inputs rather than each large one allocating again.
		n := max(est, 1, 2*cap(*s))
		*s = make([]T, 0, n)
	}
	*s = (*s)[:len(*s)+1]
	return &(*s)[len(*s)-1]
}

// scratch holds the parser's scratch stacks between parses.
type scratch struct {
	estack []Expr
	tstack []Token
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

var tokPool = sync.Pool{New: func() any { return new([]tok) }}

// chunk hands out exactly sized slices from shared blocks.
type chunk[T any] []T

// take returns a copy of src with its own capacity; est sizes the first
// block (the caller's estimate of how many elements the input needs).
func (c *chunk[T]) take(src []T, est int) []T {
	n := len(src)
	if cap(*c)-len(*c) < n {
		if cap(*c) > 0 {
			est = 2 * cap(*c)
		}
		*c = make([]T, 0, max(n, est, 8))
	}
	i := len(*c)
	*c = append(*c, src...)
	return (*c)[i : i+n : i+n]
}

func (p *parser) errorf(kind ErrorKind, code string, from, to int, msg string, fixes ...diag.Fix) {
	p.bad = true
	if !p.caps[3].room(to) {
		return
	}
	p.errs = append(p.errs, SyntaxError(kind, code, diag.SpanOf(from, to), msg, fixes...))
}

// id returns the key of a new node: see [Expression.NodeID].
func (p *parser) id() uint64 {
	p.nodes++
	return p.tree | uint64(p.nodes)
}

// trees counts the parses, to tell the nodes of one tree from another's.
var trees atomic.Uint32

// newTree returns the high half of the keys of a new tree's nodes.
func newTree() uint64 {
	for {
		if n := trees.Add(1); n != 0 { // 0 is for nodes built by hand
			return uint64(n) << 32
		}
	}
}

func (p *parser) peek() tokType {
	if p.i < len(p.toks) {
		return p.toks[p.i].typ
	}
	return tEOF
}

func (p *parser) next() *tok {
	t := &p.toks[p.i]
	p.i++
	return t
}

func isCloser(t tokType) bool { return t == tRParen || t == tRBrack || t == tRBrace }

func isOpener(t tokType) bool { return t == tLParen || t == tLBrack || t == tSpLBrack || t == tLBrace }

func isLogical(t tokType) bool { return t == tAnd || t == tOr || t == tXor }

func isBoundary(t tokType) bool { return isLogical(t) || t == tComma }

// atSync reports whether the next token ends an operand: the tokens error
// recovery synchronises on.
func (p *parser) atSync() bool {
	t := p.peek()
	return t == tEOF || isBoundary(t) || isCloser(t)
}

// skip advances to the next synchronisation token at the current bracket
// depth: `and`, `or`, `xor` or `,` (unless toCloser), or a closing bracket,
// or the end. Every token is skipped at most once, so recovery is linear.
func (p *parser) skip(toCloser bool) {
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i].typ
		switch {
		case isOpener(t):
			depth++
		case isCloser(t):
			if depth == 0 {
				return
			}
			depth--
		case depth == 0 && !toCloser && isBoundary(t):
			return
		}
		p.i++
	}
}

// badFrom returns a BadExpr from token start to the last token consumed.
func (p *parser) badFrom(start int) *BadExpr {
	if start >= p.i {
		pos := p.tokStart(start)
		return &BadExpr{id: p.id(), From: pos, To: pos}
	}
	return &BadExpr{id: p.id(), From: diag.Pos(p.toks[start].start), To: diag.Pos(p.toks[p.i-1].end)}
}

func (p *parser) tokStart(i int) diag.Pos {
	if i < len(p.toks) {
		return diag.Pos(p.toks[i].start)
	}
	return diag.Pos(p.toks[len(p.toks)-1].end)
}

// enter counts one nesting level (a group, a call or a `not`) and reports
// whether it is within the limit; the first time it is not, it reports
// NestingLimitExceeded at token t.
func (p *parser) enter(t *tok) bool {
	p.depth++
	if p.depth <= p.maxDepth {
		return true
	}
	if !p.tooDeep {
		p.tooDeep = true
		p.errs = append(p.errs, SyntaxError(NestingLimitExceeded, "nesting-too-deep", diag.SpanOf(int(t.start), int(t.end)), fmt.Sprintf("the expression is nested more than %d levels deep (parentheses, `not` and function calls each add a level)", p.maxDepth)))
	}
	return false
}

// balance reports and repairs unbalanced brackets so that one missing `)`
// does not hide every other error, and so that the parser can always skip
// to a matching closer.
func (p *parser) balance(end int) {
	closer := [...]tokType{tLParen: tRParen, tLBrack: tRBrack, tSpLBrack: tRBrack, tLBrace: tRBrace, tBadEq: 0}
	names := [...]string{tRParen: ")", tRBrack: "]", tRBrace: "}", tBadEq: ""}
	var stackBuf [32]int // brackets rarely nest deeper
	stack := stackBuf[:0]
	var out []tok
	removed := false
	for i, t := range p.toks {
		p.counts[t.typ]++
		if t.typ == tLParen && i > 0 && p.toks[i-1].typ == tIdent {
			p.callParens++
		}
		switch t.typ {
		case tLParen, tLBrack, tSpLBrack, tLBrace:
			if removed {
				stack = append(stack, len(out))
			} else {
				stack = append(stack, i)
			}
		case tRParen, tRBrack, tRBrace:
			open := p.toks
			if removed {
				open = out
			}
			if n := len(stack); n > 0 && closer[open[stack[n-1]].typ] == t.typ {
				stack = stack[:n-1]
				break
			}
			if p.caps[1].room(int(t.end)) {
				p.errs = append(p.errs, SyntaxError(UnrecognisedInput, "unbalanced", diag.SpanOf(int(t.start), int(t.end)), "this `"+names[t.typ]+"` has no matching opening bracket", []diag.Fix{{Title: "Remove it", Edits: []diag.Edit{{Span: diag.SpanOf(int(t.start), int(t.end)), New: ""}}}}...))
			}
			if !removed {
				removed = true
				out = append(make([]tok, 0, len(p.toks)), p.toks[:i]...)
			}
			continue
		}
		if removed {
			out = append(out, t)
		}
	}
	if !removed {
		if len(stack) == 0 {
			return
		}
		out = slices.Grow(p.toks, len(stack))
	}
	for _, j := range stack { // in source order, for the error cap
		o := out[j]
		c := closer[o.typ]
		kind := ExpectedLiteral
		if c == tRBrace {
			kind = UnrecognisedInput
		}
		if p.caps[2].room(int(o.end)) {
			p.errs = append(p.errs, SyntaxError(kind, "unbalanced", diag.SpanOf(int(o.start), int(o.end)), "this `"+o.text(p.src)+"` is never closed", []diag.Fix{{Title: "Add `" + names[c] + "` at the end", Edits: []diag.Edit{{Span: diag.SpanOf(end, end), New: names[c]}}}}...))
		}
	}
	for j := len(stack) - 1; j >= 0; j-- {
		out = append(out, mkTok(closer[out[stack[j]].typ], end, end))
	}
	p.toks = out
}

func (p *parser) indexCover() {
	if len(p.errs) == 0 {
		return
	}
	p.cover = make([]diag.Span, len(p.errs))
	for i, e := range p.errs {
		p.cover[i] = e.Span
	}
	sort.Slice(p.cover, func(i, j int) bool { return p.cover[i].Start < p.cover[j].Start })
	p.coverEnd = make([]diag.Pos, len(p.cover))
	p.coverEndAll = make([]diag.Pos, len(p.cover))
	end, all := diag.Pos(-1), diag.Pos(-1)
	for i, s := range p.cover {
		all = max(all, s.End)
		if s.Start != s.End {
			end = max(end, s.End)
		}
		p.coverEnd[i], p.coverEndAll[i] = end, all
	}
}

// covered reports whether an error already reported covers offset off.
// Empty spans count only for tokens that had a lexical error.
func (p *parser) covered(off diag.Pos, invalid bool) bool {
	if p.hasSyntax && p.lastSyntax.Start <= off && off <= p.lastSyntax.End && (invalid || p.lastSyntax.Start != p.lastSyntax.End) {
		return true
	}
	k := sort.Search(len(p.cover), func(i int) bool { return p.cover[i].Start > off }) - 1
	if k < 0 {
		return false
	}
	if invalid {
		return p.coverEndAll[k] >= off
	}
	return p.coverEnd[k] >= off
}

func (p *parser) syntax(kind ErrorKind, from, to int, msg string) {
	sp := diag.SpanOf(from, to)
	p.lastSyntax, p.hasSyntax = sp, true
	if p.caps[3].room(to) {
		p.errs = append(p.errs, SyntaxError(kind, "syntax", sp, msg))
	}
}

// unexpected explains why token i cannot be where it is, from what comes
// before it, unless an error already reported covers that spot.
func (p *parser) unexpected(i int) {
	p.bad = true
	var t tok
	eof := i >= len(p.toks)
	if eof {
		e := int(p.toks[len(p.toks)-1].end)
		t = mkTok(tEOF, e, e)
	} else {
		t = p.toks[i]
	}
	if p.covered(diag.Pos(t.start), t.has(fInvalid)) {
		return
	}
	var prev *tok
	if i > 0 {
		prev = &p.toks[i-1]
	}
	if !eof && isLogical(t.typ) {
		op := "`" + t.text(p.src) + "`"
		switch {
		case prev == nil || prev.typ == tLParen:
			p.syntax(ExpectedName, int(t.start), int(t.end), "expected a condition before "+op)
			return
		case isBoundary(prev.typ) || prev.typ == tNot:
			// `ssl and and ssl`: the earlier operator lacks its right operand.
			p.syntax(ExpectedName, int(t.start), int(t.end), fmt.Sprintf("expected a condition after `%s`, found %s", prev.text(p.src), op))
			return
		}
	}
	what := "end of input"
	if !eof {
		what = "`" + t.text(p.src) + "`"
	}
	kind, msg := UnrecognisedInput, "unexpected "+what
	switch {
	case prev != nil && (prev.typ == tCmp || prev.typ == tMatch || prev.typ == tBadEq):
		kind, msg = ExpectedName, fmt.Sprintf("expected a value after `%s`, found %s", prev.text(p.src), what)
		if eof {
			kind = CountMismatch
		}
	case prev != nil && prev.typ == tIn:
		kind, msg = ExpectedName, fmt.Sprintf("expected a set `{…}` or a list `$name` after `in`, found %s", what)
	case prev != nil && (isLogical(prev.typ) || prev.typ == tNot):
		kind, msg = ExpectedName, fmt.Sprintf("expected a condition after `%s`, found %s", prev.text(p.src), what)
	case prev == nil || prev.typ == tLParen:
		kind, msg = ExpectedName, fmt.Sprintf("expected a field or function name, found %s", what)
		if !eof && (t.typ == tString || t.typ == tBare || t.typ == tSQ || t.typ == tRaw) {
			msg = "a literal cannot be on the left of a comparison: write the field first (`http.host eq \"example.com\"`)"
		}
	case (prev.typ == tIdent || prev.typ == tRBrack) && t.typ == tNot:
		kind, msg = ExpectedName, fmt.Sprintf("unexpected %s after a value: to negate a comparison, write `not` before it", what)
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
	p.syntax(kind, int(t.start), int(t.end), msg)
}

// token converts an operator token, explaining an upper-case keyword.
func (p *parser) token(t *tok) Token {
	if t.has(fBadCase) {
		lw := strings.ToLower(t.text(p.src))
		if CmpKind(t.kind) == OpStrictWildcard {
			lw = "strict wildcard"
		}
		kind := ExpectedName
		if isLogical(t.typ) || t.typ == tNot {
			kind = UnrecognisedInput
		}
		p.errorf(kind, "uppercase-keyword", int(t.start), int(t.end),
			fmt.Sprintf("keywords are lowercase in the Rules language: write `%s`", lw),
			diag.Fix{Title: "Write " + lw, Edits: []diag.Edit{{Span: diag.SpanOf(int(t.start), int(t.end)), New: lw}}, Safe: true})
	}
	return Token{Span: diag.SpanOf(int(t.start), int(t.end)), Text: t.text(p.src), Glued: t.has(fGlued)}
}

// parseRoot parses the whole expression. What is left after it (a `,` at
// the top level) is reported, and the rest is still read for its errors.
func (p *parser) parseRoot() Expr {
	e := p.parseOr()
	if p.i >= len(p.toks) {
		return e
	}
	for p.i < len(p.toks) {
		p.unexpected(p.i)
		p.i++
		if p.i < len(p.toks) {
			p.parseOr()
		}
	}
	return &BadExpr{id: p.id(), From: diag.Pos(p.toks[0].start), To: diag.Pos(p.toks[len(p.toks)-1].end)}
}

func (p *parser) parseOr() Expr { return p.parseLogical(Or) }

var logicalTok = [...]tokType{And: tAnd, Xor: tXor, Or: tOr}

// parseLogical parses a run of one logical operator; its operands are the
// runs of the operator that binds tighter (And binds tightest). Operands
// and operators are collected on the parser's scratch stacks and copied
// into exactly sized slices.
func (p *parser) parseLogical(op LogicalOp) Expr {
	sub := func() Expr {
		if op == And {
			return p.parseOperand()
		}
		return p.parseLogical(op - 1)
	}
	head := sub()
	tt := logicalTok[op]
	if p.peek() != tt {
		return head
	}
	ebase, tbase := len(p.estack), len(p.tstack)
	p.estack = append(p.estack, head)
	for p.peek() == tt {
		p.tstack = append(p.tstack, p.token(p.next()))
		x := sub()
		p.estack = append(p.estack, x)
	}
	l := p.logicals.alloc(p.est.logicals)
	l.id, l.Op = p.id(), op
	l.Operands = p.exprs.take(p.estack[ebase:], p.est.exprs)
	l.Ops = p.tokens.take(p.tstack[tbase:], p.est.operators)
	clear(p.estack[ebase:])
	clear(p.tstack[tbase:])
	p.estack, p.tstack = p.estack[:ebase], p.tstack[:tbase]
	return l
}

// parseOperand parses one operand of a logical operator and makes sure it
// ends where an operand may end; otherwise it reports the first token that
// cannot follow and skips to the next synchronisation token.
func (p *parser) parseOperand() Expr {
	if isLogical(p.peek()) {
		// `and ssl`, `ssl and or ssl`: a condition is missing. Report the
		// first operator of the run and read on after it.
		p.unexpected(p.i)
		for isLogical(p.peek()) {
			p.i++
		}
	}
	start, mark, lastSyntax, hasSyntax := p.i, len(p.errs), p.lastSyntax, p.hasSyntax
	e := p.parseSimple()
	if p.atSync() {
		return e
	}
	// The simple expression is followed by something that cannot follow
	// it: the whole region is one mistake, so what was explained inside it
	// is dropped in favour of the one error at the token that does not fit.
	p.caps[3].kept -= len(p.errs) - mark
	p.errs = p.errs[:mark]
	p.lastSyntax, p.hasSyntax = lastSyntax, hasSyntax
	p.unexpected(p.i)
	p.skip(false)
	return p.badFrom(start)
}

func (p *parser) parseSimple() Expr {
	start := p.i
	switch p.peek() {
	case tNot:
		t := p.next()
		if !p.enter(t) {
			p.depth--
			p.skip(false)
			return p.badFrom(start)
		}
		op := p.token(t)
		x := p.parseSimple()
		p.depth--
		return &Not{id: p.id(), Op: op, X: x}
	case tLParen:
		return p.parseGroup()
	case tIdent:
		saved := p.bad
		p.bad = false
		c := p.parseComparison()
		bad := p.bad
		p.bad = saved || bad
		if c == nil {
			p.skip(false) // the error is reported
			return p.badFrom(start)
		}
		if bad {
			s := c.Span()
			return &BadExpr{id: p.id(), From: s.Start, To: s.End}
		}
		return c
	case tBad:
		// A character the language does not use: report it and skip what
		// follows up to the next synchronisation token.
		t := p.next()
		if !t.has(fInvalid) {
			p.errorf(UnrecognisedInput, "syntax", int(t.start), int(t.end), fmt.Sprintf("unexpected `%s`", t.text(p.src)))
		}
		p.skip(false)
		return p.badFrom(start)
	}
	p.unexpected(p.i)
	if !p.atSync() {
		p.skip(false)
	}
	return p.badFrom(start)
}

// closeWith consumes the closing bracket tt. When something else comes
// first, it reports it, skips to the closer at this depth (brackets are
// balanced, so there is one), consumes it and returns nil.
func (p *parser) closeWith(tt tokType) *tok {
	if p.peek() == tt {
		return p.next()
	}
	p.unexpected(p.i)
	p.skip(true)
	if p.peek() == tt {
		p.i++
	}
	return nil
}

func (p *parser) parseGroup() Expr {
	start := p.i
	lp := p.next()
	if !p.enter(lp) {
		p.depth--
		p.skip(true)
		p.i++ // the matching `)`: brackets are balanced
		return p.badFrom(start)
	}
	x := p.parseOr()
	p.depth--
	rp := p.closeWith(tRParen)
	if rp == nil {
		return p.badFrom(start)
	}
	pn := p.parens.alloc(p.est.groups)
	pn.id, pn.Lparen, pn.Rparen, pn.X = p.id(), diag.Pos(lp.start), diag.Pos(rp.start), x
	return pn
}

// parseComparison parses a value and its optional operator and operand,
// explaining the common mistakes. It returns nil when the comparison could
// not be read at all (the error is reported).
func (p *parser) parseComparison() *Comparison {
	v := p.parseValue()
	if v == nil {
		return nil
	}
	c := p.cmps.alloc(p.est.names)
	c.id, c.LHS = p.id(), v
	switch p.peek() {
	case tCmp, tMatch, tIn, tBadEq, tIdent:
	case tNot:
		if p.i+1 >= len(p.toks) {
			return c
		}
		switch p.toks[p.i+1].typ {
		case tCmp, tMatch, tIn, tBadEq, tIdent:
		default:
			return c
		}
	default:
		return c
	}
	var neg *tok
	if p.peek() == tNot {
		neg = p.next()
	}
	ot := p.next()
	opText := ot.text(p.src)
	c.Op = p.ops.alloc(p.est.ops)
	c.Op.Kind, c.Op.Token = CmpKind(ot.kind), p.token(ot)
	lhsSpan := c.LHS.Span()
	lhsText := p.src[lhsSpan.Start:lhsSpan.End]

	rt := p.peek()
	switch rt {
	case tLBrace, tString, tRaw, tRegex, tBare, tSQ, tList, tIdent:
	default:
		p.unexpected(p.i)
		if !p.atSync() {
			p.skip(false)
		}
		return nil
	}
	rtok := &p.toks[p.i]

	if neg != nil {
		negText := neg.text(p.src)
		sep := " "
		if negText == "!" {
			sep = ""
		}
		p.errorf(ExpectedName, "negated-operator", int(neg.start), int(ot.end),
			fmt.Sprintf("there is no `%s%s%s` operator; negate the whole comparison: `not %s %s …`", negText, sep, opText, lhsText, opText),
			diag.Fix{Title: "Move `not` before the comparison", Edits: []diag.Edit{{Span: diag.Span{Start: lhsSpan.Start, End: lhsSpan.Start}, New: "not "}, {Span: diag.SpanOf(int(neg.start), int(ot.start)), New: ""}}, Safe: true})
	}
	switch ot.typ {
	case tBadEq:
		p.errorf(ExpectedName, "single-equals", int(ot.start), int(ot.end), "`=` is not an operator; use `eq` or `==`",
			diag.Fix{Title: "Use ==", Edits: []diag.Edit{{Span: diag.SpanOf(int(ot.start), int(ot.end)), New: "=="}}, Safe: true})
	case tIdent:
		c.Op.Kind = 0
		if infixFunctions[opText] && rt != tLBrace {
			rhs := rtok.text(p.src)
			if rt == tSQ {
				rhs = QuoteString(sqBody(p.src, *rtok))
			}
			call := fmt.Sprintf("%s(%s, %s)", opText, lhsText, rhs)
			p.errorf(ExpectedName, "infix-function", int(ot.start), int(ot.end),
				fmt.Sprintf("`%s` is a function, not an operator: write `%s`", opText, call),
				diag.Fix{Title: "Call " + opText, Edits: []diag.Edit{{Span: diag.Span{Start: lhsSpan.Start, End: diag.Pos(rtok.end)}, New: call}}, Safe: true})
		} else {
			p.errorf(ExpectedName, "unknown-operator", int(ot.start), int(ot.end),
				fmt.Sprintf("expected a comparison operator (such as `eq`, `contains` or `in`), found `%s`", opText))
		}
	}
	if rt == tLBrace {
		s := p.parseSet()
		if s == nil {
			return nil
		}
		c.RHS = s
		if CmpKind(ot.kind) != OpIn && ot.typ != tIdent {
			var fixes []diag.Fix
			if CmpKind(ot.kind) == OpEq {
				// `eq {…}` means membership; for contains or matches it would
				// change a substring test into an exact match.
				fixes = []diag.Fix{{Title: "Use in", Edits: []diag.Edit{{Span: diag.SpanOf(int(ot.start), int(ot.end)), New: "in"}}, Safe: true}}
			}
			p.errorf(ExpectedName, "set-needs-in", int(ot.start), int(ot.end),
				fmt.Sprintf("a set `{…}` can only follow `in`, not `%s`", opText), fixes...)
		}
		return c
	}
	p.i++
	c.RHS = p.rhsLiteral(c, rtok, ot)
	return c
}

var infixFunctions = map[string]bool{"starts_with": true, "ends_with": true, "contains": true, "has_key": true, "has_value": true}

func (p *parser) rhsLiteral(c *Comparison, t *tok, ot *tok) Operand {
	if t.typ == tList {
		lr := &ListRef{id: p.id(), Dollar: diag.Pos(t.start), Name: p.src[t.start+1 : t.end]}
		if t.has(fInvalid) {
			p.bad = true
		}
		if CmpKind(ot.kind) != OpIn {
			var fixes []diag.Fix
			if CmpKind(ot.kind) == OpEq {
				fixes = []diag.Fix{{Title: "Use in", Edits: []diag.Edit{{Span: diag.SpanOf(int(ot.start), int(ot.end)), New: "in"}}, Safe: true}}
			}
			p.errorf(ExpectedName, "list-needs-in", int(t.start), int(t.end), "a list can only follow `in`", fixes...)
		}
		return lr
	}
	if t.typ == tIdent {
		word := t.text(p.src)
		if word == "true" || word == "false" {
			positive := (word == "true") == (CmpKind(ot.kind) == OpEq)
			lhs := c.LHS.Span().Text(p.src)
			repl := lhs
			if !positive {
				repl = "not " + lhs
			}
			p.errorf(UnrecognisedInput, "boolean-literal", int(ot.start), int(t.end),
				fmt.Sprintf("there are no boolean literals: a Bool field is a condition by itself; write `%s`", repl),
				diag.Fix{Title: "Write " + repl, Edits: []diag.Edit{{Span: c.LHS.Span().Cover(diag.SpanOf(int(t.start), int(t.end))), New: repl}}, Safe: true})
			return &Literal{id: p.id(), Kind: LitBare, Raw: word, Pos: diag.Pos(t.start)}
		}
	}
	l := p.literal(t)
	if CmpKind(ot.kind) == OpIn && ot.typ == tIn && (l.Kind == LitBare || l.IsString()) {
		p.errorf(ExpectedName, "in-needs-braces", int(l.Pos), int(l.Span().End),
			"`in` needs a set in braces or a list: write `in {"+l.Raw+"}`",
			diag.Fix{Title: "Add braces", Edits: []diag.Edit{{Span: l.Span(), New: "{" + l.Raw + "}"}}, Safe: true})
	}
	return l
}

// parseValue parses a name, an optional call and index suffixes. It returns
// nil when the value could not be read (the error is reported).
func (p *parser) parseValue() *Value {
	t := p.next()
	v := p.values.alloc(p.est.names)
	v.id, v.Name = p.id(), Token{Span: diag.SpanOf(int(t.start), int(t.end)), Text: t.text(p.src)}
	if t.has(fInvalid) {
		p.bad = true
	}
	if p.peek() == tLParen {
		c := p.parseCall()
		if c == nil {
			return nil
		}
		v.Call = c
	}
	for p.peek() == tLBrack || p.peek() == tSpLBrack {
		ix := p.parseIndex()
		if ix == nil {
			return nil
		}
		v.Indexes = append(v.Indexes, ix)
	}
	return v
}

func (p *parser) parseCall() *Call {
	lp := p.next()
	if !p.enter(lp) {
		p.depth--
		p.skip(true)
		p.i++ // the matching `)`: brackets are balanced
		p.bad = true
		return nil
	}
	c := p.calls.alloc(p.est.calls)
	c.id, c.Lparen = p.id(), diag.Pos(lp.start)
	base := len(p.estack)
	defer func() {
		clear(p.estack[base:])
		p.estack = p.estack[:base]
	}()
	if p.peek() != tRParen {
		for {
			if p.peek() == tComma && p.i+1 < len(p.toks) && p.toks[p.i+1].typ == tRParen {
				p.trailingComma(p.next())
				break
			}
			arg := p.parseArg()
			p.estack = append(p.estack, arg)
			if p.peek() != tComma {
				break
			}
			comma := p.next()
			if p.peek() == tRParen {
				p.trailingComma(comma)
				break
			}
		}
	}
	p.depth--
	rp := p.closeWith(tRParen)
	if rp == nil {
		return nil
	}
	c.Rparen = diag.Pos(rp.start)
	if len(p.estack) > base {
		c.Args = p.exprs.take(p.estack[base:], p.est.exprs)
	}
	return c
}

func (p *parser) trailingComma(t *tok) {
	p.errorf(UnrecognisedInput, "trailing-comma", int(t.start), int(t.end), "a trailing comma is not allowed in a function call",
		diag.Fix{Title: "Remove the comma", Edits: []diag.Edit{{Span: diag.SpanOf(int(t.start), int(t.end)), New: ""}}, Safe: true})
}

func (p *parser) parseArg() Expr {
	switch p.peek() {
	case tString, tRaw, tRegex, tBare, tSQ:
		return p.literal(p.next())
	}
	start := p.i
	e := p.parseOr()
	if l, ok := e.(*Logical); ok {
		// The engine reads an argument that starts with a name as one
		// comparison; `any(a and b)` needs inner parentheses.
		if first := &p.toks[start]; first.typ == tIdent && !p.isQuantifierStart(first) {
			sp := l.Span()
			p.errorf(UnrecognisedInput, "argument-needs-parens", int(sp.Start), int(sp.End),
				"a function argument that combines conditions with `"+l.Ops[0].Text+"` must be wrapped in parentheses",
				diag.Fix{Title: "Wrap the argument in parentheses", Edits: []diag.Edit{{Span: diag.Span{Start: sp.Start, End: sp.Start}, New: "("}, {Span: diag.Span{Start: sp.End, End: sp.End}, New: ")"}}, Safe: true})
		}
	}
	return e
}

func (p *parser) isQuantifierStart(t *tok) bool {
	name := t.text(p.src)
	if name != "any" && name != "all" {
		return false
	}
	rest := strings.TrimLeft(p.src[t.end:], " \r\n")
	return strings.HasPrefix(rest, "(")
}

func (p *parser) parseIndex() *Index {
	lb := p.next()
	ix := p.indexes.alloc(p.est.indexes)
	ix.id, ix.Lbrack = p.id(), diag.Pos(lb.start)
	if lb.typ == tSpLBrack {
		start := int(lb.start)
		ws := start
		for ws > 0 && (p.src[ws-1] == ' ' || p.src[ws-1] == '\n' || p.src[ws-1] == '\r') {
			ws--
		}
		p.errorf(UnrecognisedInput, "space-before-index", ws, start+1, "no space is allowed before `[`",
			diag.Fix{Title: "Remove the space", Edits: []diag.Edit{{Span: diag.SpanOf(ws, start), New: ""}}, Safe: true})
	}
	switch p.peek() {
	case tStar:
		p.i++
		ix.Kind = IndexStar
	case tString, tRaw, tRegex, tBare, tSQ, tList, tIdent:
		ix.Lit = p.literal(p.next())
		switch ix.Lit.Kind {
		case LitString:
			ix.Kind = IndexKey
		case LitBare:
			ix.Kind = IndexElem
			if _, err := ix.Lit.Index(); err != nil {
				p.bad = true
				if p.caps[3].room(int(err.Span.End)) {
					p.errs = append(p.errs, *err)
				}
			}
		default:
			ix.Kind = IndexKey
			if ix.Lit.Kind == LitRaw {
				p.errorf(ExpectedLiteral, "invalid-map-key", int(ix.Lit.Pos), int(ix.Lit.Span().End),
					"a map key must be a double-quoted string; raw strings are not accepted here",
					diag.Fix{Title: "Use a quoted string", Edits: []diag.Edit{{Span: ix.Lit.Span(), New: QuoteString(ix.Lit.Value)}}, Safe: true})
			}
		}
	default: // `x[]`, `x[(`
		p.unexpected(p.i)
		p.skip(true)
		p.closeWith(tRBrack) // the skip stops at it
		return nil
	}
	rb := p.closeWith(tRBrack)
	if rb == nil {
		return nil
	}
	ix.Rbrack = diag.Pos(rb.start)
	return ix
}

func (p *parser) parseSet() *Set {
	lb := p.next()
	s := p.sets.alloc(p.est.sets)
	s.id, s.Lbrace = p.id(), diag.Pos(lb.start)
	var commas []diag.Edit
	for p.peek() != tRBrace {
		t := &p.toks[p.i]
		switch t.typ {
		case tComma:
			// remove the comma and keep items separated by one space
			e := diag.Edit{Span: diag.SpanOf(int(t.start), int(t.end)), New: ""}
			if int(t.end) < len(p.src) && p.src[t.end] != ' ' {
				e.New = " "
			}
			commas = append(commas, e)
		case tIdent:
			p.errorf(ExpectedName, "unquoted-string", int(t.start), int(t.end),
				fmt.Sprintf("`%s` is not a value: strings are written in double quotes", t.text(p.src)),
				diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: diag.SpanOf(int(t.start), int(t.end)), New: QuoteString(t.text(p.src))}}, Safe: true})
		case tList, tBad:
			if !t.has(fInvalid) {
				p.errorf(UnrecognisedInput, "syntax", int(t.start), int(t.end), fmt.Sprintf("unexpected `%s` in a set", t.text(p.src)))
			}
			p.bad = true
		case tString, tRaw, tRegex, tBare, tSQ:
			s.Items = append(s.Items, p.literal(t))
		default:
			p.closeWith(tRBrace)
			return nil
		}
		p.i++
	}
	s.Rbrace = diag.Pos(p.next().start)
	if len(commas) > 0 {
		first := commas[0].Span
		p.errorf(ParseInt, "comma-in-set", int(first.Start), int(commas[len(commas)-1].Span.End),
			"set items are separated by spaces, not commas", diag.Fix{Title: "Remove the commas", Edits: commas, Safe: true})
	}
	return s
}

// newLiteral builds the literal for a literal token. Tokens that are not
// literals get kind 0, for the caller to explain.
func (p *parser) newLiteral(t *tok) *Literal {
	l := p.lits.alloc(p.est.lits)
	l.id, l.Raw, l.Hashes, l.Pos = p.id(), t.text(p.src), int(t.hashes), diag.Pos(t.start)
	if l.Kind = litKinds[t.typ]; l.Kind != LitBare {
		l.Value = tokValue(p.src, p.trimEnd, *t)
	}
	return l
}

// litKinds gives the literal kind of each literal token type.
var litKinds = [...]LitKind{tString: LitString, tRaw: LitRaw, tRegex: LitRegex, tBare: LitBare, tBadEq: 0}

func (p *parser) literal(t *tok) *Literal {
	l := p.newLiteral(t)
	if l.Kind == 0 {
		l.Kind = LitString
		p.bad = true
		invalid := t.has(fInvalid)
		switch {
		case !invalid && t.typ == tIdent && strings.Count(l.Raw, ".") >= 1 && !strings.ContainsAny(l.Raw[:1], "0123456789") && len(strings.Split(l.Raw, ".")[0]) <= 4 && knownPrefix(l.Raw):
			p.errorf(ExpectedName, "unquoted-string", int(t.start), int(t.end),
				fmt.Sprintf("the right side of a comparison must be a literal: comparing `%s` with another field is not supported", l.Raw))
		case !invalid && t.typ == tIdent:
			p.errorf(ExpectedName, "unquoted-string", int(t.start), int(t.end),
				fmt.Sprintf("`%s` is not a value: strings are written in double quotes", l.Raw),
				diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: diag.SpanOf(int(t.start), int(t.end)), New: QuoteString(l.Raw)}}, Safe: true})
		case !invalid && t.typ == tList:
			p.errorf(ExpectedName, "syntax", int(t.start), int(t.end), "a list can only follow `in`")
		case !invalid:
			p.errorf(UnrecognisedInput, "syntax", int(t.start), int(t.end), fmt.Sprintf("unexpected `%s`", l.Raw))
		}
	}
	if t.has(fInvalid) {
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
