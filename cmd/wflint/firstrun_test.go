package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/output"
)

// TestNoPathMeansCurrentDirectory: wflint and wflint fmt with no path
// and no -e work on ".", as ruff and golangci-lint do.
func TestNoPathMeansCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"rules/bad.wf": `http.host eq 'a'` + "\n",
		"ugly.wf":      "http.host  eq \"a\" and cf.bot_management.score lt 30\n",
	})
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"lint", nil, exitFindings, "--> rules/bad.wf:1:14"},
		{"lint with flags", []string{"--format", "github"}, exitFindings, "::error file=rules/bad.wf"},
		{"lint command", []string{"lint"}, exitFindings, "--> rules/bad.wf"},
		{"fmt --check", []string{"fmt", "--check"}, exitFindings, "rules/bad.wf\nugly.wf\n"},
		{"fmt --diff", []string{"fmt", "--diff"}, exitFindings, "+http.host eq \"a\" and cf.bot_management.score lt 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := wflint(t, dir, "", tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, tt.stdout)
		})
	}
	// -e alone lints the expression, not the directory too.
	r := wflint(t, dir, "", "-e", `http.host eq "a" and cf.bot_management.score lt 30`)
	assert.Equal(t, exitOK, r.code, r.stdout)
	assert.NotContains(t, r.stdout, "bad.wf")
	r = wflint(t, dir, "", "fmt", "-e", `http.host  eq "a"`)
	assert.Equal(t, `http.host eq "a"`, r.stdout)
}

// TestNothingToLint: a directory without a file wflint reads is a usage
// error that says which directory and what wflint looks for.
func TestNothingToLint(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"notes.txt": "http.host eq 'a'\n"})
	for _, args := range [][]string{nil, {"."}, {"fmt"}} {
		r := wflint(t, dir, "", args...)
		assert.Equal(t, exitFailure, r.code, "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
		assert.Contains(t, r.stderr, "no .wf, .tf, .tfvars, .hcl, .json or .jsonl file in .", "%v", args)
	}
	writeFiles(t, dir, map[string]string{"a/x.txt": "", "b/x.txt": "", "c/x.txt": "", "d/x.txt": ""})
	r := wflint(t, dir, "", "a", "b", "c", "d")
	assert.Contains(t, r.stderr, "file in a b c and 1 more (")
}

// TestFmtHelpHasOnlyFmtFlags: fmt neither lints nor reports, so its help
// shows none of lint's output, rule or severity flags, and rejects them.
func TestFmtHelpHasOnlyFmtFlags(t *testing.T) {
	r := wflint(t, ".", "", "fmt", "--help")
	require.Equal(t, exitOK, r.code)
	for _, fl := range []string{"--format", "--fail-on", "--fix", "--sarif-all-rules", "--color", "--profile", "--enable", "--max-per-rule", "--version", "lint EXPR"} {
		assert.NotContains(t, r.stdout, fl)
	}
	for _, fl := range []string{"--check", "--diff", "-w ", "-e EXPR", "--config FILE", "-j, --jobs N", "format EXPR"} {
		assert.Contains(t, r.stdout, fl)
	}
	assert.Contains(t, r.stdout, "[PATHS...]")
	r = wflint(t, ".", "", "fmt", "--fail-on", "warning", "-e", "a")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "flag provided but not defined: --fail-on")
}

// TestOwnCheckout lints this repository as `wflint .` at its root does:
// the root .wflint.yaml keeps the test data out, the examples are linted,
// and nothing is found, not even an info.
func TestOwnCheckout(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	r := wflint(t, root, "", "--format", "json", "--fail-on", "info", ".")
	assert.Equal(t, exitOK, r.code, "%s\n%s", r.stdout, r.stderr)
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	assert.Empty(t, rep.Diagnostics)
	assert.Positive(t, rep.Summary.Expressions, "the examples are linted")
}
