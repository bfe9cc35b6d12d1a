package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNeovim drives the built wfls binary from a real editor: headless
// Neovim opens a .wf and a .tf file (testdata/lsp), and the test checks the
// diagnostics' ranges, completion, hover and formatting that Neovim saw.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not found: install the Debian package neovim to run the real-client test")
	}
	if testing.Short() {
		t.Skip("-short: runs headless Neovim against wfls")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	for _, f := range []string{"a.wf", "main.tf", "nvim_e2e.lua"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lsp", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	out := filepath.Join(dir, "out.json")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile nvim_e2e.lua")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WFLS_BIN="+bin, "WFLS_OUT="+out, "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	output, err := cmd.CombinedOutput()
	require.NoError(t, err, "nvim: %s", output)
	data, err := os.ReadFile(out)
	require.NoError(t, err, "nvim wrote no results: %s", output)

	var res struct {
		Errors        []string `json:"errors"`
		WfDiagnostics []struct {
			Lnum    int    `json:"lnum"`
			Col     int    `json:"col"`
			EndLnum int    `json:"end_lnum"`
			EndCol  int    `json:"end_col"`
			Code    string `json:"code"`
		} `json:"wf_diagnostics"`
		TfDiagnostics []struct {
			Lnum    int    `json:"lnum"`
			Col     int    `json:"col"`
			EndLnum int    `json:"end_lnum"`
			EndCol  int    `json:"end_col"`
			Code    string `json:"code"`
		} `json:"tf_diagnostics"`
		Completion []string `json:"completion"`
		Hover      string   `json:"hover"`
		Formatted  []string `json:"formatted"`
		TfHover    string   `json:"tf_hover"`
	}
	require.NoError(t, json.Unmarshal(data, &res), "%s", data)
	require.Empty(t, res.Errors)

	require.NotEmpty(t, res.WfDiagnostics)
	d := res.WfDiagnostics[0]
	assert.Equal(t, "unknown-field", d.Code)
	assert.Equal(t, [4]int{0, 0, 0, len("http.hots")}, [4]int{d.Lnum, d.Col, d.EndLnum, d.EndCol})

	assert.Contains(t, res.Completion, "cf.bot_management.score")
	assert.Contains(t, res.Hover, "cf.bot_management.score: Int")
	assert.Equal(t, []string{`http.hots eq "x" and cf.bot_management.score lt 30`}, res.Formatted)

	tf, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	require.NoError(t, err)
	line := strings.Split(string(tf), "\n")[7]
	col := strings.Index(line, "'x'")
	require.NotEmpty(t, res.TfDiagnostics)
	td := res.TfDiagnostics[0]
	assert.Equal(t, "single-quoted-string", td.Code)
	assert.Equal(t, [4]int{7, col, 7, col + 3}, [4]int{td.Lnum, td.Col, td.EndLnum, td.EndCol})
	assert.Contains(t, res.TfHover, "http.host: Bytes")
}
