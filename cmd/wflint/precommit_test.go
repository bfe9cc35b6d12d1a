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
