package grammar

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// tokType is the type of a token.
type tokType uint8

// Token types produced by the lexer.
const (
	tEOF   tokType = iota
	tIdent         // dotted name
	tNot           // not !
	tAnd           // and &&
	tXor           // xor ^^
	tOr            // or ||
	tCmp           // eq == ne != lt < le <= gt > ge >= contains wildcard "strict wildcard" & bitwise_and
	tMatch         // matches ~  (a following quoted string is read in regex mode)
	tIn            // in
	tLParen
	tRParen
	tLBrack   // '[' directly after a value
	tSpLBrack // '[' after whitespace: an error the parser explains
	tRBrack
	tLBrace
	tRBrace
	tComma
	tStar
	tString // "..." (§3.1)
	tRaw    // r"..." r#"..."#
	tRegex  // "..." after matches/~ (§3.9)
	tBare   // unquoted literal run: ints, IPs, CIDRs, ranges, hex bytes
	tSQ     // '...' or /.../: an error the parser explains
	tList   // $name
	tBad    // anything else
	tBadEq  // a single '=': an error the parser explains
)

// Token flags.
const (
	fGlued   uint8 = 1 << iota // keyword immediately followed by an identifier character
	fBadCase                   // keyword written in upper or mixed case
	fInvalid                   // the token had a lexical error (already reported)
	fClosed                    // a quoted token found its closing delimiter
)

// tok is one token: 16 bytes. Offsets are int32 (inputs are at most
// DefaultMaxSize bytes, and Options.MaxSize is clamped to 1 GiB). Decoded
// values are not stored: the parser derives them from the source when it
// builds a literal.
type tok struct {
	start, end int32
	hashes     int32 // number of '#' of a raw string
	typ        tokType
	kind       uint8 // CmpKind of an operator token
	flags      uint8
}

func mkTok(typ tokType, start, end int) tok {
	return tok{typ: typ, start: int32(start), end: int32(end)}
}

func opTok(typ tokType, k CmpKind, start, end int, flags uint8) tok {
	return tok{typ: typ, kind: uint8(k), start: int32(start), end: int32(end), flags: flags}
}

func flagIf(b bool, f uint8) uint8 {
	if b {
		return f
	}
	return 0
}

func (t *tok) has(f uint8) bool { return t.flags&f != 0 }

func (t *tok) text(src string) string { return src[t.start:t.end] }

// lexer states: what the parser expects next. The Rules language lexes
// type-directed and context-dependent text (keywords without word
// boundaries, the regex mode after `matches`), so the lexer follows the
// coarse shape of the grammar.
type lexState int

const (
	sExpr    lexState = iota // start of a simple expression
	sArg                     // start of a function argument
	sAfter                   // after a value or a complete simple expression
	sLiteral                 // after a comparison operator
	sRegex                   // after matches/~
	sAfterIn                 // after `in`
	sSet                     // inside { }
	sIndex                   // inside [ ]
)

type frameKind byte

const (
	fGroup frameKind = iota
	fCall
	fSet
	fIndex
	fNot
)

type lexResult struct {
	toks     []tok
	errs     diag.List
	cap      errCap
	trimLead int
	trimEnd  int
}

// scanner turns an expression into tokens. It never fails: problems are
// recorded as errors and lexing goes on, so that every independent mistake
// can be reported.
type scanner struct {
	src    string
	pos    int
	end    int
	state  lexState
	stack  []frameKind
	res    lexResult
	lastID bool // previous token was an identifier (a '(' then opens a call)
}

// Character classes, as a table: the lexer asks one of these for every byte.
const (
	cIdent uint8 = 1 << iota // [A-Za-z0-9_]
	cHex                     // [0-9A-Fa-f]
	cBare                    // hex digits and x : . / -
)

var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
			t[c] |= cIdent
		}
		if b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' {
			t[c] |= cHex | cBare
		}
		if b == 'x' || b == ':' || b == '.' || b == '/' || b == '-' {
			t[c] |= cBare
		}
	}
	return t
}()

func isIdentChar(c byte) bool { return charClass[c]&cIdent != 0 }

func isHex(c byte) bool { return charClass[c]&cHex != 0 }

func isBareChar(c byte) bool { return charClass[c]&cBare != 0 }

func lex(src string) lexResult { return lexInto(src, nil) }

// lexInto is lex appending the tokens to buf[:0], a buffer to reuse.
func lexInto(src string, buf []tok) lexResult {
	s := &scanner{src: src}
	// The engine trims Unicode whitespace at both ends before parsing.
	s.pos = len(src) - len(strings.TrimLeftFunc(src, unicode.IsSpace))
	s.end = len(strings.TrimRightFunc(src, unicode.IsSpace))
	if s.end < s.pos {
		s.end = s.pos
	}
	s.res.trimLead, s.res.trimEnd = s.pos, s.end
	if n := len(src)/6 + 8; cap(buf) >= n { // real expressions average 7.5 bytes a token
		s.res.toks = buf[:0]
	} else {
		s.res.toks = make([]tok, 0, n)
	}
	for s.next() {
	}
	return s.res
}

func (s *scanner) errorf(kind ErrorKind, code string, from, to int, msg string, fixes ...diag.Fix) {
	if !s.res.cap.room(to) {
		return
	}
	s.res.errs = append(s.res.errs, SyntaxError(kind, code, diag.SpanOf(from, to), msg, fixes...))
}

func (s *scanner) emit(t tok) {
	s.lastID = t.typ == tIdent
	s.res.toks = append(s.res.toks, t)
}

// skipSpace skips the separators the engine allows (space, CR, LF) and
// reports any other whitespace, which the engine rejects between tokens.
func (s *scanner) skipSpace() bool {
	skipped := false
	for s.pos < s.end {
		c := s.src[s.pos]
		if c == ' ' || c == '\n' || c == '\r' {
			s.pos++
			skipped = true
			continue
		}
		if c == '\t' {
			s.skipReported(func(c byte) bool { return c != '\t' }, "tab-separator",
				"a tab is not allowed between tokens; use spaces", "Replace the tab with a space", " ")
			skipped = true
			continue
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s.src[s.pos:])
			if unicode.IsSpace(r) {
				s.errorf(UnrecognisedInput, "unicode-space", s.pos, s.pos+n,
					"only spaces and line breaks may separate tokens; this is "+spaceName(r),
					diag.Fix{Title: "Replace it with a space", Edits: []diag.Edit{{Span: diag.SpanOf(s.pos, s.pos+n), New: " "}}, Safe: true})
				s.pos += n
				skipped = true
				continue
			}
		}
		// A '#' or '//' at a token boundary is a comment in other languages.
		if c == '#' || c == '/' && s.pos+1 < s.end && s.src[s.pos+1] == '/' {
			if s.literalNext() {
				if c == '/' {
					break // maybe a slash-regex; reported as a bad literal
				}
			}
			end := s.commentEnd()
			s.skipReported(func(byte) bool { return s.pos >= end }, "comment",
				"the Rules language has no comments; remove this text", "Remove the comment", "")
			skipped = true
			continue
		}
		break
	}
	return skipped
}

// literalNext reports whether a literal may come next, where `/` may start
// a slash-regex rather than a comment.
func (s *scanner) literalNext() bool {
	return s.state == sLiteral || s.state == sRegex || s.state == sSet || s.state == sAfterIn
}

// commentEnd is where the comment at s.pos ends: at the end of its line,
// or of the last of the comment lines that follow it with nothing but
// blank space between, so that a block of comment lines is one finding.
func (s *scanner) commentEnd() int {
	end := s.pos
	for {
		for end < s.end && s.src[end] != '\n' {
			end++
		}
		next := end
		for next < s.end && (s.src[next] == ' ' || s.src[next] == '\n' || s.src[next] == '\r') {
			next++
		}
		if next == end || next >= s.end || !(s.src[next] == '#' || s.src[next] == '/' && next+1 < s.end && s.src[next+1] == '/' && !s.literalNext()) {
			return end
		}
		end = next
	}
}

// skipReported skips to the first byte for which stop is true (or the end)
// and reports the text skipped as an error whose fix replaces it with repl.
func (s *scanner) skipReported(stop func(byte) bool, code, msg, fixTitle, repl string) {
	start := s.pos
	for s.pos < s.end && !stop(s.src[s.pos]) {
		s.pos++
	}
	s.errorf(UnrecognisedInput, code, start, s.pos, msg,
		diag.Fix{Title: fixTitle, Edits: []diag.Edit{{Span: diag.SpanOf(start, s.pos), New: repl}}, Safe: true})
}

func spaceName(r rune) string {
	switch r {
	case 0xA0:
		return "a no-break space (U+00A0)"
	case 0x3000:
		return "an ideographic space (U+3000)"
	case '\v':
		return "a vertical tab"
	case '\f':
		return "a form feed"
	}
	return fmt.Sprintf("U+%04X whitespace", r)
}

func (s *scanner) push(f frameKind) { s.stack = append(s.stack, f) }

func (s *scanner) popNots() {
	for len(s.stack) > 0 && s.stack[len(s.stack)-1] == fNot {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

func (s *scanner) top() (frameKind, bool) {
	if len(s.stack) == 0 {
		return 0, false
	}
	return s.stack[len(s.stack)-1], true
}

// pop removes the innermost frame of the given kind and reports whether it
// was there.
func (s *scanner) pop(want frameKind) bool {
	s.popNots()
	if f, ok := s.top(); ok && f == want {
		s.stack = s.stack[:len(s.stack)-1]
		return true
	}
	return false
}

// next lexes one token; it returns false at the end of input.
func (s *scanner) next() bool {
	spaced := s.skipSpace()
	if s.pos >= s.end {
		return false
	}
	c := s.src[s.pos]
	switch s.state {
	case sExpr, sArg:
		return s.lexExprStart(c)
	case sLiteral, sRegex, sAfterIn, sSet:
		return s.lexLiteralPos(c)
	case sIndex:
		return s.lexIndex(c)
	default:
		return s.lexAfter(c, spaced)
	}
}

func (s *scanner) single(t tokType, n int) {
	s.emit(mkTok(t, s.pos, s.pos+n))
	s.pos += n
}

// open emits the one-byte token t, which opens a frame f, and goes on in
// state st.
func (s *scanner) open(t tokType, f frameKind, st lexState) bool {
	s.single(t, 1)
	s.push(f)
	s.state = st
	return true
}

func (s *scanner) lexExprStart(c byte) bool {
	inArg := s.state == sArg
	switch {
	case c == '(':
		return s.open(tLParen, fGroup, sExpr)
	case c == '!' && !(s.pos+1 < s.end && s.src[s.pos+1] == '='):
		return s.open(tNot, fNot, sExpr)
	case c == ')':
		return s.lexAfter(c, false)
	case inArg && s.startsLiteral(c):
		return s.lexLiteralPos(c)
	case !inArg && (c == '"' || c == '\'' || c >= '0' && c <= '9' || c == '-'):
		// A literal where a field belongs: lex it so the parser can say so.
		return s.lexLiteralPos(c)
	case !inArg && isIdentChar(c) && logicalWord(s.word()) != 0:
		// `ssl and and ssl`: a condition is missing; keep the operator so
		// the parser can say so (the engine reads it as a field name).
		w := s.word()
		s.logical(logicalWord(w), len(w))
		return true
	case isIdentChar(c):
		w := s.word()
		if strings.HasPrefix(w, "not") {
			// The engine matches `not` by prefix, so `notssl` is `not ssl`.
			t := mkTok(tNot, s.pos, s.pos+3)
			t.flags = flagIf(len(w) > 3, fGlued)
			s.emit(t)
			s.pos += 3
			s.push(fNot)
			s.state = sExpr
			return true
		}
		if strings.EqualFold(w, "not") {
			t := mkTok(tNot, s.pos, s.pos+3)
			t.flags = fBadCase
			s.emit(t)
			s.pos += 3
			s.push(fNot)
			s.state = sExpr
			return true
		}
		s.ident()
		return true
	}
	return s.lexAfter(c, false)
}

// startsLiteral reports whether an argument starting with c is a literal.
func (s *scanner) startsLiteral(c byte) bool {
	switch {
	case c == '"' || c == '\'' || c == '-' || c == ':' || c >= '0' && c <= '9':
		return true
	case c == 'r' && s.pos+1 < s.end && (s.src[s.pos+1] == '"' || s.src[s.pos+1] == '#'):
		return true
	case isHex(c):
		return s.bareLooksLiteral()
	}
	return false
}

// bareLooksLiteral decides, for text starting with a hex letter, whether it
// is a literal (`ab:cd`, `fe80::1`) rather than a name.
func (s *scanner) bareLooksLiteral() bool {
	lit := s.pos
	for lit < s.end && isBareChar(s.src[lit]) {
		lit++
	}
	id := s.pos
	for id < s.end && (isIdentChar(s.src[id]) || s.src[id] == '.') {
		id++
	}
	run := s.src[s.pos:lit]
	return lit >= id && strings.ContainsAny(run, ":-.")
}

// word returns the identifier-character run at the cursor (no dots).
func (s *scanner) word() string {
	i := s.pos
	for i < s.end && isIdentChar(s.src[i]) {
		i++
	}
	return s.src[s.pos:i]
}

// ident lexes a dotted name and reports malformed dots.
func (s *scanner) ident() {
	start := s.pos
	for {
		for s.pos < s.end && isIdentChar(s.src[s.pos]) {
			s.pos++
		}
		if s.pos < s.end && s.src[s.pos] == '.' {
			if s.pos+1 < s.end && isIdentChar(s.src[s.pos+1]) {
				s.pos++
				continue
			}
			// x..y or a trailing dot
			dot := s.pos
			for s.pos < s.end && (s.src[s.pos] == '.' || isIdentChar(s.src[s.pos])) {
				s.pos++
			}
			name := s.src[start:s.pos]
			fixed := strings.Trim(collapseDots(name), ".")
			var fixes []diag.Fix
			if fixed != "" {
				fixes = []diag.Fix{{Title: "Use " + fixed, Edits: []diag.Edit{{Span: diag.SpanOf(start, s.pos), New: fixed}}, Safe: true}}
			}
			s.errorf(ExpectedName, "malformed-name", dot, dot+1, "expected identifier character: a name's parts are separated by single dots", fixes...)
			t := mkTok(tIdent, start, s.pos)
			t.flags = fInvalid
			s.emit(t)
			s.state = sAfter
			return
		}
		break
	}
	s.emit(mkTok(tIdent, start, s.pos))
	s.state = sAfter
}

func collapseDots(s string) string {
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	return s
}

// logicalWord returns the token type of a logical operator word, or 0.
func logicalWord(w string) tokType {
	switch w {
	case "and":
		return tAnd
	case "or":
		return tOr
	case "xor":
		return tXor
	}
	return 0
}

// cmpWord returns the comparison operator spelled w, or 0.
func cmpWord(w string) CmpKind {
	switch w {
	case "eq":
		return OpEq
	case "ne":
		return OpNe
	case "lt":
		return OpLt
	case "le":
		return OpLe
	case "gt":
		return OpGt
	case "ge":
		return OpGe
	case "contains":
		return OpContains
	case "matches":
		return OpMatches
	case "wildcard":
		return OpWildcard
	case "in":
		return OpIn
	case "bitwise_and":
		return OpBitAnd
	}
	return 0
}

// isKeyword reports whether w is an operator word that may follow a value.
func isKeyword(w string) bool {
	return logicalWord(w) != 0 || cmpWord(w) != 0 || w == "not" || w == "strict"
}

// keywordsByLength lists the operator words that may follow a value, longest
// first, for the engine's prefix matching.
var keywordsByLength = []string{"bitwise_and", "contains", "wildcard", "matches", "strict", "and", "xor", "not", "or", "eq", "ne", "lt", "le", "gt", "ge", "in"}

func (s *scanner) lexAfter(c byte, spaced bool) bool {
	start := s.pos
	two := ""
	if s.pos+1 < s.end {
		two = s.src[s.pos : s.pos+2]
	}
	switch {
	case c == '(':
		if s.lastIDBefore() {
			return s.open(tLParen, fCall, sArg)
		}
		return s.open(tLParen, fGroup, sExpr)
	case c == ')':
		s.popNots()
		f, ok := s.top()
		s.single(tRParen, 1)
		if ok && f == fCall {
			s.pop(fCall)
			s.lastID = false
		} else {
			s.pop(fGroup)
		}
		s.state = sAfter
		return true
	case c == ',':
		s.popNots()
		s.single(tComma, 1)
		s.state = sArg
		return true
	case c == '[':
		t := tLBrack
		if spaced {
			t = tSpLBrack
		}
		return s.open(t, fIndex, sIndex)
	case c == ']':
		s.pop(fIndex)
		s.single(tRBrack, 1)
		s.state = sAfter
		return true
	case c == '}':
		s.pop(fSet)
		s.single(tRBrace, 1)
		s.state = sAfter
		return true
	case two == "&&":
		s.logical(tAnd, 2)
		return true
	case two == "||":
		s.logical(tOr, 2)
		return true
	case two == "^^":
		s.logical(tXor, 2)
		return true
	case c == '!' && two != "!=":
		s.single(tNot, 1)
		return true
	case strings.IndexByte("=!<>~&", c) >= 0:
		op := symbolOp(s.src[s.pos:s.end])
		s.cmp(opTok(op.typ, op.kind, start, start+len(op.text), 0))
		return true
	case isIdentChar(c):
		return s.afterWord()
	case c == '"' || c == '\'':
		return s.lexLiteralPos(c)
	}
	return s.bad()
}

// symbolOpTok is an operator written as a symbol and the token it lexes to.
type symbolOpTok struct {
	text string
	typ  tokType
	kind CmpKind
}

// symbolOps are the comparison operators written as symbols, and the lone
// `=` the parser reports; two-byte ones come first, so that `<=` is not
// read as `<`.
var symbolOps = []symbolOpTok{
	{"==", tCmp, OpEq}, {"!=", tCmp, OpNe}, {"<=", tCmp, OpLe}, {">=", tCmp, OpGe},
	{"<", tCmp, OpLt}, {">", tCmp, OpGt}, {"~", tMatch, OpMatches}, {"&", tCmp, OpBitAnd}, {"=", tBadEq, OpEq},
}

// symbolOp returns the symbol operator that src starts with; src starts
// with one of the bytes =<>~& or with !=.
func symbolOp(src string) symbolOpTok {
	for _, op := range symbolOps {
		if strings.HasPrefix(src, op.text) {
			return op
		}
	}
	panic("grammar: lexAfter called symbolOp without a symbol operator")
}

func (s *scanner) lastIDBefore() bool { return s.lastID }

func (s *scanner) logical(t tokType, n int) {
	s.popNots()
	s.emit(mkTok(t, s.pos, s.pos+n))
	s.pos += n
	s.state = sExpr
}

func (s *scanner) cmp(t tok) {
	s.emit(t)
	s.pos = int(t.end)
	switch {
	case t.typ == tMatch:
		s.state = sRegex
	case CmpKind(t.kind) == OpIn:
		s.state = sAfterIn
	default:
		s.state = sLiteral
	}
}

// afterWord lexes a word after a value: a keyword (matched by prefix, as
// the engine does), an upper-case keyword, or a stray name.
func (s *scanner) afterWord() bool {
	w := s.word()
	kw := ""
	if isKeyword(w) {
		kw = w
	} else if lw := strings.ToLower(w); lw != w && isKeyword(lw) {
		kw = lw
	}
	badCase := kw != "" && kw != w
	glued := false
	if kw == "" {
		for _, k := range keywordsByLength {
			if strings.HasPrefix(w, k) {
				kw, glued = k, true
				break
			}
		}
	}
	if kw == "" {
		s.ident()
		s.state = sLiteral // `path starts_with "/x"`: read the literal that follows
		return true
	}
	start := s.pos
	end := start + len(kw)
	switch {
	case logicalWord(kw) != 0:
		s.popNots()
		s.emit(opTok(logicalWord(kw), 0, start, end, flagIf(glued, fGlued)|flagIf(badCase, fBadCase)))
		s.pos = end
		s.state = sExpr
	case kw == "not":
		s.emit(opTok(tNot, 0, start, end, flagIf(glued, fGlued)|flagIf(badCase, fBadCase)))
		s.pos = end
	case kw == "strict":
		rest := s.src[end:s.end]
		trimmed := strings.TrimLeft(rest, " \t\r\n")
		if gap := rest[:len(rest)-len(trimmed)]; strings.HasPrefix(strings.ToLower(trimmed), "wildcard") {
			wend := end + len(gap) + len("wildcard")
			if gap != " " {
				s.errorf(ExpectedName, "strict-wildcard-spacing", start, wend,
					"`strict wildcard` must be written with exactly one space between the words",
					diag.Fix{Title: "Write `strict wildcard`", Edits: []diag.Edit{{Span: diag.SpanOf(start, wend), New: "strict wildcard"}}, Safe: true})
			}
			s.cmp(opTok(tCmp, OpStrictWildcard, start, wend, flagIf(badCase || trimmed[:8] != "wildcard", fBadCase)))
			return true
		}
		s.ident()
		s.state = sLiteral
	default:
		k := cmpWord(kw)
		t := tCmp
		if k == OpMatches {
			t = tMatch
		} else if k == OpIn {
			t = tIn
		}
		s.cmp(opTok(t, k, start, end, flagIf(glued, fGlued)|flagIf(badCase, fBadCase)))
	}
	return true
}

func (s *scanner) bad() bool {
	_, n := utf8.DecodeRuneInString(s.src[s.pos:])
	s.emit(mkTok(tBad, s.pos, s.pos+n))
	s.pos += n
	s.state = sAfter
	return true
}

// lexLiteralPos lexes where a literal is expected.
func (s *scanner) lexLiteralPos(c byte) bool {
	state := s.state
	switch {
	case c == '{' && (state == sAfterIn || state == sLiteral):
		return s.open(tLBrace, fSet, sSet)
	case c == '}':
		return s.lexAfter(c, false)
	case c == ',' && state == sSet:
		s.single(tComma, 1)
		return true
	case c == '$':
		s.list()
	case c == '"':
		if state == sRegex {
			s.regex()
		} else {
			s.quoted(tString)
		}
	case c == '\'':
		s.singleQuoted()
	case c == '/' && (state == sRegex || state == sLiteral):
		s.slashRegex()
	case c == 'r' && s.pos+1 < s.end && (s.src[s.pos+1] == '"' || s.src[s.pos+1] == '#'):
		s.raw()
	case c == '-' || c == ':' || c >= '0' && c <= '9' || isHex(c) && s.bareLooksLiteral():
		start := s.pos
		for s.pos < s.end && isBareChar(s.src[s.pos]) {
			s.pos++
		}
		s.emit(mkTok(tBare, start, s.pos))
	case isIdentChar(c) && logicalWord(s.word()) != 0:
		// A value is missing (`ip.src eq and …`): keep the operator so the
		// rest of the expression is read normally.
		w := s.word()
		s.logical(logicalWord(w), len(w))
		return true
	case isIdentChar(c):
		s.ident() // `ssl == true`, `http.host == http.referer`: explained by the parser
		if state == sSet {
			s.state = sSet
		}
		return true
	case c == '(' || c == ')' || c == '[' || c == ']' || c == '&' || c == '|' || c == '^' || c == '!' || c == '=' || c == '<' || c == '>' || c == '~':
		s.state = sAfter
		return s.lexAfter(c, false)
	default:
		s.bad()
		if state == sSet {
			s.state = sSet
		}
		return true
	}
	if state == sSet {
		s.state = sSet
	} else {
		s.state = sAfter
	}
	return true
}

func (s *scanner) lexIndex(c byte) bool {
	switch {
	case c == '*':
		s.single(tStar, 1)
		return true
	case c == ']':
		return s.lexAfter(c, false)
	case c == '"':
		s.quoted(tString)
	case c == 'r' && s.pos+1 < s.end && (s.src[s.pos+1] == '"' || s.src[s.pos+1] == '#'):
		s.raw()
	case c == '\'':
		s.singleQuoted()
	case c == '-' || c >= '0' && c <= '9':
		start := s.pos
		for s.pos < s.end && isBareChar(s.src[s.pos]) {
			s.pos++
		}
		s.emit(mkTok(tBare, start, s.pos))
	default:
		return s.lexAfter(c, false)
	}
	s.state = sIndex
	return true
}

func (s *scanner) list() {
	start := s.pos
	s.pos++
	for s.pos < s.end && (s.src[s.pos] >= 'a' && s.src[s.pos] <= 'z' || s.src[s.pos] >= '0' && s.src[s.pos] <= '9' || s.src[s.pos] == '_' || s.src[s.pos] == '.') {
		s.pos++
	}
	name := s.src[start+1 : s.pos]
	badEnd := s.pos
	if badEnd < s.end && isIdentChar(s.src[badEnd]) {
		for badEnd < s.end && (isIdentChar(s.src[badEnd]) || s.src[badEnd] == '.') {
			badEnd++
		}
	}
	t := mkTok(tList, start, s.pos)
	switch {
	case badEnd > s.pos:
		full := s.src[start+1 : badEnd]
		lower := strings.ToLower(full)
		s.errorf(InvalidListName, "invalid-list-name", start, badEnd,
			"invalid list name `$"+full+"`: list names use only lowercase letters, digits, `_` and `.`",
			diag.Fix{Title: "Use $" + lower, Edits: []diag.Edit{{Span: diag.SpanOf(start, badEnd), New: "$" + lower}}, Safe: true})
		t.end, t.flags = int32(badEnd), fInvalid
		s.pos = badEnd
	case name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "."):
		s.errorf(InvalidListName, "invalid-list-name", start, s.pos,
			"invalid list name `$"+name+"`: a list name is required and must not start or end with `.`")
		t.flags = fInvalid
	}
	s.emit(t)
}

// slashRegex reads a /regex/ as other languages write it, to explain that
// the Rules language writes regexes as strings.
func (s *scanner) slashRegex() {
	start := s.pos
	i := start + 1
	for i < s.end && s.src[i] != '/' && s.src[i] != '\n' {
		if s.src[i] == '\\' {
			i++
		}
		i++
	}
	if i > s.end {
		i = s.end // a trailing backslash skipped past the end
	}
	end := i
	if i < s.end && s.src[i] == '/' {
		end = i + 1
	}
	body := s.src[start+1 : min(i, s.end)]
	repl := RawString(body)
	s.errorf(ParseInt, "slash-regex", start, end,
		"regexes are written as strings, not between slashes: write "+repl,
		diag.Fix{Title: "Use " + repl, Edits: []diag.Edit{{Span: diag.SpanOf(start, end), New: repl}}, Safe: s.state == sRegex && end > i})
	s.pos = end
	t := mkTok(tSQ, start, end)
	t.flags = fInvalid | flagIf(end > i, fClosed)
	s.emit(t)
}

func (s *scanner) singleQuoted() {
	start := s.pos
	i := strings.IndexByte(s.src[s.pos+1:s.end], '\'')
	var end int
	if i < 0 {
		end = s.end
	} else {
		end = s.pos + 1 + i + 1
	}
	s.pos = end
	t := mkTok(tSQ, start, end)
	t.flags = fInvalid | flagIf(i >= 0, fClosed)
	repl := QuoteString(sqBody(s.src, t))
	s.errorf(ParseInt, "single-quoted-string", start, end,
		"single quotes are not string delimiters in the Rules language; use double quotes",
		diag.Fix{Title: "Use " + repl, Edits: []diag.Edit{{Span: diag.SpanOf(start, end), New: repl}}, Safe: i >= 0})
	s.emit(t)
}

// quoted lexes a §3.1 string and decodes it.
func (s *scanner) quoted(typ tokType) {
	start := s.pos
	end, errs := scanString(s.src[:s.end], start, &s.res.cap)
	s.res.errs = append(s.res.errs, errs...)
	s.pos = end
	t := mkTok(typ, start, end)
	t.flags = flagIf(len(errs) > 0, fInvalid) | fClosed
	for _, e := range errs {
		if e.Rule == "missing-quote" {
			t.flags &^= fClosed
		}
	}
	s.emit(t)
}

// regex lexes a quoted regex (§3.9).
func (s *scanner) regex() {
	start := s.pos
	_, end, closed := scanRegex(s.src[:s.end], start, false)
	t := mkTok(tRegex, start, end)
	t.flags = flagIf(closed, fClosed)
	if !closed {
		t.end = int32(s.end)
		t.flags = fInvalid
		s.errorf(MissingEndingQuote, "missing-quote", start, s.end, "could not find the closing `\"` of this regex",
			diag.Fix{Title: "Add the closing quote", Edits: []diag.Edit{{Span: diag.SpanOf(s.end, s.end), New: "\""}}})
	}
	s.pos = int(t.end)
	s.emit(t)
}

// scanRegex reads the quoted regex at src[start]. It returns the regex text
// (only when decode is set: `\"` outside a class stands for `"`), the offset
// just past the closing quote and whether there was one.
func scanRegex(src string, start int, decode bool) (string, int, bool) {
	var b []byte
	copied := false // b holds the text before lit
	i := start + 1
	class := false
	lit := i // src[lit:i] is pending text not yet copied to b
	for i < len(src) {
		c := src[i]
		if c == '\\' {
			if i+1 >= len(src) {
				break
			}
			if src[i+1] == '"' && !class && decode {
				b = append(b, src[lit:i]...)
				lit, copied = i+1, true
			}
			i += 2
			continue
		}
		if c == '[' {
			class = true
		} else if c == ']' {
			class = false
		} else if c == '"' && !class {
			if decode {
				if !copied {
					return src[start+1 : i], i + 1, true
				}
				b = append(b, src[lit:i]...)
			}
			return string(b), i + 1, true
		}
		i++
	}
	if decode {
		if !copied {
			return src[start+1 : i], i, false
		}
		b = append(b, src[lit:i]...)
	}
	return string(b), i, false
}

func (s *scanner) raw() {
	start := s.pos
	i := start + 1
	for i < s.end && s.src[i] == '#' {
		i++
	}
	n := i - start - 1
	t := mkTok(tRaw, start, start)
	t.hashes = int32(n)
	if n > 255 {
		s.errorf(InvalidRawStringHashCount, "raw-string-hashes", start, i, "a raw string may have at most 255 `#`")
		t.flags = fInvalid
	}
	if i >= s.end || s.src[i] != '"' {
		s.errorf(ExpectedName, "raw-string-quote", i, i+1, "expected `\"` or `#` after `r`")
		t.end, t.flags = int32(i), fInvalid
		s.pos = i
		s.emit(t)
		return
	}
	closing := "\"" + strings.Repeat("#", n)
	j := strings.Index(s.src[i+1:s.end], closing)
	if j < 0 {
		s.errorf(MissingEndingQuote, "missing-quote", start, s.end, "could not find the closing `"+closing+"` of this raw string",
			diag.Fix{Title: "Close the raw string", Edits: []diag.Edit{{Span: diag.SpanOf(s.end, s.end), New: closing}}})
		t.end, t.flags = int32(s.end), fInvalid
	} else {
		t.end = int32(i + 1 + j + len(closing))
		t.flags |= fClosed
	}
	s.pos = int(t.end)
	s.emit(t)
}

// sqBody is the text between the delimiters of a '...' or /.../ token.
func sqBody(src string, t tok) string {
	body := src[t.start+1 : t.end]
	if t.has(fClosed) {
		body = body[:len(body)-1]
	}
	return body
}

// tokValue is the decoded value of a literal token: the text of a string
// (escapes decoded), a raw string or a regex, or the body of a '...' or
// /.../ mistake.
func tokValue(src string, end int, t tok) string {
	switch t.typ {
	case tString:
		v, _, _ := decodeString(src[:end], int(t.start), &errCap{kept: MaxErrors + 1}) // errors were reported by the lexer
		return v
	case tRegex:
		v, _, _ := scanRegex(src[:end], int(t.start), true)
		return v
	case tRaw:
		q := int(t.start) + 1 + int(t.hashes)
		switch {
		case q >= int(t.end):
			return ""
		case t.has(fClosed):
			return src[q+1 : int(t.end)-1-int(t.hashes)]
		}
		return src[q+1 : t.end]
	case tSQ:
		return sqBody(src, t)
	}
	return ""
}
