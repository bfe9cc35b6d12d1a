package check

import (
	"regexp/syntax"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/grammar"
)

// TestCheckedRegex: what the check keeps of a regex literal is what
// RegexError and a parse of GoFlags of its value give.
func TestCheckedRegex(t *testing.T) {
	for _, tc := range []struct {
		re    string
		known bool
	}{
		{`^/api/`, true},
		{`(?i)^/admin`, true},
		{`a**`, true},      // Rust accepts it; Go's parser does not
		{`(?x) a b`, true}, // verbose mode: accepted, no tree
		{`[`, true},
		{`\u{41}`, false}, // parsed after a rewrite: the analyzer parses its own
	} {
		x, errs := grammar.Parse(`http.request.uri.path matches r"` + tc.re + `"`)
		require.Empty(t, errs, tc.re)
		c, _ := Check(x, nil, Options{Regexes: true})
		l := x.Root.(*grammar.Comparison).RHS.(*grammar.Literal)
		tree, msg, known := c.Regex(l)
		require.Equal(t, tc.known, known, tc.re)
		if !known {
			continue
		}
		assert.Equal(t, RegexError(tc.re, false), msg, tc.re)
		goRe, ok := GoFlags(tc.re)
		want, err := syntax.Parse(goRe, syntax.Perl)
		if msg != "" || !ok || err != nil {
			assert.Nil(t, tree, tc.re)
			continue
		}
		assert.Equal(t, want.String(), tree.String(), tc.re)
	}
}

// Without Options.Regexes the check keeps nothing about regexes.
func TestCheckedRegexOff(t *testing.T) {
	x, _ := grammar.Parse(`http.request.uri.path matches r"^/api/"`)
	c, _ := Check(x, nil, Options{})
	_, _, known := c.Regex(x.Root.(*grammar.Comparison).RHS.(*grammar.Literal))
	assert.False(t, known)
}
