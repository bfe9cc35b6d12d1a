package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/lsp/lsptest"
)

// rawClient is a JSON-RPC client that writes bytes as given, so a test can
// send what no well-behaved library would: broken JSON, bad headers.
type rawClient struct {
	t    *testing.T
	w    io.Writer
	msgs chan map[string]any
}

func newRawClient(t *testing.T) (*rawClient, chan error) {
	sr, cw := io.Pipe() // client → server
	cr, sw := io.Pipe() // server → client
	srv := NewServer(Options{})
	done := make(chan error, 1)
	go func() { done <- srv.ServeStdio(context.Background(), pipeRWC{sr, sw}) }()
	c := &rawClient{t: t, w: cw, msgs: make(chan map[string]any, 100000)}
	go c.read(cr)
	t.Cleanup(func() { _ = cw.Close(); _ = cr.Close() })
	return c, done
}

type pipeRWC struct {
	*io.PipeReader
	*io.PipeWriter
}

func (p pipeRWC) Close() error {
	_ = p.PipeReader.Close()
	return p.PipeWriter.Close()
}

func (c *rawClient) read(r io.Reader) {
	if err := lsptest.ReadMessages(r, c.msgs); err != nil {
		c.t.Error(err)
	}
}

func (c *rawClient) frame(body string) {
	require.NoError(c.t, lsptest.WriteFrame(c.w, body))
}

func (c *rawClient) send(v any) {
	require.NoError(c.t, lsptest.Send(c.w, v))
}

// next returns the next message that satisfies keep.
func (c *rawClient) next(what string, keep func(map[string]any) bool) map[string]any {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.msgs:
			require.True(c.t, ok, "connection closed while waiting for %s", what)
			if keep(m) {
				return m
			}
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (c *rawClient) response(id any) map[string]any {
	c.t.Helper()
	return c.next(fmt.Sprintf("response %v", id), func(m map[string]any) bool {
		_, hasMethod := m["method"]
		return !hasMethod && fmt.Sprint(m["id"]) == fmt.Sprint(id)
	})
}

// diagnostics waits for a publication for uri at version and returns its
// diagnostics, checking that versions never go backwards on the way.
func (c *rawClient) diagnostics(uri string, version float64) []any {
	c.t.Helper()
	last := -1.0
	m := c.next(fmt.Sprintf("diagnostics %s v%v", uri, version), func(m map[string]any) bool {
		if m["method"] != "textDocument/publishDiagnostics" {
			return false
		}
		p := m["params"].(map[string]any)
		if p["uri"] != uri {
			return false
		}
		v, _ := p["version"].(float64)
		require.GreaterOrEqual(c.t, v, last, "diagnostic versions went backwards")
		require.LessOrEqual(c.t, v, version, "diagnostics for a version never sent")
		last = v
		return v == version
	})
	return m["params"].(map[string]any)["diagnostics"].([]any)
}

// TestReplaySession replays testdata/lsp/session.jsonl, a recorded session
// with malformed and unknown messages, then a 1 MB document and 1,000
// rapid edits, then an orderly shutdown.
func TestReplaySession(t *testing.T) {
	c, done := newRawClient(t)
	f, err := os.Open("../../testdata/lsp/session.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var step struct {
			Note     string          `json:"note"`
			Send     json.RawMessage `json:"send"`
			Raw      *string         `json:"raw"`
			RawFrame *string         `json:"rawframe"`
			Expect   *struct {
				ID          any     `json:"id"`
				Code        float64 `json:"code"`
				Error       bool    `json:"error"`
				ResultHas   string  `json:"result_has"`
				Diagnostics string  `json:"diagnostics"`
				Version     float64 `json:"version"`
				Count       int     `json:"count"`
			} `json:"expect"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &step))
		switch {
		case step.Raw != nil:
			c.frame(*step.Raw)
		case step.RawFrame != nil:
			_, err := io.WriteString(c.w, *step.RawFrame)
			require.NoError(t, err)
		default:
			c.frame(string(step.Send))
		}
		e := step.Expect
		if e == nil {
			continue
		}
		if e.Diagnostics != "" {
			assert.Len(t, c.diagnostics(e.Diagnostics, e.Version), e.Count, step.Note)
			continue
		}
		resp := c.response(e.ID)
		switch {
		case e.Code != 0:
			require.Contains(t, resp, "error", step.Note)
			assert.Equal(t, e.Code, resp["error"].(map[string]any)["code"], step.Note)
		case e.Error:
			assert.Contains(t, resp, "error", step.Note)
		case e.ResultHas != "":
			b, _ := json.Marshal(resp["result"])
			assert.Contains(t, string(b), e.ResultHas, step.Note)
		}
	}
	require.NoError(t, sc.Err())

	// A 1 MB document: one long expression, with one mistake at the end.
	var b strings.Builder
	for b.Len() < 1_000_000-64 {
		fmt.Fprintf(&b, "http.host eq \"host-%07d.example.com\" or ", b.Len())
	}
	b.WriteString("http.host eq 'end'")
	big := b.String()
	c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///replay/big.wf", "languageId": "wirefilter", "version": 1, "text": big}}})
	diags := c.diagnostics("file:///replay/big.wf", 1)
	require.NotEmpty(t, diags)

	// 1,000 rapid edits: type a long expression one character at a time,
	// as an editor sends them, without waiting for anything.
	const uri = "file:///replay/typing.wf"
	c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "wirefilter", "version": 1, "text": ""}}})
	typed := strings.Repeat(`http.host eq "a" or `, 50)[:999] + "'"
	for i := range 1000 {
		c.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": i + 2},
			"contentChanges": []any{map[string]any{
				"range": map[string]any{"start": map[string]any{"line": 0, "character": i}, "end": map[string]any{"line": 0, "character": i}},
				"text":  typed[i : i+1]}}}})
	}
	final := c.diagnostics(uri, 1001)
	require.NotEmpty(t, final, "the final text ends in an unterminated quote")

	// The server is still answering and agrees on the text.
	c.send(map[string]any{"jsonrpc": "2.0", "id": 100, "method": "textDocument/hover", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 981}}})
	hover := c.response(100)
	hb, _ := json.Marshal(hover["result"])
	assert.Contains(t, string(hb), "http.host")

	c.send(map[string]any{"jsonrpc": "2.0", "id": 101, "method": "shutdown"})
	r := c.response(101)
	assert.NotContains(t, r, "error")
	c.send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(timeout):
		t.Fatal("server did not exit")
	}
}
