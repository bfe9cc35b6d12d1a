package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/country"
	"github.com/wflint/wflint/diag"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Rules about the literal values an expression compares fields with: values
// the engine accepts but that can never (or always) match because of what
// the field is documented to hold.
func init() {
	Register(
		&Rule{ID: "deprecated-field", Category: CatSchema, Severity: diag.Warning, Run: runDeprecatedField,
			Summary: "A deprecated field such as ip.geoip.country or cf.threat_score; use its replacement."},
		&Rule{ID: "value-domain", Category: CatCorrectness, Severity: diag.Warning, Run: runValueDomain,
			Summary: "A literal outside the field's documented values, such as an unknown continent code."},
		&Rule{ID: "case-never-matches", Category: CatCorrectness, Severity: diag.Error, Run: runCaseNeverMatches,
			Summary: "A comparison that can never match because of letter case, such as http.request.method eq \"get\"."},
		&Rule{ID: "path-without-slash", Category: CatCorrectness, Severity: diag.Warning, Run: runPathWithoutSlash,
			Summary: "A URI path compared with a value that does not start with `/`."},
		&Rule{ID: "host-with-scheme-or-port", Category: CatCorrectness, Severity: diag.Error, Run: runHostWithSchemeOrPort,
			Summary: "http.host compared with a value that has a scheme, a port or a path."},
		&Rule{ID: "invalid-country-code", Category: CatCorrectness, Severity: diag.Error, Run: runInvalidCountryCode,
			Summary: "A country field compared with a code that is not an ISO 3166-1 alpha-2 code (UK instead of GB)."},
		&Rule{ID: "score-out-of-range", Category: CatCorrectness, Severity: diag.Error, Run: runScoreOutOfRange,
			Summary: "A 1–99 score compared so that the condition is never or always true (score lt 0, score gt 99)."},
		&Rule{ID: "asn-out-of-range", Category: CatCorrectness, Severity: diag.Error, Run: runASNOutOfRange,
			Summary: "An AS number outside 0–4294967295."},
		&Rule{ID: "ja3-format", Category: CatCorrectness, Severity: diag.Error, Run: runJA3Format,
			Summary: "A JA3 hash that is not 32 lower-case hex digits, or a malformed JA4 fingerprint."},
		&Rule{ID: "timestamp-bounds", Category: CatCorrectness, Severity: diag.Warning, Run: runTimestampBounds,
			Summary: "A request timestamp compared with a value far in the past or future, or in the wrong unit."},
		&Rule{ID: "octal-literal", Category: CatCorrectness, Severity: diag.Warning, Run: runOctalLiteral,
			Summary: "An integer with a leading zero, which is octal: 010 is 8."},
		&Rule{ID: "ip-ordering", Category: CatCorrectness, Severity: diag.Info, Run: runIPOrdering,
			Summary: "lt/le/gt/ge on an IP address, which Cloudflare documents as unsupported; use an IP range."},
	)
}

// Pseudo operators for literals passed to starts_with and ends_with, which
// constrain their first argument just like a comparison does.
const (
	opStartsWith grammar.CmpKind = 100 + iota
	opEndsWith
)

// site is one literal that a value is compared with: the right-hand side
// of a comparison, one item of a set, or the literal of a starts_with or
// ends_with call.
type site struct {
	v     *grammar.Value // the value compared (field or function call)
	field *schema.Field  // the field v names, nil for a call
	dom   *schema.Domain // the domain of what v yields after its indexes
	typ   schema.Type    // the type of what v yields
	op    grammar.CmpKind
	lit   *grammar.Literal
	cmp   *grammar.Comparison // nil for a starts_with/ends_with site
	inSet bool
}

// forEachSite calls fn for every literal compared with a value, in source
// order. Literals that the checker rejected are passed too; callers use the
// Literal methods, which fail on them.
func forEachSite(p *Pass, fn func(s site)) {
	if p.Expr == nil || p.Expr.Root == nil {
		return
	}
	// Several value rules visit the same sites: collect them once per pass.
	for _, s := range p.memo("value-sites", func() any { return collectSites(p) }).([]site) {
		fn(s)
	}
}

func collectSites(p *Pass) []site {
	var out []site
	fn := func(s site) { out = append(out, s) }
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Comparison:
			if n.Op == nil || n.RHS == nil {
				return true
			}
			s := siteFor(p, n.LHS)
			s.op, s.cmp = n.Op.Kind, n
			switch r := n.RHS.(type) {
			case *grammar.Literal:
				s.lit = r
				fn(s)
			case *grammar.Set:
				s.inSet = true
				for _, it := range r.Items {
					s.lit = it
					fn(s)
				}
			}
		case *grammar.Value:
			if n.Call == nil || len(n.Call.Args) != 2 {
				return true
			}
			f := p.Info.Funcs[n]
			if f == nil || (f.Name != "starts_with" && f.Name != "ends_with") {
				return true
			}
			src, ok := n.Call.Args[0].(*grammar.Comparison)
			lit, ok2 := n.Call.Args[1].(*grammar.Literal)
			if !ok || !ok2 || src.Op != nil {
				return true
			}
			s := siteFor(p, src.LHS)
			s.op, s.lit = opStartsWith, lit
			if f.Name == "ends_with" {
				s.op = opEndsWith
			}
			fn(s)
		}
		return true
	})
	return out
}

func siteFor(p *Pass, v *grammar.Value) site {
	s := site{v: v, typ: p.Info.Types[v]}
	if f := p.Info.Fields[v]; f != nil && v.Call == nil {
		s.field = f
		d := f.Domain
		for range v.Indexes {
			if d == nil {
				break
			}
			d = d.Element
		}
		s.dom = d
	}
	return s
}

// fieldName is the name of the site's field, or "".
func (s site) fieldName() string {
	if s.field == nil {
		return ""
	}
	return s.field.Name
}

// str returns the decoded string literal of the site when the value is a
// Bytes value compared with a quoted or raw string.
func (s site) str() (string, bool) {
	if s.typ != schema.TypeBytes || s.lit == nil || !s.lit.IsString() {
		return "", false
	}
	return s.lit.Value, true
}

// equality reports whether the operator compares the whole value.
func (s site) equality() bool {
	return s.op == grammar.OpEq || s.op == grammar.OpNe || s.op == grammar.OpIn
}

// outcome words what a literal that no value can equal does to the
// comparison: `ne` becomes always true, everything else never matches.
func (s site) outcome() string {
	if s.op == grammar.OpNe {
		return "this comparison is always true"
	}
	if s.inSet {
		return "this set item never matches"
	}
	return "this comparison never matches"
}

// literalText renders a new value in the form of the original literal, so
// a raw string stays raw.
func literalText(l *grammar.Literal, v string) string {
	if l.Kind == grammar.LitRaw {
		return grammar.RawString(v)
	}
	return grammar.QuoteString(v)
}

func replaceLit(title string, l *grammar.Literal, v string) diag.Fix {
	return diag.Fix{Title: title, Edits: []diag.Edit{{Span: l.Span(), New: literalText(l, v)}}}
}

// ---- deprecated-field ----------------------------------------------------

func runDeprecatedField(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		v, ok := n.(*grammar.Value)
		if !ok {
			return true
		}
		f := p.Info.Fields[v]
		// DeprecationApplies is false for ip.geoip.asnum and ip.geoip.country
		// under the feedback profile: they are the names the feedback API
		// documents.
		if f == nil || !p.Schema.DeprecationApplies(f.Name) {
			return true
		}
		d := diag.Diagnostic{Span: v.Name.Span}
		if f.Replacement != "" {
			d.Message = fmt.Sprintf("`%s` is deprecated; use `%s`", f.Name, f.Replacement)
			if r := p.Schema.Lookup(f.Replacement); r.Status == schema.Found && r.Field != nil && r.Field.Type == f.Type {
				d.Fixes = []diag.Fix{{Title: "Use " + f.Replacement, Edits: []diag.Edit{{Span: v.Name.Span, New: f.Replacement}}}}
			}
		} else {
			d.Message = fmt.Sprintf("`%s` is deprecated", f.Name)
		}
		if f.DeprecationNote != "" {
			d.Message += " (" + strings.TrimSuffix(lowerFirst(f.DeprecationNote), ".") + ")"
		}
		p.Report(d)
		return true
	})
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// ---- integer domains -----------------------------------------------------

// intSet is the set of values an Int field can take: an interval plus
// isolated points (special values), or only points.
type intSet struct {
	lo, hi   int64 // interval, empty when lo > hi
	points   []int64
	describe string
}

func domainIntSet(d *schema.Domain) (intSet, bool) {
	if d == nil {
		return intSet{}, false
	}
	if len(d.IntValues) > 0 {
		parts := make([]string, len(d.IntValues))
		for i, v := range d.IntValues {
			parts[i] = strconv.FormatInt(v, 10)
		}
		return intSet{lo: 1, hi: 0, points: d.IntValues, describe: "always " + strings.Join(parts, " or ")}, true
	}
	if d.Min == nil && d.Max == nil {
		return intSet{}, false
	}
	s := intSet{lo: math.MinInt64, hi: math.MaxInt64}
	if d.Min != nil {
		s.lo = *d.Min
	}
	if d.Max != nil {
		s.hi = *d.Max
	}
	s.describe = "in " + d.RangeString()
	for v, m := range d.Special {
		s.points = append(s.points, v)
		s.describe += fmt.Sprintf(", or %d (%s)", v, m)
	}
	return s, true
}

func (s intSet) contains(v int64) bool {
	if v >= s.lo && v <= s.hi {
		return true
	}
	for _, p := range s.points {
		if p == v {
			return true
		}
	}
	return false
}

// predicate is the set of values a comparison accepts, as an interval;
// `ne` is handled separately because it is the complement of one.
func predicate(op grammar.CmpKind, lo, hi int64) (int64, int64, bool) {
	switch op {
	case grammar.OpEq, grammar.OpIn:
		return lo, hi, true
	case grammar.OpLt:
		if lo == math.MinInt64 {
			return 1, 0, true
		}
		return math.MinInt64, lo - 1, true
	case grammar.OpLe:
		return math.MinInt64, lo, true
	case grammar.OpGt:
		if lo == math.MaxInt64 {
			return 1, 0, true
		}
		return lo + 1, math.MaxInt64, true
	case grammar.OpGe:
		return lo, math.MaxInt64, true
	}
	return 0, 0, false
}

// intVerdict decides whether an integer comparison is never true or always
// true for every value in s. It reports only what points at a mistake:
// never-true conditions, and always-true ones whose literal lies outside
// the domain (`score lt 100`); `score ge 1` is left alone, as it states
// "has a score" on purpose.
func intVerdict(s intSet, op grammar.CmpKind, lo, hi int64) string {
	if op == grammar.OpNe {
		if lo == hi && !s.contains(lo) {
			return "always"
		}
		return ""
	}
	plo, phi, ok := predicate(op, lo, hi)
	if !ok {
		return ""
	}
	in := func(v int64) bool { return v >= plo && v <= phi }
	some := s.lo <= s.hi && plo <= phi && plo <= s.hi && phi >= s.lo
	all := s.lo > s.hi || plo <= s.lo && phi >= s.hi
	for _, p := range s.points {
		some = some || in(p)
		all = all && in(p)
	}
	switch {
	case !some:
		return "never"
	case all && op != grammar.OpIn && op != grammar.OpEq && !s.contains(lo):
		return "always"
	}
	return ""
}

// intLit reads the site's literal as an integer or an integer range.
func (s site) intLit() (lo, hi int64, ok bool) {
	if s.typ != schema.TypeInt || s.lit == nil || s.lit.Kind != grammar.LitBare {
		return 0, 0, false
	}
	lo, hi, _, err := s.lit.IntRange()
	return lo, hi, err == nil
}

// reportIntVerdict reports a comparison that the domain makes never or
// always true.
func reportIntVerdict(p *Pass, s site, set intSet, what string) {
	lo, hi, ok := s.intLit()
	if !ok || (s.inSet && s.op != grammar.OpIn) {
		return
	}
	verdict := intVerdict(set, s.op, lo, hi)
	if verdict == "" {
		return
	}
	var cond string
	if s.inSet {
		cond = fmt.Sprintf("the set item `%s`", s.lit.Raw)
	} else {
		cond = "`" + s.cmp.Span().Text(p.Src) + "`"
	}
	msg := fmt.Sprintf("%s is never true: %s is %s", cond, what, set.describe)
	if s.inSet {
		msg = fmt.Sprintf("%s never matches: %s is %s", cond, what, set.describe)
	}
	if verdict == "always" {
		msg = fmt.Sprintf("%s is always true: %s is %s", cond, what, set.describe)
	}
	p.Report(diag.Diagnostic{Span: s.lit.Span(), Message: msg})
}

// isScoreDomain reports whether d is a 1–99 score (bot score, WAF attack
// scores, LLM scores).
func isScoreDomain(d *schema.Domain) bool {
	return d != nil && d.Min != nil && d.Max != nil && *d.Min == 1 && *d.Max == 99
}

func isTimestampField(name string) bool {
	return name == "http.request.timestamp.sec" || name == "http.request.timestamp.msec"
}

func isASNField(f *schema.Field) bool {
	return f != nil && f.Type == schema.TypeInt && (strings.HasSuffix(f.Name, ".asnum") || strings.HasSuffix(f.Name, ".asn"))
}

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

// ---- value-domain ----------------------------------------------------------

// httpVersionFix maps version spellings that Cloudflare never reports to
// the ones it does: HTTP/2 and HTTP/3 have no minor version.
var httpVersionFix = map[string]string{"HTTP/2.0": "HTTP/2", "HTTP/3.0": "HTTP/3"}

func runValueDomain(p *Pass) {
	forEachSite(p, func(s site) {
		if s.field == nil || s.dom == nil {
			return
		}
		name := s.field.Name
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
			if name == "http.request.version" {
				if fix, ok := httpVersionFix[v]; ok {
					p.Report(diag.Diagnostic{Span: s.lit.Span(),
						Message: fmt.Sprintf("Cloudflare reports this version as %q, without a minor version, so %s", fix, s.outcome()),
						Fixes:   []diag.Fix{replaceLit("Write "+fix, s.lit, fix)}})
					return
				}
				// SPDY/3.1 is a value Cloudflare reported before HTTP/2,
				// and real rules still test for it.
				if strings.HasPrefix(v, "SPDY/") {
					return
				}
			}
			if ok, msg := s.dom.CheckString(v); !ok {
				p.Report(diag.Diagnostic{Span: s.lit.Span(), Message: fmt.Sprintf("%s: %s, so %s", name, msg, s.outcome())})
			}
		case schema.TypeInt:
			if isScoreDomain(s.dom) || isTimestampField(name) || isASNField(s.field) {
				return
			}
			if set, ok := domainIntSet(s.dom); ok {
				reportIntVerdict(p, s, set, "`"+name+"`")
			}
		}
	})
}

// ---- score-out-of-range / asn-out-of-range ------------------------------------

func runScoreOutOfRange(p *Pass) {
	forEachSite(p, func(s site) {
		if s.field == nil || s.typ != schema.TypeInt || !isScoreDomain(s.dom) {
			return
		}
		set, _ := domainIntSet(s.dom)
		reportIntVerdict(p, s, set, "`"+s.field.Name+"`")
	})
}

func runASNOutOfRange(p *Pass) {
	asn := intSet{lo: 0, hi: math.MaxUint32, describe: "in 0..4294967295 (32 bits)"}
	forEachSite(p, func(s site) {
		if !isASNField(s.field) || s.typ != schema.TypeInt {
			return
		}
		reportIntVerdict(p, s, asn, "an AS number")
	})
}

// ---- case-never-matches --------------------------------------------------

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
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
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
	p.Inspect(func(n grammar.Node) bool {
		v, ok := n.(*grammar.Value)
		if !ok {
			return true
		}
		if f := p.Info.Fields[v]; f != nil && v.Call == nil && len(v.Indexes) > 0 && f.Domain != nil && f.Domain.KeyCase == "lower" {
			if ix := v.Indexes[0]; ix.Kind == grammar.IndexKey && ix.Lit != nil && ix.Lit.Kind == grammar.LitString {
				reportKeyCase(p, f, ix.Lit)
			}
		}
		if fn := p.Info.Funcs[v]; fn != nil && fn.Name == "has_key" && v.Call != nil && len(v.Call.Args) == 2 {
			m, ok1 := v.Call.Args[0].(*grammar.Comparison)
			key, ok2 := v.Call.Args[1].(*grammar.Literal)
			if ok1 && ok2 && m.Op == nil && len(m.LHS.Indexes) == 0 && key.IsString() {
				if f := p.Info.Fields[m.LHS]; f != nil && f.Domain != nil && f.Domain.KeyCase == "lower" {
					reportKeyCase(p, f, key)
				}
			}
		}
		return true
	})
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

// ---- path-without-slash --------------------------------------------------

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

// ---- host-with-scheme-or-port --------------------------------------------

var portRe = regexp.MustCompile(`:[0-9]*$`)

// bareHost removes a scheme, a path and a port from v and says which of
// them it found.
func bareHost(v string) (host string, parts []string) {
	host = v
	if m := schemeRe.FindString(host); m != "" {
		host = host[len(m):]
		parts = append(parts, "a scheme ("+strings.TrimSuffix(m, "//")+")")
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
		switch s.op {
		case grammar.OpEq, grammar.OpNe, grammar.OpIn, grammar.OpContains, grammar.OpWildcard, grammar.OpStrictWildcard, opStartsWith, opEndsWith:
		default:
			return
		}
		host, parts := bareHost(v)
		// A wildcard written like a regex is regex-in-wildcard's.
		if len(parts) == 0 || (s.op == grammar.OpWildcard || s.op == grammar.OpStrictWildcard) && len(regexSigns(v)) > 0 {
			return
		}
		d := diag.Diagnostic{Span: s.lit.Span(),
			Message: fmt.Sprintf("http.host is the bare host name, but %s has %s, so %s", grammar.QuoteString(v), joinAnd(parts), s.outcome())}
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

// ---- invalid-country-code ------------------------------------------------

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

// ---- ja3-format ------------------------------------------------------------

var (
	ja3Re = regexp.MustCompile(`^[0-9a-f]{32}$`)
	// ja4Re is the JA4 fingerprint: protocol (t, q or d), TLS version, SNI
	// (d or i), cipher and extension counts, ALPN, then two truncated
	// SHA-256 hashes: t13d1516h2_8daaf6152771_b186095e22b6.
	ja4Re       = regexp.MustCompile(`^[tqd][0-9a-z]{2}[di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$`)
	ja3StringRe = regexp.MustCompile(`^[0-9]+,[0-9-]*,[0-9-]*,[0-9-]*,[0-9-]*$`)
)

func runJA3Format(p *Pass) {
	forEachSite(p, func(s site) {
		v, ok := s.str()
		if !ok || !s.equality() || s.field == nil || len(s.v.Indexes) > 0 {
			return
		}
		name := s.field.Name
		switch {
		case isJA3Field(name):
			if ja3Re.MatchString(v) {
				return
			}
			d := diag.Diagnostic{Span: s.lit.Span()}
			switch {
			case ja3Re.MatchString(asciiLower(v)):
				low := asciiLower(v)
				d.Message = fmt.Sprintf("JA3 hashes are lower-case hex, so %s; write %s", s.outcome(), grammar.QuoteString(low))
				d.Fixes = []diag.Fix{replaceLit("Write in lower case", s.lit, low)}
			case ja4Re.MatchString(asciiLower(v)):
				d.Message = fmt.Sprintf("%s is a JA4 fingerprint, not a JA3 hash, so %s", grammar.QuoteString(v), s.outcome())
				if r := p.Schema.Lookup("cf.bot_management.ja4"); r.Status == schema.Found && s.cmp != nil {
					d.Message += "; compare cf.bot_management.ja4"
					d.Fixes = []diag.Fix{{Title: "Compare cf.bot_management.ja4", Edits: []diag.Edit{{Span: s.v.Name.Span, New: "cf.bot_management.ja4"}}}}
				}
			case ja3StringRe.MatchString(v):
				d.Message = fmt.Sprintf("%s is a JA3 string; the field holds its MD5 hash (32 lower-case hex digits), so %s", grammar.QuoteString(v), s.outcome())
			default:
				d.Message = fmt.Sprintf("%s is not a JA3 hash (32 lower-case hex digits, an MD5), so %s", grammar.QuoteString(v), s.outcome())
			}
			p.Report(d)
		case isJA4Field(name):
			if ja4Re.MatchString(v) {
				return
			}
			d := diag.Diagnostic{Span: s.lit.Span()}
			switch {
			case ja4Re.MatchString(asciiLower(v)):
				low := asciiLower(v)
				d.Message = fmt.Sprintf("JA4 fingerprints are lower case, so %s; write %s", s.outcome(), grammar.QuoteString(low))
				d.Fixes = []diag.Fix{replaceLit("Write in lower case", s.lit, low)}
			case ja3Re.MatchString(asciiLower(v)):
				d.Message = fmt.Sprintf("%s is a JA3 hash, not a JA4 fingerprint, so %s", grammar.QuoteString(v), s.outcome())
				if r := p.Schema.Lookup("cf.bot_management.ja3_hash"); r.Status == schema.Found && s.cmp != nil && v == asciiLower(v) {
					d.Message += "; compare cf.bot_management.ja3_hash"
					d.Fixes = []diag.Fix{{Title: "Compare cf.bot_management.ja3_hash", Edits: []diag.Edit{{Span: s.v.Name.Span, New: "cf.bot_management.ja3_hash"}}}}
				}
			default:
				d.Message = fmt.Sprintf("%s is not a JA4 fingerprint (such as \"t13d1516h2_8daaf6152771_b186095e22b6\"), so %s", grammar.QuoteString(v), s.outcome())
			}
			p.Report(d)
		}
	})
}

// ---- timestamp-bounds ------------------------------------------------------

// minTimestamp is 2010-01-01T00:00:00Z: no request Cloudflare evaluates
// today is older, so a smaller value is a typo or a wrong unit.
const minTimestamp = 1262304000

func runTimestampBounds(p *Pass) {
	maxTS := time.Now().AddDate(10, 0, 0).Unix()
	forEachSite(p, func(s site) {
		if s.field == nil || !isTimestampField(s.field.Name) || len(s.v.Indexes) > 0 {
			return
		}
		lo, hi, ok := s.intLit()
		if !ok {
			return
		}
		for _, v := range []int64{lo, hi} {
			if d, ok := timestampDiag(p, s, v, maxTS); ok {
				p.Report(d)
				return
			}
			if lo == hi {
				break
			}
		}
	})
}

func timestampDiag(p *Pass, s site, v, maxTS int64) (diag.Diagnostic, bool) {
	d := diag.Diagnostic{Span: s.lit.Span()}
	digits := len(strconv.FormatInt(v, 10))
	simple := s.cmp != nil && !s.inSet && !strings.Contains(s.lit.Raw, "..")
	if s.field.Name == "http.request.timestamp.msec" {
		if v >= 0 && v <= 999 {
			return d, false
		}
		switch {
		case digits == 13:
			sec := v / 1000
			d.Message = fmt.Sprintf("http.request.timestamp.msec is only the milliseconds part of the time (0–999); %d is a whole timestamp in milliseconds (%s): compare http.request.timestamp.sec with %d", v, dateOf(sec), sec)
			if simple {
				d.Fixes = []diag.Fix{{Title: "Compare http.request.timestamp.sec", Edits: []diag.Edit{
					{Span: s.v.Name.Span, New: "http.request.timestamp.sec"}, {Span: s.lit.Span(), New: strconv.FormatInt(sec, 10)}}}}
			}
		case digits == 10:
			d.Message = fmt.Sprintf("http.request.timestamp.msec is only the milliseconds part of the time (0–999); %d is a timestamp in seconds (%s): compare http.request.timestamp.sec", v, dateOf(v))
			if simple {
				d.Fixes = []diag.Fix{{Title: "Compare http.request.timestamp.sec", Edits: []diag.Edit{{Span: s.v.Name.Span, New: "http.request.timestamp.sec"}}}}
			}
		default:
			d.Message = fmt.Sprintf("http.request.timestamp.msec is the milliseconds part of the time, 0–999, so %d is out of range", v)
		}
		return d, true
	}
	switch {
	case digits == 13 && v > maxTS:
		sec := v / 1000
		d.Message = fmt.Sprintf("http.request.timestamp.sec counts seconds, but %d looks like milliseconds (%s); write %d", v, dateOf(sec), sec)
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Write %d", sec), Edits: []diag.Edit{{Span: s.lit.Span(), New: strconv.FormatInt(sec, 10)}}}}
		if strings.Contains(s.lit.Raw, "..") {
			d.Fixes = nil
		}
	case v > maxTS:
		d.Message = fmt.Sprintf("%d is more than ten years in the future as a UNIX time in seconds", v)
	case v < minTimestamp:
		d.Message = fmt.Sprintf("%d is before 2010 as a UNIX time in seconds (%s); no request is that old", v, dateOf(v))
	default:
		return d, false
	}
	return d, true
}

func dateOf(sec int64) string {
	if sec < -62135596800 || sec > 253402300799 {
		return "out of calendar range"
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02")
}

// ---- octal-literal -----------------------------------------------------------

var octalRe = regexp.MustCompile(`^0[0-7]+$`)

// octalParts returns the integer lexemes of a bare Int literal: one, or
// the two bounds of a range, each with its offset.
func octalParts(raw string) (parts []string, offs []int) {
	if i := strings.Index(raw, ".."); i >= 0 {
		return []string{raw[:i], raw[i+2:]}, []int{0, i + 2}
	}
	return []string{raw}, []int{0}
}

func reportOctal(p *Pass, l *grammar.Literal) {
	parts, offs := octalParts(l.Raw)
	for i, t := range parts {
		if !octalRe.MatchString(t) {
			continue
		}
		oct, err1 := strconv.ParseInt(t[1:], 8, 64)
		dec := strings.TrimLeft(t, "0")
		if dec == "" {
			dec = "0"
		}
		d, err2 := strconv.ParseInt(dec, 10, 64)
		if err1 != nil || err2 != nil || oct == d {
			continue // 07 is 7 either way
		}
		sp := diag.Span{Start: l.Pos + diag.Pos(offs[i]), End: l.Pos + diag.Pos(offs[i]+len(t))}
		p.Report(diag.Diagnostic{Span: sp,
			Message: fmt.Sprintf("`%s` starts with 0, so it is octal: it means %d, not %s", t, oct, dec),
			Fixes: []diag.Fix{
				{Title: "Write " + dec, Edits: []diag.Edit{{Span: sp, New: dec}}},
				{Title: fmt.Sprintf("Write %d (keep the current value)", oct), Edits: []diag.Edit{{Span: sp, New: strconv.FormatInt(oct, 10)}}},
			}})
	}
}

func runOctalLiteral(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Comparison:
			if n.Op == nil || p.Info.Types[n.LHS] != schema.TypeInt {
				return true
			}
			switch r := n.RHS.(type) {
			case *grammar.Literal:
				if r.Kind == grammar.LitBare {
					reportOctal(p, r)
				}
			case *grammar.Set:
				for _, it := range r.Items {
					if it.Kind == grammar.LitBare {
						reportOctal(p, it)
					}
				}
			}
		case *grammar.Index:
			if n.Kind == grammar.IndexElem && n.Lit != nil {
				reportOctal(p, n.Lit)
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
				for _, t := range pr.Types {
					if t == schema.TypeInt {
						reportOctal(p, l)
						break
					}
				}
			}
		}
		return true
	})
}

// ---- ip-ordering -------------------------------------------------------------

func runIPOrdering(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		c, ok := n.(*grammar.Comparison)
		if !ok || c.Op == nil || p.Info.Types[c.LHS] != schema.TypeIP {
			return true
		}
		switch c.Op.Kind {
		case grammar.OpLt, grammar.OpLe, grammar.OpGt, grammar.OpGe:
		default:
			return true
		}
		l, ok := c.RHS.(*grammar.Literal)
		if !ok || l.Kind != grammar.LitBare {
			return true
		}
		a, err := l.IP()
		if err != nil {
			return true
		}
		d := diag.Diagnostic{Span: c.Op.Span,
			Message: fmt.Sprintf("`%s` on an IP address: the engine accepts it, but Cloudflare documents IP fields as not supporting lt/le/gt/ge; use a range such as `in {…}`", c.Op.Text)}
		lo, hi := netipMin(a), netipMax(a)
		switch c.Op.Kind {
		case grammar.OpLt:
			hi = a.Prev()
		case grammar.OpLe:
			hi = a
		case grammar.OpGt:
			lo = a.Next()
		case grammar.OpGe:
			lo = a
		}
		if !lo.IsValid() || !hi.IsValid() || lo.Is4() != a.Is4() || hi.Is4() != a.Is4() || hi.Less(lo) {
			d.Message = fmt.Sprintf("`%s` is never true: no address of its family is beyond %s; Cloudflare documents IP fields as not supporting lt/le/gt/ge", c.Span().Text(p.Src), a)
		} else {
			rng := lo.String() + ".." + hi.String()
			d.Message = fmt.Sprintf("`%s` on an IP address: the engine accepts it, but Cloudflare documents IP fields as not supporting lt/le/gt/ge; write `in {%s}`", c.Op.Text, rng)
			d.Fixes = []diag.Fix{{Title: "Use in {" + rng + "}", Edits: []diag.Edit{{Span: c.Op.Span.Cover(l.Span()), New: "in {" + rng + "}"}}}}
		}
		p.Report(d)
		return true
	})
}

// netipMin and netipMax are the lowest and highest address of a's family.
func netipMin(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{})
	}
	return netip.AddrFrom16([16]byte{})
}

func netipMax(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{255, 255, 255, 255})
	}
	var b [16]byte
	for i := range b {
		b[i] = 0xff
	}
	return netip.AddrFrom16(b)
}
