package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildServer builds wfls into dir and returns its path.
func buildServer(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "wfls")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// TestShippedNeovimConfig loads the shipped editors/neovim file itself in
// headless Neovim, with wfls on PATH as a user has it, and checks that the
// server chose the profile from the file kind: feedback for a .wf (a
// feedback warning), rules for a WAF rule in a .tf (its deprecated-field
// warning, no feedback warnings). wfls-0.7.lua runs on every Neovim;
// wfls.lua on 0.10 and later, and on older ones it must only warn.
func TestShippedNeovimConfig(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not found: install the Debian package neovim to test the shipped Neovim configurations")
	}
	vout, err := exec.Command(nvim, "--version").Output()
	require.NoError(t, err)
	m := regexp.MustCompile(`NVIM v(\d+)\.(\d+)`).FindSubmatch(vout)
	require.NotNil(t, m, "%s", vout)
	major, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	modern := major > 0 || minor >= 10
	t.Logf("Neovim %s.%s", m[1], m[2])

	bin := filepath.Dir(buildServer(t, t.TempDir()))
	probe, err := filepath.Abs("../../testdata/lsp/nvim_shipped.lua")
	require.NoError(t, err)

	for _, variant := range []string{"wfls-0.7.lua", "wfls.lua"} {
		t.Run(variant, func(t *testing.T) {
			shipped, err := filepath.Abs(filepath.Join("..", "..", "editors", "neovim", variant))
			require.NoError(t, err)
			work := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(work, "a.wf"), []byte(`http.host eq "shop.example.com"`+"\n"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(work, "main.tf"), []byte(`resource "cloudflare_ruleset" "waf" {
  rules {
    action     = "block"
    expression = "ip.geoip.country eq \"T1\" and http.host eq \"shop.example.com\""
  }
}
`), 0o644))
			out := filepath.Join(work, "out.json")
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			script := "luafile " + probe
			if variant == "wfls.lua" && !modern {
				script = "edit main.tf | qa!"
			}
			cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+shipped, "-c", script)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "WFLS_OUT="+out,
				"HOME="+work, "XDG_STATE_HOME="+work, "XDG_DATA_HOME="+work, "XDG_CONFIG_HOME="+work)
			output, err := cmd.CombinedOutput()
			require.NoError(t, err, "nvim: %s", output)
			assert.NotContains(t, string(output), "attempt to index")
			if variant == "wfls.lua" && !modern {
				assert.Contains(t, string(output), "needs Neovim 0.10", "an old Neovim is told which file to use")
				return
			}
			data, err := os.ReadFile(out)
			require.NoError(t, err, "nvim wrote no results: %s", output)
			var res struct {
				Errors []string `json:"errors"`
				WF     []string `json:"a.wf"`
				TF     []string `json:"main.tf"`
			}
			require.NoError(t, json.Unmarshal(data, &res), "%s", data)
			require.Empty(t, res.Errors, "%s", output)
			assert.Contains(t, res.WF, "feedback-missing-score", "a .wf is a feedback expression")
			assert.Contains(t, res.TF, "deprecated-field", "a .tf WAF rule is checked under the rules profile")
			assert.NotContains(t, res.TF, "feedback-missing-score")
			assert.NotContains(t, res.TF, "not-feedback-field")
		})
	}
}

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
	data, err := os.ReadFile("../../editors/vscode/package.json")
	require.NoError(t, err)
	p := readPackage(t, data)
	assert.Equal(t, "MIT", p.License)
	assert.Equal(t, "https://github.com/wflint/wflint.git", p.Repository.URL)
	assert.Contains(t, p.DevDependencies, "@vscode/vsce")
	assert.Contains(t, p.Scripts["package"], "vsce package")
	assert.Equal(t, "", p.Contributes.Configuration.Properties["wflint.profile"].Default)
	lic, err := os.ReadFile("../../editors/vscode/LICENSE")
	require.NoError(t, err)
	root, err := os.ReadFile("../../LICENSE")
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
	src, err := filepath.Abs("../../editors/vscode")
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
