package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/exprinfo"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/workspace"
)

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (h impl) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	v, doc, r, roff, err := exprAtCursor(ctx, p.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if r == nil {
		// Outside every expression, a rule still says what it is.
		if v == nil {
			return nil, nil
		}
		return ruleHover(doc, doc.Analyse(v.cfg).file, doc.offset(p.Position, v.enc), v.enc), nil
	}
	sc := r.Schema()
	info, ok := exprinfo.At(r.Result, roff, sc)
	if !ok {
		info, ok = exprinfo.Name(r.Text, roff, sc)
	}
	place := useDoc(r.Use)
	switch {
	case ok && place != "":
		info.Text += "\n\n---\n\n" + place
	case !ok && place != "":
		// Anywhere in a rule's expression: what the expression is for.
		info = exprinfo.Info{Text: place, Span: diag.Span{End: diag.Pos(len(r.Text))}}
	case !ok:
		return nil, nil
	}
	rng := doc.rangeOf(r.FileSpan(info.Span), v.enc)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: info.Text}, Range: &rng}, nil
}

// useDoc says what an expression is for, in its rule: its role (and a
// value's type), its parameter, its phase and its rule's action. "" for
// an expression outside any rule that says nothing of its role.
func useDoc(u *host.Use) string {
	if u == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", u.Role)
	if u.Role == schema.RoleValue && u.Type.IsValid() {
		fmt.Fprintf(&b, " (%s)", u.Type)
	}
	if u.Param != "" {
		fmt.Fprintf(&b, " — `%s`", u.Param)
	}
	if u.Rule != nil {
		fmt.Fprintf(&b, "\n\nRule %s", ruleName(u.Rule))
	}
	b.WriteString("\n\nPhase: " + phaseName(u.Phase))
	return b.String()
}

func ruleName(r *ruleset.Rule) string {
	s := "`" + orWord(r.Where, "rule") + "`"
	if a := r.Action(); a != "" {
		s += ", action `" + a + "`"
	}
	if !r.Enabled() {
		s += " (disabled)"
	}
	return s
}

func phaseName(p string) string {
	if p == "" {
		return "unknown (checked as in any phase)"
	}
	return "`" + p + "`"
}

// ruleHover describes the rule under a cursor that is in no expression:
// its ruleset's phase, its action, and each of its expressions' roles.
func ruleHover(doc *document, f *workspace.File, off int, enc protocol.PositionEncodingKind) *protocol.Hover {
	var rs *ruleset.Ruleset
	var rule *ruleset.Rule
	for _, s := range f.Rulesets {
		for _, r := range s.Rules {
			if int(r.Span.Start) <= off && off < int(r.Span.End) && (rule == nil || r.Span.End-r.Span.Start < rule.Span.End-rule.Span.Start) {
				rs, rule = s, r
			}
		}
	}
	if rule == nil {
		return nil
	}
	var b strings.Builder
	b.WriteString("Rule " + ruleName(rule))
	if rs.Legacy {
		b.WriteString("\n\nA legacy Firewall Rule")
	} else {
		b.WriteString("\n\nPhase: " + phaseName(rs.Phase))
	}
	for _, e := range rule.Exprs {
		role := e.Role.String()
		if e.Role == schema.RoleValue && e.Type.IsValid() {
			role += " (" + e.Type.String() + ")"
		}
		fmt.Fprintf(&b, "\n- `%s`: %s", e.Param, role)
	}
	rng := doc.rangeOf(rule.Span, enc)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: b.String()}, Range: &rng}
}
