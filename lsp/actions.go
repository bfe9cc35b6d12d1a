package lsp

import (
	"context"
	"github.com/wflint/wflint/diag"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/grammar"
)

// hostEdits maps edits of region r to document text edits, escaping the
// new text for the host.
func hostEdits(doc *document, r *region, edits []diag.Edit, enc protocol.PositionEncodingKind) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: doc.rangeOf(doc.hostSpan(r, e.Span), enc), NewText: r.escape(e.New)})
	}
	return out
}

func workspaceEdit(u uri.URI, edits []protocol.TextEdit) *protocol.WorkspaceEdit {
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{u: edits}}
}

func overlaps(a, b diag.Span) bool { return a.Start <= b.End && b.Start <= a.End }

func wants(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == k || (len(k) > len(o) && string(k[:len(o)]) == string(o) && k[len(o)] == '.') {
			return true
		}
	}
	return false
}

func (h impl) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	enc := v.enc
	sel := diag.Span{Start: diag.Pos(doc.offset(p.Range.Start, enc)), End: diag.Pos(doc.offset(p.Range.End, enc))}
	a := doc.Analyse(v.cfg)
	out := []protocol.CommandOrCodeAction{}
	add := func(ca *protocol.CodeAction) { out = append(out, ca) }
	var all []protocol.TextEdit
	only := p.Context.Only
	for ri, r := range doc.Regions() {
		res := a.results[ri]
		var taken []diag.Span // fix-all skips fixes that overlap earlier ones
		for _, d := range res.Diagnostics {
			if len(d.Fixes) == 0 {
				continue
			}
			if fixOK(taken, d.Fixes[0]) {
				all = append(all, hostEdits(doc, r, d.Fixes[0].Edits, enc)...)
				for _, e := range d.Fixes[0].Edits {
					taken = append(taken, e.Span)
				}
			}
			if !overlaps(doc.hostSpan(r, d.Span), sel) || !wants(only, protocol.CodeActionKindQuickFix) {
				continue
			}
			pd := toDiagnostic(doc, r, d, enc)
			for i, f := range d.Fixes {
				kind := protocol.CodeActionKindQuickFix
				preferred := i == 0
				add(&protocol.CodeAction{Title: f.Title, Kind: &kind, Diagnostics: []protocol.Diagnostic{pd},
					IsPreferred: &preferred, Edit: workspaceEdit(doc.URI, hostEdits(doc, r, f.Edits, enc))})
			}
		}
		if wants(only, protocol.CodeActionKindRefactorRewrite) {
			for _, ca := range rewrites(doc, r, res, sel, a.profiles[ri], enc) {
				add(ca)
			}
		}
	}
	if len(all) > 0 && (wants(only, protocol.CodeActionKindSourceFixAll) || wants(only, protocol.CodeActionKindQuickFix)) {
		kind := protocol.CodeActionKindSourceFixAll
		add(&protocol.CodeAction{Title: "Fix all wflint problems in the document", Kind: &kind, Edit: workspaceEdit(doc.URI, all)})
	}
	return out, nil
}

func fixOK(taken []diag.Span, f diag.Fix) bool {
	for _, e := range f.Edits {
		for _, t := range taken {
			if e.Span.Start < t.End && t.Start < e.Span.End || e.Span == t {
				return false
			}
		}
	}
	return true
}

// rewrites offers the refactorings that apply to the selection: convert a
// string to a raw string, simplify a negated comparison, replace a
// deprecated field.
func rewrites(doc *document, r *region, res *analyzer.Result, sel diag.Span, cfg *profileCfg, enc protocol.PositionEncodingKind) []*protocol.CodeAction {
	if res.Expr == nil || res.Expr.Root == nil {
		return nil
	}
	var out []*protocol.CodeAction
	kind := protocol.CodeActionKindRefactorRewrite
	mk := func(title string, edits []diag.Edit) {
		out = append(out, &protocol.CodeAction{Title: title, Kind: &kind, Edit: workspaceEdit(doc.URI, hostEdits(doc, r, edits, enc))})
	}
	src := res.Expr.Src
	grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
		if n == nil || !overlaps(doc.hostSpan(r, n.Span()), sel) {
			return n != nil
		}
		switch n := n.(type) {
		case *grammar.Literal:
			if n.Kind == grammar.LitString || n.Kind == grammar.LitRegex {
				mk("Convert to raw string", []diag.Edit{{Span: n.Span(), New: grammar.RawString(n.Value)}})
			}
		case *grammar.Not:
			if c, ok := grammar.Unparen(n.X).(*grammar.Comparison); ok && c.Op != nil && c.RHS != nil {
				flip := map[grammar.CmpKind]string{grammar.OpEq: "ne", grammar.OpNe: "eq", grammar.OpLt: "ge", grammar.OpGe: "lt", grammar.OpGt: "le", grammar.OpLe: "gt"}
				if w, ok := flip[c.Op.Kind]; ok {
					if c.Op.IsSymbol() {
						w = map[string]string{"ne": "!=", "eq": "==", "ge": ">=", "lt": "<", "le": "<=", "gt": ">"}[w]
					}
					text := c.LHS.Span().Text(src) + " " + w + " " + c.RHS.Span().Text(src)
					mk("Simplify negation", []diag.Edit{{Span: n.Span(), New: text}})
				}
			}
		case *grammar.Value:
			if f, ok := lookupField(cfg.schema, n.Name.Text); ok && n.Call == nil && f.Deprecated && f.Replacement != "" && cfg.schema.DeprecationApplies(f.Name) {
				mk("Replace deprecated "+f.Name+" with "+f.Replacement, []diag.Edit{{Span: n.Name.Span, New: f.Replacement}})
			}
		}
		return true
	})
	return out
}

func (h impl) Formatting(ctx context.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return formatRegions(doc, diag.Span{End: diag.Pos(len(doc.Text))}, v.enc), nil
}

func (h impl) RangeFormatting(ctx context.Context, p *protocol.DocumentRangeFormattingParams) ([]protocol.TextEdit, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	sel := diag.Span{Start: diag.Pos(doc.offset(p.Range.Start, v.enc)), End: diag.Pos(doc.offset(p.Range.End, v.enc))}
	return formatRegions(doc, sel, v.enc), nil
}

// formatRegions formats, through the canonical printer, every expression
// that the selection touches. An expression is the smallest unit the
// printer can lay out, so a range inside one formats all of it. Text with
// syntax errors is left alone: formatting must never lose text.
func formatRegions(doc *document, sel diag.Span, enc protocol.PositionEncodingKind) []protocol.TextEdit {
	out := []protocol.TextEdit{}
	for _, r := range doc.Regions() {
		whole := diag.Span{Start: diag.Pos(r.toHost(0)), End: diag.Pos(r.toHost(len(r.Text)))}
		if !overlaps(whole, sel) {
			continue
		}
		opts := grammar.PrintOptions{}
		if r.encode != nil {
			opts.Width = -1 // keep embedded strings on one line
		}
		trimmed := trimSpace(r.Text)
		formatted, errs := grammar.FormatString(trimmed, opts)
		if len(errs) > 0 || formatted == "" {
			continue
		}
		if r.encode == nil && doc.Kind == kindExpr && len(doc.Text) > 0 && doc.Text[len(doc.Text)-1] == '\n' {
			formatted += "\n"
		}
		if formatted == r.Text {
			continue
		}
		out = append(out, protocol.TextEdit{Range: doc.rangeOf(whole, enc), NewText: r.escape(formatted)})
	}
	return out
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
