package analyzer

// Correctness rules about literals that do not have the shape of the URL
// part a field holds: a query with its `?`, a path with a query, a URI or a
// Referer compared with the wrong kind of URL, a host suffix without a
// label boundary, and a wildcard pattern without `*`.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// anchoredStart reports whether the site's operator compares the value
// from its first byte: equality, starts_with and a wildcard pattern that
// does not begin with `*`.
func (s site) anchoredStart(v string) bool {
	switch s.op {
	case grammar.OpEq, grammar.OpNe, grammar.OpIn, opStartsWith:
		return true
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		return !strings.HasPrefix(v, "*")
	}
	return false
}

// plainField reports whether the site compares the field itself, not an
// element, a map value or a function's result.
func (s site) plainField() bool {
	return s.field != nil && s.v.Call == nil && len(s.v.Indexes) == 0
}

// renameField is the fix that compares another field in place of the
// site's, for a comparison of one literal (a set's other items may be
// right for the field as it is).
func renameField(s site, to string) []diag.Fix {
	if s.inSet {
		return nil
	}
	return []diag.Fix{{Title: "Compare " + to, Edits: []diag.Edit{{Span: s.v.Name.Span, New: to}}}}
}

func isQueryField(name string) bool {
	return name == "http.request.uri.query" || name == "raw.http.request.uri.query"
}

func runQueryQuestionMark(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.plainField() || !isQueryField(s.field.Name) || !strings.HasPrefix(v, "?") || !s.anchoredStart(v) {
			return
		}
		name := s.field.Name
		d := diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("%s is the query string without its leading `?` (\"a=1\" for /p?a=1), so %s matches only a URL with a second `?` (/p??a=1)", name, grammar.QuoteString(v))}
		if rest := v[1:]; rest != "" && !strings.HasPrefix(rest, "?") {
			d.Message += "; write " + grammar.QuoteString(rest)
			d.Fixes = []diag.Fix{replaceLit("Remove the leading ?", s.lit, rest)}
		} else {
			d.Message += fmt.Sprintf("; to test that there is a query string, write `%s ne \"\"`", name)
		}
		p.Report(d)
	})
}

// uriOf is the field that holds the path and the query, for a path field.
var uriOf = map[string]string{"http.request.uri.path": "http.request.uri", "raw.http.request.uri.path": "raw.http.request.uri"}

func runPathWithQuery(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.plainField() || !s.textOp() || !strings.Contains(v, "?") {
			return
		}
		uri, isPath := uriOf[s.field.Name]
		if !isPath {
			return
		}
		// A value without its leading slash, or a full URL, is
		// path-without-slash's.
		if s.anchoredStart(v) && !strings.HasPrefix(v, "/") {
			return
		}
		name := s.field.Name
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("%s ends where the query string begins, and URL normalization never decodes %%3F to `?`, so a value with `?` is never in it: %s; compare %s, which holds the path and the query", name, s.outcome(), uri),
			Fixes:   renameField(s, uri)})
	})
}

func runURIWithScheme(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.plainField() || s.field.Name != "http.request.uri" || !s.anchoredStart(v) {
			return
		}
		rest, ok := stripURL(v)
		if !ok {
			return
		}
		host := strings.TrimPrefix(v[:len(v)-len(rest)], schemeRe.FindString(v))
		if rest == "" {
			rest = "/"
		}
		d := diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("http.request.uri is the path and query string, without scheme or host (\"/articles/index?section=1\"), so the full URL %s is never in it: %s; compare http.request.full_uri", grammar.QuoteString(v), s.outcome())}
		if r := p.Schema.Lookup("http.request.full_uri"); r.Status == schema.Found {
			d.Fixes = renameField(s, "http.request.full_uri")
		}
		wild := s.op == grammar.OpWildcard || s.op == grammar.OpStrictWildcard
		if !strings.Contains(host, "*") && (!wild || check.WildcardError(rest) == "") {
			d.Message += ", or write " + grammar.QuoteString(rest)
			d.Fixes = append(d.Fixes, replaceLit("Keep only the path and query", s.lit, rest))
		}
		p.Report(d)
	})
}

// hostRe is a host name with at least two labels, an optional port and an
// optional path: what people copy for a site without its scheme.
var hostRe = regexp.MustCompile(`^(?i)(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:[0-9]+)?(/.*)?$`)

func runRefererWithoutScheme(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.plainField() || s.field.Name != "http.referer" || !s.anchoredStart(v) || !hostRe.MatchString(strings.TrimSuffix(v, "*")) {
			return
		}
		host, _, _ := strings.Cut(strings.TrimSuffix(v, "*"), "/")
		what := "matches only a client that sends that very text"
		if s.op == grammar.OpNe {
			what = "is true of every Referer a browser sends"
		}
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("http.referer is the Referer header, a full URL with its scheme (browsers send \"https://%s/…\"), so %s %s; wflint infers a URL was meant: write it with its scheme, or test the host with `http.referer wildcard \"http*://%s/*\"`",
				host, grammar.QuoteString(v), what, host)})
	})
}

// hostFields hold host or zone names, whose labels a suffix must respect.
var hostFields = map[string]bool{"http.host": true, "cf.worker.upstream_zone": true}

// domainRe is a domain name of two labels or more, without a leading dot.
var domainRe = regexp.MustCompile(`^(?i)[a-z0-9-]+(\.[a-z0-9-]+)+$`)

// hostValue returns the source text of the host the site compares: a host
// field itself, or lower() of one.
func hostValue(p *Pass, s site) (string, bool) {
	if s.plainField() {
		return s.v.Span().Text(p.Src), hostFields[s.field.Name]
	}
	if f := p.Info.FuncOf(s.v); f != nil && f.Name == "lower" && len(s.v.Indexes) == 0 && len(s.v.Call.Args) == 1 {
		if a, ok := s.v.Call.Args[0].(*grammar.Comparison); ok && a.Op == nil && a.LHS.Call == nil && len(a.LHS.Indexes) == 0 {
			if af := p.Info.FieldOf(a.LHS); af != nil && hostFields[af.Name] {
				return s.v.Span().Text(p.Src), true
			}
		}
	}
	return "", false
}

func runHostSuffixWithoutDot(p *Pass) {
	forEachSite(p, func(s site) {
		if s.typ != schema.TypeBytes || s.lit == nil || !s.lit.IsString() {
			return
		}
		v := s.lit.Value
		host, ok := hostValue(p, s)
		if !ok {
			return
		}
		var domain, whole string
		switch s.op {
		case opEndsWith:
			if !domainRe.MatchString(v) {
				return
			}
			domain = v
			call := s.v.Span()
			for _, n := range p.Nodes().Values {
				if n.Call != nil && len(n.Call.Args) == 2 {
					if a, ok := n.Call.Args[1].(*grammar.Literal); ok && a == s.lit {
						call = n.Span()
					}
				}
			}
			whole = fmt.Sprintf("(%s eq %s or ends_with(%s, %s))", host, grammar.QuoteString(domain), host, grammar.QuoteString("."+domain))
			p.Report(diag.Diagnostic{Span: s.lit.Span(),
				Message: fmt.Sprintf("ends_with(%s, %s) also matches %s, which is another domain; wflint infers %s and its subdomains were meant: write %s", host, grammar.QuoteString(v), grammar.QuoteString("evil"+domain), grammar.QuoteString(domain), whole),
				Fixes:   []diag.Fix{{Title: "Match " + domain + " and its subdomains", Edits: []diag.Edit{{Span: call, New: whole}}}}})
		case grammar.OpWildcard, grammar.OpStrictWildcard:
			rest, ok := strings.CutPrefix(v, "*")
			if !ok || s.inSet || s.cmp == nil || !domainRe.MatchString(rest) {
				return
			}
			domain = rest
			// The domain itself by equality: `wildcard` ignores case, so
			// its equality compares lower(…) with the lower-case name.
			apex := fmt.Sprintf("%s eq %s", host, grammar.QuoteString(domain))
			if s.op == grammar.OpWildcard {
				lowered := host
				if s.field != nil {
					lowered = "lower(" + host + ")"
				}
				apex = fmt.Sprintf("%s eq %s", lowered, grammar.QuoteString(asciiLower(domain)))
			}
			whole = fmt.Sprintf("(%s or %s %s %s)", apex, host, s.cmp.Op.Text, grammar.QuoteString("*."+domain))
			p.Report(diag.Diagnostic{Span: s.lit.Span(),
				Message: fmt.Sprintf("the pattern %s also matches %s, which is another domain; wflint infers %s and its subdomains were meant: write %s", grammar.QuoteString(v), grammar.QuoteString("evil"+domain), grammar.QuoteString(domain), whole),
				Fixes:   []diag.Fix{{Title: "Match " + domain + " and its subdomains", Edits: []diag.Edit{{Span: s.cmp.Span(), New: whole}}}}})
		}
	})
}

// unescapeWildcard decodes a pattern without `*`: `\*` is a star and `\\`
// a backslash (LANGUAGE.md §3.10).
func unescapeWildcard(pat string) string {
	if !strings.Contains(pat, `\`) {
		return pat
	}
	var b strings.Builder
	for i := 0; i < len(pat); i++ {
		if pat[i] == '\\' && i+1 < len(pat) {
			i++
		}
		b.WriteByte(pat[i])
	}
	return b.String()
}

func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

func runWildcardWithoutStar(p *Pass) {
	wildcardSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		// A pattern written like a regex is regex-in-wildcard's.
		if check.WildcardError(l.Value) != "" || wildcardStar(l.Value, false) || len(regexSigns(l.Value)) > 0 {
			return
		}
		lit := unescapeWildcard(l.Value)
		eq := fmt.Sprintf("%s eq %s", c.LHS.Span().Text(p.Src), grammar.QuoteString(lit))
		d := diag.Diagnostic{Span: l.Span()}
		fix := diag.Fix{Title: "Write eq", Edits: []diag.Edit{{Span: c.Op.Span, New: "eq"}, {Span: l.Span(), New: grammar.QuoteString(lit)}}, Safe: true}
		switch {
		case c.Op.Kind == grammar.OpStrictWildcard:
			d.Message = fmt.Sprintf("a strict wildcard pattern without `*` matches only the whole value, as `%s` does; write that, or add `*` where any text may go", eq)
			d.Fixes = []diag.Fix{fix}
		case !hasASCIILetter(lit):
			d.Message = fmt.Sprintf("a wildcard pattern without `*` matches only the whole value; with no letter to ignore the case of, that is `%s`: write that, or add `*` where any text may go", eq)
			d.Fixes = []diag.Fix{fix}
		default:
			d.Message = "a wildcard pattern without `*` matches only the whole value, ignoring ASCII case: it is a case-insensitive `eq`; add `*` where any text may go, or write `eq` when the case is known"
		}
		p.Report(d)
	})
}

// nameRegexFields are fields beyond urlishFields whose values are names
// made of dotted labels, where a regex's bare `.` is meant literally:
// zone names and the distinguished names of client certificates.
var nameRegexFields = map[string]bool{
	"http.referer": true, "cf.worker.upstream_zone": true, "cf.zone.name": true,
	"cf.tls_client_auth.cert_subject_dn": true, "cf.tls_client_auth.cert_issuer_dn": true,
	"cf.tls_client_auth.cert_subject_dn_rfc2253": true, "cf.tls_client_auth.cert_issuer_dn_rfc2253": true,
	"cf.tls_client_auth.cert_subject_dn_legacy": true, "cf.tls_client_auth.cert_issuer_dn_legacy": true,
}
