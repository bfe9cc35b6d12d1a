package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/check"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Rules about how patterns and literals are written: forms the engine
// accepts that are easy to misread, and patterns written for the wrong
// operator.
func init() {
	Register(
		&Rule{ID: "regex-not-raw", Category: CatStyle, Severity: diag.Info, Run: runRegexNotRaw,
			Summary: "A quoted regex with backslashes; a raw string r\"…\" says the same thing more plainly."},
		&Rule{ID: "regex-matches-everything", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexMatchesEverything,
			Summary: "A regex such as `.*` or `^` that matches every value, so the condition is always true."},
		&Rule{ID: "regex-in-wildcard", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexInWildcard,
			Summary: "A wildcard pattern written like a regex (`^`, `.*`, `[a-z]`, `$`)."},
		&Rule{ID: "glob-in-matches", Category: CatCorrectness, Severity: diag.Warning, Run: runGlobInMatches,
			Summary: "A regex written like a wildcard pattern (`*.example.com`, `/api/*`)."},
		&Rule{ID: "hex-bytes-literal", Category: CatStyle, Severity: diag.Info, Run: runHexBytesLiteral,
			Summary: "An unquoted hex byte string such as 61:62; write the string in quotes."},
		&Rule{ID: "keyword-glued", Category: CatStyle, Severity: diag.Warning, Run: runKeywordGlued,
			Summary: "A keyword run together with the next word (`notssl`, `andssl`)."},
		&Rule{ID: "expression-too-long", Category: CatCorrectness, Severity: diag.Error, Run: runExpressionTooLong,
			Summary: "An expression longer than the 4,096 characters Cloudflare accepts."},
	)
}

// ---- regex-not-raw ---------------------------------------------------------

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

func runRegexNotRaw(p *Pass) {
	matchSites(p, func(_ *grammar.Comparison, l *grammar.Literal) {
		if l.Kind != grammar.LitRegex || !strings.Contains(l.Raw, `\`) || !strings.HasSuffix(l.Raw, `"`) {
			return
		}
		// l.Value is exactly the regex the engine compiles (the quoted
		// regex mode has already turned \" outside classes into "), so
		// a raw string holding it means the same.
		raw := grammar.RawString(l.Value)
		p.Report(diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("a quoted regex with backslashes: write it as the raw string %s, which passes the regex to the engine exactly as written (in a quoted regex, \\\" outside [ ] turns into a plain quote)", raw),
			Fixes:   []diag.Fix{{Title: "Use a raw string", Edits: []diag.Edit{{Span: l.Span(), New: raw}}}}})
	})
}

// ---- regex-matches-everything ------------------------------------------------

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

// wholeAnyRun reports whether r is `^.*$` or a variant: anchors and `.*`
// runs only.
func wholeAnyRun(r *syntax.Regexp) bool {
	for r.Op == syntax.OpCapture {
		r = r.Sub[0]
	}
	if anyRun(r) {
		return true
	}
	if r.Op != syntax.OpConcat {
		return false
	}
	runs := 0
	for _, s := range r.Sub {
		switch s.Op {
		case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpEndLine, syntax.OpEndText:
		default:
			if !anyRun(s) {
				return false
			}
			runs++
		}
	}
	return runs > 0 // `^$` matches only the empty value
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

func runRegexMatchesEverything(p *Pass) {
	matchSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
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

// ---- regex-in-wildcard / glob-in-matches ---------------------------------

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

// ---- hex-bytes-literal -----------------------------------------------------

func reportHexBytes(p *Pass, l *grammar.Literal) {
	if l.Kind != grammar.LitBare {
		return
	}
	b, err := l.Bytes()
	if err != nil || len(b) < 2 {
		return // a single byte is the fatal invalid-bytes
	}
	s := string(b)
	d := diag.Diagnostic{Span: l.Span(),
		Message: fmt.Sprintf("`%s` is a hex byte string: it means %s, not the text %s; write strings in double quotes", l.Raw, grammar.QuoteString(s), grammar.QuoteString(l.Raw)),
		Fixes: []diag.Fix{
			{Title: "Write " + grammar.QuoteString(s) + " (the same bytes)", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(s)}}},
			{Title: "Write " + grammar.QuoteString(l.Raw) + " (the text)", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(l.Raw)}}},
		}}
	p.Report(d)
}

func runHexBytesLiteral(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Comparison:
			if n.Op == nil || p.Info.Types[n.LHS] != schema.TypeBytes {
				return true
			}
			switch r := n.RHS.(type) {
			case *grammar.Literal:
				if n.Op.Kind != grammar.OpMatches && n.Op.Kind != grammar.OpWildcard && n.Op.Kind != grammar.OpStrictWildcard {
					reportHexBytes(p, r)
				}
			case *grammar.Set:
				for _, it := range r.Items {
					reportHexBytes(p, it)
				}
			}
		case *grammar.Value:
			f := p.Info.Funcs[n]
			if f == nil || n.Call == nil {
				return true
			}
			for i, a := range n.Call.Args {
				l, ok := a.(*grammar.Literal)
				pr := f.Param(i)
				if !ok || pr == nil || l.Kind != grammar.LitBare {
					continue
				}
				// The checker reads Int and IP before bytes; only a
				// Bytes-only parameter whose literal is no integer
				// takes hex bytes (remove_bytes(x, 2d:2e)).
				bytesOnly := len(pr.Types) > 0
				for _, t := range pr.Types {
					if t != schema.TypeBytes {
						bytesOnly = false
					}
				}
				if bytesOnly && !check.IntLexemeValid(l.Raw) {
					reportHexBytes(p, l)
				}
			}
		}
		return true
	})
}

// ---- keyword-glued -----------------------------------------------------------

func reportGlued(p *Pass, t grammar.Token) {
	if !t.Glued {
		return
	}
	end := t.Span.End
	rest := p.Src[end:]
	word := rest
	if i := strings.IndexFunc(rest, func(r rune) bool {
		return !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}); i >= 0 {
		word = rest[:i]
	}
	p.Report(diag.Diagnostic{Span: diag.Span{Start: t.Span.Start, End: end + diag.Pos(len(word))},
		Message: fmt.Sprintf("`%s%s` is read as `%s %s`: the keyword runs into the next word; add a space", t.Text, word, t.Text, word),
		Fixes:   []diag.Fix{{Title: "Insert a space after " + t.Text, Edits: []diag.Edit{{Span: diag.Span{Start: end, End: end}, New: " "}}}}})
}

func runKeywordGlued(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Not:
			reportGlued(p, n.Op)
		case *grammar.Logical:
			for _, t := range n.Ops {
				reportGlued(p, t)
			}
		case *grammar.Comparison:
			if n.Op != nil {
				reportGlued(p, n.Op.Token)
			}
		}
		return true
	})
}

// ---- expression-too-long -----------------------------------------------------

// maxExpressionChars is the product limit on expression length, counted
// in characters (the dashboard and API count Unicode characters).
const maxExpressionChars = 4096

func runExpressionTooLong(p *Pass) {
	n := utf8.RuneCountInString(p.Src)
	if n <= maxExpressionChars {
		return
	}
	// Point at the text beyond the limit.
	off, count := 0, 0
	for i := range p.Src {
		if count == maxExpressionChars {
			off = i
			break
		}
		count++
	}
	p.Report(diag.Diagnostic{Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(len(p.Src))},
		Message: fmt.Sprintf("the expression is %d characters long; Cloudflare accepts at most 4,096: move long sets of values into a list ($name) or split the rule", n)})
}
