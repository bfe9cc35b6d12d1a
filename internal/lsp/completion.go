package lsp

import (
	"context"

	"github.com/wflint/wflint/internal/diag"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/exprinfo"
	"github.com/wflint/wflint/internal/host"
)

func (h impl) Completion(ctx context.Context, p *protocol.CompletionParams) (protocol.CompletionResult, error) {
	v, doc, r, roff, err := exprAtCursor(ctx, p.TextDocumentPositionParams)
	if r == nil {
		if err != nil {
			return nil, err
		}
		return &protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	// Snippet syntax would be mangled by host escaping ($ in HCL), so
	// embedded expressions get plain insert text.
	snippets := v.snippets && r.Encoding == host.Raw
	found, from := exprinfo.Complete(r.Text, roff, r.Schema(), snippets)
	typed := diag.Span{Start: diag.Pos(from), End: diag.Pos(roff)}
	rng := doc.rangeOf(r.FileSpan(typed), v.enc)
	items := make([]protocol.CompletionItem, 0, len(found))
	for _, f := range found {
		text := f.Insert
		if text == "" {
			text = f.Label
		}
		it := completionItem(f)
		it.TextEdit = &protocol.TextEdit{Range: rng, NewText: r.FileEdit(diag.Edit{Span: typed, New: text}).New}
		items = append(items, it)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return &protocol.CompletionList{Items: items}, nil
}

// completionKinds are the LSP kinds of exprinfo's.
var completionKinds = map[exprinfo.Kind]protocol.CompletionItemKind{
	exprinfo.KindValue: protocol.CompletionItemKindValue, exprinfo.KindField: protocol.CompletionItemKindField,
	exprinfo.KindFunction: protocol.CompletionItemKindFunction, exprinfo.KindKeyword: protocol.CompletionItemKindKeyword,
	exprinfo.KindOperator: protocol.CompletionItemKindOperator, exprinfo.KindList: protocol.CompletionItemKindConstant,
	exprinfo.KindSnippet: protocol.CompletionItemKindSnippet,
}

// completionItem is f as an LSP item, its text edit left to the caller.
func completionItem(f exprinfo.Item) protocol.CompletionItem {
	it := protocol.CompletionItem{Label: f.Label, Kind: completionKinds[f.Kind], Documentation: markdown(f.Doc)}
	if f.Detail != "" {
		it.Detail = protocol.NewOptional(f.Detail)
	}
	if f.Sort != "" {
		it.SortText = protocol.NewOptional(f.Sort)
	}
	if f.Snippet {
		it.InsertTextFormat = protocol.InsertTextFormatSnippet
	}
	if f.Deprecated {
		it.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
	}
	return it
}

func markdown(s string) protocol.InlayHintTooltip {
	if s == "" {
		return nil
	}
	return &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: s}
}

// CompletionResolve adds the documentation of fields and functions. It is
// left out of the completion list itself because it is most of the payload,
// and a list of two hundred fields must arrive within a keystroke.
func (h impl) CompletionResolve(ctx context.Context, it *protocol.CompletionItem) (*protocol.CompletionItem, error) {
	v, _ := ctx.Value(viewKey{}).(*view)
	if v == nil || it.Documentation != nil {
		return it, nil
	}
	// The item does not say which document it came from; the feedback
	// profile only decides the deprecation wording.
	sc := v.cfg.defaultSchema()
	switch it.Kind {
	case protocol.CompletionItemKindField:
		if f, ok := exprinfo.LookupField(sc, it.Label); ok {
			it.Documentation = markdown(exprinfo.FieldDoc(sc, f))
		}
	case protocol.CompletionItemKindFunction:
		if fn, ok := sc.Function(it.Label); ok {
			it.Documentation = markdown(exprinfo.FunctionDoc(fn))
		}
	}
	return it, nil
}
