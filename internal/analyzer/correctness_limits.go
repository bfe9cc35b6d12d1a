package analyzer

// Correctness rules about product limits and look-alikes: too many
// regexes, literals written in the form a normalised field never has,
// fields of another product, and raw fields where the normalised one is
// meant.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// maxRegexes is Cloudflare's limit of regular expressions per rule.
const maxRegexes = 64

func runTooManyRegexes(p *Pass) {
	var regexes []diag.Span
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Comparison:
			if n.Op != nil && n.Op.Kind == grammar.OpMatches && n.RHS != nil {
				regexes = append(regexes, n.RHS.Span())
			}
		case *grammar.Value:
			if f := p.Info.FuncOf(n); f != nil && f.Name == "regex_replace" && len(n.Call.Args) > 1 {
				regexes = append(regexes, n.Call.Args[1].Span())
			}
		}
	}
	if len(regexes) <= maxRegexes {
		return
	}
	p.Report(diag.Diagnostic{Rejected: true, Span: regexes[maxRegexes],
		Message: fmt.Sprintf("this expression has %d regular expressions, and Cloudflare allows at most %d in one rule (it cannot be created or updated); this is number %d: join alternatives into one regex, use `in {…}`, `contains`, `starts_with` or `ends_with`, or split the rule",
			len(regexes), maxRegexes, maxRegexes+1)})
}

// normalizedPathFields hold the URI path after URL normalization.
var normalizedPathFields = map[string]bool{"http.request.uri.path": true}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// normalizePercent applies the percent-encoding steps of URL
// normalization to v: encoded unreserved characters are decoded, other
// encodings are written in upper case. It says what it changed.
func normalizePercent(v string) (string, []string) {
	var b strings.Builder
	var decoded, upper bool
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) {
			hi, ok1 := unhex(v[i+1])
			lo, ok2 := unhex(v[i+2])
			if ok1 && ok2 {
				c := hi<<4 | lo
				switch {
				case isUnreserved(c):
					b.WriteByte(c)
					decoded = true
				default:
					enc := strings.ToUpper(v[i : i+3])
					upper = upper || enc != v[i:i+3]
					b.WriteString(enc)
				}
				i += 2
				continue
			}
		}
		b.WriteByte(v[i])
	}
	var what []string
	if decoded {
		what = append(what, "decodes percent-encoded letters, digits and `-._~`")
	}
	if upper {
		what = append(what, "writes the other percent-encodings in upper case")
	}
	return b.String(), what
}

func runPercentEncodedLiteral(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || s.field == nil || !normalizedPathFields[s.field.Name] || len(s.v.Indexes) > 0 || !strings.Contains(v, "%") {
			return
		}
		if !s.textOp() {
			return
		}
		norm, what := normalizePercent(v)
		// `wildcard` ignores case, so %2f matches %2F there.
		if len(what) == 0 || s.op == grammar.OpWildcard && len(what) == 1 && strings.Contains(what[0], "upper case") {
			return
		}
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("URL normalization (on by default) %s in %s, so %s never appears in it and, when normalization is on, %s; write %s",
				joinAnd(what), s.field.Name, grammar.QuoteString(v), s.outcome(), grammar.QuoteString(norm)),
			Fixes: []diag.Fix{replaceLit("Write "+grammar.QuoteString(norm), s.lit, norm)}})
	})
}

// onlyIn reports whether f belongs to exactly one product, the given one.
func onlyIn(f *schema.Field, product string) bool {
	return len(f.Products) == 1 && f.Products[0] == product
}

func runMixedProductFields(p *Pass) {
	var firewall, http *grammar.Value
	for _, v := range p.Nodes().Values {
		if v.Call != nil {
			continue
		}
		f := p.Info.FieldOf(v)
		switch {
		case f == nil:
		case onlyIn(f, schema.ProductMagicFirewall) && firewall == nil:
			firewall = v
		case onlyIn(f, schema.ProductHTTPRules) && http == nil:
			http = v
		}
	}
	if firewall == nil || http == nil {
		return
	}
	p.Report(diag.Diagnostic{Span: firewall.Name.Span,
		Message: fmt.Sprintf("`%s` is a Magic Firewall packet field, but `%s` is a field of HTTP rules: the field references list them for different products, so wflint infers that no rule can use both; use the HTTP field for this (such as cf.edge.server_port for the port)",
			firewall.Name.Text, http.Name.Text),
		Related: []diag.Related{{Span: http.Name.Span, Message: "HTTP field"}}})
}

// rawNormalized maps raw URI fields to their normalised counterparts.
var rawNormalized = map[string]string{
	"raw.http.request.uri.path": "http.request.uri.path",
	"raw.http.request.uri":      "http.request.uri",
	"raw.http.request.full_uri": "http.request.full_uri",
}

func runRawField(p *Pass) {
	seen := map[*grammar.Value]bool{}
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || s.field == nil || len(s.v.Indexes) > 0 || seen[s.v] {
			return
		}
		norm, isRaw := rawNormalized[s.field.Name]
		// A literal without a letter or digit has no spelling that
		// normalization would decode into it.
		enc := encodeFirstLetter(v)
		if !isRaw || rawSpelling(v) || enc == v {
			return
		}
		seen[s.v] = true
		p.Report(diag.Diagnostic{Span: s.v.Name.Span,
			Message: fmt.Sprintf("%s is the URI as the client sent it, before URL normalization, so %s does not match an encoded spelling of it such as %s; unless the raw form is the point, compare %s",
				s.field.Name, grammar.QuoteString(v), grammar.QuoteString(enc), norm),
			Fixes: []diag.Fix{{Title: "Compare " + norm, Edits: []diag.Edit{{Span: s.v.Name.Span, New: norm}}}}})
	})
}

// rawSpelling reports whether v is about a spelling that URL
// normalization removes, which is what raw fields are for: a
// percent-encoding, a backslash, doubled slashes or a dot segment (`../`,
// `/./`, `/..`, path traversal). The normalised field never holds these,
// so a rule on them must read the raw field.
func rawSpelling(v string) bool {
	return strings.ContainsAny(v, `%\`) || strings.Contains(v, "//") || strings.Contains(v, "..") ||
		strings.Contains(v, "/./") || strings.HasSuffix(v, "/.") || strings.HasPrefix(v, "./")
}

// encodeFirstLetter percent-encodes the first ASCII letter or digit of v,
// which normalization decodes, for the message: "/admin" becomes
// "/%61dmin". It returns v when v has none.
func encodeFirstLetter(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return v[:i] + fmt.Sprintf("%%%02X", c) + v[i+1:]
		}
	}
	return v
}
