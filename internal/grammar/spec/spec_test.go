package spec

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/golden"
)

// TestEBNFCurrent keeps docs/grammar.ebnf generated from the grammar:
// go test ./internal/grammar/spec -update rewrites it.
func TestEBNFCurrent(t *testing.T) {
	golden.Assert(t, filepath.Join("..", "..", "..", "docs", "grammar.ebnf"), Document())
}

func TestParse(t *testing.T) {
	ok := [][]Token{
		{{"Ident", "ssl", 0}},
		{{"Not", "not", 0}, {"LParen", "(", 4}, {"Ident", "a", 5}, {"Cmp", "eq", 7}, {"Int", "1", 10}, {"RParen", ")", 11}},
		{{"Ident", "a", 0}, {"In", "in", 2}, {"LBrace", "{", 5}, {"RBrace", "}", 6}},
		{{"Quant", "any", 0}, {"LParen", "(", 3}, {"Quant", "any", 4}, {"LParen", "(", 7}, {"Ident", "x", 8}, {"RParen", ")", 9}, {"And", "and", 11}, {"Ident", "b", 15}, {"RParen", ")", 16}},
	}
	for _, toks := range ok {
		if _, err := Parse(toks); err != nil {
			t.Errorf("%v: %v", toks, err)
		}
	}
	bad := [][]Token{
		{},
		{{"Ident", "a", 0}, {"In", "in", 2}, {"String", `"a"`, 5}},
		{{"Ident", "a", 0}, {"Cmp", "eq", 2}, {"LBrace", "{", 5}, {"RBrace", "}", 6}},
		{{"Ident", "f", 0}, {"LParen", "(", 1}, {"Ident", "a", 2}, {"And", "and", 4}, {"Ident", "b", 8}, {"RParen", ")", 9}},
		{{"Ident", "a", 0}, {"Bad", "'", 2}},
	}
	for _, toks := range bad {
		if _, err := Parse(toks); err == nil {
			t.Errorf("%v: accepted", toks)
		}
	}
	if !strings.Contains(Document(), "Root ") {
		t.Error("no Root production in the EBNF")
	}
}
