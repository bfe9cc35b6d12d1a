package analyzer

import (
	"github.com/wflint/wflint/country"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
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

func TestIntVerdict(t *testing.T) {
	score := intSet{lo: 1, hi: 99}
	waf := intSet{lo: 1, hi: 99, points: []int64{100}}
	zero := intSet{lo: 1, hi: 0, points: []int64{0}}
	tests := []struct {
		set  intSet
		op   grammar.CmpKind
		v    int64
		want string
	}{
		{score, grammar.OpLt, 0, "never"},
		{score, grammar.OpLt, 1, "never"},
		{score, grammar.OpLt, 30, ""},
		{score, grammar.OpLt, 100, "always"},
		{score, grammar.OpLe, 99, ""}, // "has a score", on purpose
		{score, grammar.OpGt, 99, "never"},
		{score, grammar.OpGt, 0, "always"},
		{score, grammar.OpGe, 1, ""},
		{score, grammar.OpEq, 100, "never"},
		{score, grammar.OpNe, 100, "always"},
		{score, grammar.OpNe, 50, ""},
		{waf, grammar.OpEq, 100, ""},
		{waf, grammar.OpGt, 99, ""},
		{waf, grammar.OpGt, 100, "never"},
		{waf, grammar.OpLe, 100, ""},
		{zero, grammar.OpGt, 10, "never"},
		{zero, grammar.OpLt, 10, "always"},
		{zero, grammar.OpEq, 0, ""},
		{intSet{lo: 0, hi: math.MaxUint32}, grammar.OpLt, math.MinInt64, "never"},
		{intSet{lo: 0, hi: math.MaxUint32}, grammar.OpGt, math.MaxInt64, "never"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, intVerdict(tt.set, tt.op, tt.v, tt.v), "%v %s %d", tt.set, tt.op, tt.v)
	}
	assert.Equal(t, "never", intVerdict(score, grammar.OpIn, 100, 200))
	assert.Equal(t, "", intVerdict(score, grammar.OpIn, 0, 10))
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

func TestDeprecatedFieldProfiles(t *testing.T) {
	count := func(src string, s *schema.Schema) int {
		n := 0
		for _, d := range Analyze(src, Options{Schema: s}).Diagnostics {
			if d.Rule == "deprecated-field" {
				n++
			}
		}
		return n
	}
	const src = `ip.geoip.country eq "GB" and ip.geoip.asnum eq 64496`
	assert.Equal(t, 2, count(src, schema.Rules()))
	assert.Zero(t, count(src, schema.Feedback()), "the feedback API documents the ip.geoip names")
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
