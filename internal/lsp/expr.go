package lsp

import (
	"sort"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/schema"
)

// The functions here give the server's hover and completion to a front end
// that has an expression on its own and no LSP session: the playground's
// WebAssembly program. They call the same code as the server's handlers.

// HoverExpr explains the name, literal or operator at byte offset off of
// expr, analysed under opts, as the server's hover does: markdown, and the
// byte span [start, end) it is about. ok is false where there is nothing
// to say.
func HoverExpr(expr string, off int, opts analyzer.Options) (text string, start, end int, ok bool) {
	sc := opts.Schema
	if sc == nil {
		sc = schema.Feedback()
	}
	info, ok := hoverAt(analyzer.Analyze(expr, opts), off, sc)
	if !ok {
		info, ok = hoverName(expr, off, sc)
	}
	if !ok {
		return "", 0, 0, false
	}
	return info.text, int(info.span.Start), int(info.span.End), true
}

// ExprCompletion is one completion of an expression on its own.
type ExprCompletion struct {
	// Label is what the list shows; Insert replaces the typed prefix.
	Label, Insert string
	// Kind is "field", "function", "keyword", "operator", "list" or
	// "value".
	Kind string
	// Detail is a type or signature, Doc markdown (fields and functions
	// get their hover text).
	Detail, Doc string
}

// CompleteExpr returns the completions at byte offset off of expr under
// sc, in the server's order, and the offset where the typed prefix they
// replace starts. Snippet syntax is left out: the insert text is plain.
func CompleteExpr(expr string, off int, sc *schema.Schema) (items []ExprCompletion, from int) {
	cc := completionContext(expr, off, sc)
	its := completeIn(cc, sc, false)
	sort.SliceStable(its, func(i, j int) bool { return sortKey(its[i]) < sortKey(its[j]) })
	for _, it := range its {
		c := ExprCompletion{Label: it.Label, Kind: kindName(it.Kind)}
		c.Insert, _ = it.InsertText.Get()
		if c.Insert == "" {
			c.Insert = it.Label
		}
		c.Detail, _ = it.Detail.Get()
		if m, ok := it.Documentation.(*protocol.MarkupContent); ok {
			c.Doc = m.Value
		}
		switch it.Kind {
		case protocol.CompletionItemKindField:
			if f, ok := lookupField(sc, it.Label); ok {
				c.Doc = fieldDoc(sc, f)
			}
		case protocol.CompletionItemKindFunction:
			if fn, ok := sc.Function(it.Label); ok {
				c.Doc = functionDoc(fn)
			}
		}
		items = append(items, c)
	}
	return items, cc.start
}

// sortKey is the order an editor shows the items in: SortText, else the
// label.
func sortKey(it protocol.CompletionItem) string {
	if s, ok := it.SortText.Get(); ok {
		return s
	}
	return it.Label
}

func kindName(k protocol.CompletionItemKind) string {
	switch k {
	case protocol.CompletionItemKindField:
		return "field"
	case protocol.CompletionItemKindFunction:
		return "function"
	case protocol.CompletionItemKindKeyword:
		return "keyword"
	case protocol.CompletionItemKindOperator:
		return "operator"
	case protocol.CompletionItemKindConstant:
		return "list"
	}
	return "value"
}
