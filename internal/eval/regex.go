package eval

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/check"
)

// regex is a Rust-dialect regex compiled for byte-oriented matching.
//
// The engine compiles regexes with Unicode mode and UTF-8 mode off: `.`
// matches any byte but `\n`, classes and (?i) are ASCII-only, and `\xHH`
// means the byte HH. Go's regexp works on UTF-8 runes, so the evaluator maps
// every byte 0x80–0xFF, in the pattern and in the value, to the private-use
// rune U+F780–U+F7FF. Those runes have no case folding and are not word
// characters, so Go then behaves as the engine does on bytes. Values that are
// pure ASCII (the common case) are matched without conversion.
type regex struct {
	re *regexp.Regexp
}

const highBase = 0xF700 // byte b >= 0x80 is rune highBase+b

// compileRegex translates and compiles a pattern. It refuses what Go cannot
// reproduce: Unicode classes (\p, \P) and the u and x flags.
func compileRegex(p string) (*regex, error) {
	t, err := translateRegex(p)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(t)
	if err != nil {
		return nil, fmt.Errorf("invalid regex: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return &regex{re: re}, nil
}

func translateRegex(p string) (string, error) {
	var b strings.Builder
	inClass := false
	classStart := -1 // offset in b where the current class's items begin
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch >= 0x80 {
			fmt.Fprintf(&b, `\x{%X}`, highBase+int(ch))
			continue
		}
		switch ch {
		case '\\':
			if i+1 >= len(p) {
				return "", fmt.Errorf("invalid regex: pattern ends with a backslash")
			}
			e := p[i+1]
			switch e {
			case 'p', 'P':
				return "", fmt.Errorf("escape \\%c (a Unicode class) is not supported: the engine matches bytes with Unicode mode off", e)
			case 's', 'S':
				// Rust's ASCII \s includes \v; Go's does not.
				switch {
				case e == 's' && inClass:
					b.WriteString(`\t\n\v\f\r `)
				case e == 's':
					b.WriteString(`[\t\n\v\f\r ]`)
				case !inClass:
					b.WriteString(`[^\t\n\v\f\r ]`)
				default:
					b.WriteString(`\S`)
				}
				i++
			case 'x':
				v, n, err := check.RegexHexEscape(p[i+2:])
				if err != nil {
					return "", fmt.Errorf("invalid regex: %w", err)
				}
				if v > 0xFF {
					return "", fmt.Errorf("escape \\x{%X} is not a byte: the engine matches bytes with Unicode mode off", v)
				}
				if v >= 0x80 {
					v += highBase
				}
				fmt.Fprintf(&b, `\x{%X}`, v)
				i += 1 + n
			default:
				if e >= 0x80 {
					_, size := utf8.DecodeRuneInString(p[i+1:])
					return "", fmt.Errorf("invalid escape %q", p[i:i+1+size])
				}
				b.WriteByte('\\')
				b.WriteByte(e)
				i++
			}
		case '[':
			if !inClass {
				inClass = true
				b.WriteByte(ch)
				if i+1 < len(p) && p[i+1] == '^' {
					b.WriteByte('^')
					i++
				}
				classStart = b.Len()
				if i+1 < len(p) && p[i+1] == ']' { // leading ] is literal
					b.WriteString(`\]`)
					i++
				}
				continue
			}
			if strings.HasPrefix(p[i:], "[:") {
				if j := strings.Index(p[i:], ":]"); j > 0 {
					b.WriteString(p[i : i+j+2])
					i += j + 1
					continue
				}
			}
			return "", fmt.Errorf("nested character classes are not supported")
		case ']':
			if inClass {
				inClass = false
			}
			b.WriteByte(ch)
		case '&', '~', '-':
			if inClass && i+1 < len(p) && p[i+1] == ch && ch != '-' {
				return "", fmt.Errorf("character class set operations (%c%c) are not supported", ch, ch)
			}
			b.WriteByte(ch)
		case '(':
			b.WriteByte(ch)
			if !inClass && strings.HasPrefix(p[i+1:], "?") {
				j := i + 2
				for j < len(p) && (p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z' || p[j] == '-') {
					j++
				}
				flags := p[i+2 : j]
				if j < len(p) && (p[j] == ')' || p[j] == ':') {
					if strings.ContainsAny(flags, "ux") {
						return "", fmt.Errorf("regex flag group (?%s) is not supported (flags u and x)", flags)
					}
				}
			}
		default:
			b.WriteByte(ch)
		}
	}
	_ = classStart
	return b.String(), nil
}

func (r *regex) match(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return r.re.MatchString(highBytes(v))
		}
	}
	return r.re.MatchString(v)
}

// highBytes maps bytes 0x80–0xFF to runes U+F780–U+F7FF.
func highBytes(v string) string {
	var b strings.Builder
	b.Grow(len(v) * 2)
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x80 {
			b.WriteByte(c)
		} else {
			b.WriteRune(rune(highBase + int(c)))
		}
	}
	return b.String()
}
