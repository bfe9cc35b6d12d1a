package analyzer_test

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// fixSafety is the classification of every rule's fixes, each on an
// example: a fix is safe when it keeps what the expression matches, or
// only turns what Cloudflare rejects into what its author evidently
// meant (quotes, spacing, notation, parentheses, raw strings, unquoted
// IPs); it is unsafe when it changes what the rule matches (literal case,
// eq to wildcard or matches, a country code, a regex rewritten, a regex
// to eq, another field), or when what was meant is a guess. `wflint
// --fix` applies only the first kind.
var fixSafety = []struct {
	rule, src, title string // title: a part of the fix's title
	safe             bool
}{
	// Syntax and type errors Cloudflare rejects, written as meant.
	{"tab-separator", "http.host\teq \"example.com\"", "tab", true},
	{"unicode-space", "http.host eq \"example.com\"\u00a0and ssl", "space", true},
	{"comment", `http.request.uri.path eq "/login" # the old login page`, "comment", true},
	{"malformed-name", `http.request..uri.path eq "/login"`, "Use", true},
	{"invalid-list-name", `ip.src in $Office_IPs`, "Use", true},
	{"single-quoted-string", `http.host eq 'www.example.com'`, "Use", true},
	{"strict-wildcard-spacing", `http.request.uri.path strict  wildcard "/Admin/*"`, "strict", true},
	{"uppercase-keyword", `http.host eq "example.com" AND NOT ssl`, "Write", true},
	{"single-equals", `http.host = "example.com"`, "==", true},
	{"negated-operator", `ip.src not in $office_ips`, "Move", true},
	{"infix-function", `http.request.uri.path starts_with "/api/"`, "Call", true},
	{"set-needs-in", `http.host eq {"example.com" "example.org"}`, "in", true},
	{"list-needs-in", `ip.src eq $cf.open_proxies`, "in", true},
	{"boolean-literal", `cf.bot_management.verified_bot eq false`, "not", true},
	{"in-needs-braces", `ip.src in 203.0.113.0/24`, "braces", true},
	{"comma-in-set", `tcp.dstport in {80, 443, 8080}`, "commas", true},
	{"unquoted-string", `http.request.method in {GET POST}`, "Quote", true},
	{"space-before-index", `http.request.uri.args ["id"][0] eq "1"`, "space", true},
	{"trailing-comma", `starts_with(http.request.uri.path, "/api/",)`, "comma", true},
	{"argument-needs-parens", `any(http.request.headers.names[*] contains "api" and http.request.headers.names[*] ne "x")`, "parentheses", true},
	{"invalid-map-key", `http.request.uri.args[r"id"][0] eq "1"`, "quoted", true},
	{"slash-regex", `http.request.uri.path matches /^\/api\//`, "Use", true},
	{"invalid-escape", `http.user_agent contains "a\tb"`, "Write", true},
	{"invalid-int", `tcp.dstport eq 080`, "80", true},
	{"range-bounds", `tcp.dstport in {8999..8000}`, "Swap", true},
	{"quoted-ip", `ip.src eq "192.0.2.1"`, "quotes", true},
	{"quoted-number", `cf.bot_management.score lt "30"`, "quotes", true},
	// Where the text ends, or what was meant, is a guess.
	{"missing-quote", `http.host eq "example.com and ssl`, "quote", false},
	{"unbalanced", `not (http.host eq "example.com" and ssl`, "Add", false},
	{"slash-regex", `http.request.uri.path eq /admin/`, "Use", false},
	{"cidr-host-bits", `ip.src in {192.168.1.10/24}`, "Use", false},
	{"unknown-field", `http.hots eq "example.com"`, "http.host", false},
	{"unknown-function", `startswith(http.request.uri.path, "/api/")`, "starts_with", false},
	{"unknown-managed-list", `not ip.src in $cf.open_proxy`, "Use", false},
	{"type-mismatch", `http.request.headers.names[*] eq "x-debug"`, "any", false},
	{"bool-compared", `cf.bot_management.verified_bot eq 1`, "Remove", false},
	{"argument-field", `remove_query_args(http.request.uri, "utm_source") eq ""`, "Use", false},
	// Style: the same matches, written more plainly.
	{"negated-comparison", `not http.request.method eq "GET"`, "ne", true},
	{"double-negation", `not not cf.client.bot`, "Remove", true},
	{"or-to-in", `http.host eq "a.example.com" or http.host eq "b.example.com" or http.host eq "c.example.com"`, "in", true},
	{"redundant-parens", `((http.host eq "example.com"))`, "parentheses", true},
	{"redundant-parens", `ssl and (http.host eq "a" and ip.src eq 1.2.3.4)`, "parentheses", true},
	{"mixed-and-or", `http.host eq "a" or http.host eq "b" and ssl`, "parentheses", true},
	{"mixed-notation", `http.host eq "example.com" && http.request.method eq "POST" and ssl`, "notation", true},
	{"mixed-notation", `http.host eq "example.com" && ssl`, "notation", true},
	{"single-element-range", `tcp.dstport in {22 8080..8080}`, "8080", true},
	{"regex-not-raw", `http.request.uri.path matches "^/api/v\\d+/"`, "raw", true},
	{"hex-bytes-literal", `http.user_agent contains 62:6f:74`, "the same bytes", true},
	{"hex-bytes-literal", `http.user_agent contains 62:6f:74`, "the text", false},
	{"keyword-glued", `notssl and http.host eq "example.com"`, "space", true},
	{"octal-literal", `tcp.dstport in {0443}`, "keep the current value", true},
	{"octal-literal", `tcp.dstport in {0443}`, "443", false},
	{"duplicate-set-item", `http.host in {"example.com" "www.example.com" "example.com"}`, "Remove", true},
	{"overlapping-set-item", `ip.src in {10.0.0.0/8 10.1.0.0/16}`, "Remove", true},
	{"ip-ordering", `ip.src ge 192.0.2.0`, "in", true},
	{"deprecated-field", `ip.geoip.country eq "GB"`, "ip.src.country", true},
	{"wildcard-without-star", `http.request.uri.path strict wildcard "/API/v1"`, "eq", true},
	{"wildcard-without-star", `http.request.uri.path wildcard "/1/2"`, "eq", true},
	// Correctness: the fix changes what the rule matches, as the finding
	// asks, and a person should see it first.
	{"regex-could-be-eq", `http.request.uri.path matches "^/login$"`, "eq", false},
	{"regex-could-be-eq", `http.request.uri.path matches "^(/a|/b)$"`, "in", false},
	{"case-never-matches", `http.request.method eq "delete"`, "DELETE", false},
	{"invalid-country-code", `ip.src.country eq "uk"`, "GB", false},
	{"pattern-in-equality", `http.host eq "*.example.com"`, "wildcard", false},
	{"pattern-in-equality", `http.request.uri.path eq "/test$"`, "matches", false},
	{"path-without-slash", `http.request.uri.path eq "api/login"`, "/", false},
	{"path-without-slash", `http.request.uri.path eq "https://example.com/a"`, "path", false},
	{"host-with-scheme-or-port", `http.host eq "https://www.example.com/"`, "Write", false},
	{"regex-unescaped-metachar", `http.host matches "api.example.com"`, "Escape", false},
	{"regex-in-wildcard", `http.request.uri.path wildcard "^/api/.*$"`, "matches", false},
	{"regex-in-wildcard", `http.request.uri.path wildcard "^/api/.*$"`, "wildcard", false},
	{"glob-in-matches", `http.request.uri.path matches "/api/*"`, "wildcard", false},
	{"surrounding-space", `http.host eq "example.com "`, "whitespace", false},
	{"ja3-format", `cf.bot_management.ja3_hash eq "3FED133DE60C35724739B913924B6C24"`, "lower case", false},
	{"value-domain", `http.request.version eq "HTTP/2.0"`, "HTTP/2", false},
	{"percent-encoded-literal", `http.request.uri.path eq "/%61dmin"`, "/admin", false},
	{"raw-field", `raw.http.request.uri.path eq "/admin"`, "Compare", false},
	{"timestamp-bounds", `http.request.timestamp.sec gt 1735689600000`, "Write", false},
	{"json-key-path", `lookup_json_string(http.request.body.raw, "user.name") eq "admin"`, "step", false},
	{"ne-missing-value", `http.request.headers["x-api-key"][0] ne "secret"`, "missing", false},
	{"query-question-mark", `http.request.uri.query eq "?page=2"`, "?", false},
	{"path-with-query", `http.request.uri.path eq "/wp-login.php?action=register"`, "http.request.uri", false},
	{"uri-with-scheme", `http.request.uri eq "https://www.example.com/login?next=/admin"`, "full_uri", false},
	{"uri-with-scheme", `http.request.uri eq "https://www.example.com/login?next=/admin"`, "path and query", false},
	{"host-suffix-without-dot", `ends_with(http.host, "acme.io")`, "subdomains", false},
}

func TestFixSafety(t *testing.T) {
	for _, tt := range fixSafety {
		t.Run(tt.rule+" "+tt.title, func(t *testing.T) {
			res := analyzer.Analyze(tt.src, analyzer.Options{Schema: schema.Rules(), Enabled: map[string]bool{tt.rule: true}})
			found := false
			for _, d := range res.Diagnostics {
				if d.Rule != tt.rule {
					continue
				}
				for _, f := range d.Fixes {
					if strings.Contains(f.Title, tt.title) {
						found = true
						assert.Equal(t, tt.safe, f.Safe, "%s: %q (%s)", tt.rule, f.Title, d.Message)
					}
				}
			}
			require.True(t, found, "no %s fix titled …%s… on %s: %v", tt.rule, tt.title, tt.src, res.Diagnostics)
		})
	}
}

// TestSafeFixesKeepMatches evaluates each safe fix of an expression
// Cloudflare accepts, before and after, on records built from the
// literals both compare with (and their neighbours, another IP family):
// the two must match the same records. A field without an index is always
// present, as the rules assume (missing values come from absent keys and
// elements). The unsafe fixes of the table fail this test: it tells them
// apart.
func TestSafeFixesKeepMatches(t *testing.T) {
	n := 0
	for _, tt := range fixSafety {
		if !tt.safe {
			continue
		}
		res := analyzer.Analyze(tt.src, analyzer.Options{Schema: schema.Rules(), Enabled: map[string]bool{tt.rule: true}})
		if _, errs := grammar.Parse(tt.src); len(errs) > 0 || !res.Info.Valid() {
			continue // a rejected expression matches nothing to keep
		}
		for _, d := range res.Diagnostics {
			if d.Rule != tt.rule {
				continue
			}
			for _, f := range d.Fixes {
				if !f.Safe {
					continue
				}
				n++
				fixed := f.Apply(tt.src)
				before, after := compileRecords(t, tt.src), compileRecords(t, fixed)
				for _, rec := range recordsFor(t, tt.src, fixed) {
					require.Equal(t, before.Match(rec), after.Match(rec), "%s: %q turns\n%s\ninto\n%s\nwhich differ on %v", tt.rule, f.Title, tt.src, fixed, rec)
				}
			}
		}
	}
	assert.GreaterOrEqual(t, n, 15, "safe fixes of valid expressions checked")
}

// record is a request as the evaluation test builds it: field values by
// name; an absent name is a missing field.
type record map[string]any

// sameField maps a deprecated field to the one it was renamed to: they
// hold the same value.
var sameField = map[string]string{"ip.geoip.country": "ip.src.country"}

type recordBinding struct{}

func (recordBinding) Accessor(field string, typ schema.Type) (any, bool) {
	if f, ok := sameField[field]; ok {
		field = f
	}
	switch typ {
	case schema.TypeBytes:
		return func(r record) (string, bool) { v, ok := r[field].(string); return v, ok }, true
	case schema.TypeInt:
		return func(r record) (int64, bool) { v, ok := r[field].(int64); return v, ok }, true
	case schema.TypeBool:
		return func(r record) (bool, bool) { v, ok := r[field].(bool); return v, ok }, true
	case schema.TypeIP:
		return func(r record) (netip.Addr, bool) { v, ok := r[field].(netip.Addr); return v, ok }, true
	case schema.ArrayOf(schema.TypeBytes):
		return func(r record) ([]string, bool) { v, ok := r[field].([]string); return v, ok }, true
	}
	return nil, false
}

func compileRecords(t *testing.T, src string) *eval.Program[record] {
	x, errs := grammar.Parse(src)
	require.Empty(t, errs, src)
	c, cerrs := check.Check(x, schema.Rules(), check.Options{})
	require.False(t, cerrs.HasErrors(), "%s: %v", src, cerrs)
	p, err := eval.Compile[record](c, recordBinding{})
	require.NoError(t, err, src)
	return p
}

// recordsFor builds records over the fields the expressions read, each
// field set to one of the values the expressions compare with
// (and their neighbours); with many fields it samples the combinations.
func recordsFor(t *testing.T, srcs ...string) []record {
	types := map[string]schema.Type{}
	values := map[schema.Kind][]any{
		schema.KindBytes: {"", "x"},
		schema.KindInt:   {int64(0), int64(-1)},
		schema.KindBool:  {true, false},
		schema.KindIP:    {netip.MustParseAddr("::1"), netip.MustParseAddr("198.51.100.7")},
	}
	for _, src := range srcs {
		x, _ := grammar.Parse(src)
		c, _ := check.Check(x, schema.Rules(), check.Options{})
		grammar.Inspect(x.Root, func(n grammar.Node) bool {
			switch n := n.(type) {
			case *grammar.Value:
				if f := c.FieldOf(n); f != nil {
					name := f.Name
					if s, ok := sameField[name]; ok {
						name = s
					}
					types[name] = f.Type
				}
			case *grammar.Literal:
				addLiteral(values, n)
			}
			return true
		})
	}
	names := make([]string, 0, len(types))
	for name := range types {
		names = append(names, name)
	}
	slices.Sort(names)
	rng := rand.New(rand.NewPCG(1, uint64(len(srcs[0]))))
	var out []record
	for range 400 {
		rec := record{}
		for _, name := range names {
			typ := types[name]
			kind := typ.Kind()
			if typ.IsContainer() {
				kind = schema.KindBytes
			}
			vs := values[kind]
			k := rng.IntN(len(vs))
			if typ.IsContainer() {
				rec[name] = []string{vs[k].(string), vs[rng.IntN(len(vs))].(string)}
				continue
			}
			rec[name] = vs[k]
		}
		out = append(out, rec)
	}
	return out
}

// addLiteral adds the values a literal stands for, and their neighbours,
// to the candidates of its kind.
func addLiteral(values map[schema.Kind][]any, l *grammar.Literal) {
	if l.IsString() || l.Kind == grammar.LitRegex {
		values[schema.KindBytes] = append(values[schema.KindBytes], l.Value, strings.ToUpper(l.Value), l.Value+"x")
		if l.Kind == grammar.LitRegex || l.Kind == grammar.LitRaw {
			values[schema.KindBytes] = append(values[schema.KindBytes], strings.ReplaceAll(strings.Trim(l.Value, "^$"), `\d+`, "12"))
		}
		return
	}
	if b, err := l.Bytes(); err == nil {
		values[schema.KindBytes] = append(values[schema.KindBytes], string(b), "x"+string(b))
	}
	if lo, hi, _, err := l.IntRange(); err == nil {
		values[schema.KindInt] = append(values[schema.KindInt], lo-1, lo, hi, hi+1)
	}
	if it, err := l.IPSetItem(); err == nil {
		values[schema.KindIP] = append(values[schema.KindIP], it.From, it.To, it.From.Prev(), it.To.Next())
	}
}
