package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/workspace"
)

const ignoreConfig = `ignore:
  - path: rulesets/*.json
    rules: [bogon-ip]
    where: result.rules[1]
    reason: the office tunnel
  - path: "*.jsonl"
    rules: feedback-missing-score
  - path: rulesets/waf.json
    rules: [long-set]
`

func TestIgnoreConfigEntries(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte(ignoreConfig), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "rulesets"), 0o755))
	js := `{"result": {"phase": "http_request_firewall_custom", "rules": [
  {"action": "block", "expression": "ip.src in {10.0.0.0/8}"},
  {"action": "block", "expression": "not ip.src in {10.8.0.0/16}"}
]}}`
	jsPath := filepath.Join(dir, "rulesets", "waf.json")
	require.NoError(t, os.WriteFile(jsPath, []byte(js), 0o644))
	var lines strings.Builder
	for range 300 {
		lines.WriteString(`{"expression": "ip.src eq 1.2.3.4"}` + "\n")
	}
	jsonl := filepath.Join(dir, "logs", "x.jsonl")
	require.NoError(t, os.MkdirAll(filepath.Dir(jsonl), 0o755))
	require.NoError(t, os.WriteFile(jsonl, []byte(lines.String()), 0o644))

	w := newRunner(workspace.Settings{Jobs: 2}, Options{Jobs: 2})
	ins, errs := w.Inputs(nil, []string{dir}, nil)
	require.Empty(t, errs)
	require.Len(t, ins, 2)
	var shown, silenced []string
	var supp []diag.Suppression
	w.Lint(ins, func(r *Result) {
		r.Read(func(string, error) {}, func(p Part) {
			for _, d := range p.Diagnostics {
				shown = append(shown, d.Rule)
			}
			for _, s := range p.Ignored {
				silenced = append(silenced, s.Rule)
				supp = append(supp, s.Suppression)
			}
		})
	})
	assert.Equal(t, []string{"bogon-ip"}, shown, "rule 0's range is not at the entry's where")
	require.Len(t, silenced, 301)
	assert.Equal(t, "bogon-ip", silenced[300], "logs/ comes before rulesets/")
	s := supp[300]
	assert.Equal(t, diag.External, s.Kind)
	assert.Equal(t, "the office tunnel", s.Reason)
	assert.Equal(t, filepath.Join(dir, ".wflint.yaml"), s.Path)
	assert.Equal(t, 2, s.Line)

	cfs := w.UnusedConfigIgnores()
	require.Len(t, cfs, 1, "the directory was walked whole")
	require.Len(t, cfs[0].Diagnostics, 1)
	d := cfs[0].Diagnostics[0]
	assert.Equal(t, workspace.RuleUnusedIgnore, d.Rule)
	assert.Equal(t, "path: rulesets/waf.json", d.Span.Text(cfs[0].Text))
	assert.Contains(t, d.Message, "no long-set finding")

	// Files named one by one say nothing about the entries for others.
	w = newRunner(workspace.Settings{}, Options{})
	for _, in := range []Input{{Path: jsPath}} {
		_, _, err := w.lintInput(in, false)
		require.NoError(t, err)
	}
	assert.Empty(t, w.UnusedConfigIgnores())
}
