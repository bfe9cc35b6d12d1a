package workspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// blockRules is a Terraform ruleset of block rules, one per expression.
func blockRules(exprs ...string) string {
	var b strings.Builder
	b.WriteString("resource \"cloudflare_ruleset\" \"waf\" {\n  phase = \"http_request_firewall_custom\"\n")
	for _, e := range exprs {
		b.WriteString("  rules {\n    action = \"block\"\n    expression = \"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(e) + "\"\n  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// fixed lints text as main.tf and returns what Fix makes of it.
func fixed(t *testing.T, text string, unsafe bool) (string, bool) {
	t.Helper()
	f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(text)})
	out, edits, changed, err := f.Fix(unsafe)
	require.NoError(t, err)
	assert.Equal(t, string(out), diag.ApplyEdits(text, edits))
	return string(out), changed
}

// The three rules that never matched and that --fix made block
// traffic: each fix changes what the rule matches, so --fix leaves them
// and --unsafe-fixes applies them.
func TestFixLeavesUnsafe(t *testing.T) {
	tests := []struct{ expr, unsafe string }{
		{`http.host eq "*.example.com"`, `http.host wildcard "*.example.com"`},
		{`http.request.method eq "delete"`, `http.request.method eq "DELETE"`},
		{`ip.src.country eq "uk"`, `ip.src.country eq "GB"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			tf := blockRules(tt.expr)
			out, changed := fixed(t, tf, false)
			assert.False(t, changed, "--fix changed what the rule matches:\n%s", out)
			assert.Equal(t, tf, out)
			out, changed = fixed(t, tf, true)
			assert.True(t, changed)
			assert.Equal(t, blockRules(tt.unsafe), out)
		})
	}
}

func TestFixAppliesSafe(t *testing.T) {
	out, changed := fixed(t, blockRules(`http.host eq 'a' AND ip.src eq "1.2.3.4"`), false)
	assert.True(t, changed)
	assert.Equal(t, blockRules(`http.host eq "a" and ip.src eq 1.2.3.4`), out)
}

// A fix is applied only if the first analysis offered it: escaping the
// dots of a regex makes it a literal, which regex-could-be-eq would then
// turn into eq; that second fix was never shown, so it is not applied.
func TestFixNoUnseenSecondRound(t *testing.T) {
	tf := blockRules(`http.host matches "^example.com$"`)
	f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(tf)})
	for _, d := range f.Diagnostics {
		assert.NotEqual(t, "regex-could-be-eq", d.Rule, "not offered at first")
	}
	out, changed := fixed(t, tf, true)
	assert.True(t, changed)
	assert.Equal(t, blockRules(`http.host matches r"^example\.com$"`), out)
	after := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(out)})
	rules := rulesOf(after.Diagnostics)
	assert.Contains(t, rules, "regex-could-be-eq", "the next run shows it, and a later --unsafe-fixes may apply it")
}

// Fixes the first analysis offered but that overlap one applied wait for
// the next round, and are applied then.
func TestFixHeldBackAppliedLater(t *testing.T) {
	out, changed := fixed(t, blockRules(`((http.host eq 'a'))`), false)
	assert.True(t, changed)
	assert.Equal(t, blockRules(`(http.host eq "a")`), out)
}

// A finding an ignore silences keeps its fix to itself, and a finding
// that offers a choice of fixes gets none applied.
func TestFixSkipsIgnoredAndChoices(t *testing.T) {
	tf := strings.Replace(blockRules(`http.host eq "*.example.com"`), "    expression", "    # wflint:ignore pattern-in-equality\n    expression", 1)
	out, changed := fixed(t, tf, true)
	assert.False(t, changed, out)

	tf = blockRules(`http.user_agent contains 62:6f:74`)
	out, changed = fixed(t, tf, true)
	assert.False(t, changed, "hex-bytes-literal offers the same bytes or the text: a person chooses\n%s", out)
}
