package schema

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPhaseTable(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Phases() {
		assert.False(t, seen[p.Name], "%s twice", p.Name)
		seen[p.Name] = true
		assert.True(t, phaseNameRe.MatchString(p.Name), p.Name)
		assert.NotZero(t, p.Layer, p.Name)
		assert.NotEmpty(t, p.Product, p.Name)
		assert.True(t, strings.HasPrefix(p.Source, "https://developers.cloudflare.com/"), p.Name)
		got, ok := LookupPhase(p.Name)
		require.True(t, ok)
		assert.Same(t, p, got)
		assert.True(t, p.Allows(RoleFilter), "every phase has filters: %s", p.Name)
	}
	_, ok := LookupPhase("http_request_someday")
	assert.False(t, ok, "a phase Cloudflare adds later is unknown, not an error")
	for _, name := range []string{"http_request_transform", "http_request_late_transform", "http_response_headers_transform", "http_request_dynamic_redirect"} {
		p, _ := LookupPhase(name)
		assert.True(t, p.Allows(RoleValue), name)
	}
	rl, _ := LookupPhase("http_ratelimit")
	assert.True(t, rl.Allows(RoleCounting))
	waf, _ := LookupPhase("http_request_firewall_custom")
	assert.False(t, waf.Allows(RoleCounting))
}

// Every phase a field or function names is in the table, so a misspelt
// phase cannot silently disable a check.
func TestCatalogPhasesAreKnown(t *testing.T) {
	for _, f := range Rules().Fields() {
		for _, p := range append(append([]string(nil), f.Phases...), f.NotInPhases...) {
			_, ok := LookupPhase(p)
			assert.True(t, ok, "%s names unknown phase %s", f.Name, p)
		}
	}
	for _, f := range Rules().Functions() {
		for _, p := range f.Phases {
			_, ok := LookupPhase(p)
			assert.True(t, ok, "%s names unknown phase %s", f.Name, p)
		}
	}
}

func TestFieldUnavailable(t *testing.T) {
	field := func(name string) *Field {
		f, ok := Rules().Field(name)
		require.True(t, ok, name)
		return f
	}
	tests := []struct {
		phase, field string
		role         Role
		want         string // "" = available
	}{
		{"http_request_firewall_custom", "http.response.code", RoleFilter, "runs before there is a response"},
		{"http_request_late_transform", "http.response.headers", RoleValue, "request phase"},
		{"http_ratelimit", "http.response.code", RoleFilter, "wflint infers that its filter cannot"},
		{"http_ratelimit", "http.response.code", RoleCounting, ""},
		{"http_ratelimit", "http.response.headers", RoleCounting, ""},
		{"http_response_headers_transform", "http.response.code", RoleFilter, ""},
		{"http_response_headers_transform", "http.response.code", RoleValue, ""},
		{"http_custom_errors", "cf.response.error_type", RoleFilter, ""},
		{"http_response_compression", "http.response.content_type.media_type", RoleFilter, ""},
		{"http_response_compression", "cf.response.error_type", RoleFilter, "available only in http_response_headers_transform and http_custom_errors"},
		{"http_request_firewall_custom", "cf.response.1xxx_code", RoleFilter, "available only in"},
		{"http_request_transform", "http.request.jwt.claims", RoleValue, "not available in http_request_transform"},
		{"http_request_late_transform", "http.request.jwt.claims", RoleValue, ""},
		{"http_request_firewall_custom", "http.request.jwt.claims", RoleFilter, ""},
		{"magic_transit", "http.host", RoleFilter, "wflint infers"},
		{"magic_transit", "ip.src", RoleFilter, ""},
		{"magic_transit", "tcp.dstport", RoleFilter, ""},
		{"magic_transit", "true", RoleFilter, ""},
		{"ddos_l4", "http.host", RoleFilter, ""}, // wflint does not know its scheme
		{"http_request_firewall_custom", "http.host", RoleFilter, ""},
		{"http_request_firewall_custom", "tcp.dstport", RoleFilter, ""}, // mixed-product-fields' business
	}
	for _, tc := range tests {
		p, ok := LookupPhase(tc.phase)
		require.True(t, ok, tc.phase)
		got, inferred := p.FieldUnavailable(field(tc.field), tc.role)
		if tc.want == "" {
			assert.Empty(t, got, "%s in %s (%s)", tc.field, tc.phase, tc.role)
			assert.False(t, inferred)
		} else {
			assert.Contains(t, got, tc.want, "%s in %s (%s)", tc.field, tc.phase, tc.role)
			assert.Contains(t, got, "https://", "the reason cites its source")
			assert.Equal(t, strings.Contains(got, "wflint infers"), inferred, "an inferred reason says so: %s", got)
		}
	}
}

func TestFunctionUnavailable(t *testing.T) {
	tests := []struct{ phase, fn, want string }{
		{"http_request_late_transform", "cidr", "custom rules and rate limiting rules"},
		{"http_ratelimit", "cidr", ""},
		{"http_request_dynamic_redirect", "regex_replace", ""},
		{"http_request_dynamic_redirect", "uuidv4", "rewrite expressions of Transform Rules"},
		{"http_request_late_transform", "wildcard_replace", "URL rewrites"},
		{"http_request_firewall_custom", "split", "response header transform rules"},
		{"http_request_firewall_custom", "bit_slice", "Magic Firewall"},
		{"magic_transit", "bit_slice", ""},
		{"http_request_firewall_custom", "lower", ""},
		{"http_request_firewall_custom", "encode_base64", ""}, // no documented restriction
	}
	for _, tc := range tests {
		p, _ := LookupPhase(tc.phase)
		f, ok := Rules().Function(tc.fn)
		require.True(t, ok, tc.fn)
		got := p.FunctionUnavailable(f)
		if tc.want == "" {
			assert.Empty(t, got, "%s in %s", tc.fn, tc.phase)
		} else {
			assert.Contains(t, got, tc.want, "%s in %s", tc.fn, tc.phase)
			assert.Contains(t, got, "https://developers.cloudflare.com/ruleset-engine/rules-language/functions/#"+tc.fn)
		}
	}
}

func TestFunctionRoles(t *testing.T) {
	for _, name := range []string{"regex_replace", "wildcard_replace", "to_string", "remove_query_args", "uuidv4"} {
		f, _ := Rules().Function(name)
		assert.True(t, f.AllowsRole(RoleValue), name)
		assert.False(t, f.AllowsRole(RoleFilter), name)
		assert.False(t, f.AllowsRole(RoleCounting), name)
	}
	lower, _ := Rules().Function("lower")
	assert.True(t, lower.AllowsRole(RoleFilter) && lower.AllowsRole(RoleValue) && lower.AllowsRole(RoleCounting))
	rx, _ := Engine2020().Function("lower")
	assert.Empty(t, rx.Roles)
}

func TestParseRole(t *testing.T) {
	for _, r := range []Role{RoleFilter, RoleValue, RoleCounting} {
		got, err := ParseRole(roleNames[r])
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	_, err := ParseRole("condition")
	assert.ErrorContains(t, err, "want filter, value or counting")
	assert.Equal(t, "counting expression", RoleCounting.String())
}

func TestLoadPhasesAndRoles(t *testing.T) {
	s, err := Load(strings.NewReader(`{"base":"rules","fields":[{"name":"acme.resp","type":"Int","response":true,"phases":["http_custom_errors"],"notInPhases":["http_future_phase"],"source":"https://example.com/"}],
		"functions":[{"name":"acme_fmt","returns":"Bytes","roles":["value"],"phases":["http_request_transform"]}]}`))
	require.NoError(t, err)
	f, _ := s.Field("acme.resp")
	assert.True(t, f.Response)
	assert.Equal(t, []string{"http_custom_errors"}, f.Phases)
	assert.Equal(t, "https://example.com/", f.Source)
	fn, _ := s.Function("acme_fmt")
	assert.Equal(t, []Role{RoleValue}, fn.Roles)

	for in, want := range map[string]string{
		`{"functions":[{"name":"f","returns":"Bytes","roles":["condition"]}]}`:  "unknown role",
		`{"functions":[{"name":"f","returns":"Bytes","phases":["Bad Phase"]}]}`: "invalid phase name",
		`{"fields":[{"name":"f","type":"Int","phases":["x-y"]}]}`:               "invalid phase name",
	} {
		_, err := Load(strings.NewReader(in))
		assert.ErrorContains(t, err, want, in)
	}
}
