package config

import (
	"regexp"
	"strings"
)

// Pattern is one gitignore-style exclude pattern.
type Pattern struct {
	// Text is the pattern as written.
	Text string
	// Negate is set for "!pattern", which re-includes a path.
	Negate bool
	// DirOnly is set for a trailing "/": the pattern matches directories.
	DirOnly bool

	re *regexp.Regexp
}

// compilePattern follows .gitignore: a pattern with a slash anywhere but at
// the end is anchored to the configuration's directory; otherwise it
// matches a name at any depth. "*" and "?" do not cross "/", "**" does.
func compilePattern(s string) (Pattern, error) {
	p := Pattern{Text: s}
	if strings.HasPrefix(s, "!") {
		p.Negate = true
		s = s[1:]
	}
	if strings.HasSuffix(s, "/") {
		p.DirOnly = true
		s = strings.TrimRight(s, "/")
	}
	anchored := strings.Contains(s, "/")
	s = strings.TrimPrefix(s, "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '*' && strings.HasPrefix(s[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case c == '*' && strings.HasPrefix(s[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := s[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteString(regexp.QuoteMeta(string(s[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return Pattern{}, err
	}
	p.re = re
	return p, nil
}

// Match reports whether the slash-separated path relative to the
// configuration directory matches (ignoring negation).
func (p Pattern) Match(rel string, dir bool) bool {
	if p.DirOnly && !dir {
		return false
	}
	return p.re.MatchString(rel)
}
