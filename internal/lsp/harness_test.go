package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// testClient records what the server sends to the client.
type testClient struct {
	protocol.UnimplementedClient
	diags    chan *protocol.PublishDiagnosticsParams
	messages chan string
}

func (c *testClient) ShowMessage(_ context.Context, p *protocol.ShowMessageParams) error {
	select {
	case c.messages <- p.Message:
	default:
	}
	return nil
}

func (c *testClient) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	c.diags <- p
	return nil
}

// session is an in-process client connected to a fresh server.
type session struct {
	t      testing.TB
	ctx    context.Context
	server protocol.Server
	conn   jsonrpc2.Conn
	client *testClient
	done   chan error
}

// timeout bounds every wait so that a broken server fails the test instead
// of hanging it; it is a deadline, not a sleep.
const timeout = 20 * time.Second

func newSession(t testing.TB, init *protocol.InitializeParams) *session {
	t.Helper()
	return newSessionWith(t, init, nil)
}

// newSessionWith is newSession with a chance to adjust the server first.
func newSessionWith(t testing.TB, init *protocol.InitializeParams, setup func(*Server)) *session {
	t.Helper()
	left, right := jsonrpc2.NewChannelStreamPair(1024)
	srv := NewServer(Options{})
	if setup != nil {
		setup(srv)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), left) }()
	tc := &testClient{diags: make(chan *protocol.PublishDiagnosticsParams, 4096), messages: make(chan string, 16)}
	ctx, conn, server := protocol.NewClient(context.Background(), tc, copyingStream{right})
	s := &session{t: t, ctx: ctx, server: server, conn: conn, client: tc, done: done}
	if init == nil {
		init = &protocol.InitializeParams{}
	}
	_, err := server.Initialize(ctx, init)
	require.NoError(t, err)
	require.NoError(t, server.Initialized(ctx, &protocol.InitializedParams{}))
	t.Cleanup(func() {
		_ = server.Shutdown(ctx)
		_ = server.Exit(ctx)
		select {
		case <-done:
		case <-time.After(timeout):
			t.Error("server did not exit")
		}
		_ = conn.Close()
	})
	return s
}

// copyingStream hands out each frame as a copy. The channel stream
// recycles a frame on its next read, and the client may decode strings
// that point into it: a code action title could change under a test
// while the next notification arrives.
type copyingStream struct{ jsonrpc2.Stream }

func (s copyingStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	fr, ok := s.Stream.(interface {
		ReadFrame(context.Context) ([]byte, int64, error)
	})
	if !ok {
		return nil, 0, errors.New("stream cannot read frames")
	}
	f, n, err := fr.ReadFrame(ctx)
	return bytes.Clone(f), n, err
}

func (s *session) open(name, text string) uri.URI {
	s.t.Helper()
	u := uri.File("/work/" + name)
	require.NoError(s.t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "wirefilter", Version: 1, Text: text,
	}}))
	return u
}

// waitDiags waits for diagnostics of u at the given version, failing on
// any publication for a newer version.
func (s *session) waitDiags(u uri.URI, version int32) *protocol.PublishDiagnosticsParams {
	s.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case p := <-s.client.diags:
			if p.URI != u {
				continue
			}
			v, _ := p.Version.Get()
			if v == version {
				return p
			}
			require.Less(s.t, v, version, "diagnostics for a future version")
		case <-deadline:
			s.t.Fatalf("no diagnostics for %s version %d", u, version)
			return nil
		}
	}
}

func TestSmoke(t *testing.T) {
	s := newSession(t, nil)
	u := s.open("a.wf", `http.host eq 'x'`)
	p := s.waitDiags(u, 1)
	require.Len(t, p.Diagnostics, 1)
	d := p.Diagnostics[0]
	require.Equal(t, protocol.String("single-quoted-string"), d.Code)
	require.Equal(t, protocol.Position{Line: 0, Character: 13}, d.Range.Start)
}

// settingsJSON encodes settings as initializationOptions.
func settingsJSON(s Settings) protocol.LSPAny {
	b, _ := json.Marshal(s)
	return b
}
