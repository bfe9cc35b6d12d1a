package analyzer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// TestRolesAndPhases runs the expressions of the examples in their
// place in a ruleset: valid rules give nothing at warning or above, each
// mistake gives its finding with the severity it deserves (an error where
// Cloudflare's documentation says it rejects the rule, a warning where
// wflint infers it).
func TestRolesAndPhases(t *testing.T) {
	value := func(phase string) analyzer.Options {
		return analyzer.Options{Schema: schema.Rules(), Role: schema.RoleValue, ValueType: schema.TypeBytes, Phase: phase}
	}
	filter := func(phase string) analyzer.Options {
		return analyzer.Options{Schema: schema.Rules(), Phase: phase}
	}
	counting := analyzer.Options{Schema: schema.Rules(), Role: schema.RoleCounting, Phase: "http_ratelimit"}
	tests := []struct {
		name, src string
		opts      analyzer.Options
		rule      string // "" = nothing at warning or above
		sev       diag.Severity
		rejected  bool
	}{
		{"redirect target", `concat("https://m.acme.io", http.request.uri.path)`, value("http_request_dynamic_redirect"), "", 0, false},
		{"URL rewrite path", `regex_replace(http.request.uri.path, "^/old/(.*)$", "/new/${1}")`, value("http_request_transform"), "", 0, false},
		{"request header value", `to_string(cf.bot_management.score)`, value("http_request_late_transform"), "", 0, false},
		{"response header value", `to_string(http.response.code)`, value("http_response_headers_transform"), "", 0, false},
		{"JWT claim header", `lookup_json_string(http.request.jwt.claims["0a1b"][0], "sub")`, value("http_request_late_transform"), "", 0, false},
		{"value with no phase", `regex_replace(http.request.uri.path, "^/a", "/b")`, analyzer.Options{Schema: schema.Rules(), Role: schema.RoleValue}, "", 0, false},
		{"counting reads the response", `http.response.code eq 404 and http.request.uri.path eq "/login"`, counting, "", 0, false},
		{"response phase filter", `http.response.code eq 404`, filter("http_response_headers_transform"), "", 0, false},
		{"match all", `true`, filter("http_request_firewall_custom"), "", 0, false},
		{"match none", `false`, filter("http_request_firewall_custom"), "", 0, false},
		{"managed list", `ip.src in $cf.anonymizer`, filter("http_request_firewall_custom"), "", 0, false},

		{"response field in a custom rule", `http.response.code eq 404`, filter("http_request_firewall_custom"), "field-not-in-phase", diag.Error, true},
		{"response field in a rate limit's filter", `http.response.code eq 404`, filter("http_ratelimit"), "field-not-in-phase", diag.Warning, false},
		{"HTTP field in Magic Firewall", `http.host eq "a"`, filter("magic_transit"), "field-not-in-phase", diag.Warning, false},
		{"rewrite function in a filter", `to_string(ssl) eq "true"`, filter(""), "rewrite-only-function", diag.Error, true},
		{"rewrite function in a counting expression", `to_string(http.response.code) eq "404"`, counting, "rewrite-only-function", diag.Error, true},
		{"function outside its phases", `cidr(ip.src, 24, 64) eq 192.0.2.0`, filter("http_request_late_transform"), "function-not-in-phase", diag.Error, true},
		{"condition as a value", `http.request.uri.path eq "/a"`, value("http_request_transform"), "type-mismatch", diag.Error, true},
		{"Int header value", `cf.bot_management.score`, value("http_request_late_transform"), "type-mismatch", diag.Error, true},
		{"value as a filter", `concat("https://m.acme.io", http.request.uri.path)`, filter("http_request_dynamic_redirect"), "missing-operator", diag.Error, true},
		{"unknown managed list", `ip.src in $cf.tor`, filter(""), "unknown-managed-list", diag.Warning, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyzer.Analyze(tc.src, tc.opts)
			var serious []diag.Diagnostic
			for _, d := range res.Diagnostics {
				if d.Severity >= diag.Warning {
					serious = append(serious, d)
				}
			}
			if tc.rule == "" {
				assert.Empty(t, serious)
				return
			}
			if assert.Len(t, serious, 1, "%v", res.Diagnostics) {
				d := serious[0]
				assert.Equal(t, tc.rule, d.Rule)
				assert.Equal(t, tc.sev, d.Severity, d.Message)
				assert.Equal(t, tc.rejected, res.Rejected(), d.Message)
			}
			if tc.opts.Role == schema.RoleValue {
				assert.Zero(t, countRule(res, "missing-operator"), "a value is never a condition missing its operator")
			}
		})
	}
}

// Zero options are today's bare filter: no phase, no role.
func TestZeroOptionsAreAFilterWithoutPhase(t *testing.T) {
	res := analyzer.Analyze(`http.response.code eq 404`, analyzer.Options{Schema: schema.Rules()})
	assert.Empty(t, res.Diagnostics)
	res = analyzer.Analyze(`regex_replace(http.host, "a", "b") eq "b"`, analyzer.Options{Schema: schema.Rules()})
	assert.Equal(t, 1, countRule(res, "rewrite-only-function"))
}

// A schema of its own, without lists, still has Cloudflare's managed lists.
func TestManagedListsInASchemaOfItsOwn(t *testing.T) {
	s, err := schema.Load(strings.NewReader(`{"fields":[{"name":"ip.src","type":"Ip"}]}`))
	require.NoError(t, err)
	res := analyzer.Analyze(`ip.src in $cf.open_proxies`, analyzer.Options{Schema: s})
	assert.Zero(t, countRule(res, "unknown-managed-list"), res.Diagnostics)
	res = analyzer.Analyze(`ip.src in $cf.tor`, analyzer.Options{Schema: s})
	assert.Equal(t, 1, countRule(res, "unknown-managed-list"), res.Diagnostics)
}
