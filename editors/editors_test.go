// Package editors holds the shipped editor set-ups (Neovim, Helix, VS
// Code); its tests check that they work as shipped. The Neovim ones run
// in cmd/wfls, which builds the server.
package editors

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type packageJSON struct {
	License    string `json:"license"`
	Repository struct {
		URL string `json:"url"`
	} `json:"repository"`
	DevDependencies map[string]string `json:"devDependencies"`
	Scripts         map[string]string `json:"scripts"`
	Contributes     struct {
		Configuration struct {
			Properties map[string]struct {
				Default any `json:"default"`
			} `json:"properties"`
		} `json:"configuration"`
	} `json:"contributes"`
}

func readPackage(t *testing.T, data []byte) packageJSON {
	t.Helper()
	var p packageJSON
	require.NoError(t, json.Unmarshal(data, &p))
	return p
}

// TestVSCodeManifest: the packaging tool is a dev dependency, the
// manifest says where the code is and under which licence, and no
// profile is forced on the server.
func TestVSCodeManifest(t *testing.T) {
	data, err := os.ReadFile("vscode/package.json")
	require.NoError(t, err)
	p := readPackage(t, data)
	assert.Equal(t, "MIT", p.License)
	assert.Equal(t, "https://github.com/wflint/wflint.git", p.Repository.URL)
	assert.Contains(t, p.DevDependencies, "@vscode/vsce")
	assert.Contains(t, p.Scripts["package"], "vsce package")
	assert.Equal(t, "", p.Contributes.Configuration.Properties["wflint.profile"].Default)
	lic, err := os.ReadFile("vscode/LICENSE")
	require.NoError(t, err)
	root, err := os.ReadFile("../LICENSE")
	require.NoError(t, err)
	assert.Equal(t, string(root), string(lic))
}

// TestVSCodePackage runs `npm run package` as a user would after `npm
// ci`, in a copy of the extension, and checks the .vsix. It needs npm and
// the installed dev dependencies (editors/vscode/node_modules); without
// them it skips.
func TestVSCodePackage(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm not found")
	}
	src, err := filepath.Abs("vscode")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(src, "node_modules", ".bin", "vsce")); err != nil {
		t.Skip("run `npm ci` in editors/vscode to test packaging")
	}
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "LICENSE", "language-configuration.json", "tsconfig.json", ".vscodeignore", "src", "syntaxes"} {
		require.NoError(t, exec.Command("cp", "-R", filepath.Join(src, name), dir).Run())
	}
	require.NoError(t, os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")))
	cmd := exec.Command(npm, "run", "package")
	cmd.Dir = dir
	done := make(chan struct{})
	time.AfterFunc(5*time.Minute, func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
		}
	})
	out, err := cmd.CombinedOutput()
	close(done)
	require.NoError(t, err, "%s", out)
	vsix, err := filepath.Glob(filepath.Join(dir, "*.vsix"))
	require.NoError(t, err)
	require.Len(t, vsix, 1, "%s", out)
	z, err := zip.OpenReader(vsix[0])
	require.NoError(t, err)
	defer z.Close()
	files := map[string]bool{}
	for _, f := range z.File {
		files[f.Name] = true
		if f.Name == "extension/package.json" {
			rc, err := f.Open()
			require.NoError(t, err)
			data, err := io.ReadAll(rc)
			rc.Close()
			require.NoError(t, err)
			assert.Equal(t, "https://github.com/wflint/wflint.git", readPackage(t, data).Repository.URL)
		}
	}
	for _, want := range []string{"extension/package.json", "extension/dist/extension.js", "extension/LICENSE.txt", "extension/syntaxes/wirefilter.tmLanguage.json"} {
		assert.True(t, files[want], "%s missing from the .vsix: %v", want, files)
	}
	assert.False(t, files["extension/src/extension.ts"])
}
