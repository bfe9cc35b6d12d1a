package lsp

import "strings"

// tokKind classifies the tokens of the tolerant scanner below.
type tokKind int

const (
	tIdent  tokKind = iota + 1 // field, function or keyword
	tBare                      // number, IP, CIDR, hex bytes
	tString                    // "…", r"…", r#"…"#; Open when unterminated
	tList                      // $name
	tPunct                     // ( ) { } [ ] ,
	tOp                        // == != < <= > >= ~ & && || ^^ !
)

type tok struct {
	Kind       tokKind
	Start, End int
	Text       string
	Open       bool // an unterminated string
}

// scanTokens splits an expression (usually the text before the cursor)
// into tokens. Unlike the real lexer it never reports errors: completion
// and signature help run on half-typed text and only need a rough shape.
func scanTokens(src string) []tok {
	var out []tok
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '"' || (c == 'r' && i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '#')):
			start := i
			hashes := 0
			raw := c == 'r'
			if raw {
				i++
				for i < len(src) && src[i] == '#' {
					hashes++
					i++
				}
				if i >= len(src) || src[i] != '"' {
					// `r` or `r#` not followed by a quote: an identifier.
					i = start
					goto ident
				}
			}
			i++
			closed := false
			for i < len(src) {
				if !raw && src[i] == '\\' {
					i += 2
					continue
				}
				if src[i] == '"' && strings.HasPrefix(src[i+1:], strings.Repeat("#", hashes)) {
					i += 1 + hashes
					closed = true
					break
				}
				i++
			}
			i = min(i, len(src))
			out = append(out, tok{Kind: tString, Start: start, End: i, Text: src[start:i], Open: !closed})
			continue
		case c == '$':
			start := i
			i++
			for i < len(src) && isNameByte(src[i]) {
				i++
			}
			out = append(out, tok{Kind: tList, Start: start, End: i, Text: src[start:i]})
			continue
		case strings.IndexByte("(){}[],", c) >= 0:
			out = append(out, tok{Kind: tPunct, Start: i, End: i + 1, Text: src[i : i+1]})
			i++
			continue
		case strings.IndexByte("=!<>~&|^", c) >= 0:
			start := i
			i++
			if i < len(src) && strings.IndexByte("=&|^", src[i]) >= 0 {
				i++
			}
			out = append(out, tok{Kind: tOp, Start: start, End: i, Text: src[start:i]})
			continue
		}
		if i >= len(src) || !(isNameByte(src[i]) || src[i] == ':' || src[i] == '/' || src[i] == '-' || src[i] == '*') {
			i++
			continue
		}
	ident:
		start := i
		for i < len(src) && (isNameByte(src[i]) || src[i] == ':' || src[i] == '/' || src[i] == '-' || src[i] == '*') {
			i++
		}
		k := tBare
		if b := src[start]; b == '_' || (b|0x20 >= 'a' && b|0x20 <= 'z') {
			k = tIdent
			if strings.ContainsAny(src[start:i], ":/") {
				k = tBare // IPv6 like fe80::1 starts with a letter
			}
		}
		out = append(out, tok{Kind: k, Start: start, End: i, Text: src[start:i]})
	}
	return out
}

func isNameByte(b byte) bool {
	return b == '_' || b == '.' || (b >= '0' && b <= '9') || (b|0x20 >= 'a' && b|0x20 <= 'z')
}

// logicalWords are the keywords that start a new simple expression.
var logicalWords = map[string]bool{"and": true, "or": true, "xor": true, "not": true, "&&": true, "||": true, "^^": true, "!": true}

// cmpWords maps every spelling of a comparison operator to its word form.
var cmpWords = map[string]string{
	"eq": "eq", "==": "eq", "ne": "ne", "!=": "ne", "lt": "lt", "<": "lt", "le": "le", "<=": "le",
	"gt": "gt", ">": "gt", "ge": "ge", ">=": "ge", "contains": "contains", "matches": "matches", "~": "matches",
	"wildcard": "wildcard", "strict": "strict wildcard", "in": "in", "bitwise_and": "bitwise_and", "&": "bitwise_and",
}
