package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/lsp/lsptest"
)

// BenchmarkServerRSS500 starts the real wfls binary, opens 500 documents
// of 1,000–3,500 bytes, waits for all their diagnostics and reports the
// server process's resident set size (Linux only).
func BenchmarkServerRSS500(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "wfls")
	require.NoError(b, exec.Command("go", "build", "-o", bin, ".").Run())
	for range b.N {
		cmd := exec.Command(bin)
		stdin, err := cmd.StdinPipe()
		require.NoError(b, err)
		stdout, err := cmd.StdoutPipe()
		require.NoError(b, err)
		require.NoError(b, cmd.Start())
		send := func(v any) { require.NoError(b, lsptest.Send(stdin, v)) }
		// Read on another goroutine, as an editor does, so that the
		// server's output never backs up while the documents are sent.
		msgs := make(chan map[string]any, 1024)
		go func() { _ = lsptest.ReadMessages(stdout, msgs) }()
		send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
		<-msgs
		send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
		var base strings.Builder
		for i := 0; base.Len() < 4000; i++ {
			fmt.Fprintf(&base, "(http.host eq \"h%03d.example.com\" and starts_with(http.request.uri.path, \"/p%d\")) or ", i, i)
		}
		for i := range 500 {
			text := strings.TrimSuffix(base.String()[:1000+i*5], " ")
			send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
				"uri": fmt.Sprintf("file:///bench/doc%d.wf", i), "languageId": "wirefilter", "version": 1, "text": text}}})
		}
		seen := map[string]bool{}
		for len(seen) < 500 {
			m, ok := <-msgs
			require.True(b, ok, "server output ended")
			if m["method"] == "textDocument/publishDiagnostics" {
				seen[m["params"].(map[string]any)["uri"].(string)] = true
			}
		}
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err == nil {
			for _, line := range strings.Split(string(status), "\n") {
				if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
					kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
					b.ReportMetric(float64(kb)/1024, "rss-MB")
				}
			}
		}
		send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
		for m := range msgs {
			if m["id"] == 2.0 {
				break
			}
		}
		send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
		require.NoError(b, cmd.Wait())
	}
}
