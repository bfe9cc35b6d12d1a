package analyzer

// Correctness rules about the literal values an expression compares
// fields with: values the engine accepts but that can never match because
// of what the field is documented to hold.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/country"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func isCountryDomain(d *schema.Domain) bool {
	return d != nil && strings.HasPrefix(d.Format, "ISO 3166-1 alpha-2")
}

func isPathDomain(d *schema.Domain) bool {
	return d != nil && len(d.Prefixes) == 1 && d.Prefixes[0] == "/"
}

func isPathField(s site) bool {
	return isPathDomain(s.dom) || s.fieldName() == "raw.http.request.uri.path"
}

func isJA3Field(name string) bool { return strings.HasSuffix(name, ".ja3_hash") }

func isJA4Field(name string) bool { return strings.HasSuffix(name, ".ja4") }

func runValueDomain(p *Pass) {
	forEachSite(p, func(s site) {
		if s.field == nil {
			return
		}
		name := s.field.Name
		// Some fields have a known spelling even without a catalog domain
		// (raw extensions, media types in arrays).
		if v, ok := s.str(); ok && s.equality() && caseProblem(s, v) == "" {
			if h, ok := bytesDomainHint(s, v); ok {
				reportDomainHint(p, s, h)
				return
			}
		}
		if s.dom == nil {
			return
		}
		switch s.typ {
		case schema.TypeBytes:
			v, ok := s.str()
			if !ok || !s.equality() {
				return
			}
			// Other rules give sharper messages (and fixes) for these.
			if isCountryDomain(s.dom) || isJA3Field(name) || isPathField(s) || caseProblem(s, v) != "" {
				return
			}
			// SPDY/3.1 is a value Cloudflare reported before HTTP/2, and
			// real rules still test for it.
			if name == "http.request.version" && strings.HasPrefix(v, "SPDY/") {
				return
			}
			if ok, msg := s.dom.CheckString(v); !ok {
				p.Report(diag.Diagnostic{Span: s.lit.Span(), Message: fmt.Sprintf("%s: %s, so %s", name, msg, s.outcome())})
			}
		case schema.TypeInt:
			if isScoreDomain(s.dom) || isTimestampField(name) || isASNField(s.field) || deprecationSaysIt(p, s) {
				return
			}
			if set, ok := domainIntSet(s.dom); ok {
				reportIntVerdict(p, s, set, "`"+name+"`")
			}
		}
	})
}

// deprecationSaysIt reports whether deprecated-field reports the site's
// field, whose deprecation note already says what it holds (cf.threat_score
// "is always 0 now"): one fact, one finding.
func deprecationSaysIt(p *Pass, s site) bool {
	return s.field.DeprecationNote != "" && p.Schema.DeprecationApplies(s.field.Name) && !p.opts.Disabled["deprecated-field"]
}

// lowerCaseFields are Bytes fields whose values are always lower case even
// though the catalog records no case. It is empty on purpose: Cloudflare does
// not document that http.host is normalised, and an error-severity rule must
// not rest on a guess. Add a field here only with a documented source.
var lowerCaseFields = map[string]bool{}

// caseProblem returns the corrected value when v cannot match s only
// because of letter case, or "".
func caseProblem(s site, v string) string {
	var want string
	switch {
	case s.field == nil:
		if s.v.Call == nil || len(s.v.Indexes) > 0 {
			return ""
		}
		switch s.v.Name.Text {
		case "lower":
			want = "lower"
		case "upper":
			want = "upper"
		default:
			return ""
		}
	case s.dom != nil && len(s.dom.Values) > 0:
		if !s.equality() {
			return ""
		}
		for _, x := range s.dom.Values {
			if x == v {
				return ""
			}
		}
		for _, x := range s.dom.Values {
			if strings.EqualFold(x, v) {
				return x
			}
		}
		return ""
	case s.dom != nil && s.dom.Case != "":
		want = s.dom.Case
	case s.dom != nil && strings.HasPrefix(s.dom.Format, "ISO 3166"):
		want = "upper"
	case len(s.v.Indexes) == 0 && lowerCaseFields[s.field.Name]:
		want = "lower"
	case s.dom != nil && len(s.dom.Prefixes) > 0 && (s.equality() || s.op == opStartsWith):
		for _, pre := range s.dom.Prefixes {
			if strings.HasPrefix(v, pre) {
				return ""
			}
		}
		for _, pre := range s.dom.Prefixes {
			if len(v) >= len(pre) && strings.EqualFold(v[:len(pre)], pre) {
				return pre + v[len(pre):]
			}
		}
		return ""
	default:
		return ""
	}
	switch s.op {
	case grammar.OpEq, grammar.OpNe, grammar.OpIn, grammar.OpContains, grammar.OpStrictWildcard, opStartsWith, opEndsWith:
	default:
		return ""
	}
	fixed := asciiLower(v)
	if want == "upper" {
		fixed = asciiUpper(v)
	}
	if fixed == v {
		return ""
	}
	return fixed
}

// asciiLower and asciiUpper change only ASCII letters: values are bytes,
// and strings.ToLower would replace invalid UTF-8.
func asciiLower(s string) string { return flipCase(s, 'A', 'Z') }

func asciiUpper(s string) string { return flipCase(s, 'a', 'z') }

// flipCase flips the case of the letters lo..hi in s (a letter's case is
// its 0x20 bit), returning s itself when it has none, as most values do.
func flipCase(s string, lo, hi byte) string {
	i := 0
	for i < len(s) && (s[i] < lo || s[i] > hi) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= lo && c <= hi {
			c ^= 0x20
		}
		b.WriteByte(c)
	}
	return b.String()
}

func runCaseNeverMatches(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok {
			return
		}
		// invalid-country-code reports lower-case codes that are not
		// codes at all ("uk").
		if isCountryDomain(s.dom) && !country.Known(asciiUpper(v)) {
			return
		}
		fixed := caseProblem(s, v)
		if fixed == "" {
			return
		}
		var why string
		switch {
		case s.field == nil:
			why = fmt.Sprintf("%s(…) returns %s-case text", s.v.Name.Text, s.v.Name.Text)
		case s.dom != nil && len(s.dom.Values) > 0:
			why = fmt.Sprintf("values of %s are case-sensitive", s.field.Name)
		case s.dom != nil && len(s.dom.Prefixes) > 0 && s.dom.Case == "" && !strings.HasPrefix(s.dom.Format, "ISO 3166"):
			why = fmt.Sprintf("%s values start with %q", s.field.Name, fixed[:prefixLen(s.dom, fixed)])
		case fixed == asciiUpper(v):
			why = fmt.Sprintf("%s is always upper case", s.field.Name)
		default:
			why = fmt.Sprintf("%s is always lower case", s.field.Name)
		}
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("%s, so %s; write %s", why, s.outcome(), grammar.QuoteString(fixed)),
			Fixes:   []diag.Fix{replaceLit("Write "+grammar.QuoteString(fixed), s.lit, fixed)}})
	})
	// Map keys: http.request.headers["User-Agent"] never exists because
	// Cloudflare lower-cases header names.
	for _, v := range p.Nodes().Values {
		if f := p.Info.FieldOf(v); f != nil && v.Call == nil && len(v.Indexes) > 0 && f.Domain != nil && f.Domain.KeyCase == "lower" {
			if ix := v.Indexes[0]; ix.Kind == grammar.IndexKey && ix.Lit != nil && ix.Lit.Kind == grammar.LitString {
				reportKeyCase(p, f, ix.Lit)
			}
		}
		if fn := p.Info.FuncOf(v); fn != nil && fn.Name == "has_key" && v.Call != nil && len(v.Call.Args) == 2 {
			m, ok1 := v.Call.Args[0].(*grammar.Comparison)
			key, ok2 := v.Call.Args[1].(*grammar.Literal)
			if ok1 && ok2 && m.Op == nil && len(m.LHS.Indexes) == 0 && key.IsString() {
				if f := p.Info.FieldOf(m.LHS); f != nil && f.Domain != nil && f.Domain.KeyCase == "lower" {
					reportKeyCase(p, f, key)
				}
			}
		}
	}
}

func prefixLen(d *schema.Domain, v string) int {
	for _, pre := range d.Prefixes {
		if strings.HasPrefix(v, pre) {
			return len(pre)
		}
	}
	return len(v)
}

func reportKeyCase(p *Pass, f *schema.Field, key *grammar.Literal) {
	low := asciiLower(key.Value)
	if low == key.Value {
		return
	}
	p.Report(diag.Diagnostic{Span: key.Span(),
		Message: fmt.Sprintf("the keys of %s are always lower case, so the key %s never exists; write %s", f.Name, grammar.QuoteString(key.Value), grammar.QuoteString(low)),
		Fixes:   []diag.Fix{replaceLit("Write "+grammar.QuoteString(low), key, low)}})
}

func runPathWithoutSlash(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !isPathField(s) || v == "" || v == "*" || strings.HasPrefix(v, "/") {
			return
		}
		switch s.op {
		case grammar.OpEq, grammar.OpNe, grammar.OpIn, opStartsWith:
		case grammar.OpWildcard, grammar.OpStrictWildcard:
			if strings.HasPrefix(v, "*") {
				return
			}
		default:
			return
		}
		name := s.fieldName()
		if rest, ok := stripURL(v); ok {
			path := rest
			if i := strings.IndexAny(path, "?#"); i >= 0 {
				path = path[:i]
			}
			if path == "" {
				path = "/"
			}
			p.Report(diag.Diagnostic{Span: s.lit.Span(),
				Message: fmt.Sprintf("%s is only the path, without scheme, host or query, so a full URL never matches (%s); compare with %s", name, s.outcome(), grammar.QuoteString(path)),
				Fixes:   []diag.Fix{replaceLit("Keep only the path", s.lit, path)}})
			return
		}
		// A value written as a regex or a wildcard pattern needs the
		// operator for it, not a leading slash ("/^/api" helps no one).
		if why := regexLooking(v); why != "" {
			p.Report(diag.Diagnostic{Span: s.lit.Span(),
				Message: fmt.Sprintf("%s always starts with `/`, so %s never matches a path (%s); it looks like a regex (%s): use `matches`", name, grammar.QuoteString(v), s.outcome(), why),
				Fixes:   useMatches(s, v)})
			return
		}
		if strings.HasPrefix(v, "*") || s.equality() && strings.Contains(v, "*") {
			p.Report(diag.Diagnostic{Span: s.lit.Span(),
				Message: fmt.Sprintf("%s always starts with `/`, so %s never matches a path (%s); it looks like a wildcard pattern: use `wildcard`", name, grammar.QuoteString(v), s.outcome()),
				Fixes:   useWildcard(s, v)})
			return
		}
		p.Report(diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("%s always starts with `/`, so %s never matches a path (%s); write %s", name, grammar.QuoteString(v), s.outcome(), grammar.QuoteString("/"+v)),
			Fixes:   []diag.Fix{replaceLit("Add the leading /", s.lit, "/"+v)}})
	})
}

var schemeRe = regexp.MustCompile(`^(?i)[a-z][a-z0-9+.-]*://`)

// stripURL returns what follows the host of an absolute URL.
func stripURL(v string) (string, bool) {
	m := schemeRe.FindString(v)
	if m == "" {
		return "", false
	}
	rest := v[len(m):]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		return rest[i:], true
	}
	return "", true
}

var portRe = regexp.MustCompile(`:[0-9]*$`)

// bareHost removes a scheme, a path and a port from v and says which of
// them it found.
func bareHost(v string) (host string, parts []string) {
	host = v
	if strings.Contains(host, "://") { // the regex only where it can match
		if m := schemeRe.FindString(host); m != "" {
			host = host[len(m):]
			parts = append(parts, "a scheme ("+strings.TrimSuffix(m, "//")+")")
		}
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
		parts = append(parts, "a path")
	}
	// A bracketed IPv6 address carries colons of its own; a bare one
	// (more than one colon) has no port.
	if strings.HasPrefix(host, "[") {
		if i := strings.Index(host, "]"); i >= 0 && i+1 < len(host) && host[i+1] == ':' {
			host = host[:i+1]
			parts = append(parts, "a port")
		}
	} else if strings.Count(host, ":") == 1 && portRe.MatchString(host) {
		host = host[:strings.IndexByte(host, ':')]
		parts = append(parts, "a port")
	}
	return host, parts
}

func runHostWithSchemeOrPort(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || s.fieldName() != "http.host" || len(s.v.Indexes) > 0 {
			return
		}
		if !s.textOp() {
			return
		}
		host, parts := bareHost(v)
		// A wildcard written like a regex is regex-in-wildcard's.
		if len(parts) == 0 || (s.op == grammar.OpWildcard || s.op == grammar.OpStrictWildcard) && len(regexSigns(v)) > 0 {
			return
		}
		d := diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("http.host is the bare host name, but %s has %s, so %s", grammar.QuoteString(v), joinAnd(parts), s.outcome())}
		// A Host header never holds a scheme or a path, but it may carry a
		// port, and the field reference does not say that http.host drops
		// it: a port alone is an inference, so a warning.
		if len(parts) == 1 && parts[0] == "a port" {
			d.Severity = diag.Warning
			d.Message = fmt.Sprintf("%s has a port, and wflint infers that http.host, \"the hostname used in the full request URI\", holds none, so %s; to test the port use cf.edge.server_port", grammar.QuoteString(v), s.outcome())
		}
		if host != "" && host != "*" {
			d.Message += "; write " + grammar.QuoteString(host)
			d.Fixes = []diag.Fix{replaceLit("Write "+grammar.QuoteString(host), s.lit, host)}
		}
		p.Report(d)
	})
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func runInvalidCountryCode(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !isCountryDomain(s.dom) || !s.equality() {
			return
		}
		up := asciiUpper(v)
		if country.Known(up) {
			return // valid, possibly in the wrong case: case-never-matches
		}
		d := diag.Diagnostic{Span: s.lit.Span()}
		if fix, ok := country.Mistake(up); ok {
			d.Message = fmt.Sprintf("%s is not an ISO 3166-1 alpha-2 country code, so %s; the code is %q", grammar.QuoteString(v), s.outcome(), fix)
			d.Fixes = []diag.Fix{replaceLit("Write "+strconv.Quote(fix), s.lit, fix)}
		} else {
			d.Message = fmt.Sprintf("%s is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as \"GB\", or \"T1\" for Tor), so %s", grammar.QuoteString(v), s.outcome())
		}
		p.Report(d)
	})
}

var (
	ja3Re = regexp.MustCompile(`^[0-9a-f]{32}$`)
	// ja4Re is the JA4 fingerprint: protocol (t, q or d), TLS version, SNI
	// (d or i), cipher and extension counts, ALPN, then two truncated
	// SHA-256 hashes: t13d1516h2_8daaf6152771_b186095e22b6.
	ja4Re       = regexp.MustCompile(`^[tqd][0-9a-z]{2}[di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$`)
	ja3StringRe = regexp.MustCompile(`^[0-9]+,[0-9-]*,[0-9-]*,[0-9-]*,[0-9-]*$`)
)

// fingerprint is one kind of TLS fingerprint that ja3-format checks.
type fingerprint struct {
	re       *regexp.Regexp
	field    string // the Bot Management field that holds it
	name     string // "JA3 hash"
	lowerMsg string // why upper case never matches
	invalid  string // the message for any other value; %s is the value
	// switchNeedsLower offers to compare the other kind's field only when
	// the value is already in lower case.
	switchNeedsLower bool
}

var (
	ja3 = &fingerprint{re: ja3Re, field: "cf.bot_management.ja3_hash", name: "JA3 hash",
		lowerMsg: "JA3 hashes are lower-case hex", invalid: "%s is not a JA3 hash (32 lower-case hex digits, an MD5)"}
	ja4 = &fingerprint{re: ja4Re, field: "cf.bot_management.ja4", name: "JA4 fingerprint", switchNeedsLower: true,
		lowerMsg: "JA4 fingerprints are lower case", invalid: "%s is not a JA4 fingerprint (such as \"t13d1516h2_8daaf6152771_b186095e22b6\")"}
)

func runJA3Format(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.equality() || s.field == nil || len(s.v.Indexes) > 0 {
			return
		}
		switch name := s.field.Name; {
		case isJA3Field(name):
			checkFingerprint(p, s, v, ja3, ja4)
		case isJA4Field(name):
			checkFingerprint(p, s, v, ja4, ja3)
		}
	})
}

// checkFingerprint reports a value compared with a field of kind fp that
// is not such a fingerprint: upper case, the other kind, a JA3 string.
func checkFingerprint(p *Pass, s site, v string, fp, other *fingerprint) {
	if fp.re.MatchString(v) {
		return
	}
	d := diag.Diagnostic{Span: s.lit.Span()}
	low := asciiLower(v)
	switch {
	case fp.re.MatchString(low):
		d.Message = fmt.Sprintf("%s, so %s; write %s", fp.lowerMsg, s.outcome(), grammar.QuoteString(low))
		d.Fixes = []diag.Fix{replaceLit("Write in lower case", s.lit, low)}
	case other.re.MatchString(low):
		d.Message = fmt.Sprintf("%s is a %s, not a %s, so %s", grammar.QuoteString(v), other.name, fp.name, s.outcome())
		if r := p.Schema.Lookup(other.field); r.Status == schema.Found && s.cmp != nil && (!fp.switchNeedsLower || v == low) {
			d.Message += "; compare " + other.field
			d.Fixes = []diag.Fix{{Title: "Compare " + other.field, Edits: []diag.Edit{{Span: s.v.Name.Span, New: other.field}}}}
		}
	case fp == ja3 && ja3StringRe.MatchString(v):
		d.Message = fmt.Sprintf("%s is a JA3 string; the field holds its MD5 hash (32 lower-case hex digits), so %s", grammar.QuoteString(v), s.outcome())
	default:
		d.Message = fmt.Sprintf(fp.invalid+", so %s", grammar.QuoteString(v), s.outcome())
	}
	p.Report(d)
}
