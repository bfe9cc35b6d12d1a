package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
