package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

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
