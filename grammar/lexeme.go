package grammar

import "github.com/wflint/wflint/diag"

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
		l := Lexeme{Span: diag.SpanOf(int(t.start), int(t.end)), Text: src[t.start:t.end]}
		switch t.typ {
		case tEOF:
			continue
		case tIdent:
			l.Kind = LexName
		case tNot, tAnd, tXor, tOr, tCmp, tMatch, tIn:
			l.Kind = LexOperator
			if c := l.Text[0]; c|0x20 >= 'a' && c|0x20 <= 'z' {
				l.Kind = LexName
			}
		case tLParen, tRParen, tLBrack, tSpLBrack, tRBrack, tLBrace, tRBrace, tComma, tStar:
			l.Kind = LexPunct
		case tString, tRaw, tRegex:
			l.Kind, l.Open = LexString, !t.has(fClosed)
		case tBare:
			l.Kind = LexLiteral
		case tList:
			l.Kind = LexList
		case tBadEq:
			l.Kind = LexOperator
		default:
			l.Kind = LexOther
		}
		out = append(out, l)
	}
	return out
}
