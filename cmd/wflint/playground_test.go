package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// runWithSite runs wflint in-process with site as the embedded playground.
func runWithSite(t *testing.T, site fs.FS, args ...string) (stdout, stderr string, code int) {
	saved := playgroundSite
	playgroundSite = func() fs.FS { return site }
	t.Cleanup(func() { playgroundSite = saved })
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestPlaygroundNotBuilt(t *testing.T) {
	for _, args := range [][]string{{"playground"}, {"playground", "--export", t.TempDir()}} {
		_, stderr, code := runWithSite(t, fstest.MapFS{"index.html": {Data: []byte("x")}}, args...)
		assert.Equal(t, exitFailure, code)
		assert.Contains(t, stderr, "wflint playground: this wflint was built without the playground's site")
		assert.Contains(t, stderr, "scripts/build-playground.sh")
	}
}

func TestPlaygroundExport(t *testing.T) {
	site := fstest.MapFS{
		"index.html": {Data: []byte("page")}, "app.js": {Data: []byte("js")},
		"wflint.wasm": {Data: []byte("wasm")}, "wasm_exec.js": {Data: []byte("go")},
	}
	dir := filepath.Join(t.TempDir(), "site")
	_, stderr, code := runWithSite(t, site, "playground", "--export", dir)
	require.Equal(t, exitOK, code, stderr)
	got, err := os.ReadFile(filepath.Join(dir, "wflint.wasm"))
	require.NoError(t, err)
	assert.Equal(t, "wasm", string(got))

	_, stderr, code = runWithSite(t, site, "playground", "extra")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, `unexpected arguments ["extra"]`)

	_, stderr, code = runWithSite(t, site, "playground", "--addr", "256.0.0.1:99999")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "wflint playground: ")
}

// The Pages workflow builds the site from the checkout, exports it with
// this command and deploys it with the pinned Pages actions.
func TestPlaygroundWorkflow(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/playground.yml")
	require.NoError(t, err)
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Needs string       `yaml:"needs"`
			Steps []actionStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(data, &wf))
	assert.Equal(t, map[string]string{"contents": "read", "pages": "write", "id-token": "write"}, wf.Permissions)
	var uses []string
	var scripts strings.Builder
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if st.Uses != "" {
				uses = append(uses, st.Uses)
			}
			assert.NotContains(t, st.Run, "${{", "%s: expressions reach scripts through env", st.Name)
			scripts.WriteString(st.Run + "\n")
		}
	}
	for _, want := range []string{"actions/setup-go@v5", "actions/setup-node@v4", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"} {
		assert.Contains(t, uses, want)
	}
	assert.Contains(t, scripts.String(), "scripts/build-playground.sh")
	assert.Contains(t, scripts.String(), "playground --export")
	assert.Equal(t, "build", wf.Jobs["deploy"].Needs)
}
