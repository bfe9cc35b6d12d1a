package check

// Regexes and wildcard patterns.

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/grammar"
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
	msg, tree, exact := parseRegex(l.Value, c.opts.EngineCompat)
	if msg != "" {
		c.errorf("invalid-regex", "ParseRegex", l.Span(), "invalid regex: %s", msg)
	}
	// The analyzer asks the same regex many questions under the current
	// engine's rules; keep what it would parse, when this parse is that.
	if c.opts.Regexes && !c.opts.EngineCompat && (msg != "" || exact) {
		c.out.regexes = append(c.out.regexes, parsedRegex{lit: l, tree: tree, msg: msg})
	}
}

// parsedRegex is what the check found about a regex literal: why the
// current engine rejects it (msg), else its tree as
// syntax.Parse(GoFlags(value), syntax.Perl) gives it, nil when that fails.
type parsedRegex struct {
	lit  *grammar.Literal
	tree *syntax.Regexp
	msg  string
}

// Regex returns what the check found about a regex literal it checked
// with Options.Regexes set, under the current engine's rules
// (Options.EngineCompat unset): msg is
// RegexError(l.Value, false), and when that is "" tree is
// syntax.Parse(GoFlags(l.Value), syntax.Perl), nil when GoFlags or the
// parse fails. known is false when the check has no such answer; the
// caller then works it out itself. The tree is shared: do not modify it.
func (c *Checked) Regex(l *grammar.Literal) (tree *syntax.Regexp, msg string, known bool) {
	for i := range c.regexes {
		if r := &c.regexes[i]; r.lit == l {
			return r.tree, r.msg, true
		}
	}
	return nil, "", false
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
	msg, _, _ := parseRegex(re, engine2020)
	return msg
}

// parseRegex is RegexError that also returns the tree Go's parser made of
// the regex when it accepts it (nil otherwise); exact says the parsed text
// was GoFlags(re), with no \u escapes rewritten, so that the tree is the
// one syntax.Parse(GoFlags(re), syntax.Perl) gives, or its failure.
func parseRegex(re string, engine2020 bool) (msg string, tree *syntax.Regexp, exact bool) {
	unicode := strings.Contains(re, "(?u") || strings.Contains(re, "(?iu") || strings.Contains(re, "(?su")
	depth, maxDepth := 0, 0
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\' && i+1 < len(re):
			n := re[i+1]
			if engine2020 && n < 0x80 && !isAlnum(n) && !strings.ContainsRune(`\.+*?()|[]{}^$#&-~`, rune(n)) && n != ' ' {
				return "unrecognized escape sequence `\\" + string(n) + "`", nil, false
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
			return "non-ASCII characters need Unicode mode: start the regex with (?u), or match the bytes with \\xHH escapes", nil, false
		}
	}
	if maxDepth > 250 {
		return "the regex nests more than 250 groups or classes", nil, false
	}
	// The rewrites below only apply when their syntax occurs at all; the
	// regexes of real rules rarely have flag groups or \u escapes, so the
	// cheap tests spare them the regexp scans.
	goRe, ok := re, true
	if strings.Contains(re, "(?") {
		goRe, ok = GoFlags(re)
	}
	if !ok {
		return "", nil, true // Go has no verbose mode; accept rather than guess
	}
	exact = true
	if strings.Contains(goRe, `\u`) || strings.Contains(goRe, `\U`) {
		goRe, exact = rustUnicodeEscape.ReplaceAllString(goRe, `\x{$1$2}`), false
	}
	if !unicode {
		if strings.Contains(goRe, `\x{`) {
			for _, m := range rustUnicodeEscapeValue.FindAllStringSubmatch(goRe, -1) {
				if v, err := strconv.ParseUint(m[1], 16, 32); err != nil || v > 0x7f {
					return "Unicode escapes above \\x7F need Unicode mode: start the regex with (?u)", nil, exact
				}
			}
		}
		if strings.Contains(goRe, `\p`) || strings.Contains(goRe, `\P`) {
			return "Unicode classes such as \\p{L} need Unicode mode: start the regex with (?u)", nil, exact
		}
	}
	tree, err := syntax.Parse(goRe, syntax.Perl)
	if err != nil {
		if e, ok := err.(*syntax.Error); ok {
			if e.Code == syntax.ErrInvalidRepeatOp {
				return "", nil, exact // Rust accepts nested repetition such as a**
			}
			return fmt.Sprintf("%s `%s`", e.Code, e.Expr), nil, exact
		}
		return err.Error(), nil, exact
	}
	return "", tree, exact
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
