// Package exprinfo says what the parts of an expression mean (hover) and
// what may be typed at a position (completion): the one implementation
// behind the language server's hover and completion (package lsp turns its
// answers into LSP messages) and the playground's (package pageapi), free
// of any protocol so that the playground's WebAssembly does not carry one.
package exprinfo
