package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
)

func TestDetect(t *testing.T) {
	assert.Equal(t, host.HCL, Detect("main.tf", ""))
	assert.Equal(t, host.HCL, Detect("untitled-1", "terraform"))
	assert.Equal(t, host.JSON, Detect("x.json", "plaintext"))
	assert.Equal(t, host.JSONL, Detect("x.jsonl", ""))
	assert.Equal(t, host.WF, Detect("x.txt", ""))
}

func TestLintTerraformMapsToFile(t *testing.T) {
	tf := "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"http.host eq \\\"é\\\" and ip.src eq 'x'\"\n    action = \"block\"\n  }\n}\n"
	f := New(Settings{}).Lint(Source{Path: "", Name: "main.tf", Text: []byte(tf)})
	require.NoError(t, f.Err)
	require.Len(t, f.Exprs, 1)
	require.Len(t, f.Diagnostics, 1)
	d := f.Diagnostics[0]
	assert.Equal(t, "'x'", d.Span.Text(tf))
	assert.Equal(t, "cloudflare_ruleset.r.rules[0].expression", d.Where)
	assert.Equal(t, schema.ProfileRules, f.Profiles[0])
	require.NotEmpty(t, d.Fixes)
	assert.Equal(t, `\"x\"`, d.Fixes[0].Edits[0].New, "fix text is escaped for HCL")

	e, off, ok := f.ExprAt(int(d.Span.Start))
	require.True(t, ok)
	assert.Equal(t, "'x'", e.Text[off:off+3])
}

func TestProfileEngine2020AndSchemaFile(t *testing.T) {
	src := Source{Name: "a.wf", Text: []byte(`http.host eq "a"`)}
	f := New(Settings{Profile: schema.ProfileEngine2020}).Lint(src)
	require.Len(t, f.Exprs, 1)
	assert.Equal(t, schema.ProfileEngine2020, f.Exprs[0].Schema().Profile())
	assert.True(t, f.Exprs[0].Options.EngineCompat)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.json"), []byte(`{"fields":[{"name":"my.field","type":"Int"}]}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("profile: s.json\n"), 0o644))
	f = New(Settings{}).Lint(Source{Path: filepath.Join(dir, "x.wf"), Text: []byte("my.field eq 1")})
	require.NoError(t, f.Err)
	if f.Exprs[0].Err != nil {
		t.Skipf("schema format differs: %v", f.Exprs[0].Err)
	}
	assert.Empty(t, f.Diagnostics)
	// The settings' relative schema path is the configuration's directory's.
	f = New(Settings{Profile: "s.json"}).Lint(Source{Path: filepath.Join(dir, "x.wf"), Text: []byte("my.field eq 1")})
	assert.Empty(t, f.Diagnostics)
}

func TestConfigErrorPolicy(t *testing.T) {
	src := Source{Name: "a.wf", Text: []byte(`http.host eq "a"`)}
	f := New(Settings{Profile: "/nonexistent/schema.json"}).Lint(src)
	require.Len(t, f.Diagnostics, 1)
	assert.Equal(t, RuleConfig, f.Diagnostics[0].Rule)

	var got []error
	f = New(Settings{Profile: "/nonexistent/schema.json", OnConfigError: func(err error) { got = append(got, err) }}).Lint(src)
	require.NotEmpty(t, f.Diagnostics)
	assert.NotEqual(t, RuleConfig, f.Diagnostics[0].Rule, "an editor falls back to the feedback profile")
	assert.Len(t, got, 1)
}

func TestReportValidation(t *testing.T) {
	report := `{"type": "false_positive", "expression": "http.host eq 'x'", "requests": -1}`
	f := New(Settings{}).Lint(Source{Name: "r.json", Text: []byte(report)})
	rules := map[string]bool{}
	for _, d := range f.Diagnostics {
		rules[d.Rule] = true
	}
	assert.True(t, rules["single-quoted-string"])
	assert.Greater(t, len(rules), 1, "report problems too: %v", rules)
}

func TestMaxExprBytes(t *testing.T) {
	f := New(Settings{MaxExprBytes: 4}).Lint(Source{Name: "a.wf", Text: []byte(`http.host eq "a"`)})
	require.Len(t, f.Diagnostics, 1)
	assert.Equal(t, "input-too-large", f.Diagnostics[0].Rule)
}

func TestFixAndFormat(t *testing.T) {
	tf := "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"http.host   eq 'x'\"\n    action = \"block\"\n  }\n}\n"
	f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(tf)})
	out, edits, changed, err := f.Fix(false)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, string(out), diag.ApplyEdits(tf, edits))
	assert.Contains(t, string(out), `http.host   eq \"x\"`)

	fm, err := Format(Source{Name: "main.tf", Text: out})
	require.NoError(t, err)
	require.Len(t, fm.Edits, 1)
	assert.Contains(t, string(fm.Text), `expression = "http.host eq \"x\""`)
	assert.Equal(t, string(fm.Text), diag.ApplyEdits(string(out), fm.Edits))

	fm, err = Format(Source{Name: "a.wf", Text: []byte("http.host eq (\n")})
	require.NoError(t, err)
	require.Len(t, fm.Notes, 1)
	assert.Equal(t, RuleNotFormatted, fm.Notes[0].Rule)
}

func TestParallelLintMatchesSerial(t *testing.T) {
	var b []byte
	for i := range 600 {
		b = append(b, fmt.Sprintf("{\"expression\": \"http.host eq 'h%d'\"}\n", i)...)
	}
	src := Source{Name: "x.jsonl", Text: b}
	serial := New(Settings{}).Lint(src)
	parallel := New(Settings{Jobs: 4}).Lint(src)
	require.Len(t, serial.Diagnostics, 600)
	assert.Equal(t, serial.Diagnostics, parallel.Diagnostics)
	assert.Equal(t, serial.Profiles, parallel.Profiles)
}

// TestReportScoresCrossChecked: a report file linted as a file gets the
// report's cross-check of requests_by_score against the scores its
// expression selects, as `report validate` does.
func TestReportScoresCrossChecked(t *testing.T) {
	report := strings.Replace(cftest.ValidReport, `"cf.bot_management.score ge 30`, `"cf.bot_management.score ge 40`, 1)
	f := New(Settings{}).Lint(Source{Name: "report.json", Text: []byte(report)})
	require.NoError(t, f.Err)
	var rules []string
	for _, d := range f.Diagnostics {
		rules = append(rules, d.Rule)
	}
	assert.Contains(t, rules, "score-outside-expression")
	f = New(Settings{}).Lint(Source{Name: "report.json", Text: []byte(cftest.ValidReport)})
	assert.Empty(t, f.Diagnostics)
}
