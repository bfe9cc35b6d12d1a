package host

import (
	"bytes"
	"fmt"

	"github.com/wflint/wflint/internal/diag"
)

// MaxHCLDepth is the deepest nesting of brackets, braces, parentheses and
// template interpolations a Terraform file may have before wflint refuses
// to hand it to the HCL parser. The parser recurses once per level (and
// more than once per level inside templates), so without this bound a
// file of a few hundred kilobytes of `[` overflows the Go stack, which no
// recover can catch. Real configurations nest a dozen levels.
const MaxHCLDepth = 256

// hclSegmentBytes is the size past which a Terraform file is parsed in
// segments (see extractHCL).
var hclSegmentBytes = 4 << 20

// hclScan scans HCL text the way its lexer would — quoted strings with
// their escapes, template interpolations inside strings and heredocs,
// comments — and returns in tooDeep the offset of the first opening that
// nests deeper than limit, or -1. The scan is linear and keeps a stack at
// most limit+1 deep, so it is safe on any input; it need not be exact
// about malformed text, only never say "shallow" about text the parser
// would recurse into deeply. cuts are where a parser may start over:
// offset 0 and, when segment is positive, the start of a line at the top
// level (outside every bracket, string, heredoc and comment) after each
// segment bytes or more.
func hclScan(data []byte, limit, segment int) (cuts []int, tooDeep int) {
	cuts = []int{0}
	type frame struct {
		kind   byte // '(', '[', '{' code; '"' quoted string; 'h' heredoc
		marker []byte
	}
	var stack []frame
	top := func() byte {
		if len(stack) == 0 {
			return 0
		}
		return stack[len(stack)-1].kind
	}
	push := func(f frame) bool {
		stack = append(stack, f)
		return len(stack) <= limit
	}
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' && segment > 0 && len(stack) == 0 && i+1-cuts[len(cuts)-1] >= segment && i+1 < len(data) {
			cuts = append(cuts, i+1)
		}
		atLineStart := lineStart
		lineStart = c == '\n'
		switch top() {
		case '"', 'h':
			if top() == 'h' && atLineStart {
				// A heredoc ends at a line that is its marker alone.
				end := bytes.IndexByte(data[i:], '\n')
				if end < 0 {
					end = len(data) - i
				}
				if bytes.Equal(bytes.TrimSpace(data[i:i+end]), stack[len(stack)-1].marker) {
					stack = stack[:len(stack)-1]
					i += end - 1
					continue
				}
			}
			switch {
			case c == '\\' && top() == '"':
				i++
			case c == '"' && top() == '"', c == '\n' && top() == '"':
				stack = stack[:len(stack)-1]
				lineStart = c == '\n'
			case (c == '$' || c == '%') && i+2 < len(data) && data[i+1] == c && data[i+2] == '{':
				i += 2 // $${ and %%{ are literal
			case (c == '$' || c == '%') && i+1 < len(data) && data[i+1] == '{':
				i++
				if !push(frame{kind: '{'}) {
					return cuts, i
				}
			}
			continue
		}
		switch c {
		case '"':
			if !push(frame{kind: '"'}) {
				return cuts, i
			}
		case '(', '[', '{':
			if !push(frame{kind: c}) {
				return cuts, i
			}
		case ')', ']', '}':
			if k := top(); k == '(' || k == '[' || k == '{' {
				stack = stack[:len(stack)-1]
			}
		case '#':
			i = skipLine(data, i)
			lineStart = true
		case '/':
			if i+1 < len(data) && data[i+1] == '/' {
				i = skipLine(data, i)
				lineStart = true
			} else if i+1 < len(data) && data[i+1] == '*' {
				end := bytes.Index(data[i+2:], []byte("*/"))
				if end < 0 {
					return cuts, -1
				}
				i += end + 3
			}
		case '<':
			if i+1 < len(data) && data[i+1] == '<' {
				j := i + 2
				if j < len(data) && data[j] == '-' {
					j++
				}
				k := j
				for k < len(data) && (isIdentByte(data[k])) {
					k++
				}
				if k > j && k < len(data) && (data[k] == '\n' || data[k] == '\r') {
					if !push(frame{kind: 'h', marker: data[j:k]}) {
						return cuts, i
					}
					i = skipLine(data, k)
					lineStart = true
				}
			}
		}
	}
	return cuts, -1
}

// skipLine returns the offset of the newline ending the line at i (or the
// last byte of data), so that a loop's i++ lands on the next line.
func skipLine(data []byte, i int) int {
	if nl := bytes.IndexByte(data[i:], '\n'); nl >= 0 {
		return i + nl
	}
	return len(data) - 1
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// tooDeepProblem reports a file nested too deeply to parse.
func tooDeepProblem(off int, what string, limit int) diag.Diagnostic {
	return diag.Diagnostic{Span: diag.SpanOf(off, off+1), Rule: RuleSyntax, Severity: diag.Error,
		Message: fmt.Sprintf("%s nests deeper than %d levels here; wflint does not parse it", what, limit)}
}
