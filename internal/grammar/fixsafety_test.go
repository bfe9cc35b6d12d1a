package grammar

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixSafety holds the parser's and lexer's fixes to their class: safe
// when it only turns what Cloudflare rejects into what its author
// evidently meant (quotes, spacing, notation, parentheses, raw strings),
// unsafe when the text it writes is a guess that decides what the rule
// matches (where a closing quote or bracket goes, which stray bracket is
// the extra one, whether a slash-delimited value was a regex).
func TestFixSafety(t *testing.T) {
	tests := []struct {
		src, rule string
		safe      bool
	}{
		// Safe: spacing.
		{"http.host eq\t\"a\"", "tab-separator", true},
		{"http.host eq\u00a0\"a\"", "unicode-space", true},
		{`http.host strict  wildcard "a*"`, "strict-wildcard-spacing", true},
		{`http.host eq "a" and http.request.headers ["x"][0] eq "b"`, "space-before-index", true},
		// Safe: notation.
		{`http.host eq "a" # a comment`, "comment", true},
		{`http..host eq "a"`, "malformed-name", true},
		{`ip.src in $Office_IPs`, "invalid-list-name", true},
		{`http.host EQ "a"`, "uppercase-keyword", true},
		{`http.host = "a"`, "single-equals", true},
		{`http.host not contains "a"`, "negated-operator", true},
		{`http.host starts_with "a"`, "infix-function", true},
		{`http.host eq {"a" "b"}`, "set-needs-in", true},
		{`ip.src eq $office`, "list-needs-in", true},
		{`ssl eq true`, "boolean-literal", true},
		{`http.host in "a"`, "in-needs-braces", true},
		{`lower(http.host,) eq "a"`, "trailing-comma", true},
		{`http.host in {"a", "b"}`, "comma-in-set", true},
		{`http.request.uri.path eq "\n"`, "invalid-escape", true},
		{`http.request.uri.path eq "\/a"`, "invalid-escape", true},
		// Safe: quotes.
		{`http.host eq 'a'`, "single-quoted-string", true},
		{`http.host eq example`, "unquoted-string", true},
		{`http.host in {example "b"}`, "unquoted-string", true},
		{`http.request.headers[r"x"][0] eq "a"`, "invalid-map-key", true},
		// Safe: parentheses.
		{`any(http.host eq "a" or http.host eq "b")`, "argument-needs-parens", true},
		// Safe: a regex between slashes after matches is that regex.
		{`http.host matches /^a\.b$/`, "slash-regex", true},
		// Unsafe: after eq the slashes may be the path's own.
		{`http.request.uri.path eq /admin/`, "slash-regex", false},
		// Unsafe: where the string, the bracket or the quote ends is a guess.
		{`http.host eq "a and ip.src eq 1.2.3.4`, "missing-quote", false},
		{`http.host eq r#"a`, "missing-quote", false},
		{`http.host matches "a`, "missing-quote", false},
		{`http.host eq 'a and ssl`, "single-quoted-string", false},
		{`(http.host eq "a" or ssl and ip.src eq 1.2.3.4`, "unbalanced", false},
		{`http.host eq "a" or ssl) and ip.src eq 1.2.3.4`, "unbalanced", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.src, func(t *testing.T) {
			_, errs := Parse(tt.src)
			found := false
			for _, d := range errs {
				if d.Rule != tt.rule {
					continue
				}
				found = true
				require.Len(t, d.Fixes, 1, "%v", d)
				assert.Equal(t, tt.safe, d.Fixes[0].Safe, "%s: %s", d.Fixes[0].Title, d.Message)
			}
			require.True(t, found, "no %s finding in %v", tt.rule, errs)
		})
	}
}
