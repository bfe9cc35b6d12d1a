package lsp

import (
	"context"
	"path"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/workspace"
)

// region is one expression of a document with its analysis; the
// workspace maps its offsets and escapes to and from the document.
type region = workspace.Expr

// document is an immutable snapshot of one open text document. Every edit
// makes a new snapshot, so request handlers can work on the one they took
// without locks while edits keep arriving.
type document struct {
	URI     uri.URI
	Lang    string
	Version int32
	Text    string

	linesOnce sync.Once
	lines     *diag.LineIndex

	mu       sync.Mutex
	analysed *analysis
}

// analysis is the workspace's view of one snapshot under one
// configuration.
type analysis struct {
	cfg  *config
	file *workspace.File
}

func newDocument(u uri.URI, lang string, version int32, text string) *document {
	return &document{URI: u, Lang: lang, Version: version, Text: text}
}

// Lines returns the line index of the text, built on first use.
func (d *document) Lines() *diag.LineIndex {
	d.linesOnce.Do(func() { d.lines = diag.NewLineIndex(d.Text) })
	return d.lines
}

// Analyse returns the analysis of this snapshot under cfg, computing it once.
func (d *document) Analyse(cfg *config) *analysis {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.analysed != nil && d.analysed.cfg == cfg {
		return d.analysed
	}
	d.analysed = &analysis{cfg: cfg, file: cfg.ws.Lint(d.source())}
	return d.analysed
}

// exprAt returns the expression under a protocol position and the offset
// within its text.
func (d *document) exprAt(cfg *config, p protocol.Position, enc protocol.PositionEncodingKind) (*region, int, bool) {
	return d.Analyse(cfg).file.ExprAt(d.offset(p, enc))
}

// exprAtCursor serves the requests about the expression under a cursor
// (completion, hover, signature help): it finds the document and the
// expression, with the cursor's offset in it. The expression is nil when
// the cursor is outside every expression or the request fails (err).
func exprAtCursor(ctx context.Context, p protocol.TextDocumentPositionParams) (*view, *document, *region, int, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	r, off, ok := doc.exprAt(v.cfg, p.Position, v.enc)
	if !ok {
		return v, doc, nil, 0, nil
	}
	return v, doc, r, off, nil
}

// source is the document as the workspace reads it: a file URI is a path
// (which finds .wflint.yaml); any other is a buffer named by its last
// segment, its kind told by extension or language id.
func (d *document) source() workspace.Source {
	src := workspace.Source{Name: path.Base(string(d.URI)), Lang: d.Lang, Text: []byte(d.Text)}
	if strings.HasPrefix(string(d.URI), "file:") {
		src.Path = d.URI.Path()
	}
	return src
}

// offset converts a protocol position to a byte offset in the text.
func (d *document) offset(p protocol.Position, enc protocol.PositionEncodingKind) int {
	if enc == protocol.PositionEncodingKindUTF8 {
		return int(d.Lines().OffsetUTF8(int(p.Line), int(p.Character)))
	}
	return int(d.Lines().OffsetUTF16(int(p.Line), int(p.Character)))
}

// position converts a byte offset to a protocol position.
func (d *document) position(off int, enc protocol.PositionEncodingKind) protocol.Position {
	pos := d.Lines().Position(diag.Pos(off))
	col := pos.UTF16Col
	if enc == protocol.PositionEncodingKindUTF8 {
		col = pos.ByteCol
	}
	return protocol.Position{Line: uint32(pos.Line - 1), Character: uint32(col - 1)}
}

// rangeOf converts a document byte span to a protocol range.
func (d *document) rangeOf(s diag.Span, enc protocol.PositionEncodingKind) protocol.Range {
	return protocol.Range{Start: d.position(int(s.Start), enc), End: d.position(int(s.End), enc)}
}

// applyChanges returns the text after a didChange's content changes, applied
// in order as the protocol requires.
func applyChanges(text string, changes []protocol.TextDocumentContentChangeEvent, enc protocol.PositionEncodingKind) string {
	for _, ch := range changes {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = c.Text
		case *protocol.TextDocumentContentChangePartial:
			d := &document{Text: text}
			start, end := d.offset(c.Range.Start, enc), d.offset(c.Range.End, enc)
			if end < start {
				start, end = end, start
			}
			text = text[:start] + c.Text + text[end:]
		}
	}
	return text
}
