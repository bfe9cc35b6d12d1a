package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestPreCommitHooks runs the hooks' entry as pre-commit does: the
// script builds cmd/wflint alone and runs it on the staged files.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	require.NoError(t, err)
	var hooks []struct {
		ID, Language, Entry string
	}
	require.NoError(t, yaml.Unmarshal(data, &hooks))
	require.Len(t, hooks, 2)
	if testing.Short() {
		t.Skip("-short: the hook builds wflint")
	}
	bins := t.TempDir()
	work := t.TempDir()
	writeFiles(t, work, map[string]string{"good.wf": `http.host eq "a" and cf.bot_management.score lt 30` + "\n", "bad.wf": `http.host eq 'a'`, "ugly.wf": "http.host  eq \"a\"\n"})
	hook := func(entry string, files ...string) int {
		t.Helper()
		words := strings.Fields(entry)
		script, err := filepath.Abs(filepath.Join("../..", words[0]))
		require.NoError(t, err)
		cmd := exec.Command(script, append(words[1:], files...)...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "WFLINT_HOOK_BIN_DIR="+bins)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		require.NoError(t, err, "%s", out)
		return 0
	}
	for _, h := range hooks {
		assert.Equal(t, "script", h.Language, h.ID)
		switch h.ID {
		case "wflint":
			assert.Equal(t, 0, hook(h.Entry, "good.wf"))
			assert.Equal(t, 1, hook(h.Entry, "good.wf", "bad.wf"))
		case "wflint-fmt":
			assert.Equal(t, 0, hook(h.Entry, "good.wf"))
			assert.Equal(t, 1, hook(h.Entry, "ugly.wf"))
		default:
			t.Errorf("unexpected hook %q", h.ID)
		}
	}
	entries, err := os.ReadDir(bins)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only wflint is built")
	assert.Equal(t, "wflint", entries[0].Name())
}

// TestPreCommitTryRepo runs the hooks with pre-commit itself (Debian 12
// ships 3.0.4), from this repository as a user's config would name it,
// and checks that only wflint was built.
func TestPreCommitTryRepo(t *testing.T) {
	pc, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit not found: install the Debian package pre-commit to run the hooks through it")
	}
	if testing.Short() {
		t.Skip("-short: pre-commit clones the repository and builds wflint")
	}
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	home, work, bins := t.TempDir(), t.TempDir(), t.TempDir()
	writeFiles(t, work, map[string]string{"bad.wf": `http.host eq 'a'` + "\n", "ugly.wf": "http.host  eq \"a\" and cf.bot_management.score lt 30\n"})
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = work
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	git("init", "-q")
	git("add", ".")
	try := func(hook string) (string, int) {
		cmd := exec.Command(pc, "try-repo", repo, hook, "--files", "bad.wf", "ugly.wf")
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+home, "WFLINT_HOOK_BIN_DIR="+bins)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		require.NoError(t, err, "%s", out)
		return string(out), 0
	}
	out, code := try("wflint")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error[single-quoted-string]")
	out, code = try("wflint-fmt")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "ugly.wf")
	built, err := os.ReadDir(bins)
	require.NoError(t, err)
	require.Len(t, built, 1, "only wflint is built")
	assert.Equal(t, "wflint", built[0].Name())
}

// TestInstallFromClone follows the README: clone, then `go install
// ./cmd/...`. Both commands are installed and, stamped with the clone's
// revision, print the same version.
func TestInstallFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: clones the repository and builds both commands")
	}
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	clone, gobin := filepath.Join(t.TempDir(), "wflint"), t.TempDir()
	out, err := exec.Command("git", "clone", "-q", repo, clone).CombinedOutput()
	require.NoError(t, err, "%s", out)
	install := exec.Command("go", "install", "./cmd/...")
	install.Dir = clone
	install.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-buildvcs=true")
	out, err = install.CombinedOutput()
	require.NoError(t, err, "%s", out)
	entries, err := os.ReadDir(gobin)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"wflint", "wfls"}, names)
	version := func(name string) string {
		out, err := exec.Command(filepath.Join(gobin, name), "--version").Output()
		require.NoError(t, err)
		return strings.TrimPrefix(strings.TrimSpace(string(out)), name+" ")
	}
	rev, err := exec.Command("git", "-C", clone, "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	v := version("wflint")
	assert.Contains(t, v, string(rev[:12]), "stamped with the clone's revision")
	assert.Equal(t, v, version("wfls"))
}
