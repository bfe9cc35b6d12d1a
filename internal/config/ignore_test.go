package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIgnores(t *testing.T) {
	src := `ignore:
  - path: rulesets/waf.json
    rules: [bogon-ip, long-set]
    where: result.rules[3]
    reason: the office tunnel
  - path: "*.jsonl"
    rules: feedback-missing-score
`
	dir := t.TempDir()
	c, err := Parse(filepath.Join(dir, FileName), []byte(src))
	require.NoError(t, err)
	require.Len(t, c.Ignores, 2)
	ig := c.Ignores[0]
	assert.Equal(t, []string{"bogon-ip", "long-set"}, ig.Rules)
	assert.Equal(t, "result.rules[3]", ig.Where)
	assert.Equal(t, "the office tunnel", ig.Reason)
	assert.Equal(t, 2, ig.Line)
	assert.Equal(t, []string{"feedback-missing-score"}, c.Ignores[1].Rules, "one rule without a list")

	assert.Equal(t, []*Ignore{ig}, c.IgnoresFor(filepath.Join(dir, "rulesets", "waf.json")))
	assert.Empty(t, c.IgnoresFor(filepath.Join(dir, "other", "rulesets", "waf.json")), "a path with a slash is anchored")
	assert.Equal(t, []*Ignore{c.Ignores[1]}, c.IgnoresFor(filepath.Join(dir, "logs", "a.jsonl")), "a bare name matches at any depth")
	assert.Empty(t, c.IgnoresFor(filepath.Join(filepath.Dir(dir), "a.jsonl")), "outside the configuration's directory")

	tests := []struct {
		rule, where string
		want        bool
	}{
		{"bogon-ip", "result.rules[3]", true},
		{"bogon-ip", "result.rules[3].expression", true},
		{"long-set", "result.rules[3].action_parameters.headers.x.expression", true},
		{"bogon-ip", "result.rules[30].expression", false},
		{"bogon-ip", "result.rules[2].expression", false},
		{"feedback-missing-score", "result.rules[3].expression", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ig.Covers(tt.rule, tt.where), "%s at %s", tt.rule, tt.where)
	}
	assert.True(t, c.Ignores[1].Covers("feedback-missing-score", ""), "no where: anywhere in the file")
	pointer := &Ignore{Rules: []string{"unsorted-metrics"}, Where: "/requests_by_attribute"}
	assert.True(t, pointer.Covers("unsorted-metrics", "/requests_by_attribute/topASNs"))

	assert.False(t, ig.Used())
	ig.Silenced()
	assert.True(t, ig.Used())
	assert.False(t, ig.Linted())
	ig.Matched()
	assert.True(t, ig.Linted())
}

func TestParseIgnoreErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"ignore: x", "ignore must be a list"},
		{"ignore: [x]", "each ignore must be a mapping"},
		{"ignore: [{path: a.json}]", "needs a path and rules"},
		{"ignore: [{rules: [a]}]", "needs a path and rules"},
		{"ignore: [{path: a.json, rules: [Bogon]}]", `"Bogon" is not a rule ID`},
		{"ignore: [{path: '!a.json', rules: [a]}]", "must be a path pattern"},
		{"ignore: [{path: a.json, rules: [quoted-ip]}]", "cannot be ignored"},
		{"ignore: [{path: a.json, rules: [a], file: b}]", `unknown key "file" in ignore`},
		{"ignore: [{path: a.json, rules: [a], rules: [b]}]", `duplicate key "rules"`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse(".wflint.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), ".wflint.yaml:1:", "with its line and column")
		})
	}
}

func TestFinderConfigs(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte("ignore: [{path: a.json, rules: [a]}]\n"), 0o644))
	f := &Finder{}
	c, err := f.For(filepath.Join(dir, "x", "a.json"))
	require.NoError(t, err)
	_, err = f.For(filepath.Join(dir, "b.json"))
	require.NoError(t, err)
	assert.Equal(t, []*Config{c}, f.Configs(), "each configuration once")
}
