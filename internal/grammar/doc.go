// Package grammar reads Cloudflare's Rules language (wirefilter
// expressions): a context lexer, a hand-written recursive-descent parser
// that builds a spanned syntax tree and explains every independent mistake
// with a fix where the intent is clear, the literal interpretations the type
// checker needs, and a canonical printer.
//
// The syntax itself is specified by the participle grammar in grammar/spec
// (docs/grammar.ebnf); the tests check the parser against it.
package grammar
