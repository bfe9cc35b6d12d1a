package check

// Regexes and wildcard patterns.

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/wflint/wflint/grammar"
)

// regex checks a regex literal with Go's parser in Perl mode, which accepts
// the syntax shared with Rust's regex crate.
func (c *checker) regex(l *grammar.Literal) {
	if l.Kind == grammar.LitBare {
		c.errorf("regex-literal", "ParseInt", l.Span(), "a regex must be a quoted or raw string, such as r\"^/api/\"")
		return
	}
	if l.Kind == grammar.LitString {
		return // a §3.1 string cannot reach here: the lexer reads regex mode
	}
	if msg := RegexError(l.Value, c.opts.EngineCompat); msg != "" {
		c.errorf("invalid-regex", "ParseRegex", l.Span(), "invalid regex: %s", msg)
	}
}

// RegexError returns why a Rules-language regex does not compile, or "".
// The engine uses Rust's regex crate in byte mode (Unicode off). Go's
// regexp/syntax in Perl mode accepts nearly the same syntax; the
// differences handled here are Rust's flags u and x, its \u escapes, its
// acceptance of nested repetition (a**), its 250-level nesting limit, and
// Unicode-only features (non-ASCII literals, \p classes) that need (?u).
// With engine2020 set, escaping punctuation that is not a regex
// metacharacter (\" or \/) is an error, as in regex 1.3; current versions
// of the crate accept it.
func RegexError(re string, engine2020 bool) string {
	unicode := strings.Contains(re, "(?u") || strings.Contains(re, "(?iu") || strings.Contains(re, "(?su")
	depth, maxDepth := 0, 0
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\' && i+1 < len(re):
			n := re[i+1]
			if engine2020 && n < 0x80 && !isAlnum(n) && !strings.ContainsRune(`\.+*?()|[]{}^$#&-~`, rune(n)) && n != ' ' {
				return "unrecognized escape sequence `\\" + string(n) + "`"
			}
			i++
		case c == '(' || c == '[':
			depth++
			if depth > maxDepth {
				maxDepth = depth
			}
		case c == ')' || c == ']':
			depth--
		case c >= 0x80 && !unicode:
			return "non-ASCII characters need Unicode mode: start the regex with (?u), or match the bytes with \\xHH escapes"
		}
	}
	if maxDepth > 250 {
		return "the regex nests more than 250 groups or classes"
	}
	// The rewrites below only apply when their syntax occurs at all; the
	// regexes of real rules rarely have flag groups or \u escapes, so the
	// cheap tests spare them the regexp scans.
	goRe, ok := re, true
	if strings.Contains(re, "(?") {
		goRe, ok = GoFlags(re)
	}
	if !ok {
		return "" // Go has no verbose mode; accept rather than guess
	}
	if strings.Contains(goRe, `\u`) || strings.Contains(goRe, `\U`) {
		goRe = rustUnicodeEscape.ReplaceAllString(goRe, `\x{$1$2}`)
	}
	if !unicode {
		if strings.Contains(goRe, `\x{`) {
			for _, m := range rustUnicodeEscapeValue.FindAllStringSubmatch(goRe, -1) {
				if v, err := strconv.ParseUint(m[1], 16, 32); err != nil || v > 0x7f {
					return "Unicode escapes above \\x7F need Unicode mode: start the regex with (?u)"
				}
			}
		}
		if strings.Contains(goRe, `\p`) || strings.Contains(goRe, `\P`) {
			return "Unicode classes such as \\p{L} need Unicode mode: start the regex with (?u)"
		}
	}
	if _, err := syntax.Parse(goRe, syntax.Perl); err != nil {
		if e, ok := err.(*syntax.Error); ok {
			if e.Code == syntax.ErrInvalidRepeatOp {
				return "" // Rust accepts nested repetition such as a**
			}
			return fmt.Sprintf("%s `%s`", e.Code, e.Expr)
		}
		return err.Error()
	}
	return ""
}

// GoFlags rewrites the Rust-only flags u and x out of a regex's flag
// groups for Go's parser; ok is false when the regex uses verbose mode (x),
// which Go cannot reproduce.
func GoFlags(re string) (goRe string, ok bool) {
	verbose := false
	goRe = rustFlags.ReplaceAllStringFunc(re, func(m string) string {
		if strings.Contains(m, "x") {
			verbose = true
		}
		out := strings.NewReplacer("u", "", "x", "").Replace(m)
		switch out {
		case "(?)":
			return ""
		case "(?:", "(?-:":
			return "(?:"
		}
		return out
	})
	return goRe, !verbose
}

var (
	rustFlags              = regexp.MustCompile(`\(\?[imsUux-]*[:)]`)
	rustUnicodeEscape      = regexp.MustCompile(`\\[uU](?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4,8}))`)
	rustUnicodeEscapeValue = regexp.MustCompile(`\\x\{([0-9A-Fa-f]+)\}`)
)

// wildcard checks a wildcard pattern (§3.10).
func (c *checker) wildcard(l *grammar.Literal) {
	if !l.IsString() {
		c.errorf("wildcard-literal", "ParseInt", l.Span(), "a wildcard pattern must be a quoted or raw string")
		return
	}
	if msg := WildcardError(l.Value); msg != "" {
		c.errorf("invalid-wildcard", "ParseWildcard", l.Span(), "invalid wildcard: %s", msg)
	}
}

// WildcardError returns why a decoded wildcard pattern is invalid, or "".
func WildcardError(p string) string {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 >= len(p) || (p[i+1] != '*' && p[i+1] != '\\') {
				return "only `\\*` (a literal star) and `\\\\` (a literal backslash) may be escaped in a wildcard"
			}
			i++
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				return "wildcard contains a double star `**`; one `*` already matches any run of characters"
			}
		}
	}
	return ""
}

// RegexHexEscape reads the digits of a regex's \xHH or \x{H...} escape (s
// starts after the x): the value and the number of bytes consumed. eval and
// chsql both translate these escapes.
func RegexHexEscape(s string) (v, n int, err error) {
	if strings.HasPrefix(s, "{") {
		j := strings.IndexByte(s, '}')
		if j < 2 {
			return 0, 0, errors.New("bad \\x{...} escape")
		}
		u, perr := strconv.ParseUint(s[1:j], 16, 32)
		if perr != nil {
			return 0, 0, errors.New("bad \\x{...} escape")
		}
		return int(u), j + 1, nil
	}
	if len(s) < 2 {
		return 0, 0, errors.New("\\x needs two hex digits")
	}
	u, perr := strconv.ParseUint(s[:2], 16, 8)
	if perr != nil {
		return 0, 0, errors.New("\\x needs two hex digits")
	}
	return int(u), 2, nil
}
