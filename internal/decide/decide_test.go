package decide

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// translate parses, checks and translates a condition under the rules
// profile.
func translate(t testing.TB, c *Context, src string) Formula {
	t.Helper()
	x, errs := grammar.Parse(src)
	require.Empty(t, errs, src)
	info, cerrs := check.Check(x, schema.Rules(), check.Options{Regexes: true})
	require.False(t, cerrs.HasErrors(), "%s: %v", src, cerrs)
	return c.Translate(info).Root
}

func TestSatisfiable(t *testing.T) {
	tests := []struct {
		expr string
		want Verdict
	}{
		// The string contradictions.
		{`http.request.uri.path contains "/admin" and http.request.uri.path eq "/login"`, No},
		{`http.cookie contains "session=" and not http.cookie contains "session"`, No},
		{`starts_with(http.request.uri.path, "/api") and not starts_with(http.request.uri.path, "/ap")`, No},
		{`http.host in {"a.example.com" "b.example.com"} and http.host wildcard "*.example.org"`, No},
		{`cf.bot_management.score lt 30 and not cf.bot_management.score lt 40`, No},
		{`ip.src in {10.1.2.0/24} and not ip.src in {10.1.0.0/16}`, No},
		// Near misses.
		{`starts_with(http.request.uri.path, "/api/") and not starts_with(http.request.uri.path, "/api/v2/")`, Yes},
		{`http.cookie contains "session=" and not http.cookie contains "session=expired"`, Yes},
		{`http.host in {"a.example.com" "B.EXAMPLE.ORG"} and http.host wildcard "*.example.org"`, Yes},
		{`http.host in {"B.EXAMPLE.ORG"} and http.host strict wildcard "*.example.org"`, No},
		// Case: lower() reads the string through a map.
		{`lower(http.host) eq "example.com" and http.host eq "EXAMPLE.COM"`, Yes},
		{`lower(http.host) eq "example.com" and http.host eq "example.org"`, No},
		{`lower(http.host) eq "Example.com"`, No},
		{`upper(http.host) contains "a"`, No},
		// contains "" is always true on a present value.
		{`not http.host contains ""`, No},
		// Missing values: ne on a header that may be absent.
		{`http.request.headers["x"][0] ne "a" and http.request.headers["x"][0] ne "b"`, Yes},
		{`http.request.headers["x"][0] eq "a" and not http.request.headers["x"][0] contains "a"`, No},
		// Regexes in the decided part.
		{`http.request.uri.path matches "^/api/v[0-9]+/" and not starts_with(http.request.uri.path, "/api/v")`, No},
		{`http.request.uri.path matches "^/a$" and http.request.uri.path ne "/a"`, No},
		{`http.request.uri.path matches "(?i)^/ADMIN" and http.request.uri.path eq "/admin"`, Yes},
		{`http.request.uri.path matches r"\s" and http.request.uri.path eq "/admin"`, Unknown},
		{`http.request.uri.path matches "\\s" and http.request.uri.path eq "/admin"`, No}, // the regex \\s: a backslash, then s
		// Lengths.
		{`len(http.host) lt 3 and http.host eq "abcd"`, No},
		{`len(http.host) eq 4 and http.host eq "abcd"`, Yes},
		// Bytewise order.
		{`http.host lt "b" and http.host gt "az" and http.host lt "b"`, Yes},
		{`http.host lt "b" and http.host ge "b"`, No},
		{`http.host lt "a" and starts_with(http.host, "a")`, No},
		// IPv4 and IPv6.
		{`ip.src eq 2001:db8::1 and ip.src in {10.0.0.0/8}`, No},
		{`ip.src ne 10.0.0.1 and ip.src eq 2001:db8::1`, Yes},
		// Opaque parts: a list.
		{`ip.src in $office and not ip.src in $office`, No},
		{`ip.src in $office and http.host eq "a"`, Unknown},
		// Quantifiers.
		{`any((http.request.headers.names[*] eq "a" and http.request.headers.names[*] eq "b"))`, No},
		{`any(http.request.headers.names[*] eq "a") and not any(http.request.headers.names[*] eq "a")`, No},
		{`all(http.request.headers.names[*] contains "")`, Yes},
		// Booleans and xor.
		{`ssl xor ssl`, No},
		{`ssl xor not ssl`, Yes},
		{`true`, Yes},
		{`false`, No},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			c := NewContext(Options{})
			assert.Equal(t, tt.want, c.Satisfiable(translate(t, c, tt.expr)))
		})
	}
}

func TestImplies(t *testing.T) {
	tests := []struct {
		a, b string
		want Verdict
	}{
		{`ip.src.country eq "KP" and http.request.uri.path eq "/login"`, `ip.src.country eq "KP"`, Yes},
		{`ip.src.country eq "KP"`, `ip.src.country eq "KP" and http.request.uri.path eq "/login"`, No},
		{`http.request.uri.path eq "/api/v2/x"`, `starts_with(http.request.uri.path, "/api/")`, Yes},
		{`starts_with(http.request.uri.path, "/api/")`, `starts_with(http.request.uri.path, "/api/v2/")`, No},
		{`http.host eq "WWW.Example.com"`, `http.host wildcard "*.example.com"`, Yes},
		{`http.host eq "WWW.Example.com"`, `http.host strict wildcard "*.example.com"`, No},
		{`cf.bot_management.score lt 10`, `cf.bot_management.score lt 30`, Yes},
		{`ip.src in {192.0.2.0/25}`, `ip.src in {192.0.2.0/24}`, Yes},
	}
	for _, tt := range tests {
		t.Run(tt.a+" => "+tt.b, func(t *testing.T) {
			c := NewContext(Options{})
			assert.Equal(t, tt.want, c.Implies(translate(t, c, tt.a), translate(t, c, tt.b)))
		})
	}
}
