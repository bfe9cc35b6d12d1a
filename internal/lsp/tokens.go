package lsp

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
)

// Semantic token legend. The order is the protocol's token type index.
var tokenTypes = []string{"variable", "function", "operator", "string", "regexp", "number", "macro", "enumMember", "keyword"}
var tokenModifiers = []string{"deprecated", "readonly"}

const (
	stVariable = iota
	stFunction
	stOperator
	stString
	stRegexp
	stNumber
	stIP
	stList
	stKeyword
)

type semTok struct {
	span diag.Span
	typ  int
	mods uint32
}

// semanticTokens lists the tokens of one analysed expression.
func semanticTokens(res *analyzer.Result, sc *schema.Schema) []semTok {
	var out []semTok
	if res.Expr == nil || res.Expr.Root == nil {
		return nil
	}
	grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Value:
			if res.Info.FuncOf(n) != nil || n.Call != nil {
				out = append(out, semTok{span: n.Name.Span, typ: stFunction})
			} else {
				var mods uint32 = 2 // readonly: fields are request data
				if sc.DeprecationApplies(n.Name.Text) {
					mods |= 1
				}
				out = append(out, semTok{span: n.Name.Span, typ: stVariable, mods: mods})
			}
		case *grammar.Comparison:
			if n.Op != nil {
				out = append(out, semTok{span: n.Op.Span, typ: stOperator})
			}
			if l, ok := n.RHS.(*grammar.ListRef); ok {
				out = append(out, semTok{span: l.Span(), typ: stList})
			}
		case *grammar.Logical:
			for _, t := range n.Ops {
				out = append(out, semTok{span: t.Span, typ: stKeyword})
			}
		case *grammar.Not:
			out = append(out, semTok{span: n.Op.Span, typ: stKeyword})
		case *grammar.Literal:
			typ := stNumber
			switch {
			case n.Kind == grammar.LitRegex:
				typ = stRegexp
			case n.IsString():
				typ = stString
			case strings.ContainsAny(n.Raw, ":/") || strings.Count(n.Raw, ".") == 3:
				typ = stIP
			}
			out = append(out, semTok{span: n.Span(), typ: typ})
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].span.Start < out[j].span.Start })
	return out
}

// encodeTokens encodes tokens in the protocol's relative form, splitting
// none: a token that crosses a line (a multi-line string) is dropped
// because not every client supports multiline tokens.
func encodeTokens(doc *document, toks []semTok, enc protocol.PositionEncodingKind) []uint32 {
	data := []uint32{}
	var prevLine, prevChar uint32
	last := -1
	for _, t := range toks {
		if int(t.span.Start) < last {
			continue // overlapping tokens are not allowed
		}
		s, e := doc.position(int(t.span.Start), enc), doc.position(int(t.span.End), enc)
		if s.Line != e.Line || e.Character <= s.Character {
			continue
		}
		dl, dc := s.Line-prevLine, s.Character
		if dl == 0 {
			dc = s.Character - prevChar
		}
		data = append(data, dl, dc, e.Character-s.Character, uint32(t.typ), t.mods)
		prevLine, prevChar, last = s.Line, s.Character, int(t.span.End)
	}
	return data
}

func (h impl) docTokens(ctx context.Context, u protocol.TextDocumentIdentifier, sel *protocol.Range) (*protocol.SemanticTokens, error) {
	v, doc, err := viewOf(ctx, u.URI)
	if err != nil {
		return nil, err
	}
	a := doc.Analyse(v.cfg)
	var all []semTok
	lo, hi := 0, len(doc.Text)
	if sel != nil {
		lo, hi = doc.offset(sel.Start, v.enc), doc.offset(sel.End, v.enc)
	}
	for _, r := range a.file.Exprs {
		for _, t := range semanticTokens(r.Result, r.Schema()) {
			hs := r.FileSpan(t.span)
			if int(hs.End) < lo || int(hs.Start) > hi {
				continue
			}
			t.span = hs
			all = append(all, t)
		}
	}
	return &protocol.SemanticTokens{Data: encodeTokens(doc, all, v.enc)}, nil
}

func (h impl) SemanticTokensFull(ctx context.Context, p *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	return h.docTokens(ctx, p.TextDocument, nil)
}

func (h impl) SemanticTokensRange(ctx context.Context, p *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	return h.docTokens(ctx, p.TextDocument, &p.Range)
}

// signatureAt finds the innermost open function call before off and the
// index of the argument being typed.
func signatureAt(src string, off int) (name string, arg int, ok bool) {
	toks := grammar.Lexemes(src[:off])
	depth := 0
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		if t.Kind != grammar.LexPunct {
			continue
		}
		switch t.Text {
		case ")", "]", "}":
			depth++
		case "[", "{":
			depth--
		case "(":
			if depth > 0 {
				depth--
				continue
			}
			if i > 0 && toks[i-1].Kind == grammar.LexName {
				return toks[i-1].Text, arg, true
			}
			return "", 0, false
		case ",":
			if depth == 0 {
				arg++
			}
		}
	}
	return "", 0, false
}

func (h impl) SignatureHelp(ctx context.Context, p *protocol.SignatureHelpParams) (*protocol.SignatureHelp, error) {
	_, _, r, roff, err := exprAtCursor(ctx, p.TextDocumentPositionParams)
	if r == nil {
		return nil, err
	}
	name, arg, ok := signatureAt(r.Text, roff)
	if !ok {
		return nil, nil
	}
	fn, ok := r.Schema().Function(name)
	if !ok {
		return nil, nil
	}
	label := fn.Signature()
	si := protocol.SignatureInformation{Label: label, Documentation: markdown(fn.Description)}
	// Parameter labels are offsets into the label, in UTF-16 units as the
	// protocol requires for this field; signatures are ASCII.
	pos := strings.IndexByte(label, '(') + 1
	for _, prm := range fn.Params {
		i := strings.Index(label[pos:], prm.Name)
		if i < 0 {
			break
		}
		start := pos + i
		end := strings.IndexAny(label[start:], ",)")
		if end < 0 {
			end = len(label) - start
		}
		si.Parameters = append(si.Parameters, protocol.ParameterInformation{
			Label:         protocol.ParameterInformationLabelTuple{uint32(start), uint32(start + end)},
			Documentation: markdown(prm.Note),
		})
		pos = start + end
	}
	active := uint32(0)
	if prm := fn.Param(arg); prm != nil {
		for i := range fn.Params {
			if &fn.Params[i] == prm {
				active = uint32(i)
			}
		}
	}
	zero := uint32(0)
	return &protocol.SignatureHelp{Signatures: []protocol.SignatureInformation{si}, ActiveSignature: &zero,
		ActiveParameter: protocol.NewNullable(active)}, nil
}

func (h impl) DocumentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	a := doc.Analyse(v.cfg)
	out := protocol.DocumentSymbolSlice{}
	for _, r := range a.file.Exprs {
		name := r.Where
		if name == "" {
			name = "expression"
		}
		s, e := r.Literal(len(doc.Text))
		whole := diag.Span{Start: diag.Pos(s), End: diag.Pos(e)}
		sym := protocol.DocumentSymbol{Name: name, Kind: protocol.SymbolKindString, Range: doc.rangeOf(whole, v.enc), SelectionRange: doc.rangeOf(whole, v.enc)}
		detail := oneLine(r.Text, 60)
		sym.Detail = &detail
		if res := r.Result; res.Expr != nil && res.Expr.Root != nil {
			grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
				c, ok := n.(*grammar.Comparison)
				if !ok {
					return true
				}
				sp := doc.rangeOf(r.FileSpan(c.Span()), v.enc)
				sym.Children = append(sym.Children, protocol.DocumentSymbol{Name: oneLine(c.Span().Text(res.Expr.Src), 60),
					Kind: protocol.SymbolKindField, Range: sp, SelectionRange: sp})
				return false
			})
		}
		out = append(out, sym)
	}
	return out, nil
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

func (h impl) FoldingRanges(ctx context.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	a := doc.Analyse(v.cfg)
	out := []protocol.FoldingRange{}
	fold := func(s diag.Span) {
		start, end := doc.position(int(s.Start), v.enc), doc.position(int(s.End), v.enc)
		if end.Line > start.Line {
			out = append(out, protocol.FoldingRange{StartLine: start.Line, EndLine: end.Line, Kind: protocol.FoldingRangeKindRegion})
		}
	}
	for _, r := range a.file.Exprs {
		if r.Encoding != host.Raw {
			s, e := r.Literal(len(doc.Text))
			fold(diag.Span{Start: diag.Pos(s), End: diag.Pos(e)})
		}
		if res := r.Result; res.Expr != nil && res.Expr.Root != nil {
			grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
				switch n.(type) {
				case *grammar.Paren, *grammar.Set, *grammar.Call:
					fold(r.FileSpan(n.Span()))
				}
				return true
			})
		}
	}
	return out, nil
}

// inlayText is the hint shown after a literal whose spelling hides its
// value: octal and hexadecimal integers and strings with escapes.
func inlayText(l *grammar.Literal) string {
	switch l.Kind {
	case grammar.LitString, grammar.LitRegex:
		if strings.Contains(l.Raw, `\`) {
			return "= " + strconv.Quote(l.Value)
		}
	case grammar.LitBare:
		raw := strings.TrimPrefix(l.Raw, "-")
		if strings.HasPrefix(raw, "0x") || (len(raw) > 1 && raw[0] == '0' && raw[1] >= '0' && raw[1] <= '9' && !strings.ContainsAny(raw, ".:")) {
			if v, err := l.Int(); err == nil {
				return fmt.Sprintf("= %d", v)
			}
		}
	}
	return ""
}

func (h impl) InlayHint(ctx context.Context, p *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	v, doc, err := viewOf(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	lo, hi := doc.offset(p.Range.Start, v.enc), doc.offset(p.Range.End, v.enc)
	a := doc.Analyse(v.cfg)
	out := []protocol.InlayHint{}
	pad := true
	for _, r := range a.file.Exprs {
		res := r.Result
		if res.Expr == nil || res.Expr.Root == nil {
			continue
		}
		grammar.Inspect(res.Expr.Root, func(n grammar.Node) bool {
			l, ok := n.(*grammar.Literal)
			if !ok {
				return true
			}
			end := r.HostOffset(int(l.Span().End))
			if end < lo || end > hi {
				return true
			}
			if t := inlayText(l); t != "" {
				out = append(out, protocol.InlayHint{Position: doc.position(end, v.enc), Label: protocol.String(t), PaddingLeft: &pad})
			}
			return true
		})
	}
	return out, nil
}
