package lsp

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/workspace"
)

// unsafeTitle ends the title of a quick fix that changes what the
// expression matches, which fix-all never applies.
const unsafeTitle = " (unsafe: changes what the expression matches)"

// textEdits converts edits in document byte offsets to protocol edits.
func textEdits(doc *document, edits []diag.Edit, enc protocol.PositionEncodingKind) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: doc.rangeOf(e.Span, enc), NewText: e.New})
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
	only := p.Context.Only
	safe := false // some finding has a safe fix --fix applies: fix-all has work
	for i := range a.file.Diagnostics {
		d := a.file.Diagnostics[i]
		expr := i < len(a.file.Profiles) && a.file.Profiles[i] != ""
		if fx, ok := d.Applicable(); ok && fx.Safe && expr {
			safe = true
		}
		if !overlaps(d.Span, sel) || !wants(only, protocol.CodeActionKindQuickFix) {
			continue
		}
		pd := toDiagnostic(doc, d, enc)
		kind := protocol.CodeActionKindQuickFix
		for i, f := range d.Fixes {
			// A fix that changes what the expression matches says so, and
			// is never the one an editor applies by itself.
			title, preferred := f.Title, i == 0
			if expr && !f.Safe {
				title += unsafeTitle
				preferred = false
			}
			add(&protocol.CodeAction{Title: title, Kind: &kind, Diagnostics: []protocol.Diagnostic{pd},
				IsPreferred: &preferred, Edit: workspaceEdit(doc.URI, textEdits(doc, f.Edits, enc))})
		}
		if e, ok := a.file.IgnoreEdit(d); ok {
			add(&protocol.CodeAction{Title: "Ignore " + d.Rule + " here", Kind: &kind, Diagnostics: []protocol.Diagnostic{pd},
				Edit: workspaceEdit(doc.URI, textEdits(doc, []diag.Edit{e}, enc))})
		}
	}
	if wants(only, protocol.CodeActionKindRefactorRewrite) {
		for _, r := range a.file.Exprs {
			for _, ca := range rewrites(doc, r, sel, enc) {
				add(ca)
			}
		}
	}
	// Fix-all applies what wflint --fix applies: the safe fixes only.
	if safe && (wants(only, protocol.CodeActionKindSourceFixAll) || wants(only, protocol.CodeActionKindQuickFix)) {
		if _, edits, changed, err := a.file.Fix(false); err == nil && changed {
			kind := protocol.CodeActionKindSourceFixAll
			add(&protocol.CodeAction{Title: "Fix all wflint problems in the document", Kind: &kind,
				Edit: workspaceEdit(doc.URI, textEdits(doc, edits, enc))})
		}
	}
	return out, nil
}

// rewrites offers the refactorings that apply to the selection: convert a
// string to a raw string, simplify a negated comparison, replace a
// deprecated field.
func rewrites(doc *document, r *region, sel diag.Span, enc protocol.PositionEncodingKind) []*protocol.CodeAction {
	res, sc := r.Result, r.Schema()
	if res.Expr == nil || res.Expr.Root == nil {
		return nil
	}
	var out []*protocol.CodeAction
	kind := protocol.CodeActionKindRefactorRewrite
	mk := func(title string, edits []diag.Edit) {
		for i, e := range edits {
			edits[i] = r.FileEdit(e)
		}
		out = append(out, &protocol.CodeAction{Title: title, Kind: &kind, Edit: workspaceEdit(doc.URI, textEdits(doc, edits, enc))})
	}
	src := res.Expr.Src
	grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
		if n == nil || !overlaps(r.FileSpan(n.Span()), sel) {
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
			if f, ok := lookupField(sc, n.Name.Text); ok && n.Call == nil && f.Deprecated && f.Replacement != "" && sc.DeprecationApplies(f.Name) {
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

// formatRegions formats, through the workspace's host-aware formatter,
// every expression that the selection touches. An expression is the
// smallest unit the printer can lay out, so a range inside one formats all
// of it. Text with syntax errors is left alone: formatting must never lose
// text.
func formatRegions(doc *document, sel diag.Span, enc protocol.PositionEncodingKind) []protocol.TextEdit {
	out := []protocol.TextEdit{}
	res, err := workspace.Format(doc.source())
	if err != nil {
		return out
	}
	for _, e := range res.Edits {
		if overlaps(e.Span, sel) {
			out = append(out, protocol.TextEdit{Range: doc.rangeOf(e.Span, enc), NewText: e.New})
		}
	}
	return out
}
