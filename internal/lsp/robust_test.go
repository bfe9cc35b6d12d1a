package lsp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func hoverParams(s *session, text string) *protocol.HoverParams {
	u := s.open("r.wf", text)
	return &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Character: 2}}}
}

// TestCancelRequest holds a hover until its context ends; the client's
// cancellation (protocol.Call sends $/cancelRequest when the caller's
// context is cancelled) must reach it and produce RequestCancelled.
func TestCancelRequest(t *testing.T) {
	started, finished := make(chan struct{}), make(chan error, 1)
	var once sync.Once
	s := newSessionWith(t, nil, func(srv *Server) {
		srv.requestHook = func(ctx context.Context, method string) {
			first := false
			once.Do(func() { first = true })
			if method != protocol.MethodTextDocumentHover || !first {
				return
			}
			close(started)
			<-ctx.Done()
			finished <- ctx.Err()
		}
	})
	params := hoverParams(s, "http.host")
	ctx, cancel := context.WithCancel(s.ctx)
	go func() {
		<-started
		cancel()
	}()
	_, err := s.server.Hover(ctx, params)
	require.Error(t, err)
	select {
	case herr := <-finished:
		assert.ErrorIs(t, herr, context.Canceled)
	case <-ctx.Done():
	}
	// The server keeps serving.
	_, err = s.server.Hover(s.ctx, params)
	require.NoError(t, err)
}

// TestCancelReply sends $/cancelRequest on the wire while a request is
// held, and checks the RequestCancelled reply.
func TestCancelReply(t *testing.T) {
	started := make(chan struct{})
	s := newSessionWith(t, nil, func(srv *Server) {
		srv.requestHook = func(ctx context.Context, method string) {
			if method == protocol.MethodTextDocumentHover {
				close(started)
				<-ctx.Done()
			}
		}
	})
	params := hoverParams(s, "http.host")
	errc := make(chan error, 1)
	go func() {
		var res protocol.Hover
		_, err := s.conn.Call(s.ctx, protocol.MethodTextDocumentHover, params, &res)
		errc <- err
	}()
	<-started
	// Call ids count from 1 on this connection; initialize was the first.
	require.NoError(t, s.conn.Notify(s.ctx, protocol.MethodCancelRequest, &protocol.CancelParams{ID: protocol.Integer(2)}))
	err := <-errc
	var rpcErr *jsonrpc2.Error
	require.True(t, errors.As(err, &rpcErr), "%v", err)
	assert.Equal(t, protocol.CodeRequestCancelled, rpcErr.Code)
}

func TestPanicRecovered(t *testing.T) {
	s := newSessionWith(t, nil, func(srv *Server) {
		srv.requestHook = func(_ context.Context, method string) {
			if method == protocol.MethodTextDocumentHover {
				panic("boom")
			}
		}
	})
	params := hoverParams(s, "http.host")
	_, err := s.server.Hover(s.ctx, params)
	var rpcErr *jsonrpc2.Error
	require.True(t, errors.As(err, &rpcErr), "%v", err)
	assert.Equal(t, jsonrpc2.InternalError, rpcErr.Code)
	// Still serving.
	items := s.complete(params.TextDocument.URI, protocol.Position{Character: 4})
	assert.NotEmpty(t, items)
}

func TestDidChangeConfiguration(t *testing.T) {
	s := newSession(t, nil)
	u := s.open("cfg.wf", `http.referer eq "x"`)
	p := s.waitDiags(u, 1)
	require.NotEmpty(t, p.Diagnostics, "http.referer is not a feedback field")
	require.NoError(t, s.server.DidChangeConfiguration(s.ctx, &protocol.DidChangeConfigurationParams{
		Settings: []byte(`{"wflint":{"profile":"rules"}}`)}))
	p = s.waitDiags(u, 1)
	for len(p.Diagnostics) > 0 {
		// The first publication may still be the feedback one if it
		// raced with the change; the rules one follows.
		p = s.waitDiags(u, 1)
	}
	assert.Empty(t, p.Diagnostics)
}

func TestBeforeInitialize(t *testing.T) {
	left, right := jsonrpc2.NewChannelStreamPair(16)
	srv := NewServer(Options{})
	go func() { _ = srv.Serve(context.Background(), left) }()
	ctx, conn, server := protocol.NewClient(context.Background(), &testClient{diags: make(chan *protocol.PublishDiagnosticsParams, 1)}, right)
	defer conn.Close()
	_, err := server.Hover(ctx, &protocol.HoverParams{})
	var rpcErr *jsonrpc2.Error
	require.True(t, errors.As(err, &rpcErr), "%v", err)
	assert.Equal(t, codeServerNotInitialized, rpcErr.Code)
}

// TestWflintYAML checks that .wflint.yaml next to a document applies, and
// that a broken one is reported to the user instead of ignored silently.
func TestWflintYAML(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("profile: rules\n"), 0o644))
	bad := filepath.Join(dir, "bad")
	require.NoError(t, os.Mkdir(bad, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bad, ".wflint.yaml"), []byte("profil: rules\n"), 0o644))

	s := newSession(t, nil)
	open := func(path, text string) uri.URI {
		u := uri.File(path)
		require.NoError(t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
			URI: u, LanguageID: "wirefilter", Version: 1, Text: text}}))
		return u
	}
	u := open(filepath.Join(dir, "a.wf"), `http.referer eq "x"`)
	assert.Empty(t, s.waitDiags(u, 1).Diagnostics, "http.referer is a rules field")

	u = open(filepath.Join(bad, "b.wf"), `http.host eq "x"`)
	s.waitDiags(u, 1)
	select {
	case msg := <-s.client.messages:
		assert.Contains(t, msg, "profil")
	case <-time.After(timeout):
		t.Fatal("no message about the broken .wflint.yaml")
	}
}

func TestStartupProfileSurvivesInitialize(t *testing.T) {
	// wfls -profile rules, and a client that sends no settings.
	s := newSessionWith(t, nil, func(srv *Server) { srv.defaults = Settings{Profile: "rules"} })
	u := s.open("r.wf", `http.referer eq "x"`)
	assert.Empty(t, s.waitDiags(u, 1).Diagnostics, "http.referer is a rules field")
}
