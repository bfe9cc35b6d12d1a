package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

func TestFmtCheckUnparseable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bad.wf": "http.host eq ("})
	r := wflint(t, dir, "", "fmt", "--check", "bad.wf")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, "bad.wf\n", r.stdout)
	assert.Contains(t, r.stderr, "not formatted")
}

func TestDefaultExcludes(t *testing.T) {
	dir := t.TempDir()
	bad := `http.host eq 'x'`
	writeFiles(t, dir, map[string]string{
		"a.wf":                  bad,
		"logs/requests.ndjson":  `{"ClientIP":"1.2.3.4"}` + "\n",
		"logs/run.log":          bad,
		"node_modules/x/b.wf":   bad,
		"vendor/c.wf":           bad,
		".terraform/m/d.tf":     `resource "cloudflare_filter" "f" { expression = "http.host eq 'x'" }`,
		"fixtures/ignored.wf":   bad,
		".gitignore":            "fixtures/\n",
		"kept/not-ignored.wf":   bad,
		"kept/also.ignored.wf":  bad,
		"kept/.gitignore":       "*.ignored.wf\n",
		"named/requests.ndjson": "http.host eq 'x'\n",
	})
	lintedPaths := func(r result) []string {
		var out struct {
			Diagnostics []struct{ Path string }
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
		var paths []string
		for _, d := range out.Diagnostics {
			paths = append(paths, d.Path)
		}
		return paths
	}
	// Outside a git work tree, only the default directories are skipped.
	r := wflint(t, dir, "", "--format", "json", ".")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.ElementsMatch(t, []string{"a.wf", "fixtures/ignored.wf", "kept/not-ignored.wf", "kept/also.ignored.wf"}, lintedPaths(r))

	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found: the .gitignore part is not tested")
	}
	require.NoError(t, exec.Command("git", "init", "-q", dir).Run())
	r = wflint(t, dir, "", "--format", "json", ".")
	assert.ElementsMatch(t, []string{"a.wf", "kept/not-ignored.wf"}, lintedPaths(r))

	// Named on the command line, a log and an ignored file are linted.
	r = wflint(t, dir, "", "named/requests.ndjson", "fixtures/ignored.wf")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "--> named/requests.ndjson")
	assert.Contains(t, r.stdout, "fixtures/ignored.wf")
}

func TestUnknownProfileListsProfiles(t *testing.T) {
	r := wflint(t, t.TempDir(), "", "--profile", "bogus", "-e", `http.host eq "x"`)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown profile "bogus": want feedback, rules, engine2020 or a schema JSON file`)
}
