package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blockRule is a Terraform ruleset with one block rule.
func blockRule(expr string) string {
	return "resource \"cloudflare_ruleset\" \"waf\" {\n  phase = \"http_request_firewall_custom\"\n  rules {\n    action = \"block\"\n    expression = \"" +
		strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(expr) + "\"\n  }\n}\n"
}

// The rules that never matched and that --fix made block
// traffic: --fix leaves them as they are and says how many fixes
// --unsafe-fixes would apply; --unsafe-fixes applies them.
func TestFixVersusUnsafeFixes(t *testing.T) {
	tests := []struct{ expr, unsafe string }{
		{`http.host eq "*.example.com"`, `http.host wildcard "*.example.com"`},
		{`http.request.method eq "delete"`, `http.request.method eq "DELETE"`},
		{`ip.src.country eq "uk"`, `ip.src.country eq "GB"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"main.tf": blockRule(tt.expr)})
			r := wflint(t, dir, "", "--fix", "main.tf")
			assert.NotContains(t, r.stderr, "fixed main.tf")
			assert.Contains(t, r.stdout, "= fix (unsafe): ")
			assert.Contains(t, r.stdout, "\n1 hidden fix can be enabled with --unsafe-fixes\n")
			got, err := os.ReadFile(filepath.Join(dir, "main.tf"))
			require.NoError(t, err)
			assert.Equal(t, blockRule(tt.expr), string(got), "--fix changed what the rule matches")

			r = wflint(t, dir, "", "--unsafe-fixes", "main.tf")
			assert.Contains(t, r.stderr, "fixed main.tf")
			got, err = os.ReadFile(filepath.Join(dir, "main.tf"))
			require.NoError(t, err)
			assert.Equal(t, blockRule(tt.unsafe), string(got))
		})
	}
}

// --unsafe-fixes applies the fixes the user was shown, and no fix that
// only the fixed text would show: escaping a regex's dots is applied,
// turning the now literal regex into eq is not.
func TestUnsafeFixesNoUnseenRound(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": blockRule(`http.host matches "^example.com$"`)})
	shown := wflint(t, dir, "", "main.tf")
	assert.Contains(t, shown.stdout, "= fix (unsafe): Escape `.`")
	assert.NotContains(t, shown.stdout, "regex-could-be-eq")
	r := wflint(t, dir, "", "--unsafe-fixes", "main.tf")
	assert.Contains(t, r.stderr, "fixed main.tf")
	got, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	require.NoError(t, err)
	assert.Equal(t, blockRule(`http.host matches r"^example\.com$"`), string(got))
	assert.Contains(t, r.stdout, "regex-could-be-eq", "shown now, for the next run to apply if asked")
}

func TestIgnoresAndNoIgnore(t *testing.T) {
	dir := t.TempDir()
	tf := strings.Replace(blockRule(`not ip.src in {10.8.0.0/16}`), "    expression", "    # wflint:ignore bogon-ip -- the office tunnel\n    expression", 1)
	writeFiles(t, dir, map[string]string{"main.tf": tf})
	r := wflint(t, dir, "", "--fail-on", "warning", "main.tf")
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.Equal(t, "0 errors, 0 warnings, 0 infos in 1 input (1 expression); 1 ignored (--no-ignore shows them)\n", r.stdout)

	r = wflint(t, dir, "", "--fail-on", "warning", "--no-ignore", "main.tf")
	assert.Equal(t, exitFindings, r.code)
	assert.Contains(t, r.stdout, "warning[bogon-ip]")
	assert.NotContains(t, r.stdout, "ignored")

	// JSON has no comments: the configuration's entries stand in, and one
	// that silences nothing is reported once the directory is linted whole.
	writeFiles(t, dir, map[string]string{
		"rules.json":   `{"rules": [{"action": "block", "expression": "not ip.src in {10.8.0.0/16}"}]}`,
		".wflint.yaml": "ignore:\n  - path: rules.json\n    rules: [bogon-ip]\n    where: rules[0]\n    reason: the office tunnel\n  - path: old.json\n    rules: [long-set]\n",
	})
	r = wflint(t, dir, "", "--format", "sarif", "rules.json")
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.Contains(t, r.stdout, `"kind": "external"`)
	assert.Contains(t, r.stdout, `"justification": "the office tunnel"`)
	assert.NotContains(t, r.stdout, "unused-ignore", "one file named: the entry for old.json is not judged")

	r = wflint(t, dir, "", ".")
	assert.Contains(t, r.stdout, "warning[unused-ignore]: this ignore silences nothing: its path \"old.json\"\n  matches no file wflint linted\n --> .wflint.yaml:6:5\n")
	assert.Contains(t, r.stdout, "2 ignored", "the comment and the entry")
	assert.Contains(t, r.stdout, "in 2 inputs", "the configuration is no input")
}
