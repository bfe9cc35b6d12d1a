package ruleset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shadowFindings runs Check and keeps shadowed-rule's findings.
func shadowFindings(t *testing.T, src string) []string {
	t.Helper()
	out := []string{}
	for _, d := range Check(fromJSON(t, src), Options{}) {
		if d.Rule == "shadowed-rule" {
			out = append(out, finding(src, d))
		}
	}
	return out
}

func TestShadowed(t *testing.T) {
	const custom = "http_request_firewall_custom"
	cases := []struct {
		name  string
		phase string
		rules []string
		want  []string
	}{
		// The example, and the near miss the other way round.
		{"country, then country and path", custom, []string{
			`{"action": "block", "expression": "ip.src.country eq \"KP\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\" and http.request.uri.path eq \"/login\""}`,
		}, []string{"shadowed-rule@3"}},
		{"a broader rule after a narrower one", custom, []string{
			`{"action": "block", "expression": "ip.src.country eq \"KP\" and http.request.uri.path eq \"/login\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\""}`,
		}, []string{}},
		{"prefixes", custom, []string{
			`{"action": "block", "expression": "starts_with(http.request.uri.path, \"/api/\")"}`,
			`{"action": "block", "expression": "starts_with(http.request.uri.path, \"/api/v2/\")"}`,
			`{"action": "block", "expression": "http.request.uri.path matches \"^/api/v[0-9]+/\""}`,
			`{"action": "block", "expression": "http.request.uri.path matches \"^/ap\""}`,
		}, []string{"shadowed-rule@3", "shadowed-rule@4"}},
		{"two earlier rules together", custom, []string{
			`{"action": "block", "expression": "http.request.uri.path eq \"/a\""}`,
			`{"action": "log", "expression": "http.request.uri.path eq \"/c\""}`,
			`{"action": "block", "expression": "http.request.uri.path eq \"/b\""}`,
			`{"action": "block", "expression": "http.request.uri.path in {\"/a\" \"/b\"}"}`,
			`{"action": "block", "expression": "http.request.uri.path in {\"/a\" \"/c\"}"}`,
		}, []string{"shadowed-rule@5"}},
		{"integers and addresses", custom, []string{
			`{"action": "block", "expression": "cf.bot_management.score lt 30"}`,
			`{"action": "block", "expression": "cf.bot_management.score lt 10 and ip.src in {192.0.2.0/24}"}`,
			`{"action": "block", "expression": "ip.src in {198.51.100.0/24}"}`,
			`{"action": "block", "expression": "ip.src in {198.51.100.128/25} and cf.bot_management.score lt 50"}`,
			`{"action": "block", "expression": "ip.src in {198.51.0.0/16}"}`,
		}, []string{"shadowed-rule@3", "shadowed-rule@5"}},
		{"case: wildcard folds it, strict wildcard and eq do not", custom, []string{
			`{"action": "block", "expression": "http.host wildcard \"*.example.com\""}`,
			`{"action": "block", "expression": "http.host eq \"WWW.EXAMPLE.COM\""}`,
			`{"action": "block", "expression": "http.host strict wildcard \"*.EXAMPLE.ORG\""}`,
			`{"action": "block", "expression": "http.host eq \"www.example.org\""}`,
			`{"action": "block", "expression": "lower(http.host) eq \"www.example.org\""}`,
		}, []string{"shadowed-rule@3"}},
		{"everything", custom, []string{
			`{"action": "block", "expression": "true"}`,
			`{"action": "block", "expression": "http.host eq \"a\""}`,
			`{"action": "log", "expression": "ip.src in $office"}`,
		}, []string{"shadowed-rule@3", "shadowed-rule@4"}},
		{"skip the rest of the ruleset", custom, []string{
			`{"action": "skip", "expression": "http.request.uri.path eq \"/health\"", "action_parameters": {"ruleset": "current"}}`,
			`{"action": "block", "expression": "http.request.uri.path eq \"/health\" and ssl"}`,
		}, []string{"shadowed-rule@3"}},
		{"skip of other products or phases", custom, []string{
			`{"action": "skip", "expression": "http.request.uri.path eq \"/health\"", "action_parameters": {"products": ["waf"]}}`,
			`{"action": "skip", "expression": "http.request.uri.path eq \"/health\"", "action_parameters": {"phases": ["http_ratelimit"]}}`,
			`{"action": "block", "expression": "http.request.uri.path eq \"/health\""}`,
		}, []string{}},
		{"challenges let a visitor who passes go on", custom, []string{
			`{"action": "managed_challenge", "expression": "ip.src.country eq \"KP\""}`,
			`{"action": "js_challenge", "expression": "ip.src.country eq \"KP\""}`,
			`{"action": "challenge", "expression": "ip.src.country eq \"KP\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\""}`,
		}, []string{}},
		{"log and execute go on", custom, []string{
			`{"action": "log", "expression": "ip.src.country eq \"KP\""}`,
			`{"action": "execute", "expression": "ip.src.country eq \"KP\"", "action_parameters": {"id": "abc"}}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\""}`,
		}, []string{}},
		{"disabled rules neither shadow nor are reported", custom, []string{
			`{"action": "block", "expression": "ip.src.country eq \"KP\"", "enabled": false}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\"", "enabled": "${var.on}"}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\" and ssl"}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\" and ssl and http.host eq \"a\"", "enabled": false}`,
		}, []string{}},
		{"a rate limit acts only past its rate", custom, []string{
			`{"action": "block", "expression": "ip.src.country eq \"KP\"", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": 10}}`,
			`{"action": "block", "expression": "ip.src.country eq \"KP\""}`,
		}, []string{}},
		{"rate limiting phase", "http_ratelimit", []string{
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": 10}}`,
			`{"action": "block", "expression": "http.host eq \"a\"", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": 100}}`,
		}, []string{}},
		{"bulk redirects redirect only what their list holds", "http_request_redirect", []string{
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_list": {"name": "l", "key": "http.request.full_uri"}}}`,
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_list": {"name": "m", "key": "http.request.full_uri"}}}`,
		}, []string{}},
		{"single redirects end the phase", "http_request_dynamic_redirect", []string{
			`{"action": "redirect", "expression": "starts_with(http.request.uri.path, \"/old/\")", "action_parameters": {"from_value": {"target_url": {"value": "https://a"}}}}`,
			`{"action": "redirect", "expression": "http.request.uri.path eq \"/old/x\"", "action_parameters": {"from_value": {"target_url": {"value": "https://b"}}}}`,
		}, []string{"shadowed-rule@3"}},
		{"missing values", custom, []string{
			`{"action": "block", "expression": "http.request.headers[\"x\"][0] ne \"a\""}`,
			`{"action": "block", "expression": "http.request.headers[\"x\"][0] eq \"b\""}`,
			`{"action": "block", "expression": "not http.request.headers[\"x\"][0] eq \"a\""}`,
		}, []string{"shadowed-rule@3"}},
		{"lists are the same list", custom, []string{
			`{"action": "block", "expression": "ip.src in $office"}`,
			`{"action": "block", "expression": "ip.src in $office and http.host eq \"a\""}`,
			`{"action": "block", "expression": "ip.src in {10.0.0.0/8}"}`,
		}, []string{"shadowed-rule@3"}},
		{"what wflint does not read is never assumed", custom, []string{
			`{"action": "block", "expression": "http.request.uri.path matches r\"\\s\""}`,
			`{"action": "block", "expression": "http.request.uri.path eq \"/a b\""}`,
			`{"action": "block", "expression": "url_decode(http.request.uri.path) eq \"/x\""}`,
			`{"action": "block", "expression": "http.request.uri.path eq \"/%78\""}`,
		}, []string{}},
		{"a filter that never matches, or does not check", custom, []string{
			`{"action": "block", "expression": "http.host eq \"a\""}`,
			`{"action": "block", "expression": "http.host eq \"a\" and http.host eq \"b\""}`,
			`{"action": "block", "expression": "http.host eq \"a\" and"}`,
			`{"action": "block", "expression": "http.host eq 'a'"}`,
		}, []string{}},
		{"a field its phase lacks has no value there", custom, []string{
			`{"action": "block", "expression": "http.response.code ne 0"}`,
			`{"action": "block", "expression": "http.host eq \"a\""}`,
			`{"action": "block", "expression": "http.host eq \"a\" and http.response.code eq 404"}`,
		}, []string{}},
		{"quantifiers written alike", custom, []string{
			`{"action": "block", "expression": "any(http.request.headers.names[*] eq \"x-debug\")"}`,
			`{"action": "block", "expression": "any(http.request.headers.names[*] eq \"x-debug\") and ssl"}`,
		}, []string{"shadowed-rule@3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := ruleset(tc.phase, tc.rules...)
			assert.Equal(t, tc.want, shadowFindings(t, src))
		})
	}
}

func TestShadowedMessage(t *testing.T) {
	src := ruleset("http_request_firewall_custom",
		`{"action": "block", "expression": "http.request.uri.path eq \"/a\""}`,
		`{"action": "block", "expression": "http.request.uri.path eq \"/b\""}`,
		`{"action": "block", "expression": "http.request.uri.path in {\"/a\" \"/b\"}"}`)
	got := Check(fromJSON(t, src), Options{})
	require.Len(t, got, 1)
	d := got[0]
	assert.Equal(t, "shadowed-rule", d.Rule)
	assert.Equal(t, "/rules/2/expression", d.Where)
	assert.Contains(t, d.Message, "this rule can never run: every request its filter matches is stopped first by the earlier rules /rules/0 and /rules/1")
	require.Len(t, d.Related, 2)
	assert.Equal(t, "/rules/0 (block) matches first", d.Related[0].Message)
	assert.Equal(t, `"http.request.uri.path eq \"/a\""`, src[d.Related[0].Span.Start:d.Related[0].Span.End])
	// Off by configuration.
	assert.Empty(t, Check(fromJSON(t, src), Options{Disabled: map[string]bool{"shadowed-rule": true}}))
}

// TestShadowedLegacyAndPartial: Firewall Rules run by priority, and a
// partial ruleset may hold rules between those written out.
func TestShadowedLegacyAndPartial(t *testing.T) {
	src := ruleset("http_request_firewall_custom",
		`{"action": "block", "expression": "true"}`,
		`{"action": "block", "expression": "http.host eq \"a\""}`)
	for _, mark := range []func(*Ruleset){
		func(rs *Ruleset) { rs.Legacy = true },
		func(rs *Ruleset) { rs.Partial = true },
		func(rs *Ruleset) { rs.Kind = "managed" },
	} {
		rs := fromJSON(t, src)
		mark(rs)
		for _, d := range Check(rs, Options{}) {
			assert.NotEqual(t, "shadowed-rule", d.Rule, d.Message)
		}
	}
}

// rulesOf writes n ordinary rules, of the kinds real rulesets hold: paths,
// hosts, countries, networks, scores, user agents; with actions that stop
// and that do not.
func rulesOf(n int) []string {
	actions := []string{"block", "managed_challenge", "log", "block", "js_challenge", "block"}
	var rules []string
	for i := 0; i < n; i++ {
		var expr string
		switch i % 7 {
		case 0:
			expr = fmt.Sprintf(`http.request.uri.path eq \"/p%d\"`, i)
		case 1:
			expr = fmt.Sprintf(`starts_with(http.request.uri.path, \"/api/v%d/\") and http.request.method eq \"POST\"`, i)
		case 2:
			expr = fmt.Sprintf(`http.host wildcard \"*.h%d.example.com\" and not ip.src.country in {\"US\" \"CA\"}`, i)
		case 3:
			expr = fmt.Sprintf(`ip.src in {10.%d.0.0/16 192.0.2.%d}`, i%256, i%256)
		case 4:
			expr = fmt.Sprintf(`cf.bot_management.score lt %d and http.request.uri.path contains \"/x%d/\"`, 1+i%99, i)
		case 5:
			expr = fmt.Sprintf(`lower(http.user_agent) contains \"/bot%d/\" or http.user_agent eq \"\"`, i)
		default:
			expr = fmt.Sprintf(`ip.src.country eq \"C%d\" and http.request.uri.path matches \"^/adm%d/\"`, i%50, i)
		}
		rules = append(rules, fmt.Sprintf(`{"action": %q, "expression": "%s"}`, actions[i%len(actions)], expr))
	}
	return rules
}

func TestShadowed1000(t *testing.T) {
	src := ruleset("http_request_firewall_custom", rulesOf(1000)...)
	got := shadowFindings(t, src)
	// The generator writes no shadowed rule (its first version did:
	// contains "bot5" before contains "bot54", which the check found).
	assert.Empty(t, got)
}

func BenchmarkCheck1000Rules(b *testing.B) {
	src := ruleset("http_request_firewall_custom", rulesOf(1000)...)
	rs := fromJSON(b, src)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check(rs, Options{})
	}
}

// TestShadowedLong: the procedure stays bounded on a ruleset of rules
// that all read one value; past maxCandidates earlier rules, the oldest
// are no longer compared (a proof lost, never a wrong one).
func TestShadowedLong(t *testing.T) {
	for _, n := range []int{maxCandidates - 10, maxCandidates + 10} {
		var rules []string
		for i := 0; i < n; i++ {
			rules = append(rules, fmt.Sprintf(`{"action": "block", "expression": "http.request.uri.path contains \"/%d/\" and not http.request.uri.path contains \"/%d/x\""}`, i, i))
		}
		rules = append(rules, `{"action": "block", "expression": "http.request.uri.path contains \"/7/\" and http.request.uri.path contains \"/8/\" and not http.request.uri.path contains \"x\""}`)
		src := ruleset("http_request_firewall_custom", rules...)
		got := shadowFindings(t, src)
		want := []string{"shadowed-rule@" + fmt.Sprint(len(rules)+1)}
		if n > maxCandidates {
			want = []string{} // rules 7 and 8 are too far back
		}
		assert.Equal(t, want, got, strings.Join(got, " "))
	}
}
