// Package spec is the specification of the Rules language's syntax: a
// strict participle grammar of the valid language, with no error
// productions, over the tokens of grammar's context lexer.
//
// It is not on the hot path. The production parser in package grammar is
// hand-written recursive descent (it must explain every mistake and recover
// from it in linear time); this grammar is what it is checked against. A
// test and a fuzz target in package grammar check, on every input, that
// this grammar accepts exactly when the production parser reports no error
// and that both build the same tree; docs/grammar.ebnf is generated from it.
package spec

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Kinds are the token classes the grammar is written over. The lexer has
// settled the context-dependent questions (keywords without word
// boundaries, regex mode after `matches`, which text is a literal), and
// the caller has classified what the grammar cannot express:
//
//   - Quant is `any` or `all` directly followed by `(` (an argument that
//     starts with one may combine conditions; one that starts with any
//     other name is a single comparison);
//   - Int is a bare literal that is a valid array index;
//   - Bad is any token the production parser only accepts to explain it
//     (single quotes, `=`, upper-case keywords, a space before `[`, a
//     token with a lexical error), and one Bad token is appended when the
//     lexer reported an error between tokens (a tab, a comment).
var Kinds = []string{
	"Ident", "Quant", "Not", "And", "Xor", "Or", "Cmp", "Match", "In",
	"LParen", "RParen", "LBrack", "RBrack", "LBrace", "RBrace", "Comma", "Star",
	"String", "Raw", "Regex", "Bare", "Int", "List", "Bad",
}

// Token is one token given to the grammar.
type Token struct {
	Kind   string // one of Kinds
	Text   string
	Offset int
}

// Root is a whole expression.
type Root struct {
	X *Or `parser:"@@ EOF"`
}

// Or is a run of `or`.
type Or struct {
	Head *Xor   `parser:"@@"`
	Tail []*Xor `parser:"( Or @@ )*"`
}

// Xor is a run of `xor`.
type Xor struct {
	Head *And   `parser:"@@"`
	Tail []*And `parser:"( Xor @@ )*"`
}

// And is a run of `and`.
type And struct {
	Head *Simple   `parser:"@@"`
	Tail []*Simple `parser:"( And @@ )*"`
}

// Simple is a negation, a group or a comparison.
type Simple struct {
	Not   *Simple     `parser:"  Not @@"`
	Group *Or         `parser:"| LParen @@ RParen"`
	Cmp   *Comparison `parser:"| @@"`
}

// Comparison is a value, optionally compared with a literal, or tested for
// membership in a set or a list.
type Comparison struct {
	LHS  *Value `parser:"@@"`
	Tail *Tail  `parser:"@@?"`
}

// Tail is what follows the value of a comparison.
type Tail struct {
	Op   string   `parser:"  ( @Cmp | @Match )"`
	RHS  *Literal `parser:"  @@"`
	In   bool     `parser:"| @In"`
	Set  *Set     `parser:"  ( @@"`
	List string   `parser:"    | @List )"`
}

// Value is a field or a function call, with index suffixes.
type Value struct {
	Name    string   `parser:"@( Ident | Quant )"`
	Call    *Call    `parser:"@@?"`
	Indexes []*Index `parser:"@@*"`
}

// Call is a parenthesised argument list.
type Call struct {
	Args []*Arg `parser:"LParen ( @@ ( Comma @@ )* )? RParen"`
}

// Arg is one function argument: a literal, a single comparison that starts
// with a name, or a logical expression that starts with `not`, `(` or a
// quantifier call.
type Arg struct {
	Lit   *Literal    `parser:"  @@"`
	Plain *Comparison `parser:"| (?= Ident ) @@"`
	Expr  *Or         `parser:"| (?= Not | LParen | Quant ) @@"`
}

// Index is `[*]`, `["key"]` or `[N]`.
type Index struct {
	Star bool   `parser:"LBrack ( @Star"`
	Key  string `parser:"      | @String"`
	Elem string `parser:"      | @Int ) RBrack"`
}

// Set is an inline set `{ a b c }`.
type Set struct {
	Items []*Literal `parser:"LBrace @@* RBrace"`
}

// Literal is a literal token; Kind is its token kind.
type Literal struct {
	Tok lexer.Token `parser:"@( String | Raw | Regex | Bare | Int )"`
}

var symbols = func() map[string]lexer.TokenType {
	m := map[string]lexer.TokenType{"EOF": lexer.EOF}
	for i, k := range Kinds {
		m[k] = lexer.TokenType(i + 1)
	}
	return m
}()

type definition struct{}

func (definition) Symbols() map[string]lexer.TokenType { return symbols }
func (definition) Lex(string, io.Reader) (lexer.Lexer, error) {
	return nil, fmt.Errorf("spec: the grammar reads tokens from spec.Parse, not text")
}

var parser = participle.MustBuild[Root](
	participle.Lexer(definition{}),
	participle.UseLookahead(participle.MaxLookahead),
)

type tokens struct {
	toks []lexer.Token
	i    int
}

func (t *tokens) Next() (lexer.Token, error) {
	if t.i >= len(t.toks) {
		return t.toks[len(t.toks)-1], nil
	}
	t.i++
	return t.toks[t.i-1], nil
}

// Parse parses a token sequence. It fails on an unknown token kind.
func Parse(toks []Token) (*Root, error) {
	lt := make([]lexer.Token, 0, len(toks)+1)
	end := 0
	for _, t := range toks {
		typ, ok := symbols[t.Kind]
		if !ok || t.Kind == "EOF" {
			return nil, fmt.Errorf("spec: unknown token kind %q", t.Kind)
		}
		lt = append(lt, lexer.Token{Type: typ, Value: t.Text, Pos: lexer.Position{Offset: t.Offset, Line: 1, Column: t.Offset + 1}})
		end = t.Offset + len(t.Text)
	}
	lt = append(lt, lexer.EOFToken(lexer.Position{Offset: end, Line: 1, Column: end + 1}))
	pl, err := lexer.Upgrade(&tokens{toks: lt})
	if err != nil {
		return nil, err
	}
	return parser.ParseFromLexer(pl)
}

// EBNF returns the grammar in EBNF, as participle renders it.
func EBNF() string { return parser.String() }

// Document is docs/grammar.ebnf: the EBNF with a header naming its tokens.
func Document() string {
	var b strings.Builder
	b.WriteString(`(* The syntax of Cloudflare's Rules language (wirefilter expressions).

   Generated from the participle grammar in grammar/spec by
   go test ./internal/grammar/spec -update; do not edit. This is the specification
   the production parser (internal/grammar/parser.go) is checked against, on every
   corpus expression and by a differential fuzz target.

   Tokens come from the context lexer (internal/grammar/lexer.go, LANGUAGE.md §3):
   Ident   a dotted name                 Quant  any/all directly before "("
   Not     not !                         And    and &&
   Xor     xor ^^                        Or     or ||
   Cmp     eq == ne != lt < le <= gt > ge >= contains wildcard
           "strict wildcard" bitwise_and &
   Match   matches ~ (a following string is read as a regex)
   In      in
   String  "..."   Raw  r"..." r#"..."#   Regex  "..." after Match
   Bare    an unquoted literal: integer, IP, CIDR, range, hex bytes
   Int     a bare literal that is a valid array index
   List    $name
   LParen ( RParen ) LBrack [ (no space before it) RBrack ] LBrace {
   RBrace } Comma , Star *
*)

`)
	for _, line := range strings.Split(EBNF(), "\n") {
		b.WriteString(line + "\n")
	}
	return b.String()
}
