package grammar

import "github.com/wflint/wflint/internal/diag"

// LexKind classifies a Lexeme.
type LexKind uint8

// Lexeme kinds.
const (
	LexName     LexKind = iota + 1 // field, function or keyword ("and", "eq", "in")
	LexLiteral                     // bare literal: number, IP, CIDR, range, hex bytes
	LexString                      // "…", r"…", r#"…"#, or a regex after matches
	LexList                        // $name
	LexPunct                       // ( ) { } [ ] , *
	LexOperator                    // a symbol operator: == != < <= > >= ~ & && || ^^ !
	LexOther                       // anything the language does not use
)

// Lexeme is one token as tools see it: completion and signature help read
// half-typed text and need the tokens before the cursor, never the errors.
type Lexeme struct {
	Kind LexKind
	Span diag.Span
	Text string
	// Open marks a string whose closing quote has not been typed yet.
	Open bool
}

// Lexemes splits src into tokens with the parser's own lexer, so tools
// and the parser agree on where every token starts and ends. It never
// fails: what the parser would report as an error is still a lexeme.
func Lexemes(src string) []Lexeme {
	res := lex(src)
	out := make([]Lexeme, 0, len(res.toks))
	for _, t := range res.toks {
		if t.typ == tEOF {
			continue
		}
		l := Lexeme{Kind: lexKinds[t.typ], Span: diag.SpanOf(int(t.start), int(t.end)), Text: src[t.start:t.end]}
		l.Open = l.Kind == LexString && !t.has(fClosed)
		if l.Kind == LexOperator && isWordOperator(l.Text) {
			l.Kind = LexName
		}
		out = append(out, l)
	}
	return out
}

// isWordOperator reports whether an operator is spelled as a word (and,
// not, eq, in) rather than a symbol.
func isWordOperator(text string) bool {
	return text != "" && text[0]|0x20 >= 'a' && text[0]|0x20 <= 'z'
}

// lexKinds gives the kind of lexeme of each token type.
var lexKinds = [...]LexKind{
	tIdent: LexName,
	tNot:   LexOperator, tAnd: LexOperator, tXor: LexOperator, tOr: LexOperator, tCmp: LexOperator, tMatch: LexOperator, tIn: LexOperator, tBadEq: LexOperator,
	tLParen: LexPunct, tRParen: LexPunct, tLBrack: LexPunct, tSpLBrack: LexPunct, tRBrack: LexPunct, tLBrace: LexPunct, tRBrace: LexPunct, tComma: LexPunct, tStar: LexPunct,
	tString: LexString, tRaw: LexString, tRegex: LexString,
	tBare: LexLiteral,
	tList: LexList,
	tSQ:   LexOther, tBad: LexOther,
}
