package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInputs(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"b.wf":                  `http.host eq "b"`,
		"a.wf":                  `http.host eq "a"`,
		"sub/c.tf":              ``,
		"logs/x.ndjson":         `{}`,
		"node_modules/dep/d.wf": `http.host eq "d"`,
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	}
	ws := New(Settings{})
	missing := filepath.Join(dir, "missing.wf")
	log := filepath.Join(dir, "logs", "x.ndjson")
	ins, errs := ws.Inputs([]string{"http.host eq 1", "ip.src eq 1.1.1.1"},
		[]string{"-", dir, missing, "-", log}, strings.NewReader("cf.edge.server_port eq 80"))

	var got []string
	for _, in := range ins {
		got = append(got, in.Display)
	}
	assert.Equal(t, []string{"<expr:1>", "<expr:2>", "<stdin>",
		filepath.Join(dir, "a.wf"), filepath.Join(dir, "b.wf"), filepath.Join(dir, "sub", "c.tf"), log}, got)
	assert.Equal(t, "cf.edge.server_port eq 80", string(ins[2].Data))
	assert.Equal(t, []InputError{{Display: missing, Msg: "no such file or directory"}}, errs)

	ins, _ = ws.Inputs([]string{"http.host eq 1"}, nil, nil)
	assert.Equal(t, "<expr>", ins[0].Display)
	assert.Equal(t, Source{Path: "stdin", Name: ".wf", Text: []byte("x")}, ins[0].Source([]byte("x")))
	assert.Equal(t, int64(len("http.host eq 1")), ins[0].Size())
}

func TestLintInputFixWritesBack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.wf")
	require.NoError(t, os.WriteFile(p, []byte("http.host eq 'x'\n"), 0o640))
	ws := New(Settings{})

	f, fixed, err := ws.LintInput(Input{Path: p, Display: "a.wf"}, false)
	require.NoError(t, err)
	assert.False(t, fixed)
	assert.NotEmpty(t, f.Diagnostics)

	f, fixed, err = ws.LintInput(Input{Path: p, Display: "a.wf"}, true)
	require.NoError(t, err)
	assert.True(t, fixed)
	assert.Equal(t, "http.host eq \"x\"\n", f.Text)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, f.Text, string(data))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm())

	// Expressions are linted, never fixed.
	_, fixed, err = ws.LintInput(Input{Display: "<expr>", Data: []byte("http.host eq 'x'")}, true)
	require.NoError(t, err)
	assert.False(t, fixed)

	_, _, err = ws.LintInput(Input{Display: "<expr>", Data: []byte("a\x00")}, false)
	assert.EqualError(t, err, "binary file (contains NUL bytes); skipped")
}
