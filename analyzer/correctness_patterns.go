package analyzer

// Correctness rules about regexes and wildcard patterns written for the
// wrong operator, or that match every value.

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/wflint/wflint/check"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/grammar"
)

var (
	regexMatchesEverythingRule = &Rule{ID: "regex-matches-everything", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexMatchesEverything,
		Summary: "A regex such as `.*`, `^` or `.+` (or `/` on a path) that matches every value, or every non-empty one."}
	regexInWildcardRule = &Rule{ID: "regex-in-wildcard", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexInWildcard,
		Summary: "A wildcard pattern written like a regex (`^`, `.*`, `[a-z]`, `$`)."}
	globInMatchesRule = &Rule{ID: "glob-in-matches", Category: CatCorrectness, Severity: diag.Warning, Run: runGlobInMatches,
		Summary: "A regex written like a wildcard pattern (`*.example.com`, `/api/*`)."}
)

// matchSites calls fn for each `matches` comparison with a string literal.
func matchSites(p *Pass, fn func(c *grammar.Comparison, l *grammar.Literal)) {
	p.Inspect(func(n grammar.Node) bool {
		if c, ok := n.(*grammar.Comparison); ok && c.Op != nil && c.Op.Kind == grammar.OpMatches {
			if l, ok := c.RHS.(*grammar.Literal); ok && (l.Kind == grammar.LitRegex || l.Kind == grammar.LitRaw) {
				fn(c, l)
			}
		}
		return true
	})
}

// goRegex translates the Rust-only flags u and x for Go's parser; ok is
// false when the translation would change the meaning (verbose mode).
func goRegex(re string) (*syntax.Regexp, bool) {
	goRe, ok := check.GoFlags(re)
	if !ok {
		return nil, false
	}
	r, err := syntax.Parse(goRe, syntax.Perl)
	if err != nil {
		return nil, false
	}
	return r, true
}

// nullable reports whether r can match the empty string at a position
// where `^` holds (atStart) or where `$` holds (atEnd). A regex that can
// match empty at the start, or at the end, of every value matches every
// value, because `matches` searches rather than anchoring.
func nullable(r *syntax.Regexp, atStart, atEnd bool) bool {
	switch r.Op {
	case syntax.OpEmptyMatch:
		return true
	case syntax.OpLiteral:
		return len(r.Rune) == 0
	case syntax.OpBeginLine, syntax.OpBeginText:
		return atStart
	case syntax.OpEndLine, syntax.OpEndText:
		return atEnd
	case syntax.OpCapture:
		return nullable(r.Sub[0], atStart, atEnd)
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpPlus:
		return nullable(r.Sub[0], atStart, atEnd)
	case syntax.OpRepeat:
		return r.Min == 0 || nullable(r.Sub[0], atStart, atEnd)
	case syntax.OpConcat:
		for _, s := range r.Sub {
			if !nullable(s, atStart, atEnd) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range r.Sub {
			if nullable(s, atStart, atEnd) {
				return true
			}
		}
	}
	return false
}

// anyRun reports whether r is `.*`: any run of characters. Values hold
// no line breaks in practice, so `.` counts as any character.
func anyRun(r *syntax.Regexp) bool {
	for r.Op == syntax.OpCapture {
		r = r.Sub[0]
	}
	if r.Op != syntax.OpStar {
		return false
	}
	s := r.Sub[0]
	return s.Op == syntax.OpAnyChar || s.Op == syntax.OpAnyCharNotNL
}

// anyShape reads r as a sequence of anchors, `.*` runs and `.`/`.+`
// items (one alone, or a concatenation) and counts the runs and the items;
// ok is false when r holds anything else.
func anyShape(r *syntax.Regexp) (runs, chars int, ok bool) {
	for r.Op == syntax.OpCapture {
		r = r.Sub[0]
	}
	subs := []*syntax.Regexp{r}
	if r.Op == syntax.OpConcat {
		subs = r.Sub
	}
	for _, s := range subs {
		switch {
		case s.Op == syntax.OpBeginLine || s.Op == syntax.OpBeginText || s.Op == syntax.OpEndLine || s.Op == syntax.OpEndText:
		case anyRun(s):
			runs++
		case anyChar(s):
			chars++
		default:
			return 0, 0, false
		}
	}
	return runs, chars, true
}

// wholeAnyRun reports whether r is `^.*$` or a variant: anchors and `.*`
// runs only. `^$` matches only the empty value.
func wholeAnyRun(r *syntax.Regexp) bool {
	runs, chars, ok := anyShape(r)
	return ok && runs > 0 && chars == 0
}

// MatchesEverything reports whether a Rules-language regex matches every
// value (ignoring line breaks, which field values do not contain).
func MatchesEverything(re string) bool {
	if check.RegexError(re, false) != "" {
		return false
	}
	r, ok := goRegex(re)
	if !ok {
		return false
	}
	return nullable(r, true, false) || nullable(r, false, true) || wholeAnyRun(r)
}

// anyChar reports whether r is `.` or `.+`: one or more characters.
func anyChar(r *syntax.Regexp) bool {
	for r.Op == syntax.OpCapture {
		r = r.Sub[0]
	}
	if r.Op == syntax.OpPlus {
		r = r.Sub[0]
	}
	return r.Op == syntax.OpAnyChar || r.Op == syntax.OpAnyCharNotNL
}

// MatchesNonEmpty reports whether a regex matches every value that is not
// empty, and no other: `.`, `.+`, `^.+$`, `(.)`.
func MatchesNonEmpty(re string) bool {
	if check.RegexError(re, false) != "" || MatchesEverything(re) {
		return false
	}
	r, ok := goRegex(re)
	if !ok {
		return false
	}
	_, chars, ok := anyShape(r)
	return ok && chars == 1
}

// everyPathRegexes match every URI path or URI: each starts with `/`.
var everyPathRegexes = map[string]bool{"/": true, "^/": true, "/.*": true, "^/.*": true, "/.*$": true, "^/.*$": true, `\/`: true, `^\/`: true}

// isURIStartField reports whether every value of the compared field starts
// with `/`: the URI path and the URI (path and query).
func isURIStartField(p *Pass, c *grammar.Comparison) bool {
	f := p.Info.Fields[c.LHS]
	if f == nil || c.LHS.Call != nil || len(c.LHS.Indexes) > 0 {
		return false
	}
	switch f.Name {
	case "http.request.uri.path", "raw.http.request.uri.path", "http.request.uri", "raw.http.request.uri":
		return true
	}
	return false
}

func runRegexMatchesEverything(p *Pass) {
	matchSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		if isURIStartField(p, c) && everyPathRegexes[l.Value] {
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("every value of %s starts with `/`, so the regex %q matches every request: the condition is always true; remove it, or write the path you meant", c.LHS.Name.Text, l.Value)})
			return
		}
		if MatchesNonEmpty(l.Value) {
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the regex %q matches every value that is not empty: the condition only tests that %s is not empty; to test that, write `%s ne \"\"`, or write the regex you meant", l.Value, c.LHS.Span().Text(p.Src), c.LHS.Span().Text(p.Src))})
			return
		}
		if !MatchesEverything(l.Value) {
			return
		}
		what := fmt.Sprintf("the regex %q matches every value", l.Value)
		if l.Value != "" && !strings.Contains(l.Value, ".*") {
			what = fmt.Sprintf("the regex %q can match an empty run of text, so it matches every value", l.Value)
		}
		p.Report(diag.Diagnostic{Span: l.Span(),
			Message: what + ": the condition is always true when the field is present; to test presence, compare with a value, or remove the condition"})
	})
}

var (
	// A regex class with a range, such as [a-z] or [0-9].
	regexClassRe = regexp.MustCompile(`\[\^?[^\]]*[0-9A-Za-z]-[0-9A-Za-z][^\]]*\]`)
	// `.*` at the start or after a separator: in a wildcard `.*` means
	// "a dot, then anything", which is intended after a name
	// (www.example.*) but not after `/` or at the start.
	regexDotStarRe = regexp.MustCompile(`(?:^|[/^(|])\.[*+]`)
)

// regexSigns lists what makes a wildcard pattern look like a regex.
func regexSigns(pat string) []string {
	var signs []string
	if strings.HasPrefix(pat, "^") {
		signs = append(signs, "`^`")
	}
	if strings.HasSuffix(pat, "$") && !strings.HasSuffix(pat, `\$`) {
		signs = append(signs, "`$`")
	}
	if regexDotStarRe.MatchString(pat) {
		signs = append(signs, "`.*`")
	}
	if regexClassRe.MatchString(pat) {
		signs = append(signs, "a character class")
	}
	return signs
}

// wildcardFromRegex turns a regex that uses only anchors and `.*` into a
// wildcard pattern, or returns "". A wildcard matches the whole value, so
// the pattern is read as anchored, as its author, who chose `wildcard`,
// expected.
func wildcardFromRegex(pat string) string {
	s := strings.TrimSuffix(strings.TrimPrefix(pat, "^"), "$")
	if strings.ContainsAny(strings.ReplaceAll(s, ".*", ""), `\[]()|+?{}^$*`) {
		return ""
	}
	s = strings.ReplaceAll(s, ".*", "*")
	if check.WildcardError(s) != "" || s == "" || s == pat {
		return ""
	}
	return s
}

func runRegexInWildcard(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		c, ok := n.(*grammar.Comparison)
		if !ok || c.Op == nil || (c.Op.Kind != grammar.OpWildcard && c.Op.Kind != grammar.OpStrictWildcard) {
			return true
		}
		l, ok := c.RHS.(*grammar.Literal)
		if !ok || !l.IsString() || check.WildcardError(l.Value) != "" {
			return true
		}
		signs := regexSigns(l.Value)
		if len(signs) == 0 {
			return true
		}
		d := diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("this wildcard pattern looks like a regex (%s), but a wildcard has only `*`, and `.`, `^`, `$` and `[` match themselves; use `matches` for a regex", joinAnd(signs))}
		if w := wildcardFromRegex(l.Value); w != "" {
			d.Message += fmt.Sprintf(", or write the wildcard %s", grammar.QuoteString(w))
			d.Fixes = append(d.Fixes, replaceLit("Write the wildcard "+grammar.QuoteString(w), l, w))
		}
		// Turning the pattern into a regex keeps its meaning only when
		// it is anchored like a wildcard.
		if strings.HasPrefix(l.Value, "^") && strings.HasSuffix(l.Value, "$") && check.RegexError(l.Value, false) == "" {
			d.Fixes = append(d.Fixes, diag.Fix{Title: "Use matches", Edits: []diag.Edit{
				{Span: c.Op.Span, New: "matches"}, {Span: l.Span(), New: grammar.RawString(l.Value)}}})
		}
		p.Report(d)
		return true
	})
}

// globSign says why a regex looks like a wildcard pattern, or "".
func globSign(re string) string {
	switch {
	case strings.HasPrefix(re, "*"):
		return "it starts with `*`, which in a regex repeats nothing"
	case strings.Contains(re, "/*") && !strings.Contains(re, `\/*`):
		return "`/*` in a regex means \"any number of slashes\", not \"anything after the slash\""
	}
	return ""
}

func runGlobInMatches(p *Pass) {
	matchSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		why := globSign(l.Value)
		if why == "" {
			return
		}
		d := diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("this regex looks like a wildcard pattern: %s; for a wildcard write `wildcard %s` (which matches the whole value), or write a regex such as `.*`", why, grammar.QuoteString(l.Value))}
		if check.WildcardError(l.Value) == "" {
			lit := grammar.QuoteString(l.Value)
			if l.Kind == grammar.LitRaw {
				lit = l.Raw
			}
			d.Fixes = []diag.Fix{{Title: "Use wildcard", Edits: []diag.Edit{{Span: c.Op.Span, New: "wildcard"}, {Span: l.Span(), New: lit}}}}
		}
		p.Report(d)
	})
}

var regexUnescapedRule = &Rule{ID: "regex-unescaped-metachar", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexUnescaped,
	Summary: "An unescaped `.` between name characters, or a `?` before a query parameter, in a regex on a host, path or URI."}

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
		f := p.Info.Fields[c.LHS]
		if f == nil || c.LHS.Call != nil || len(c.LHS.Indexes) > 0 || !urlishFields[f.Name] || check.RegexError(l.Value, false) != "" {
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
		if q := queryQuestion(l.Value); q >= 0 {
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
