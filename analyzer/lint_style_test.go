package analyzer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

func TestMatchesEverything(t *testing.T) {
	for _, re := range []string{"", ".*", "^.*$", ".*?", "(?s).*", "(?su).*", "^", "$", "^(.*)$", "a*", "(www\\.)?", "foo|.*", "^.*", ".*$", "(?i)x*"} {
		assert.True(t, MatchesEverything(re), re)
	}
	for _, re := range []string{".+", "^$", "a", "^/api/.*", "a.*", "^.*a$", `\b`, "(?x) a*", "[", "*"} {
		assert.False(t, MatchesEverything(re), re)
	}
}

func TestWildcardFromRegex(t *testing.T) {
	assert.Equal(t, "/api/*", wildcardFromRegex("^/api/.*$"))
	assert.Equal(t, "/api/*", wildcardFromRegex("/api/.*"))
	assert.Equal(t, "*.example.com", wildcardFromRegex(".*.example.com"))
	assert.Empty(t, wildcardFromRegex("/v[0-9]/.*"))
	assert.Empty(t, wildcardFromRegex("^a+$"))
}

// TestRegexNotRawKeepsRegex checks that the raw-string fix hands the
// engine the very regex the quoted form did, including the quoted-regex
// mode's treatment of \" inside and outside character classes.
func TestRegexNotRawKeepsRegex(t *testing.T) {
	for _, src := range []string{
		`http.host matches "(www|api)\.example\.org"`,
		`http.host matches "say \"hi\""`,
		`http.host matches "[\"]x\d"`,
		`http.host matches "a\"#b\\"`,
		`http.host matches "[a-z"\]]+\d{1,10}\""`,
	} {
		x, errs := grammar.Parse(src)
		require.Empty(t, errs, src)
		want := x.Root.(*grammar.Comparison).RHS.(*grammar.Literal).Value
		res := Analyze(src, Options{Schema: schema.Rules()})
		var fixed string
		for _, d := range res.Diagnostics {
			if d.Rule == "regex-not-raw" {
				require.Len(t, d.Fixes, 1)
				fixed = d.Fixes[0].Apply(src)
			}
		}
		require.NotEmpty(t, fixed, src)
		y, errs := grammar.Parse(fixed)
		require.Empty(t, errs, fixed)
		l := y.Root.(*grammar.Comparison).RHS.(*grammar.Literal)
		assert.Equal(t, grammar.LitRaw, l.Kind, fixed)
		assert.Equal(t, want, l.Value, "%s → %s", src, fixed)
	}
}

func TestExpressionTooLongCountsCharacters(t *testing.T) {
	count := func(src string) int {
		n := 0
		for _, d := range Analyze(src, Options{Schema: schema.Rules()}).Diagnostics {
			if d.Rule == "expression-too-long" {
				n++
			}
		}
		return n
	}
	pre, post := `http.user_agent contains "`, `"`
	// 4,096 characters, but more bytes: é is two bytes in UTF-8.
	fits := pre + strings.Repeat("é", 4096-len(pre)-len(post)) + post
	assert.Zero(t, count(fits))
	assert.Equal(t, 1, count(pre+strings.Repeat("é", 4097-len(pre)-len(post))+post))
}

func TestKeywordGluedSpan(t *testing.T) {
	src := "ssl andcf.client.bot"
	for _, d := range Analyze(src, Options{Schema: schema.Rules()}).Diagnostics {
		if d.Rule == "keyword-glued" {
			assert.Equal(t, "andcf.client.bot", d.Span.Text(src))
			assert.Equal(t, "ssl and cf.client.bot", d.Fixes[0].Apply(src))
			return
		}
	}
	t.Fatal("no keyword-glued finding")
}
