package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/workspace"
)

// newRunner is a runner under ws's settings s and the run's options o.
func newRunner(s workspace.Settings, o Options) *Runner { return New(workspace.New(s), o) }

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
	ws := newRunner(workspace.Settings{}, Options{})
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
	assert.Equal(t, workspace.Source{Path: "stdin", Name: ".wf", Text: []byte("x")}, ins[0].Source([]byte("x")))
	assert.Equal(t, int64(len("http.host eq 1")), ins[0].Size())
}

func TestLintInputFixWritesBack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.wf")
	require.NoError(t, os.WriteFile(p, []byte("http.host eq 'x'\n"), 0o640))
	ws := newRunner(workspace.Settings{}, Options{})

	f, fixed, err := ws.lintInput(Input{Path: p, Display: "a.wf"}, false)
	require.NoError(t, err)
	assert.False(t, fixed)
	assert.NotEmpty(t, f.Diagnostics)

	f, fixed, err = ws.lintInput(Input{Path: p, Display: "a.wf"}, true)
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
	_, fixed, err = ws.lintInput(Input{Display: "<expr>", Data: []byte("http.host eq 'x'")}, true)
	require.NoError(t, err)
	assert.False(t, fixed)

	_, _, err = ws.lintInput(Input{Display: "<expr>", Data: []byte("a\x00")}, false)
	assert.EqualError(t, err, "binary file (contains NUL bytes); skipped")
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	data, err := readFile(write("ok.wf", `http.host eq "a"`))
	require.NoError(t, err)
	assert.Equal(t, `http.host eq "a"`, string(data))

	_, err = readFile(write("bin.wf", "a\x00b"))
	assert.EqualError(t, err, "binary file (contains NUL bytes); skipped")
	_, err = readFile(write("latin1.wf", "ok\nab\xe9"))
	assert.EqualError(t, err, "not valid UTF-8 (first invalid byte at line 2, column 3); skipped")
	_, err = readFile(filepath.Join(dir, "missing.wf"))
	assert.EqualError(t, err, "no such file or directory")

	big, err := os.Create(filepath.Join(dir, "big.wf"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(MaxFileSize+1)) // sparse
	require.NoError(t, big.Close())
	_, err = readFile(big.Name())
	assert.EqualError(t, err, "file is 50 MB, larger than the 50 MB limit; refusing to lint it")
}

func TestReadStdin(t *testing.T) {
	data, err := readStdin(strings.NewReader("x"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(data))
	_, err = readStdin(failing{})
	assert.EqualError(t, err, "cannot read standard input: broken")
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("broken") }

func TestWriteFileKeepsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.wf")
	require.NoError(t, os.WriteFile(p, []byte("a"), 0o600))
	require.NoError(t, WriteFile(p, []byte("b")))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

// lintAll runs Lint and reads every result: the text each begins with,
// its diagnostics and how many parts brought them.
func lintAll(t *testing.T, run *Runner, inputs []Input) (rs []*Result, texts []string, ds []diag.List, parts []int) {
	run.Lint(inputs, func(r *Result) {
		var got diag.List
		n, begun := 0, false
		r.Read(func(text string, err error) {
			assert.False(t, begun, "begin once")
			begun = true
			texts = append(texts, text)
		}, func(p Part) {
			assert.True(t, begun, "begin before the parts")
			assert.Len(t, p.Profiles, len(p.Diagnostics))
			got = append(got, p.Diagnostics...)
			n++
		})
		rs, ds, parts = append(rs, r), append(ds, got), append(parts, n)
	})
	return rs, texts, ds, parts
}

// A large file's diagnostics come out in parts while it is linted: more
// parts than can wait unread, so the reader had the first before the last
// was found, and together they are what Lint finds.
func TestLintStreamsLargeFile(t *testing.T) {
	var src strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&src, "\"http.host eq 'h%d'\"\n", i)
	}
	path := filepath.Join(t.TempDir(), "big.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(src.String()), 0o644))
	ws := workspace.New(workspace.Settings{Jobs: 2})
	want := ws.Lint(workspace.Source{Path: path, Text: []byte(src.String())})

	rs, texts, ds, parts := lintAll(t, New(ws, Options{Jobs: 2}), []Input{{Path: path, Display: "big.jsonl"}})
	require.Len(t, rs, 1)
	assert.Greater(t, parts[0], partBuffer+1)
	assert.Equal(t, src.String(), texts[0])
	assert.Equal(t, want.Diagnostics, ds[0])
	assert.Equal(t, 2000, rs[0].Expressions)
	assert.True(t, rs[0].Findings)
	assert.NoError(t, rs[0].Err)
}

func TestLint(t *testing.T) {
	dir := t.TempDir()
	fixable := filepath.Join(dir, "fix.wf")
	require.NoError(t, os.WriteFile(fixable, []byte("http.host eq 'x'\n"), 0o644))
	inputs := []Input{
		{Display: "<expr:1>", Data: []byte(`http.host eq "x"`)},
		{Display: "<expr:2>", Data: []byte{0}},
		{Display: "<expr:3>", Data: []byte(`http.host eq 'x'`)},
		{Path: fixable, Display: "fix.wf"},
	}
	rs, texts, ds, _ := lintAll(t, newRunner(workspace.Settings{Profile: "rules"}, Options{Fix: true}), inputs)
	require.Len(t, rs, 4)
	for i, r := range rs {
		assert.Equal(t, inputs[i], r.Input)
	}
	assert.Equal(t, `http.host eq "x"`, texts[0])
	assert.Empty(t, ds[0])
	assert.False(t, rs[0].Findings)
	assert.EqualError(t, rs[1].Err, "binary file (contains NUL bytes); skipped")
	assert.Empty(t, texts[1])
	assert.NotEmpty(t, ds[2])
	assert.True(t, rs[3].Fixed)
	assert.Equal(t, 1, rs[3].Expressions)
	fixed, err := os.ReadFile(fixable)
	require.NoError(t, err)
	assert.Equal(t, string(fixed), texts[3])

	// FailOn decides what a finding is.
	warned := []Input{{Display: "<expr>", Data: []byte("ip.src in {10.0.0.1}")}}
	rs, _, _, _ = lintAll(t, newRunner(workspace.Settings{Profile: "rules"}, Options{}), warned)
	assert.False(t, rs[0].Findings)
	rs, _, _, _ = lintAll(t, newRunner(workspace.Settings{Profile: "rules"}, Options{FailOn: diag.Warning}), warned)
	assert.True(t, rs[0].Findings)
}
