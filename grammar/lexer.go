package grammar

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types produced by the lexer and named in the participle grammar.
const (
	tIdent lexer.TokenType = iota + 1
	tNot                   // not !
	tAnd                   // and &&
	tXor                   // xor ^^
	tOr                    // or ||
	tCmp                   // eq == ne != lt < le <= gt > ge >= contains wildcard "strict wildcard" & bitwise_and
	tMatch                 // matches ~  (a following quoted string is read in regex mode)
	tIn                    // in
	tLParen
	tRParen
	tLBrack   // '[' directly after a value
	tSpLBrack // '[' after whitespace: an error the grammar accepts so it can explain it
	tRBrack
	tLBrace
	tRBrace
	tComma
	tStar
	tString // "..." (§3.1)
	tRaw    // r"..." r#"..."#
	tRegex  // "..." after matches/~ (§3.9)
	tBare   // unquoted literal run: ints, IPs, CIDRs, ranges, hex bytes
	tSQ     // '...': an error the grammar accepts so it can explain it
	tList   // $name
	tBad    // anything else, and the placeholder for a region masked by error recovery
	tBadEq  // a single '=': an error the grammar accepts so it can explain it
)

var symbols = map[string]lexer.TokenType{
	"EOF": lexer.EOF, "Ident": tIdent, "Not": tNot, "And": tAnd, "Xor": tXor, "Or": tOr, "Cmp": tCmp,
	"Match": tMatch, "In": tIn, "LParen": tLParen, "RParen": tRParen, "LBrack": tLBrack,
	"SpLBrack": tSpLBrack, "RBrack": tRBrack, "LBrace": tLBrace, "RBrace": tRBrace, "Comma": tComma,
	"Star": tStar, "String": tString, "Raw": tRaw, "Regex": tRegex, "Bare": tBare, "SQ": tSQ,
	"List": tList, "Bad": tBad, "BadEq": tBadEq,
}

// tokenNames is used in error messages.
var tokenNames = map[lexer.TokenType]string{
	lexer.EOF: "end of input", tIdent: "a name", tNot: "`not`", tAnd: "`and`", tXor: "`xor`", tOr: "`or`",
	tCmp: "a comparison operator", tMatch: "`matches`", tIn: "`in`", tLParen: "`(`", tRParen: "`)`",
	tLBrack: "`[`", tSpLBrack: "`[`", tRBrack: "`]`", tLBrace: "`{`", tRBrace: "`}`", tComma: "`,`",
	tStar: "`*`", tString: "a string", tRaw: "a raw string", tRegex: "a regex", tBare: "a literal",
	tSQ: "a single-quoted string", tList: "a list", tBad: "unexpected input", tBadEq: "`=`",
}

// lexDef satisfies participle's lexer.Definition. Parsing never goes through
// it (the parser feeds participle a pre-lexed token slice), but participle
// needs the symbol table to build the grammar.
type lexDef struct{}

func (lexDef) Symbols() map[string]lexer.TokenType { return symbols }
func (lexDef) Lex(string, io.Reader) (lexer.Lexer, error) {
	panic("grammar: lexDef.Lex is never called")
}

// tok is a token with the extra facts the converter needs.
type tok struct {
	typ        lexer.TokenType
	start, end int
	glued      bool // keyword immediately followed by an identifier character
	badCase    bool // keyword written in upper or mixed case
	kind       CmpKind
	value      string // decoded value for strings and regexes
	hashes     int
	invalid    bool // the literal had a lexical error (already reported)
	spaceAfter bool
}

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
	tooDeep  bool
	trimLead int
	trimEnd  int
}

// scanner turns an expression into tokens. It never fails: problems are
// recorded as errors and lexing goes on, so that every independent mistake
// can be reported.
type scanner struct {
	src      string
	pos      int
	end      int
	state    lexState
	stack    []frameKind
	depth    int // engine nesting depth: groups, calls and nots
	maxDepth int
	res      lexResult
	lastID   bool // previous token was an identifier (a '(' then opens a call)
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isBareChar(c byte) bool {
	return isHex(c) || c == 'x' || c == ':' || c == '.' || c == '/' || c == '-'
}

func lex(src string, maxDepth int) lexResult {
	s := &scanner{src: src, maxDepth: maxDepth}
	// The engine trims Unicode whitespace at both ends before parsing.
	s.pos = len(src) - len(strings.TrimLeftFunc(src, unicode.IsSpace))
	s.end = len(strings.TrimRightFunc(src, unicode.IsSpace))
	if s.end < s.pos {
		s.end = s.pos
	}
	s.res.trimLead, s.res.trimEnd = s.pos, s.end
	s.res.toks = make([]tok, 0, len(src)/4+2)
	for s.next() {
	}
	return s.res
}

func (s *scanner) errorf(kind ErrorKind, code string, from, to int, msg string, fixes ...diag.Fix) {
	s.res.errs = append(s.res.errs, SyntaxError(kind, code, diag.SpanOf(from, to), msg, fixes...))
}

func (s *scanner) emit(t tok) {
	if n := len(s.res.toks); n > 0 && s.res.toks[n-1].end < t.start {
		s.res.toks[n-1].spaceAfter = true
	}
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
			start := s.pos
			for s.pos < s.end && s.src[s.pos] == '\t' {
				s.pos++
			}
			s.errorf(UnrecognisedInput, "tab-separator", start, s.pos,
				"a tab is not allowed between tokens; use spaces",
				diag.Fix{Title: "Replace the tab with a space", Edits: []diag.Edit{{Span: diag.SpanOf(start, s.pos), New: " "}}})
			skipped = true
			continue
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s.src[s.pos:])
			if unicode.IsSpace(r) {
				s.errorf(UnrecognisedInput, "unicode-space", s.pos, s.pos+n,
					"only spaces and line breaks may separate tokens; this is "+spaceName(r),
					diag.Fix{Title: "Replace it with a space", Edits: []diag.Edit{{Span: diag.SpanOf(s.pos, s.pos+n), New: " "}}})
				s.pos += n
				skipped = true
				continue
			}
		}
		// A '#' or '//' at a token boundary is a comment in other languages.
		if c == '#' || c == '/' && s.pos+1 < s.end && s.src[s.pos+1] == '/' {
			if s.state == sLiteral || s.state == sRegex || s.state == sSet || s.state == sAfterIn {
				if c == '/' {
					break // maybe a slash-regex; reported as a bad literal
				}
			}
			start := s.pos
			for s.pos < s.end && s.src[s.pos] != '\n' {
				s.pos++
			}
			s.errorf(UnrecognisedInput, "comment", start, s.pos,
				"the Rules language has no comments; remove this text",
				diag.Fix{Title: "Remove the comment", Edits: []diag.Edit{{Span: diag.SpanOf(start, s.pos), New: ""}}})
			skipped = true
			continue
		}
		break
	}
	return skipped
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

func (s *scanner) push(f frameKind) {
	s.stack = append(s.stack, f)
	if f == fGroup || f == fCall || f == fNot {
		s.depth++
		if s.depth > s.maxDepth && !s.res.tooDeep {
			s.res.tooDeep = true
		}
	}
}

func (s *scanner) popNots() {
	for len(s.stack) > 0 && s.stack[len(s.stack)-1] == fNot {
		s.stack = s.stack[:len(s.stack)-1]
		s.depth--
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
		if want == fGroup || want == fCall {
			s.depth--
		}
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
	if s.res.tooDeep {
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

func (s *scanner) single(t lexer.TokenType, n int) {
	s.emit(tok{typ: t, start: s.pos, end: s.pos + n})
	s.pos += n
}

func (s *scanner) lexExprStart(c byte) bool {
	inArg := s.state == sArg
	switch {
	case c == '(':
		s.single(tLParen, 1)
		s.push(fGroup)
		s.state = sExpr
		return true
	case c == '!' && !(s.pos+1 < s.end && s.src[s.pos+1] == '='):
		s.single(tNot, 1)
		s.push(fNot)
		s.state = sExpr
		return true
	case c == ')':
		return s.lexAfter(c, false)
	case inArg && s.startsLiteral(c):
		return s.lexLiteralPos(c)
	case !inArg && (c == '"' || c == '\'' || c >= '0' && c <= '9' || c == '-'):
		// A literal where a field belongs: lex it so the parser can say so.
		return s.lexLiteralPos(c)
	case isIdentChar(c) && logicalWords[s.word()] != 0 && !inArg:
		// `ssl and and ssl`: a condition is missing; keep the operator so
		// the parser can say so (the engine reads it as a field name).
		w := s.word()
		s.logical(logicalWords[w], len(w))
		return true
	case isIdentChar(c):
		w := s.word()
		if strings.HasPrefix(w, "not") {
			// The engine matches `not` by prefix, so `notssl` is `not ssl`.
			t := tok{typ: tNot, start: s.pos, end: s.pos + 3, glued: len(w) > 3}
			s.emit(t)
			s.pos += 3
			s.push(fNot)
			s.state = sExpr
			return true
		}
		if strings.EqualFold(w, "not") {
			s.emit(tok{typ: tNot, start: s.pos, end: s.pos + 3, badCase: true})
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
				fixes = []diag.Fix{{Title: "Use " + fixed, Edits: []diag.Edit{{Span: diag.SpanOf(start, s.pos), New: fixed}}}}
			}
			s.errorf(ExpectedName, "malformed-name", dot, dot+1, "expected identifier character: a name's parts are separated by single dots", fixes...)
			s.emit(tok{typ: tIdent, start: start, end: s.pos, invalid: true})
			s.state = sAfter
			return
		}
		break
	}
	s.emit(tok{typ: tIdent, start: start, end: s.pos})
	s.state = sAfter
}

func collapseDots(s string) string {
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	return s
}

var logicalWords = map[string]lexer.TokenType{"and": tAnd, "or": tOr, "xor": tXor}
var cmpByWord = map[string]CmpKind{"eq": OpEq, "ne": OpNe, "lt": OpLt, "le": OpLe, "gt": OpGt, "ge": OpGe,
	"contains": OpContains, "matches": OpMatches, "wildcard": OpWildcard, "in": OpIn, "bitwise_and": OpBitAnd}

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
		s.single(tLParen, 1)
		if s.lastIDBefore() {
			s.push(fCall)
			s.state = sArg
		} else {
			s.push(fGroup)
			s.state = sExpr
		}
		return true
	case c == ')':
		s.popNots()
		f, ok := s.top()
		s.single(tRParen, 1)
		if ok && f == fCall {
			s.pop(fCall)
			s.state = sAfter
			s.lastID = false
		} else {
			s.pop(fGroup)
			s.state = sAfter
		}
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
		s.single(t, 1)
		s.push(fIndex)
		s.state = sIndex
		return true
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
	case two == "==" || two == "!=" || two == "<=" || two == ">=":
		k := map[string]CmpKind{"==": OpEq, "!=": OpNe, "<=": OpLe, ">=": OpGe}[two]
		s.cmp(tok{typ: tCmp, kind: k, start: start, end: start + 2})
		return true
	case c == '<' || c == '>':
		k := OpLt
		if c == '>' {
			k = OpGt
		}
		s.cmp(tok{typ: tCmp, kind: k, start: start, end: start + 1})
		return true
	case c == '~':
		s.cmp(tok{typ: tMatch, kind: OpMatches, start: start, end: start + 1})
		return true
	case c == '&':
		s.cmp(tok{typ: tCmp, kind: OpBitAnd, start: start, end: start + 1})
		return true
	case c == '=':
		s.cmp(tok{typ: tBadEq, kind: OpEq, start: start, end: start + 1})
		return true
	case c == '!':
		s.single(tNot, 1)
		return true
	case isIdentChar(c):
		return s.afterWord()
	case c == '"' || c == '\'':
		return s.lexLiteralPos(c)
	}
	return s.bad()
}

func (s *scanner) lastIDBefore() bool { return s.lastID }

func (s *scanner) logical(t lexer.TokenType, n int) {
	s.popNots()
	s.emit(tok{typ: t, start: s.pos, end: s.pos + n})
	s.pos += n
	s.state = sExpr
}

func (s *scanner) cmp(t tok) {
	s.emit(t)
	s.pos = t.end
	switch {
	case t.typ == tMatch:
		s.state = sRegex
	case t.kind == OpIn:
		s.state = sAfterIn
	default:
		s.state = sLiteral
	}
}

// afterWord lexes a word after a value: a keyword (matched by prefix, as
// the engine does), an upper-case keyword, or a stray name.
func (s *scanner) afterWord() bool {
	w := s.word()
	lw := strings.ToLower(w)
	kw := ""
	if _, ok := logicalWords[lw]; ok {
		kw = lw
	} else if _, ok := cmpByWord[lw]; ok {
		kw = lw
	} else if lw == "not" || lw == "strict" {
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
	case logicalWords[kw] != 0:
		s.popNots()
		s.emit(tok{typ: logicalWords[kw], start: start, end: end, glued: glued, badCase: badCase})
		s.pos = end
		s.state = sExpr
	case kw == "not":
		s.emit(tok{typ: tNot, start: start, end: end, glued: glued, badCase: badCase})
		s.pos = end
	case kw == "strict":
		rest := s.src[end:s.end]
		trimmed := strings.TrimLeft(rest, " \t\r\n")
		if gap := rest[:len(rest)-len(trimmed)]; strings.HasPrefix(strings.ToLower(trimmed), "wildcard") {
			wend := end + len(gap) + len("wildcard")
			if gap != " " {
				s.errorf(ExpectedName, "strict-wildcard-spacing", start, wend,
					"`strict wildcard` must be written with exactly one space between the words",
					diag.Fix{Title: "Write `strict wildcard`", Edits: []diag.Edit{{Span: diag.SpanOf(start, wend), New: "strict wildcard"}}})
			}
			s.cmp(tok{typ: tCmp, kind: OpStrictWildcard, start: start, end: wend, badCase: badCase || trimmed[:8] != "wildcard"})
			return true
		}
		s.ident()
		s.state = sLiteral
	default:
		k := cmpByWord[kw]
		t := tCmp
		if k == OpMatches {
			t = tMatch
		} else if k == OpIn {
			t = tIn
		}
		s.cmp(tok{typ: t, kind: k, start: start, end: end, glued: glued, badCase: badCase})
	}
	return true
}

func (s *scanner) bad() bool {
	_, n := utf8.DecodeRuneInString(s.src[s.pos:])
	s.emit(tok{typ: tBad, start: s.pos, end: s.pos + n})
	s.pos += n
	s.state = sAfter
	return true
}

// lexLiteralPos lexes where a literal is expected.
func (s *scanner) lexLiteralPos(c byte) bool {
	state := s.state
	switch {
	case c == '{' && (state == sAfterIn || state == sLiteral):
		s.single(tLBrace, 1)
		s.push(fSet)
		s.state = sSet
		return true
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
		s.emit(tok{typ: tBare, start: start, end: s.pos})
	case isIdentChar(c) && logicalWords[s.word()] != 0:
		// A value is missing (`ip.src eq and …`): keep the operator so the
		// rest of the expression is read normally.
		w := s.word()
		s.logical(logicalWords[w], len(w))
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
		s.emit(tok{typ: tBare, start: start, end: s.pos})
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
	t := tok{typ: tList, start: start, end: s.pos}
	switch {
	case badEnd > s.pos:
		full := s.src[start+1 : badEnd]
		lower := strings.ToLower(full)
		s.errorf(InvalidListName, "invalid-list-name", start, badEnd,
			"invalid list name `$"+full+"`: list names use only lowercase letters, digits, `_` and `.`",
			diag.Fix{Title: "Use $" + lower, Edits: []diag.Edit{{Span: diag.SpanOf(start, badEnd), New: "$" + lower}}})
		t.end, t.invalid = badEnd, true
		s.pos = badEnd
	case name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "."):
		s.errorf(InvalidListName, "invalid-list-name", start, s.pos,
			"invalid list name `$"+name+"`: a list name is required and must not start or end with `.`")
		t.invalid = true
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
		diag.Fix{Title: "Use " + repl, Edits: []diag.Edit{{Span: diag.SpanOf(start, end), New: repl}}})
	s.pos = end
	s.emit(tok{typ: tSQ, start: start, end: end, value: body, invalid: true})
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
	body := s.src[start+1 : end]
	if i >= 0 {
		body = body[:len(body)-1]
	}
	s.pos = end
	repl := QuoteString(body)
	s.errorf(ParseInt, "single-quoted-string", start, end,
		"single quotes are not string delimiters in the Rules language; use double quotes",
		diag.Fix{Title: "Use " + repl, Edits: []diag.Edit{{Span: diag.SpanOf(start, end), New: repl}}})
	s.emit(tok{typ: tSQ, start: start, end: end, value: body, invalid: true})
}

// quoted lexes a §3.1 string and decodes it.
func (s *scanner) quoted(typ lexer.TokenType) {
	start := s.pos
	val, end, errs := DecodeString(s.src[:s.end], start)
	s.res.errs = append(s.res.errs, errs...)
	s.pos = end
	s.emit(tok{typ: typ, start: start, end: end, value: val, invalid: len(errs) > 0})
}

// regex lexes a quoted regex (§3.9).
func (s *scanner) regex() {
	start := s.pos
	var b strings.Builder
	i := start + 1
	class := false
	closed := false
	for i < s.end {
		c := s.src[i]
		if c == '\\' {
			if i+1 >= s.end {
				break
			}
			if s.src[i+1] == '"' && !class {
				b.WriteByte('"')
			} else {
				b.WriteString(s.src[i : i+2])
			}
			i += 2
			continue
		}
		if c == '[' {
			class = true
		} else if c == ']' {
			class = false
		} else if c == '"' && !class {
			closed = true
			i++
			break
		}
		b.WriteByte(c)
		i++
	}
	t := tok{typ: tRegex, start: start, end: i, value: b.String()}
	if !closed {
		t.end = s.end
		t.invalid = true
		s.errorf(MissingEndingQuote, "missing-quote", start, s.end, "could not find the closing `\"` of this regex",
			diag.Fix{Title: "Add the closing quote", Edits: []diag.Edit{{Span: diag.SpanOf(s.end, s.end), New: "\""}}})
	}
	s.pos = t.end
	s.emit(t)
}

func (s *scanner) raw() {
	start := s.pos
	i := start + 1
	for i < s.end && s.src[i] == '#' {
		i++
	}
	n := i - start - 1
	t := tok{typ: tRaw, start: start, hashes: n}
	if n > 255 {
		s.errorf(InvalidRawStringHashCount, "raw-string-hashes", start, i, "a raw string may have at most 255 `#`")
		t.invalid = true
	}
	if i >= s.end || s.src[i] != '"' {
		s.errorf(ExpectedName, "raw-string-quote", i, i+1, "expected `\"` or `#` after `r`")
		t.end, t.invalid = i, true
		s.pos = i
		s.emit(t)
		return
	}
	closing := "\"" + strings.Repeat("#", n)
	j := strings.Index(s.src[i+1:s.end], closing)
	if j < 0 {
		s.errorf(MissingEndingQuote, "missing-quote", start, s.end, "could not find the closing `"+closing+"` of this raw string",
			diag.Fix{Title: "Close the raw string", Edits: []diag.Edit{{Span: diag.SpanOf(s.end, s.end), New: closing}}})
		t.end, t.invalid = s.end, true
		t.value = s.src[i+1 : s.end]
	} else {
		t.value = s.src[i+1 : i+1+j]
		t.end = i + 1 + j + len(closing)
	}
	s.pos = t.end
	s.emit(t)
}
