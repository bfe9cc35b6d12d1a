package analyzer

// Correctness rules about literals that look like something other than
// what the operator compares: a regex or a wildcard pattern given to `eq`,
// or a value padded with spaces.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
)

// urlishFields are the fields whose values cannot hold `^`, a trailing `$`
// or `*` in practice: host names, URI paths and URIs.
var urlishFields = map[string]bool{
	"http.host": true, "http.request.full_uri": true, "http.request.uri": true, "http.request.uri.path": true,
	"raw.http.request.full_uri": true, "raw.http.request.uri": true, "raw.http.request.uri.path": true,
}

// regexLooking says why v looks like a regex (or ""): it starts with `^`,
// ends with an unescaped `$`, or holds `.*`.
func regexLooking(v string) string {
	var signs []string
	if strings.HasPrefix(v, "^") {
		signs = append(signs, "`^`")
	}
	if strings.HasSuffix(v, "$") && !strings.HasSuffix(v, `\$`) {
		signs = append(signs, "`$`")
	}
	if strings.Contains(v, ".*") {
		signs = append(signs, "`.*`")
	}
	return joinAnd(signs)
}

// useMatches is the fix that turns `eq "<regex>"` into `matches r"<regex>"`,
// or nil when the comparison is not a plain `eq` or the value is no valid
// regex.
func useMatches(s site, v string) []diag.Fix {
	if s.cmp == nil || s.op != grammar.OpEq || s.inSet || check.RegexError(v, false) != "" {
		return nil
	}
	return []diag.Fix{{Title: "Use matches", Edits: []diag.Edit{{Span: s.cmp.Op.Span, New: "matches"}, {Span: s.lit.Span(), New: grammar.RawString(v)}}}}
}

// useWildcard turns `eq "<pattern>"` into `wildcard "<pattern>"`.
func useWildcard(s site, v string) []diag.Fix {
	if s.cmp == nil || s.op != grammar.OpEq || s.inSet || check.WildcardError(v) != "" {
		return nil
	}
	return []diag.Fix{{Title: "Use wildcard", Edits: []diag.Edit{{Span: s.cmp.Op.Span, New: "wildcard"}}}}
}

func runPatternInEquality(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.equality() || s.field == nil || len(s.v.Indexes) > 0 {
			return
		}
		name := s.field.Name
		urlish := urlishFields[name]
		// path-without-slash reports patterns on paths that lack the
		// leading slash, with the same fixes.
		if isPathField(s) && !strings.HasPrefix(v, "/") {
			return
		}
		// Host names never hold `^`, `$` or `*`, and URIs and paths never
		// start with `^`; elsewhere the characters are legal (`$` and `*`
		// are sub-delimiters in a URI) but rare, so wflint only infers a
		// mistake.
		certain := name == "http.host" || urlish && strings.HasPrefix(v, "^")
		outcome := "it only matches a value that holds these characters literally"
		if certain {
			outcome = s.outcome()
		}
		d := diag.Diagnostic{Span: s.lit.Span()}
		switch why := regexLooking(v); {
		case why != "" && (urlish || strings.HasPrefix(v, "^") && strings.HasSuffix(v, "$")):
			d.Message = fmt.Sprintf("%s looks like a regex (%s), but `%s` compares the whole value literally, so %s; use `matches` for a regex",
				grammar.QuoteString(v), why, s.cmp.Op.Text, outcome)
			d.Fixes = useMatches(s, v)
		case urlish && strings.Contains(v, "*"):
			d.Message = fmt.Sprintf("%s looks like a wildcard pattern, but `%s` compares the whole value literally, so %s; use `wildcard`",
				grammar.QuoteString(v), s.cmp.Op.Text, strings.Replace(outcome, "these characters", "`*`", 1))
			d.Fixes = useWildcard(s, v)
		default:
			return
		}
		p.Report(d)
	})
}

// isSpaceByte is the whitespace that surrounding-space looks for.
func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func runSurroundingSpace(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.equality() || s.field == nil || v == "" || len(s.v.Indexes) > 0 || strings.Contains(s.field.Name, "body") {
			return
		}
		t := strings.TrimFunc(v, func(r rune) bool { return r < 0x80 && isSpaceByte(byte(r)) })
		if t == v || t == "" {
			return
		}
		where := "leading"
		switch {
		case isSpaceByte(v[0]) && isSpaceByte(v[len(v)-1]):
			where = "leading and trailing"
		case isSpaceByte(v[len(v)-1]):
			where = "trailing"
		}
		// Header values are trimmed of surrounding whitespace (RFC 9110
		// §5.5), and the other fields are names, paths and codes: wflint
		// infers that none of them ends in a space.
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("%s has %s whitespace; wflint infers that %s values do not, so %s; write %s",
				grammar.QuoteString(v), where, s.field.Name, s.outcome(), grammar.QuoteString(t)),
			Fixes: []diag.Fix{replaceLit("Remove the whitespace", s.lit, t)}})
	})
}
