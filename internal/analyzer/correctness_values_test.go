package analyzer

import (
	"testing"

	"github.com/wflint/wflint/internal/country"
	"github.com/wflint/wflint/internal/diag"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/schema"
)

func TestCountryCodes(t *testing.T) {
	// 249 officially assigned ISO 3166-1 alpha-2 codes plus T1, XX, XK.
	assert.Len(t, country.All, 252)
	for _, c := range []string{"GB", "US", "T1", "XX", "XK", "SS", "BQ"} {
		assert.True(t, country.Known(c), c)
	}
	for _, c := range []string{"UK", "EL", "EU", "AN", "YU"} {
		assert.False(t, country.Known(c), c)
	}
	// The mistakes table is tested in package country.
}

func TestBareHost(t *testing.T) {
	tests := []struct{ in, host string }{
		{"example.com", "example.com"},
		{"https://example.com", "example.com"},
		{"https://example.com:8443/x?y", "example.com"},
		{"example.com:8443", "example.com"},
		{"example.com/login", "example.com"},
		{"[2001:db8::1]:443", "[2001:db8::1]"},
		{"[2001:db8::1]", "[2001:db8::1]"},
		{"2001:db8::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		h, _ := bareHost(tt.in)
		assert.Equal(t, tt.host, h, tt.in)
	}
}

func TestASCIICase(t *testing.T) {
	// Bytes that are not UTF-8 must survive: strings.ToLower would
	// replace them.
	assert.Equal(t, "get\xff", asciiLower("GET\xff"))
	assert.Equal(t, "ÉTÉ", asciiUpper("ÉtÉ"))
	assert.Equal(t, "\xffABC", asciiUpper("\xffabc"))
}

// TestLintErrorsAreNotRejections checks that an error-severity lint finding
// (valid, but certainly wrong) is an error without being a rejection.
func TestLintErrorsAreNotRejections(t *testing.T) {
	res := Analyze(`http.request.method eq "get"`, Options{Schema: schema.Rules()})
	assert.True(t, res.HasErrors())
	assert.False(t, res.Rejected(), "%v", res.Diagnostics)
	res = Analyze(`http.request.method eq 'get'`, Options{Schema: schema.Rules()})
	assert.True(t, res.Rejected())
}

// TestRejectedByContract checks that the rules for Cloudflare's documented
// limits mark their findings as rejections, and that other lint errors do
// not.
func TestRejectedByContract(t *testing.T) {
	for expr, want := range map[string]bool{
		`regex_replace(http.host, "a", "b") eq "x"`:                 true,
		`remove_query_args(http.request.uri, "a") eq ""`:            true,
		`http.request.method eq "get"`:                              false,
		`len(http.host) ge 0`:                                       false,
		`http.host eq "a" and http.host eq "b" and ssl and not ssl`: false,
	} {
		res := Analyze(expr, Options{Schema: schema.Rules()})
		assert.True(t, res.HasErrors(), "%s: %v", expr, res.Diagnostics)
		assert.Equal(t, want, res.Rejected(), "%s: %v", expr, res.Diagnostics)
	}
}

// TestHostPortIsInferred checks the severity split of host-with-scheme-or-port:
// a scheme or a path can never be in a Host header, a port can.
func TestHostPortIsInferred(t *testing.T) {
	for expr, want := range map[string]diag.Severity{
		`http.host eq "example.com:8443"`:    diag.Warning,
		`http.host eq "https://example.com"`: diag.Error,
		`http.host eq "example.com/login"`:   diag.Error,
	} {
		res := Analyze(expr, Options{Schema: schema.Rules()})
		found := false
		for _, d := range res.Diagnostics {
			if d.Rule == "host-with-scheme-or-port" {
				found = true
				assert.Equal(t, want, d.Severity, expr)
			}
		}
		assert.True(t, found, "%s: %v", expr, res.Diagnostics)
	}
}
