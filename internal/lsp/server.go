// Package lsp implements wfls, the wflint language server for Cloudflare's
// Rules language ("wirefilter" expressions).
//
// The server speaks LSP 3.18 over any jsonrpc2.Stream (stdio in cmd/wfls, an
// in-memory channel pair in tests and benchmarks). Everything inside works on
// byte offsets, as the rest of wflint does; positions are converted to the
// negotiated encoding (UTF-16 by default, UTF-8 when the client offers it)
// only at the protocol edge.
//
// Documents are immutable snapshots: an edit replaces the snapshot, request
// handlers work on the snapshot they took, and diagnostics are computed by a
// background worker that drops any result whose snapshot is no longer
// current, so a stale analysis is never published.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/internal/version"
)

// Version is reported to clients in serverInfo: the build's version, the
// one `wfls --version` and `wflint --version` print.
var Version = version.String()

// codeServerNotInitialized is LSP's ServerNotInitialized error code; the
// protocol module has no constant for it.
const codeServerNotInitialized jsonrpc2.Code = -32002

// Options configures a Server.
type Options struct {
	// Logger receives operational messages (recovered panics, rejected
	// messages). Nil discards them.
	Logger *log.Logger
	// Settings are the defaults before the client sends any.
	Settings Settings
}

// Server is one language server session.
type Server struct {
	logger *log.Logger
	conn   jsonrpc2.Conn
	// defaults are the settings the server was started with (wfls
	// -profile); the client's settings override them member by member.
	defaults Settings

	pubMu sync.Mutex // serialises publishDiagnostics
	mu    sync.Mutex
	// docs is copy-on-write: replaced, never modified, so that a view can
	// keep the map it captured.
	docs        map[uri.URI]*document
	dirty       map[uri.URI]struct{}
	enc         protocol.PositionEncodingKind
	cfg         *config
	initialized bool
	shutdown    bool
	snippets    bool

	wake      chan struct{}
	exited    chan struct{}
	exitOnce  sync.Once
	canceller func(jsonrpc2.ID)

	// requestHook, when set by tests, runs before each request is
	// dispatched, on the request's goroutine: tests use it to hold a
	// request until it is cancelled, or to panic inside a handler.
	requestHook func(ctx context.Context, method string)
}

// NewServer returns a server that is not yet connected.
func NewServer(opts Options) *Server {
	logger := opts.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &Server{
		logger:   logger,
		defaults: opts.Settings,
		docs:     map[uri.URI]*document{},
		dirty:    map[uri.URI]struct{}{},
		enc:      protocol.PositionEncodingKindUTF16,
		wake:     make(chan struct{}, 1),
		exited:   make(chan struct{}),
	}
	s.cfg = newConfig(opts.Settings, s.warn)
	return s
}

// warn tells the user about a configuration problem (a bad .wflint.yaml,
// an unknown profile): it is logged and shown as a window message, since
// a setting that silently does nothing is worse than one that complains.
func (s *Server) warn(msg string) {
	s.logger.Print(msg)
	if conn := s.conn; conn != nil {
		_ = conn.Notify(context.Background(), protocol.MethodWindowShowMessage,
			&protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
	}
}

// ServeStdio serves one client over a byte stream with LSP framing, such as
// stdin/stdout. It returns when the client sends exit or the stream ends;
// the error is nil after an orderly shutdown+exit.
func (s *Server) ServeStdio(ctx context.Context, rwc io.ReadWriteCloser) error {
	return s.Serve(ctx, newResilientStream(rwc, s.logger))
}

// Serve serves one client over a message stream. It returns when the client
// sends exit or the connection ends.
func (s *Server) Serve(ctx context.Context, stream jsonrpc2.Stream) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn := jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(codec{}), jsonrpc2.WithPreempter(preempter{s}))
	s.conn = conn
	conn.Go(ctx, s.handler())
	// Several workers, so that one slow document does not hold back the
	// diagnostics of the others.
	for range max(2, runtime.GOMAXPROCS(0)) {
		go s.worker(ctx)
	}
	select {
	case <-s.exited:
		// Close waits for the read loop, which may be parked in a read
		// that closing cannot interrupt (a blocking stdin pipe is not
		// pollable), so give it a moment and then return regardless: the
		// client has said goodbye and cmd/wfls exits.
		go func() { _ = conn.Close() }()
		select {
		case <-conn.Done():
		case <-time.After(time.Second):
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.shutdown {
			return errors.New("wfls: exit without shutdown")
		}
		return nil
	case <-conn.Done():
	case <-ctx.Done():
		_ = conn.Close()
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdown {
		return errors.New("wfls: connection ended without shutdown")
	}
	return nil
}

// codec marshals payloads with the protocol module's union-aware encoder;
// the module's own codec is unexported.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case nil:
		return []byte("null"), nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// preempter handles $/cancelRequest on the read loop, ahead of the
// requests it cancels.
type preempter struct{ s *Server }

func (p preempter) Preempt(_ context.Context, req *jsonrpc2.Request) (any, error) {
	if req.Method() != protocol.MethodCancelRequest {
		return nil, jsonrpc2.ErrNotHandled
	}
	var params protocol.CancelParams
	if err := protocol.Unmarshal(req.Params(), &params); err != nil {
		p.s.logger.Printf("wfls: bad $/cancelRequest: %v", err)
		return true, nil
	}
	switch id := params.ID.(type) {
	case protocol.Integer:
		p.s.canceller(jsonrpc2.NewNumberID(int64(id)))
	case protocol.String:
		p.s.canceller(jsonrpc2.NewStringID(string(id)))
	}
	return true, nil
}

// handler builds the dispatch chain: lifecycle gating, panic recovery,
// cancellation, then the protocol module's typed dispatch.
//
// Notifications run inline on the read loop, so edits apply in wire order.
// A request first captures a view of the session (documents, settings,
// encoding) and then releases the read loop with jsonrpc2.Async, so a slow
// request neither blocks later edits nor sees them, and $/cancelRequest can
// be read while it runs. Cancellation uses a context derived from the
// connection, not from the pooled request context: jsonrpc2 recycles that
// context when the handler returns, and a context.WithCancel child of it
// can outlive it (jsonrpc2.CancelHandler crashes that way).
func (s *Server) handler() jsonrpc2.Handler {
	dispatch := protocol.ServerHandler(impl{s: s}, jsonrpc2.MethodNotFoundHandler)
	var mu sync.Mutex
	inflight := map[jsonrpc2.ID]context.CancelFunc{}
	s.canceller = func(id jsonrpc2.ID) {
		mu.Lock()
		cancel := inflight[id]
		mu.Unlock()
		if cancel != nil {
			cancel()
		}
	}
	return func(ctx context.Context, req *jsonrpc2.Request) (res any, err error) {
		method, isCall := strings.Clone(req.Method()), req.IsCall()
		defer func() {
			if p := recover(); p != nil {
				// A bug in one feature must not take the editor's server
				// down: log it and answer the call with InternalError.
				s.logger.Printf("wfls: panic in %s: %v\n%s", method, p, debug.Stack())
				res, err = nil, nil
				if isCall {
					err = jsonrpc2.Errorf(jsonrpc2.InternalError, "wfls: internal error in %s: %v", method, p)
				}
			}
		}()
		if gate := s.gate(method, isCall); gate != nil {
			if !isCall {
				return nil, nil
			}
			return nil, gate
		}
		if !isCall {
			// jsonrpc2 tears the connection down when a notification
			// handler fails; a bad notification is the client's problem,
			// not a reason to stop serving.
			if err := dispatchNotification(ctx, dispatch, req); err != nil && !strings.HasPrefix(method, "$/") {
				s.logger.Printf("wfls: notification %s: %v", method, err)
			}
			return nil, nil
		}
		if method == protocol.MethodInitialize || method == protocol.MethodShutdown {
			return dispatch(ctx, req)
		}
		id := req.ID()
		v := s.view()
		jsonrpc2.Async(ctx)
		cctx, cancel := context.WithCancel(context.WithValue(jsonrpc2.DetachContext(ctx), viewKey{}, v))
		mu.Lock()
		inflight[id] = cancel
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(inflight, id)
			mu.Unlock()
			cancel()
		}()
		if s.requestHook != nil {
			s.requestHook(cctx, method)
		}
		res, err = dispatch(cctx, req)
		if cctx.Err() != nil {
			return nil, protocol.ErrRequestCancelled
		}
		return res, err
	}
}

func dispatchNotification(ctx context.Context, h jsonrpc2.Handler, req *jsonrpc2.Request) error {
	_, err := h(ctx, req)
	return err
}

// view is what a request sees: the session as it was when the request
// arrived. The document map is copy-on-write, so capturing it is O(1).
type view struct {
	docs map[uri.URI]*document
	cfg  *config
	enc  protocol.PositionEncodingKind
	// snippets reports client snippet support for completion.
	snippets bool
}

type viewKey struct{}

func (s *Server) view() *view {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &view{docs: s.docs, cfg: s.cfg, enc: s.enc, snippets: s.snippets}
}

// viewOf returns the view a request captured, and the document it names.
func viewOf(ctx context.Context, u uri.URI) (*view, *document, error) {
	v, _ := ctx.Value(viewKey{}).(*view)
	if v == nil {
		return nil, nil, jsonrpc2.NewError(jsonrpc2.InternalError, "wfls: request without a view")
	}
	d, ok := v.docs[u]
	if !ok {
		return v, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "wfls: document not open: %s", u)
	}
	return v, d, nil
}

// gate enforces the lifecycle: nothing but initialize before it, nothing
// but exit after shutdown.
func (s *Server) gate(method string, isCall bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case method == protocol.MethodExit:
		return nil
	case s.shutdown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "wfls: server is shut down")
	case !s.initialized && method != protocol.MethodInitialize:
		return jsonrpc2.NewError(codeServerNotInitialized, "wfls: server not initialized")
	case s.initialized && method == protocol.MethodInitialize:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "wfls: already initialized")
	}
	return nil
}

// impl adapts Server to protocol.Server. Unimplemented methods answer
// MethodNotFound (requests) or are ignored (notifications).
type impl struct {
	protocol.UnimplementedServer
	s *Server
}

func (h impl) Initialize(_ context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s := h.s
	settings, err := parseSettings(p.InitializationOptions)
	if err != nil {
		s.logger.Print(err)
	}
	cfg := newConfig(settings.withDefaults(s.defaults), s.warn)
	enc := protocol.PositionEncodingKindUTF16
	if g := p.Capabilities.General; g != nil {
		for _, e := range g.PositionEncodings {
			if e == protocol.PositionEncodingKindUTF8 {
				enc = e
				break
			}
		}
	}
	snippets := false
	if td := p.Capabilities.TextDocument; td != nil && td.Completion != nil && td.Completion.CompletionItem != nil {
		snippets = td.Completion.CompletionItem.SnippetSupport != nil && *td.Completion.CompletionItem.SnippetSupport
	}
	s.mu.Lock()
	s.enc, s.cfg, s.initialized, s.snippets = enc, cfg, true, snippets
	s.mu.Unlock()
	return &protocol.InitializeResult{
		Capabilities: capabilities(enc),
		ServerInfo:   protocol.ServerInfo{Name: "wfls", Version: protocol.NewOptional(Version)},
	}, nil
}

func capabilities(enc protocol.PositionEncodingKind) protocol.ServerCapabilities {
	yes := true
	incremental := protocol.TextDocumentSyncKindIncremental
	return protocol.ServerCapabilities{
		PositionEncoding: enc,
		TextDocumentSync: &protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &incremental},
		CompletionProvider: &protocol.CompletionOptions{
			TriggerCharacters: []string{".", "$", " ", "(", "{", "\""},
			ResolveProvider:   &yes,
		},
		HoverProvider:          protocol.Boolean(true),
		SignatureHelpProvider:  &protocol.SignatureHelpOptions{TriggerCharacters: []string{"(", ","}},
		DocumentSymbolProvider: protocol.Boolean(true),
		CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{
			protocol.CodeActionKindQuickFix, protocol.CodeActionKindRefactorRewrite, protocol.CodeActionKindSourceFixAll,
		}},
		DocumentFormattingProvider:      protocol.Boolean(true),
		DocumentRangeFormattingProvider: protocol.Boolean(true),
		FoldingRangeProvider:            protocol.Boolean(true),
		InlayHintProvider:               protocol.Boolean(true),
		SemanticTokensProvider: &protocol.SemanticTokensOptions{
			Legend: protocol.SemanticTokensLegend{TokenTypes: tokenTypes, TokenModifiers: tokenModifiers},
			Full:   protocol.Boolean(true),
			Range:  protocol.Boolean(true),
		},
	}
}

func (h impl) Initialized(context.Context, *protocol.InitializedParams) error { return nil }

func (h impl) Shutdown(context.Context) error {
	h.s.mu.Lock()
	h.s.shutdown = true
	h.s.mu.Unlock()
	return nil
}

func (h impl) Exit(context.Context) error {
	h.s.exitOnce.Do(func() { close(h.s.exited) })
	return nil
}

func (h impl) Request(_ context.Context, method string, _ any) (any, error) {
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "wfls: method not supported: %s", method)
}

func (h impl) DidChangeConfiguration(_ context.Context, p *protocol.DidChangeConfigurationParams) error {
	s := h.s
	settings, err := parseSettings(p.Settings)
	if err != nil {
		return err
	}
	// A new config also drops the cached .wflint.yaml files, so editing
	// one takes effect on the next settings change.
	cfg := newConfig(settings.withDefaults(s.defaults), s.warn)
	s.mu.Lock()
	s.cfg = cfg
	for u := range s.docs {
		s.dirty[u] = struct{}{}
	}
	s.mu.Unlock()
	s.kick()
	return nil
}

func (h impl) DidOpen(_ context.Context, p *protocol.DidOpenTextDocumentParams) error {
	td := p.TextDocument
	doc := newDocument(td.URI, string(td.LanguageID), td.Version, td.Text)
	h.s.update(doc)
	return nil
}

func (h impl) DidChange(_ context.Context, p *protocol.DidChangeTextDocumentParams) error {
	s := h.s
	s.mu.Lock()
	old, ok := s.docs[p.TextDocument.URI]
	enc := s.enc
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("didChange for unopened document %s", p.TextDocument.URI)
	}
	// Edits arrive in order (notifications run on the read loop), so the
	// snapshot read above is the one these changes apply to.
	text := applyChanges(old.Text, p.ContentChanges, enc)
	h.s.update(newDocument(old.URI, old.Lang, p.TextDocument.Version, text))
	return nil
}

func (h impl) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	s := h.s
	// Clear the editor's list under pubMu, after removing the document,
	// so that no analysis of the closed document is published after it.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	docs := maps.Clone(s.docs)
	delete(docs, p.TextDocument.URI)
	s.docs = docs
	delete(s.dirty, p.TextDocument.URI)
	s.mu.Unlock()
	return s.conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics,
		&protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
}

// update installs a new snapshot and schedules its analysis.
func (s *Server) update(doc *document) {
	s.mu.Lock()
	docs := maps.Clone(s.docs)
	docs[doc.URI] = doc
	s.docs = docs
	s.dirty[doc.URI] = struct{}{}
	s.mu.Unlock()
	s.kick()
}

func (s *Server) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// worker analyses dirty documents off the request goroutines. Rapid edits
// coalesce: only the newest snapshot of a document is analysed, and a
// result is published only if its snapshot and configuration are still
// current when it is ready. That version check is the debouncing; there is
// no timer to tune.
func (s *Server) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.exited:
			return
		case <-s.wake:
		}
		for {
			doc, cfg, enc := s.nextDirty()
			if doc == nil {
				break
			}
			s.analyseAndPublish(ctx, doc, cfg, enc)
		}
	}
}

func (s *Server) nextDirty() (*document, *config, protocol.PositionEncodingKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for u := range s.dirty {
		delete(s.dirty, u)
		if d, ok := s.docs[u]; ok {
			return d, s.cfg, s.enc
		}
	}
	return nil, nil, ""
}

func (s *Server) analyseAndPublish(ctx context.Context, doc *document, cfg *config, enc protocol.PositionEncodingKind) {
	defer func() {
		if p := recover(); p != nil {
			s.logger.Printf("wfls: panic analysing %s: %v\n%s", doc.URI, p, debug.Stack())
		}
	}()
	diags := toDiagnostics(doc, doc.Analyse(cfg), enc)
	// pubMu orders publications; s.mu is not held while writing, so a
	// client that is slow to read never stalls the handling of its edits.
	// A result is published only if its snapshot is still current once
	// every earlier publication is out, so a newer version's diagnostics
	// are never followed by an older one's.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current := s.docs[doc.URI] == doc && s.cfg == cfg
	s.mu.Unlock()
	if !current {
		return // superseded: a newer snapshot is queued
	}
	params := &protocol.PublishDiagnosticsParams{URI: doc.URI, Version: protocol.NewOptional(doc.Version), Diagnostics: diags}
	if err := s.conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, params); err != nil {
		s.logger.Printf("wfls: publishing diagnostics: %v", err)
	}
}
