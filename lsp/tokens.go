package lsp

var tokenTypes = []string{"variable", "function", "operator", "string", "regexp", "number", "macro", "enumMember", "keyword"}
var tokenModifiers = []string{"deprecated", "readonly"}
