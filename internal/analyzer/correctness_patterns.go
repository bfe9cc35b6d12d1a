package analyzer

// Correctness rules about regexes and wildcard patterns written for the
// wrong operator, or that match every value.

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
)

// matchSites calls fn for each `matches` comparison with a string literal.
func matchSites(p *Pass, fn func(c *grammar.Comparison, l *grammar.Literal)) {
	for _, c := range p.Nodes().Comparisons {
		if c.Op != nil && c.Op.Kind == grammar.OpMatches {
			if l, ok := c.RHS.(*grammar.Literal); ok && (l.Kind == grammar.LitRegex || l.Kind == grammar.LitRaw) {
				fn(c, l)
			}
		}
	}
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

// parseRegex parses a regex the engine accepts; ok is false when the
// engine rejects it or Go's parser would read it differently. The shape
// rules parse each regex once and ask all their questions of the tree.
func parseRegex(re string) (*syntax.Regexp, bool) {
	if check.RegexError(re, false) != "" {
		return nil, false
	}
	return goRegex(re)
}

// regexOf is parseRegex of a regex literal, with the tree the type check
// already parsed when it has one.
func regexOf(p *Pass, l *grammar.Literal) (*syntax.Regexp, bool) {
	if r, msg, known := p.Info.Regex(l); known {
		return r, msg == "" && r != nil
	}
	return parseRegex(l.Value)
}

// regexError is check.RegexError(l.Value, false) of a regex literal, as the
// type check found it when it did.
func regexError(p *Pass, l *grammar.Literal) string {
	if _, msg, known := p.Info.Regex(l); known {
		return msg
	}
	return check.RegexError(l.Value, false)
}

func matchesEverything(r *syntax.Regexp) bool {
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

// matchesNonEmpty reports whether a regex matches every value that is not
// empty, and no other: `.`, `.+`, `^.+$`, `(.)`.
func matchesNonEmpty(r *syntax.Regexp) bool {
	if matchesEverything(r) {
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
	f := p.Info.FieldOf(c.LHS)
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
		r, ok := regexOf(p, l)
		if !ok {
			return
		}
		if matchesNonEmpty(r) {
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the regex %q matches every value that is not empty: the condition only tests that %s is not empty; to test that, write `%s ne \"\"`, or write the regex you meant", l.Value, c.LHS.Span().Text(p.Src), c.LHS.Span().Text(p.Src))})
			return
		}
		if !matchesEverything(r) {
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

// regexDotStar reports whether pat has a `.*` (or `.+`) that reads as a
// regex. After a `/` it reads as a dot file (`/.env`) when the pattern
// starts with it (`/.*`) or uses `*` on its own elsewhere (`*/.*`): whoever
// wrote a bare `*` knew the wildcard syntax.
func regexDotStar(pat string) bool {
	for _, m := range regexDotStarRe.FindAllStringIndex(pat, -1) {
		if pat[m[0]] == '/' && (m[0] == 0 || bareStar(pat)) {
			continue
		}
		return true
	}
	return false
}

// bareStar reports whether pat has an unescaped `*` that does not follow
// a `.`.
func bareStar(pat string) bool { return wildcardStar(pat, true) }

// wildcardStar reports whether pat has an unescaped `*`, or, when bare is
// set, one that does not follow a `.` (which reads as a regex's `.*`).
func wildcardStar(pat string, bare bool) bool {
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '*':
			if !bare || i == 0 || pat[i-1] != '.' {
				return true
			}
		}
	}
	return false
}

// regexSigns lists what makes a wildcard pattern look like a regex.
func regexSigns(pat string) []string {
	var signs []string
	if strings.HasPrefix(pat, "^") {
		signs = append(signs, "`^`")
	}
	if strings.HasSuffix(pat, "$") && !strings.HasSuffix(pat, `\$`) {
		signs = append(signs, "`$`")
	}
	if regexDotStar(pat) {
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
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil || (c.Op.Kind != grammar.OpWildcard && c.Op.Kind != grammar.OpStrictWildcard) {
			continue
		}
		l, ok := c.RHS.(*grammar.Literal)
		if !ok || !l.IsString() || check.WildcardError(l.Value) != "" {
			continue
		}
		signs := regexSigns(l.Value)
		if len(signs) == 0 {
			continue
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
	}
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

// wildcardSites calls fn for each `wildcard` or `strict wildcard`
// comparison with a string literal.
func wildcardSites(p *Pass, fn func(c *grammar.Comparison, l *grammar.Literal)) {
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil || (c.Op.Kind != grammar.OpWildcard && c.Op.Kind != grammar.OpStrictWildcard) {
			continue
		}
		if l, ok := c.RHS.(*grammar.Literal); ok && l.IsString() {
			fn(c, l)
		}
	}
}

func runWildcardMatchesEverything(p *Pass) {
	wildcardSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		switch {
		case l.Value == "*":
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the wildcard pattern \"*\" matches every value, so `%s` is always true when the field is present; remove the condition, or write the pattern you meant", c.Span().Text(p.Src))})
		case l.Value == "/*" && isURIStartField(p, c):
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("every value of %s starts with `/`, so the wildcard pattern \"/*\" matches every request: the condition is always true; remove it, or write the path you meant", c.LHS.Name.Text)})
		}
	})
}
