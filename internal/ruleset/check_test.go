package ruleset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// ruleset writes a ruleset of the phase holding the rules, one rule per
// line from line 2, so that a test's want names a rule by its line.
func ruleset(phase string, rules ...string) string {
	return fmt.Sprintf("{\"kind\": \"zone\", \"phase\": %q, \"rules\": [\n%s\n]}", phase, strings.Join(rules, ",\n"))
}

func findings(src string, l diag.List) []string {
	out := []string{}
	for _, d := range l {
		out = append(out, finding(src, d))
	}
	return out
}

// TestValidRulesets are ordinary rules of every phase and action wflint
// knows: none may give a finding.
func TestValidRulesets(t *testing.T) {
	cases := map[string]string{
		"single redirect": ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "http.host eq \"acme.io\"", "action_parameters": {"from_value": {"status_code": 301, "preserve_query_string": true, "target_url": {"expression": "concat(\"https://m.acme.io\", http.request.uri.path)"}}}}`,
			`{"action": "redirect", "expression": "http.host eq \"old.acme.io\"", "action_parameters": {"from_value": {"target_url": {"value": "https://acme.io/"}}}}`),
		"bulk redirect": ruleset("http_request_redirect",
			`{"action": "redirect", "expression": "http.request.full_uri in $redirect_list", "action_parameters": {"from_list": {"name": "redirect_list", "key": "http.request.full_uri"}}}`),
		"url rewrite": ruleset("http_request_transform",
			`{"action": "rewrite", "expression": "starts_with(http.request.uri.path, \"/old/\")", "action_parameters": {"uri": {"path": {"expression": "regex_replace(http.request.uri.path, \"^/old/\", \"/new/\")"}, "query": {"value": ""}}}}`),
		"request headers": ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-Bot-Score": {"operation": "set", "expression": "to_string(cf.bot_management.score)"}, "X-Debug": {"operation": "remove"}, "X-Env": {"operation": "add", "value": "prod"}}}}`),
		"response headers": ruleset("http_response_headers_transform",
			`{"action": "rewrite", "expression": "http.response.code eq 404", "action_parameters": {"headers": {"Cache-Control": {"operation": "set", "value": "no-store"}}}}`),
		"rate limit": ruleset("http_ratelimit",
			`{"action": "block", "expression": "http.request.uri.path eq \"/login\"", "action_parameters": {"response": {"status_code": 429, "content_type": "application/json", "content": "{}"}}, "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": 100, "mitigation_timeout": 600, "counting_expression": "http.response.code eq 401", "requests_to_origin": false}}`,
			`{"action": "managed_challenge", "expression": "http.request.uri.path eq \"/api\"", "ratelimit": {"characteristics": ["cf.colo.id", "cf.unique_visitor_id"], "period": 10, "requests_per_period": 5, "mitigation_timeout": 0}}`,
			`{"action": "log", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "http.request.headers[\"x-api-key\"]"], "period": 3600, "score_per_period": 400, "score_response_header_name": "x-score"}}`),
		"custom rules": ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "ip.src in $office", "action_parameters": {"ruleset": "current"}, "logging": {"enabled": true}}`,
			`{"action": "skip", "expression": "cf.client.bot", "action_parameters": {"phases": ["http_ratelimit", "http_request_firewall_managed"], "products": ["zoneLockdown", "uaBlock"]}}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "description": "Tor"}`,
			`{"action": "managed_challenge", "expression": "cf.bot_management.score lt 30"}`,
			`{"action": "log", "expression": "http.request.uri.path contains \"/wp-\"", "enabled": false}`,
			`{"action": "rewrite", "expression": "http.request.uri.path eq \"/login\"", "action_parameters": {"headers": {"Exposed-Credential-Check": {"operation": "set", "value": "1"}}}, "exposed_credential_check": {"username_expression": "url_decode(http.request.body.form[\"user\"][0])", "password_expression": "url_decode(http.request.body.form[\"pass\"][0])"}}`),
		"managed rules": ruleset("http_request_firewall_managed",
			`{"action": "execute", "expression": "true", "action_parameters": {"id": "efb7b8c949ac4650a09736fc376e9aee", "overrides": {"sensitivity_level": "low", "rules": [{"id": "5de7edfa648c4d6891dc3e7f84534ffa", "action": "log", "enabled": true}], "categories": [{"category": "wordpress", "enabled": false}]}}}`,
			`{"action": "skip", "expression": "http.request.uri.path eq \"/upload\"", "action_parameters": {"rules": {"efb7b8c949ac4650a09736fc376e9aee": ["5de7edfa648c4d6891dc3e7f84534ffa"]}}}`),
		"cache rules": ruleset("http_request_cache_settings",
			`{"action": "set_cache_settings", "expression": "http.request.uri.path.extension in {\"js\" \"css\"}", "action_parameters": {"cache": true, "edge_ttl": {"mode": "override_origin", "default": 86400, "status_code_ttl": [{"status_code": 404, "value": 60}, {"status_code_range": {"from": 500, "to": 599}, "value": 0}]}, "browser_ttl": {"mode": "respect_origin"}, "cache_key": {"ignore_query_strings_order": true, "custom_key": {"query_string": {"exclude": {"all": true}}}}, "read_timeout": 900, "serve_stale": {"disable_stale_while_updating": true}}}`),
		"cache response rules": ruleset("http_response_cache_settings",
			`{"action": "set_cache_tags", "expression": "http.request.uri.path matches \"^/api/\"", "action_parameters": {"operation": "add", "expression": "split(http.response.headers[\"cache-tag-ext\"][0], \",\", 1)"}}`,
			`{"action": "set_cache_control", "expression": "true", "action_parameters": {"max_age": {"operation": "set", "value": 3600, "cloudflare_only": true}, "private": {"operation": "remove"}}}`,
			`{"action": "set_cache_settings", "expression": "true", "action_parameters": {"strip_set_cookie": true, "strip_etags": true}}`),
		"config rules": ruleset("http_config_settings",
			`{"action": "set_config", "expression": "http.request.uri.path starts_with \"/admin\"", "action_parameters": {"ssl": "strict", "security_level": "high", "polish": "lossless", "rocket_loader": false, "disable_zaraz": true, "autominify": {"html": true}}}`),
		"origin rules": ruleset("http_request_origin",
			`{"action": "route", "expression": "http.host eq \"api.acme.io\"", "action_parameters": {"host_header": "backend.acme.io", "origin": {"host": "backend.acme.io", "port": 8443}, "sni": {"value": "backend.acme.io"}}}`),
		"compression": ruleset("http_response_compression",
			`{"action": "compress_response", "expression": "true", "action_parameters": {"algorithms": [{"name": "zstd"}, {"name": "brotli"}, {"name": "auto"}]}}`),
		"custom errors": ruleset("http_custom_errors",
			`{"action": "serve_error", "expression": "http.response.code eq 500", "action_parameters": {"content": "<h1>Oops</h1>", "content_type": "text/html", "status_code": 500}}`,
			`{"action": "serve_error", "expression": "http.response.code eq 503", "action_parameters": {"asset_name": "maintenance"}}`),
		"log custom fields": ruleset("http_log_custom_fields",
			`{"action": "log_custom_field", "expression": "true", "action_parameters": {"request_fields": [{"name": "x-request-id"}], "cookie_fields": [{"name": "session"}], "response_fields": [{"name": "server", "preserve_duplicates": true}]}}`),
		"ddos override": ruleset("ddos_l7",
			`{"action": "execute", "expression": "true", "action_parameters": {"id": "4d21379b4f9f4bb088e0729962c8b3cf", "overrides": {"sensitivity_level": "medium"}}}`),
		"terraform strings": ruleset("http_request_dynamic_redirect",
			// Terraform converts "301" and "true": v5 configurations may
			// quote numbers.
			`{"action": "redirect", "expression": "true", "enabled": "true", "action_parameters": {"from_value": {"status_code": "301", "target_url": {"value": "https://acme.io"}}}}`),
		"unknown values": ruleset("http_request_dynamic_redirect",
			`{"action": "${var.action}", "expression": "${var.expr}", "action_parameters": {"from_value": {"status_code": "${var.code}", "target_url": "${local.target}"}}}`,
			`{"action": "${var.action}", "expression": "${var.expr}", "action_parameters": {"from_value": {"status_code": "${var.code}", "target_url": "${local.target}"}}}`),
		"nulls": ruleset("http_request_dynamic_redirect",
			// Terraform writes unset optional attributes as null.
			`{"action": "redirect", "expression": "true", "description": null, "action_parameters": {"from_list": null, "from_value": {"status_code": null, "preserve_query_string": null, "target_url": {"value": "https://acme.io", "expression": null}}}, "ratelimit": null}`),
		"provider v4 log fields": ruleset("http_log_custom_fields",
			`{"action": "log_custom_field", "expression": "true", "action_parameters": {"request_fields": ["x-request-id"], "cookie_fields": ["session"]}}`),
		"execute in the rate limit phase": ruleset("http_ratelimit",
			`{"action": "execute", "expression": "true", "action_parameters": {"id": "4d21379b4f9f4bb088e0729962c8b3cf"}}`),
		"managed ruleset": strings.Replace(ruleset("http_request_firewall_managed",
			`{"action": "log", "expression": "true", "score_threshold": 40, "action_parameters": {"anything": 1}}`,
			`{"action": "block", "expression": "http.request.uri.path contains \"/wp-login\""}`), `"zone"`, `"managed"`, 1),
		"no phase": `{"rules": [{"action": "block", "expression": "true"}, {"action": "redirect", "expression": "false", "action_parameters": {"from_value": {"target_url": {"value": "https://acme.io"}}}}]}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got := Check(fromJSON(t, src), Options{})
			assert.Empty(t, got, "%v", got)
		})
	}
}

// TestFindings: each case's mistakes are found on the right line, and
// nothing else.
func TestFindings(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"redirect status 200", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 200, "target_url": {"value": "https://acme.io"}}}}`),
			[]string{"parameter-value@2"}},
		{"redirect status not a number", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": "permanent", "target_url": {"value": "https://acme.io"}}}}`),
			[]string{"parameter-value@2"}},
		{"redirect status not an integer", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 301.5, "target_url": {"value": "https://acme.io"}}}}`),
			[]string{"parameter-value@2"}},
		{"redirect target value and expression", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"target_url": {"value": "https://acme.io", "expression": "concat(\"https://acme.io\", http.request.uri.path)"}}}}`),
			[]string{"conflicting-parameters@2"}},
		{"redirect target empty", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"target_url": {}}}}`),
			[]string{"missing-parameter@2"}},
		{"redirect without target_url", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 302}}}`),
			[]string{"missing-parameter@2"}},
		{"redirect target null", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"target_url": null}}}`),
			[]string{"missing-parameter@2"}},
		{"redirect without parameters", ruleset("http_request_dynamic_redirect",
			`{"action": "redirect", "expression": "true"}`),
			[]string{"missing-parameter@2"}},
		{"redirect from list and value", ruleset("http_request_redirect",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_list": {"name": "l", "key": "http.request.full_uri"}, "from_value": {"target_url": {"value": "https://acme.io"}}}}`),
			[]string{"conflicting-parameters@2"}},
		{"redirect in custom rules", ruleset("http_request_firewall_custom",
			`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"target_url": {"value": "https://acme.io"}}}}`),
			[]string{"action-not-in-phase@2"}},
		{"block in a transform phase", ruleset("http_request_transform",
			`{"action": "block", "expression": "true"}`),
			[]string{"action-not-in-phase@2"}},
		{"rewrite in redirects", ruleset("http_request_dynamic_redirect",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"uri": {"path": {"value": "/"}}}}`),
			[]string{"action-not-in-phase@2"}},
		{"allow", ruleset("http_request_firewall_custom",
			`{"action": "allow", "expression": "ip.src eq 192.0.2.1"}`),
			[]string{"legacy-action@2"}},
		{"unknown action", ruleset("http_request_firewall_custom",
			`{"action": "teleport", "expression": "true", "action_parameters": {"to": "mars"}}`),
			[]string{"unknown-action@2"}},
		{"no action", ruleset("http_request_firewall_custom",
			`{"expression": "true"}`),
			[]string{"missing-parameter@2"}},
		{"action not a string", ruleset("http_request_firewall_custom",
			`{"action": 1, "expression": "true"}`),
			[]string{"parameter-value@2"}},
		{"unknown phase", "{\"phase\": \"http_request_future_phase\",\n\"rules\": [{\"action\": \"snippet\", \"expression\": \"true\"}]}",
			[]string{"unknown-phase@1", "unknown-action@2"}},
		{"header value and expression", ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "set", "value": "1", "expression": "ip.src"}}}}`),
			[]string{"conflicting-parameters@2"}},
		{"header without value", ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "set"}}}}`),
			[]string{"missing-parameter@2"}},
		{"header without operation", ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"value": "1"}}}}`),
			[]string{"missing-parameter@2"}},
		{"header operation", ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "append", "value": "1"}}}}`),
			[]string{"parameter-value@2"}},
		{"removed header with a value", ruleset("http_response_headers_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "remove", "value": "1"}}}}`),
			[]string{"misplaced-parameter@2"}},
		{"uri without path or query", ruleset("http_request_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"uri": {}}}`),
			[]string{"missing-parameter@2"}},
		{"uri path value and expression", ruleset("http_request_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"uri": {"path": {"value": "/a", "expression": "http.request.uri.path"}}}}`),
			[]string{"conflicting-parameters@2"}},
		{"rewrite without parameters", ruleset("http_request_transform",
			`{"action": "rewrite", "expression": "true"}`),
			[]string{"missing-parameter@2"}},
		{"uri in a header phase", ruleset("http_request_late_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"uri": {"path": {"value": "/"}}}}`),
			[]string{"misplaced-parameter@2"}},
		{"headers in the url rewrite phase", ruleset("http_request_transform",
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "set", "value": "1"}}}}`),
			[]string{"misplaced-parameter@2"}},
		{"execute without id", ruleset("http_request_firewall_managed",
			`{"action": "execute", "expression": "true"}`,
			`{"action": "execute", "expression": "true", "action_parameters": {"overrides": {"enabled": true}}}`),
			[]string{"missing-parameter@2", "missing-parameter@3"}},
		{"rate limit period and timeout", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 30, "requests_per_period": 10, "mitigation_timeout": 45}}`),
			[]string{"parameter-value@2", "parameter-value@2"}},
		{"rate limit without cf.colo.id", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["ip.src"], "period": 60, "requests_per_period": 10}}`),
			[]string{"ratelimit-characteristics@2"}},
		{"rate limit ip and nat", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src", "cf.unique_visitor_id"], "period": 60, "requests_per_period": 10}}`),
			[]string{"ratelimit-characteristics@2"}},
		{"rate limit without period or rate", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id"]}}`),
			[]string{"missing-parameter@2", "missing-parameter@2"}},
		{"rate limit zero requests", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id"], "period": 10, "requests_per_period": 0}}`),
			[]string{"parameter-value@2"}},
		{"rate limiting rule without ratelimit", ruleset("http_ratelimit",
			`{"action": "block", "expression": "true"}`),
			[]string{"missing-parameter@2"}},
		{"ratelimit in custom rules", ruleset("http_request_firewall_custom",
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id"], "period": 60, "requests_per_period": 10}}`),
			[]string{"misplaced-parameter@2"}},
		{"block response status", ruleset("http_request_firewall_custom",
			`{"action": "block", "expression": "true", "action_parameters": {"response": {"status_code": 503, "content_type": "text/plain", "content": "no"}}}`),
			[]string{"parameter-value@2"}},
		{"block response incomplete", ruleset("http_request_firewall_custom",
			`{"action": "block", "expression": "true", "action_parameters": {"response": {"status_code": 403}}}`),
			[]string{"missing-parameter@2", "missing-parameter@2"}},
		{"response on a log rule", ruleset("http_request_firewall_custom",
			`{"action": "log", "expression": "true", "action_parameters": {"response": {"status_code": 403, "content_type": "text/plain", "content": "no"}}}`),
			[]string{"misplaced-parameter@2"}},
		{"unknown parameter", ruleset("http_request_firewall_custom",
			`{"action": "block", "expression": "true", "action_parameters": {"teapot": true}, "priority": 3}`),
			[]string{"unknown-parameter@2", "unknown-parameter@2"}},
		{"skip ruleset and rulesets", ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "true", "action_parameters": {"ruleset": "current", "rulesets": ["efb7b8c949ac4650a09736fc376e9aee"]}}`),
			[]string{"conflicting-parameters@2"}},
		{"skip product", ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "true", "action_parameters": {"products": ["waf", "ratelimit"]}}`),
			[]string{"parameter-value@2"}},
		{"skip unknown phase", ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "true", "action_parameters": {"phases": ["http_request_firewall_managed", "http_request_bots"]}}`),
			[]string{"unknown-phase@2"}},
		{"skip ruleset other", ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "true", "action_parameters": {"ruleset": "all"}}`),
			[]string{"parameter-value@2"}},
		{"config values", ruleset("http_config_settings",
			`{"action": "set_config", "expression": "true", "action_parameters": {"polish": "max", "disable_apps": false, "ssl": "strict"}}`),
			[]string{"parameter-value@2", "parameter-value@2"}},
		{"config type", ruleset("http_config_settings",
			`{"action": "set_config", "expression": "true", "action_parameters": {"rocket_loader": "yes", "autominify": true}}`),
			[]string{"parameter-value@2", "parameter-value@2"}},
		{"route port", ruleset("http_request_origin",
			`{"action": "route", "expression": "true", "action_parameters": {"origin": {"port": 70000}}}`),
			[]string{"parameter-value@2"}},
		{"route nothing", ruleset("http_request_origin",
			`{"action": "route", "expression": "true", "action_parameters": {}}`),
			[]string{"missing-parameter@2"}},
		{"cache modes", ruleset("http_request_cache_settings",
			`{"action": "set_cache_settings", "expression": "true", "action_parameters": {"edge_ttl": {"mode": "forever"}, "browser_ttl": {"default": 60}, "read_timeout": 10}}`),
			[]string{"parameter-value@2", "missing-parameter@2", "parameter-value@2"}},
		{"cache query include and exclude", ruleset("http_request_cache_settings",
			`{"action": "set_cache_settings", "expression": "true", "action_parameters": {"cache_key": {"custom_key": {"query_string": {"include": {"all": true}, "exclude": {"list": ["a"]}}}}}}`),
			[]string{"conflicting-parameters@2"}},
		{"cache tags values and expression", ruleset("http_response_cache_settings",
			`{"action": "set_cache_tags", "expression": "true", "action_parameters": {"operation": "set", "values": ["a"], "expression": "http.request.uri.path"}}`),
			[]string{"conflicting-parameters@2"}},
		{"cache control operation", ruleset("http_response_cache_settings",
			`{"action": "set_cache_control", "expression": "true", "action_parameters": {"max_age": {"value": 60}, "public": {"operation": "add"}}}`),
			[]string{"missing-parameter@2", "parameter-value@2"}},
		{"cache tags in request cache phase", ruleset("http_request_cache_settings",
			`{"action": "set_cache_tags", "expression": "true", "action_parameters": {"operation": "set", "values": ["a"]}}`),
			[]string{"action-not-in-phase@2"}},
		{"compression", ruleset("http_response_compression",
			`{"action": "compress_response", "expression": "true", "action_parameters": {"algorithms": [{"name": "lz4"}]}}`,
			`{"action": "compress_response", "expression": "true"}`),
			[]string{"parameter-value@2", "missing-parameter@3"}},
		{"serve error", ruleset("http_custom_errors",
			`{"action": "serve_error", "expression": "true", "action_parameters": {"content": "x", "asset_name": "y", "status_code": 200, "content_type": "text/css"}}`,
			`{"action": "serve_error", "expression": "true", "action_parameters": {"status_code": 500}}`),
			// The second rule also never runs: the first serves an error
			// for every request.
			[]string{"conflicting-parameters@2", "parameter-value@2", "parameter-value@2", "shadowed-rule@3", "missing-parameter@3"}},
		{"log custom field name", ruleset("http_log_custom_fields",
			`{"action": "log_custom_field", "expression": "true", "action_parameters": {"request_fields": [{"field": "x"}]}}`),
			[]string{"missing-parameter@2", "unknown-parameter@2"}},
		{"exposed credential check", ruleset("http_request_firewall_custom",
			`{"action": "block", "expression": "true", "exposed_credential_check": {"username_expression": "http.request.body.form[\"u\"][0]"}}`),
			[]string{"missing-parameter@2"}},
		{"score", ruleset("http_request_firewall_custom",
			`{"action": "score", "expression": "true", "action_parameters": {}}`),
			[]string{"missing-parameter@2"}},
		{"logging without enabled", ruleset("http_request_firewall_custom",
			`{"action": "skip", "expression": "true", "action_parameters": {"ruleset": "current"}, "logging": {}}`),
			[]string{"missing-parameter@2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(fromJSON(t, tc.src), Options{})
			assert.Equal(t, tc.want, findings(tc.src, got), "%v", got)
			for _, d := range got {
				assert.NotEmpty(t, d.Where, d.String())
				assert.NotEmpty(t, d.Message, d.String())
				assert.True(t, d.Span.Start <= d.Span.End && int(d.Span.End) <= len(tc.src), d.String())
			}
		})
	}
}

// TestFindingDetails checks spans, Where, messages, severities and
// related information of typical findings.
func TestFindingDetails(t *testing.T) {
	src := ruleset("http_request_dynamic_redirect",
		`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 200, "target_url": {"value": "https://a", "expression": "http.request.full_uri"}}}}`)
	got := Check(fromJSON(t, src), Options{})
	require.Len(t, got, 2)
	sc := got[0]
	assert.Equal(t, "parameter-value", sc.Rule)
	assert.Equal(t, "200", sc.Span.Text(src))
	assert.Equal(t, "/rules/0/action_parameters/from_value/status_code", sc.Where)
	assert.Equal(t, diag.Error, sc.Severity)
	assert.True(t, sc.Rejected)
	assert.Contains(t, sc.Message, "one of 301, 302, 303, 307 or 308")
	cf := got[1]
	assert.Equal(t, "conflicting-parameters", cf.Rule)
	assert.Equal(t, `"expression"`, cf.Span.Text(src))
	require.Len(t, cf.Related, 1)
	assert.Equal(t, `"value"`, cf.Related[0].Span.Text(src))

	// The phase of a JSON document that is the ruleset.
	src2 := "{\"phase\": \"http_request_future_phase\", \"rules\": [{\"action\": \"block\", \"expression\": \"true\"}]}"
	got2 := Check(fromJSON(t, src2), Options{})
	require.Len(t, got2, 1)
	assert.Equal(t, "/phase", got2[0].Where)
	assert.Equal(t, `"http_request_future_phase"`, got2[0].Span.Text(src2))

	// HCL-style names when the reader names rules so.
	rs := fromJSON(t, src)
	rs.Where, rs.Rules[0].Where = "cloudflare_ruleset.r", "cloudflare_ruleset.r.rules[0]"
	got = Check(rs, Options{})
	require.NotEmpty(t, got)
	assert.Equal(t, "cloudflare_ruleset.r.rules[0].action_parameters.from_value.status_code", got[0].Where)

	// The phase is related information of an action in the wrong phase.
	src = ruleset("http_request_firewall_custom", `{"action": "route", "expression": "true", "action_parameters": {"host_header": "a"}}`)
	got = Check(fromJSON(t, src), Options{})
	require.Len(t, got, 1)
	assert.Equal(t, `"route"`, got[0].Span.Text(src))
	require.Len(t, got[0].Related, 1)
	assert.Equal(t, `"http_request_firewall_custom"`, got[0].Related[0].Span.Text(src))
	assert.Contains(t, got[0].Message, "only available in http_request_origin")

	// Map keys in Where and messages.
	src = ruleset("http_request_late_transform", `{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X/A b": {"operation": "set"}}}}`)
	rs = fromJSON(t, src)
	got = Check(rs, Options{})
	require.Len(t, got, 1)
	assert.Equal(t, "/rules/0/action_parameters/headers/X~1A b", got[0].Where)
	assert.Equal(t, `"operation"`, got[0].Span.Text(src))
	rs.Rules[0].Where = "r.rules[0]"
	assert.Equal(t, `r.rules[0].action_parameters.headers["X/A b"]`, Check(rs, Options{})[0].Where)

	// A missing member of absent parameters is reported at the action.
	src = ruleset("http_request_firewall_managed", `{"action": "execute", "expression": "true"}`)
	got = Check(fromJSON(t, src), Options{})
	require.Len(t, got, 1)
	assert.Equal(t, `"execute"`, got[0].Span.Text(src))
	assert.Equal(t, "an execute rule requires `action_parameters.id`", got[0].Message)
}

// TestInferred: what only wflint infers is at most a warning, says so,
// and is never a rejection, unless configuration sets the severity.
func TestInferred(t *testing.T) {
	src := ruleset("http_request_dynamic_redirect",
		`{"action": "redirect", "expression": "true"}`)
	src2 := ruleset("http_request_transform", `{"action": "block", "expression": "true"}`)
	for _, s := range []string{src, src2} {
		got := Check(fromJSON(t, s), Options{})
		require.Len(t, got, 1)
		assert.Equal(t, diag.Warning, got[0].Severity, got[0].Message)
		assert.Contains(t, got[0].Message, "wflint infers")
		assert.False(t, got[0].Rejected)
	}
	got := Check(fromJSON(t, src), Options{Severity: map[string]diag.Severity{"missing-parameter": diag.Error}})
	require.Len(t, got, 1)
	assert.Equal(t, diag.Error, got[0].Severity)
	assert.False(t, got[0].Rejected)
	// Documented: an error and a rejection.
	got = Check(fromJSON(t, ruleset("http_request_firewall_custom", `{"action": "route", "expression": "true", "action_parameters": {"sni": {"value": "a"}}}`)), Options{})
	require.Len(t, got, 1)
	assert.Equal(t, diag.Error, got[0].Severity)
	assert.True(t, got[0].Rejected)
}

func TestOptions(t *testing.T) {
	src := ruleset("http_request_dynamic_redirect",
		`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 200, "target_url": {"value": "https://a"}}}}`,
		`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 200, "target_url": {"value": "https://a"}}}}`)
	rs := fromJSON(t, src)
	assert.Equal(t, []string{"parameter-value@2", "duplicate-rule@3", "parameter-value@3"}, findings(src, Check(rs, Options{})))
	got := Check(rs, Options{Disabled: map[string]bool{"duplicate-rule": true}, Severity: map[string]diag.Severity{"parameter-value": diag.Warning}})
	require.Len(t, got, 2)
	for _, d := range got {
		assert.Equal(t, diag.Warning, d.Severity)
		assert.False(t, d.Rejected, "a finding downgraded below error is no rejection")
	}
	assert.Nil(t, Check(nil, Options{}))
}

// TestLegacy: Firewall Rules have their own actions and no phase.
func TestLegacy(t *testing.T) {
	src := "{\"rules\": [\n" +
		`{"action": "allow", "filter": {"expression": "ip.src eq 192.0.2.1", "paused": false}, "priority": 1},` + "\n" +
		`{"action": "bypass", "products": ["waf"], "filter": {"expression": "(ip.src eq 192.0.2.1)", "id": "b"}, "priority": 2},` + "\n" +
		`{"action": "allow", "filter": {"expression": "(ip.src eq 192.0.2.1)", "id": "c"}, "priority": 3},` + "\n" +
		`{"action": "redirect", "filter": {"expression": "true"}, "paused": true}` + "\n]}"
	rs := fromJSON(t, src)
	rs.Legacy = true
	got := Check(rs, Options{})
	assert.Equal(t, []string{"duplicate-rule@4", "unknown-action@5"}, findings(src, got))
	assert.Equal(t, "/rules/2/filter/expression", got[0].Where)
}
