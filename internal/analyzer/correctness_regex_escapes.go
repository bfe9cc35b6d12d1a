package analyzer

// Correctness rule about regex metacharacters written where a literal
// character is meant: a bare `.` in a host or file name, a `?` before a
// query parameter.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
)

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// eachRegexChar calls fn with the offset of each character of re that is
// outside an escape and outside a character class: where `.` and `?` are
// metacharacters.
func eachRegexChar(re string, fn func(i int)) {
	inClass := false
	for i := 0; i < len(re); i++ {
		switch c := re[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if i+1 < len(re) && re[i+1] == '^' {
				i++
			}
			if i+1 < len(re) && re[i+1] == ']' {
				i++
			}
		default:
			fn(i)
		}
	}
}

// unescapedDots returns the offsets in re of each `.` outside a character
// class that stands between two name characters, as in `api.example.com`
// or `index.php`, where a literal dot is meant.
func unescapedDots(re string) []int {
	var out []int
	eachRegexChar(re, func(i int) {
		if re[i] == '.' && i > 0 && i+1 < len(re) && isNameByte(re[i-1]) && isNameByte(re[i+1]) {
			out = append(out, i)
		}
	})
	return out
}

// queryQuestion returns the offset in re of a `?` that follows a name
// character, `/` or `.` and precedes `name=`, as in `/a?b=1`: a query
// string written into a regex, where `?` makes the previous character
// optional.
func queryQuestion(re string) int {
	at := -1
	eachRegexChar(re, func(i int) {
		if at >= 0 || re[i] != '?' || i == 0 || !(isNameByte(re[i-1]) || re[i-1] == '/' || re[i-1] == '.') {
			return
		}
		j := i + 1
		for j < len(re) && isNameByte(re[j]) {
			j++
		}
		if j > i+1 && j < len(re) && re[j] == '=' {
			at = i
		}
	})
	return at
}

// escapeAt puts a backslash before re's bytes at the given offsets.
func escapeAt(re string, at []int) string {
	var b strings.Builder
	last := 0
	for _, i := range at {
		b.WriteString(re[last:i])
		b.WriteByte('\\')
		last = i
	}
	b.WriteString(re[last:])
	return b.String()
}

func runRegexUnescaped(p *Pass) {
	matchSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		f := p.Info.FieldOf(c.LHS)
		if f == nil || c.LHS.Call != nil || len(c.LHS.Indexes) > 0 || !urlishFields[f.Name] && !nameRegexFields[f.Name] || regexError(p, l) != "" {
			return
		}
		var parts []string
		var at []int
		if dots := unescapedDots(l.Value); len(dots) > 0 {
			at = append(at, dots...)
			word := dotWord(l.Value, dots[0])
			parts = append(parts, fmt.Sprintf("`.` matches any character, so `%s` also matches `%s`", word, strings.Replace(word, ".", "x", 1)))
		}
		path := f.Name == "http.request.uri.path" || f.Name == "raw.http.request.uri.path"
		if q := queryQuestion(l.Value); q >= 0 && urlishFields[f.Name] {
			if path {
				parts = append(parts, fmt.Sprintf("`?` makes the character before it optional, and %s never holds the query string (compare http.request.uri)", f.Name))
			} else {
				at = append(at, q)
				parts = append(parts, "`?` makes the character before it optional, so the regex never matches a literal `?`")
			}
		}
		if len(parts) == 0 {
			return
		}
		d := diag.Diagnostic{Span: l.Span(), Message: "in this regex " + strings.Join(parts, "; and ") + "; escape it with a backslash"}
		if len(at) > 0 {
			slices.Sort(at)
			fixed := escapeAt(l.Value, at)
			if check.RegexError(fixed, false) == "" {
				d.Fixes = []diag.Fix{{Title: "Escape " + joinAnd(escapedWhat(l.Value, at)), Edits: []diag.Edit{{Span: l.Span(), New: grammar.RawString(fixed)}}}}
			}
		}
		p.Report(d)
	})
}

// escapedWhat names the characters a fix escapes, for its title.
func escapedWhat(re string, at []int) []string {
	var out []string
	for _, c := range []byte{'.', '?'} {
		for _, i := range at {
			if re[i] == c {
				out = append(out, "`"+string(c)+"`")
				break
			}
		}
	}
	return out
}

// dotWord is the run of name characters and dots around re[i], for the
// message: `api.example.com` in `^api.example.com$`.
func dotWord(re string, i int) string {
	from, to := i, i+1
	for from > 0 && (isNameByte(re[from-1]) || re[from-1] == '.') && (from < 2 || re[from-2] != '\\') {
		from--
	}
	for to < len(re) && (isNameByte(re[to]) || re[to] == '.') {
		to++
	}
	return re[from:to]
}
