package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/diag"
)

// lintAll runs LintAll and reads every result: the text each begins with,
// its diagnostics and how many parts brought them.
func lintAll(t *testing.T, ws *Workspace, inputs []Input, fix bool) (rs []*Result, texts []string, ds []diag.List, parts []int) {
	ws.LintAll(inputs, fix, func(r *Result) {
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
func TestLintAllStreamsLargeFile(t *testing.T) {
	var src strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&src, "\"http.host eq 'h%d'\"\n", i)
	}
	path := filepath.Join(t.TempDir(), "big.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(src.String()), 0o644))
	ws := New(Settings{Jobs: 2, DiagnosticsOnly: true})
	want := ws.Lint(Source{Path: path, Text: []byte(src.String())})

	rs, texts, ds, parts := lintAll(t, ws, []Input{{Path: path, Display: "big.jsonl"}}, false)
	require.Len(t, rs, 1)
	assert.Greater(t, parts[0], partBuffer+1)
	assert.Equal(t, src.String(), texts[0])
	assert.Equal(t, want.Diagnostics, ds[0])
	assert.Equal(t, 2000, rs[0].Expressions)
	assert.True(t, rs[0].Findings)
	assert.NoError(t, rs[0].Err)
}

func TestLintAll(t *testing.T) {
	dir := t.TempDir()
	fixable := filepath.Join(dir, "fix.wf")
	require.NoError(t, os.WriteFile(fixable, []byte("http.host eq 'x'\n"), 0o644))
	inputs := []Input{
		{Display: "<expr:1>", Data: []byte(`http.host eq "x"`)},
		{Display: "<expr:2>", Data: []byte{0}},
		{Display: "<expr:3>", Data: []byte(`http.host eq 'x'`)},
		{Path: fixable, Display: "fix.wf"},
	}
	rs, texts, ds, _ := lintAll(t, New(Settings{Profile: "rules"}), inputs, true)
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
	rs, _, _, _ = lintAll(t, New(Settings{Profile: "rules"}), warned, false)
	assert.False(t, rs[0].Findings)
	rs, _, _, _ = lintAll(t, New(Settings{Profile: "rules", FailOn: diag.Warning}), warned, false)
	assert.True(t, rs[0].Findings)
}
