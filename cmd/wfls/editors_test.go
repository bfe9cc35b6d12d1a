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
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
	if testing.Short() {
		t.Skip("-short: runs headless Neovim with the shipped configurations")
	}
	vout, err := exec.Command(nvim, "--version").Output()
	require.NoError(t, err)
	m := regexp.MustCompile(`NVIM v(\d+)\.(\d+)`).FindSubmatch(vout)
	require.NotNil(t, m, "%s", vout)
	major, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	modern := major > 0 || minor >= 10
	t.Logf("Neovim %s.%s", m[1], m[2])

	bin := filepath.Dir(buildServer(t))
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
// manifest says where the code is and under which licence, no profile is
// forced on the server and no wfls path either (so that PATH and the
// bundled wfls are looked at), and the package's README documents every
// setting.
func TestVSCodeManifest(t *testing.T) {
	data, err := os.ReadFile("../../editors/vscode/package.json")
	require.NoError(t, err)
	p := readPackage(t, data)
	assert.Equal(t, "MIT", p.License)
	assert.Equal(t, "https://github.com/wflint/wflint.git", p.Repository.URL)
	assert.Contains(t, p.DevDependencies, "@vscode/vsce")
	assert.Contains(t, p.Scripts["package"], "vsce package")
	assert.Equal(t, "", p.Contributes.Configuration.Properties["wflint.profile"].Default)
	assert.Equal(t, "", p.Contributes.Configuration.Properties["wflint.path"].Default)
	readme, err := os.ReadFile("../../editors/vscode/README.md")
	require.NoError(t, err)
	require.NotEmpty(t, p.Contributes.Configuration.Properties)
	for name := range p.Contributes.Configuration.Properties {
		assert.Contains(t, string(readme), "| `"+name+"` |", "README.md's settings table lacks %s", name)
	}
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
	npm := needExtensionDeps(t)
	dir := extensionCopy(t, npm)
	out := runWithin(t, 5*time.Minute, dir, npm, "run", "package")
	vsix, err := filepath.Glob(filepath.Join(dir, "*.vsix"))
	require.NoError(t, err)
	require.Len(t, vsix, 1, "%s", out)
	files := vsixFiles(t, vsix[0])
	assert.Equal(t, "https://github.com/wflint/wflint.git", readPackage(t, files["extension/package.json"].data).Repository.URL)
	for _, want := range []string{"extension/package.json", "extension/dist/extension.js", "extension/LICENSE.txt", "extension/syntaxes/wirefilter.tmLanguage.json", "extension/readme.md"} {
		assert.Contains(t, files, want, "missing from the .vsix")
	}
	readme := string(files["extension/readme.md"].data)
	assert.Contains(t, readme, "## Getting wfls", "the details page says how the server is found")
	assert.Contains(t, readme, "## Settings")
	for name := range files {
		assert.False(t, strings.HasPrefix(name, "extension/src/") || strings.HasPrefix(name, "extension/out/") || strings.HasPrefix(name, "extension/bin/"), "%s is in the platform-neutral .vsix", name)
	}
}

// TestVSCodeTargetPackage packs the extension for linux-x64 with a wfls
// bundled, as the release workflow does, and checks that the package is
// marked for that platform and carries an executable bin/wfls, where the
// extension's lookup expects it.
func TestVSCodeTargetPackage(t *testing.T) {
	npm := needExtensionDeps(t)
	dir := extensionCopy(t, npm)
	wfls := buildServer(t)
	vsix := filepath.Join(t.TempDir(), "wflint-linux-x64.vsix")
	runWithin(t, 5*time.Minute, dir, "./package-target.sh", "linux-x64", wfls, vsix)
	files := vsixFiles(t, vsix)
	bin, ok := files["extension/bin/wfls"]
	require.True(t, ok, "no extension/bin/wfls in the .vsix")
	assert.Equal(t, os.FileMode(0o755), bin.mode.Perm())
	assert.Contains(t, string(files["extension.vsixmanifest"].data), `TargetPlatform="linux-x64"`)
	_, err := os.Stat(filepath.Join(dir, "bin"))
	assert.True(t, os.IsNotExist(err), "package-target.sh leaves no bin/ behind")
	server, err := os.ReadFile("../../editors/vscode/src/server.ts")
	require.NoError(t, err)
	assert.Contains(t, string(server), `p.join(lookup.extensionPath, "bin", "wfls" + exe)`, "the lookup's bundled path")
}

// TestVSCodeServerLookup runs the extension's own tests under Node (`npm
// test`): the order in which wfls is looked for (setting, PATH, bundled),
// the message when none is found, and which JSON documents reach the
// server.
func TestVSCodeServerLookup(t *testing.T) {
	npm := needExtensionDeps(t)
	dir := extensionCopy(t, npm)
	out := runWithin(t, 5*time.Minute, dir, npm, "test")
	assert.Regexp(t, `(?m)^# pass [1-9]`, out)
	assert.Regexp(t, `(?m)^# fail 0$`, out)
}

// needExtensionDeps skips the test unless npm and the extension's dev
// dependencies (editors/vscode/node_modules, from `npm ci`) are there.
func needExtensionDeps(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: runs npm on a copy of the VS Code extension")
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm not found")
	}
	if _, err := os.Stat("../../editors/vscode/node_modules/.bin/vsce"); err != nil {
		t.Skip("run `npm ci` in editors/vscode to test packaging")
	}
	return npm
}

// extensionCopy copies the extension's tracked files into a temporary
// directory, with its node_modules linked, so that building and packing
// leave the tree alone.
func extensionCopy(t *testing.T, npm string) string {
	t.Helper()
	src, err := filepath.Abs("../../editors/vscode")
	require.NoError(t, err)
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "LICENSE", "README.md", "language-configuration.json", "tsconfig.json", ".vscodeignore", "package-target.sh", "src", "syntaxes"} {
		out, err := exec.Command("cp", "-R", filepath.Join(src, name), dir).CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	require.NoError(t, os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")))
	return dir
}

// runWithin runs a command in dir, killing it after limit, and returns
// its output; it fails the test when the command fails.
func runWithin(t *testing.T, limit time.Duration, dir, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
	return string(out)
}

type vsixFile struct {
	data []byte
	mode os.FileMode
}

// vsixFiles reads a .vsix (a zip file) into memory, by entry name.
func vsixFiles(t *testing.T, path string) map[string]vsixFile {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	files := map[string]vsixFile{}
	for _, f := range z.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		files[f.Name] = vsixFile{data, f.Mode()}
	}
	return files
}
