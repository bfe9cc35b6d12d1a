package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/lsp/lsptest"
	"github.com/wflint/wflint/internal/runtest"
)

// TestMain removes the wfls binary that the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	if server.dir != "" {
		os.RemoveAll(server.dir)
	}
	os.Exit(code)
}

// server is wfls, built once for all the package's tests.
var server struct {
	once     sync.Once
	dir, bin string
	out      []byte
	err      error
}

// buildServer builds wfls on first use and returns its path.
func buildServer(t *testing.T) string {
	t.Helper()
	server.once.Do(func() {
		if server.dir, server.err = os.MkdirTemp("", "wfls-test"); server.err != nil {
			return
		}
		server.bin = filepath.Join(server.dir, "wfls")
		server.out, server.err = exec.Command("go", "build", "-o", server.bin, ".").CombinedOutput()
	})
	require.NoError(t, server.err, "building wfls: %s", server.out)
	return server.bin
}

// run runs the built wfls with args and stdin, and returns its stdout,
// stderr and exit status.
func run(t *testing.T, bin, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	return runtest.Run(t, cmd)
}

// TestHelp: wfls --help is wflint's style of help (usage, what the server
// does, one line per flag in --flag form), not the flag package's dump.
func TestHelp(t *testing.T) {
	bin := buildServer(t)
	for _, arg := range []string{"--help", "-h", "-help"} {
		out, errOut, code := run(t, bin, "", arg)
		assert.Equal(t, 0, code, errOut)
		assert.True(t, strings.HasPrefix(out, "wfls: the wflint language server (LSP over stdin and stdout)\n\nUsage:\n  wfls [flags]\n"), out)
		for _, fl := range []string{"  --profile PROFILE ", "  -v ", "  --version ", "  --stdio ", "  -h, --help "} {
			assert.Contains(t, out, fl, arg)
		}
		assert.NotContains(t, out, "  -profile", "no single-dash long flags")
		assert.NotContains(t, out, "Usage of", "not the flag package's default")
	}
	out, _, code := run(t, bin, "", "--version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^wfls \S+\n$`, out)
	_, errOut, code := run(t, bin, "", "--nope")
	assert.Equal(t, 2, code)
	assert.Equal(t, "wfls: flag provided but not defined: --nope\nRun 'wfls --help' for usage.\n", errOut)
	_, errOut, code = run(t, bin, "", "main.wf")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "wfls: takes no arguments")
}

// TestStdioFlag: clients such as vscode-languageclient start a command
// server with --stdio; wfls serves a whole session with it, and writes
// nothing but LSP on stdout.
func TestStdioFlag(t *testing.T) {
	bin := buildServer(t)
	var in bytes.Buffer
	for _, m := range []map[string]any{
		{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}},
		{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}},
		{"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
		{"jsonrpc": "2.0", "method": "exit"},
	} {
		require.NoError(t, lsptest.Send(&in, m))
	}
	for _, args := range [][]string{{"--stdio"}, {"--stdio", "--profile", "rules", "-v"}, nil} {
		out, errOut, code := run(t, bin, in.String(), args...)
		require.Equal(t, 0, code, "%v: %s", args, errOut)
		msgs := make(chan map[string]any, 16)
		require.NoError(t, lsptest.ReadMessages(strings.NewReader(out), msgs)) // closes msgs
		var ids []any
		for m := range msgs {
			ids = append(ids, m["id"])
		}
		assert.Equal(t, []any{float64(1), float64(2)}, ids, "%v: the answers to initialize and shutdown, and nothing else", args)
	}
}
