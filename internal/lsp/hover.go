package lsp

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/workspace"
)

// pathAt returns the nodes whose span holds off, outermost first.
func pathAt(root grammar.Node, off int) []grammar.Node {
	var path []grammar.Node
	grammar.Inspect(root, func(n grammar.Node) bool {
		if n == nil {
			return false
		}
		sp := n.Span()
		if int(sp.Start) <= off && off <= int(sp.End) {
			path = append(path, n)
			return true
		}
		return false
	})
	return path
}

// hoverInfo is what hover found: text and the region span it is about.
type hoverInfo struct {
	text string
	span diag.Span
}

// hoverAt explains the token at off in an analysed expression.
func hoverAt(res *analyzer.Result, off int, sc *schema.Schema) (hoverInfo, bool) {
	if res.Expr == nil || res.Expr.Root == nil {
		return hoverInfo{}, false
	}
	path := pathAt(res.Expr.Root, off)
	var cmp *grammar.Comparison
	for i := len(path) - 1; i >= 0; i-- {
		if c, ok := path[i].(*grammar.Comparison); ok {
			cmp = c
			break
		}
	}
	for i := len(path) - 1; i >= 0; i-- {
		switch n := path[i].(type) {
		case *grammar.Value:
			if !n.Name.Span.Contains(diag.Pos(off)) {
				continue
			}
			if fn := res.Info.FuncOf(n); fn != nil || n.Call != nil {
				if fn == nil {
					fn, _ = sc.Function(n.Name.Text)
				}
				if fn != nil {
					return hoverInfo{functionDoc(fn), n.Name.Span}, true
				}
			}
			f := res.Info.FieldOf(n)
			if f == nil {
				f, _ = lookupField(sc, n.Name.Text)
			}
			if f != nil {
				return hoverInfo{fieldDoc(sc, f), n.Name.Span}, true
			}
		case *grammar.Literal:
			var t schema.Type
			if cmp != nil && cmp.LHS != nil {
				t = res.Info.TypeOf(cmp.LHS)
				if t.IsContainer() {
					t = t.Elem()
				}
			}
			if s := literalDoc(n, t); s != "" {
				return hoverInfo{s, n.Span()}, true
			}
			return hoverInfo{}, false
		case *grammar.ListRef:
			if l, ok := sc.List(n.Name); ok {
				return hoverInfo{fmt.Sprintf("**$%s** — %s list\n\n%s", l.Name, orWord(string(l.Kind), "custom"), l.Description), n.Span()}, true
			}
			return hoverInfo{fmt.Sprintf("**$%s** — list", n.Name), n.Span()}, true
		case *grammar.Comparison:
			if n.Op != nil && n.Op.Span.Contains(diag.Pos(off)) {
				return hoverInfo{operatorDoc(n.Op.Kind.Word(), n.Op.Kind.Symbol()), n.Op.Span}, true
			}
		case *grammar.Logical:
			for _, t := range n.Ops {
				if t.Span.Contains(diag.Pos(off)) {
					return hoverInfo{operatorDoc(n.Op.String(), n.Op.Symbol()), t.Span}, true
				}
			}
		case *grammar.Not:
			if n.Op.Span.Contains(diag.Pos(off)) {
				return hoverInfo{operatorDoc("not", "!"), n.Op.Span}, true
			}
		}
	}
	return hoverInfo{}, false
}

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func operatorDoc(word, symbol string) string {
	s := fmt.Sprintf("**%s**", word)
	if symbol != "" {
		s += fmt.Sprintf(" (`%s`)", symbol)
	}
	if d := opDocs[word]; d != "" {
		s += " — " + d
	}
	return s
}

// fieldDoc is the hover and completion documentation of a field.
func fieldDoc(sc *schema.Schema, f *schema.Field) string {
	var b strings.Builder
	fmt.Fprintf(&b, "```wirefilter\n%s: %s\n```\n\n%s", f.Name, f.Type, f.Description)
	if f.Deprecated {
		b.WriteString("\n\n**Deprecated**")
		if f.Replacement != "" {
			fmt.Fprintf(&b, ": use `%s`", f.Replacement)
		}
		if f.DeprecationNote != "" {
			b.WriteString(". " + f.DeprecationNote)
		}
		if !sc.DeprecationApplies(f.Name) {
			b.WriteString(" (this name is still the documented one in the " + sc.Profile() + " profile)")
		}
	}
	switch doc, ok := sc.DocumentedFeedbackName(f.Name); {
	case ok && doc == f.Name:
		b.WriteString("\n\n✔ One of the eight fields the Bot Management feedback documentation lists")
	case ok:
		b.WriteString("\n\n✔ Accepted in Bot Management feedback reports: the current name of `" + doc + "`, which the feedback documentation lists")
	default:
		b.WriteString("\n\n⚠ Not one of the eight fields the Bot Management feedback documentation lists (the docs do not say it is rejected; wflint warns)")
	}
	if f.Domain != nil && !f.Domain.IsZero() {
		if s := f.Domain.Summary(); s != "" {
			b.WriteString("\n\nValues: " + s)
		}
	}
	if f.Plan != "" {
		b.WriteString("\n\nPlan: " + f.Plan)
	}
	for _, n := range f.Notes {
		b.WriteString("\n\n" + n)
	}
	return b.String()
}

// functionDoc is the hover and completion documentation of a function.
func functionDoc(fn *schema.Function) string {
	var b strings.Builder
	fmt.Fprintf(&b, "```wirefilter\n%s\n```\n\n%s", fn.Signature(), fn.Description)
	for _, p := range fn.Params {
		if p.Note != "" {
			fmt.Fprintf(&b, "\n\n`%s`: %s", p.Name, p.Note)
		}
	}
	for _, c := range fn.Constraints {
		b.WriteString("\n\n" + c)
	}
	if fn.Availability != "" {
		b.WriteString("\n\nAvailability: " + fn.Availability)
	}
	return b.String()
}

// literalDoc says what a literal decodes to, given the type it is compared
// with (a bare literal means different things for Int, Ip and Bytes).
func literalDoc(l *grammar.Literal, t schema.Type) string {
	switch l.Kind {
	case grammar.LitString, grammar.LitRaw, grammar.LitRegex:
		kind := map[grammar.LitKind]string{grammar.LitString: "string", grammar.LitRaw: "raw string", grammar.LitRegex: "regular expression"}[l.Kind]
		if l.Value == strings.Trim(l.Raw, `"r#`) && !strings.ContainsAny(l.Value, "\\") {
			return fmt.Sprintf("%s, %d bytes", kind, len(l.Value))
		}
		return fmt.Sprintf("%s, decodes to %s (%d bytes)", kind, strconv.Quote(l.Value), len(l.Value))
	}
	raw := l.Raw
	switch t.Kind() {
	case schema.KindIP:
		return ipDoc(raw)
	case schema.KindBytes:
		if b, err := l.Bytes(); err == nil {
			return fmt.Sprintf("hex bytes, decodes to %s", strconv.Quote(string(b)))
		}
		return ""
	}
	if lo, hi, isRange, err := l.IntRange(); err == nil {
		if isRange {
			return fmt.Sprintf("integer range %d..%d (%d values)", lo, hi, hi-lo+1)
		}
		s := fmt.Sprintf("integer %d", lo)
		switch {
		case strings.HasPrefix(raw, "0x") || strings.HasPrefix(raw, "-0x"):
			s += " (hexadecimal)"
		case len(strings.TrimPrefix(raw, "-")) > 1 && strings.HasPrefix(strings.TrimPrefix(raw, "-"), "0"):
			s += fmt.Sprintf(" (octal: a leading zero makes `%s` mean %d, not %s)", raw, lo, strings.TrimLeft(raw, "-0"))
		}
		return s
	}
	return ipDoc(raw)
}

// ipDoc describes an address, CIDR or address range.
func ipDoc(raw string) string {
	if p, err := netip.ParsePrefix(raw); err == nil {
		m := p.Masked()
		s := fmt.Sprintf("CIDR %s: %s – %s", raw, m.Addr(), grammar.LastAddr(m))
		if m != p {
			s += fmt.Sprintf(" (host bits set; the network is %s)", m)
		}
		return s
	}
	if a, err := netip.ParseAddr(raw); err == nil {
		return fmt.Sprintf("IPv%d address %s", map[bool]int{true: 4, false: 6}[a.Is4()], a)
	}
	if lo, hi, ok := strings.Cut(raw, ".."); ok {
		if a, err := netip.ParseAddr(lo); err == nil {
			if b, err := netip.ParseAddr(hi); err == nil {
				return fmt.Sprintf("address range %s – %s", a, b)
			}
		}
	}
	return ""
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
	info, ok := hoverAt(r.Result, roff, sc)
	if !ok {
		// Syntax errors can leave no tree at the cursor (the parser
		// replaces a broken comparison with a BadExpr); names still mean
		// something, so fall back to the tolerant scanner.
		info, ok = hoverName(r.Text, roff, sc)
	}
	place := useDoc(r.Use)
	switch {
	case ok && place != "":
		info.text += "\n\n---\n\n" + place
	case !ok && place != "":
		// Anywhere in a rule's expression: what the expression is for.
		info = hoverInfo{place, diag.Span{End: diag.Pos(len(r.Text))}}
	case !ok:
		return nil, nil
	}
	rng := doc.rangeOf(r.FileSpan(info.span), v.enc)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: info.text}, Range: &rng}, nil
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

// hoverName explains the field or function name at off using only the
// tolerant scanner.
func hoverName(src string, off int, sc *schema.Schema) (hoverInfo, bool) {
	for _, t := range grammar.Lexemes(src) {
		if t.Kind != grammar.LexName || off < int(t.Span.Start) || off > int(t.Span.End) {
			continue
		}
		span := t.Span
		if fn, ok := sc.Function(t.Text); ok {
			return hoverInfo{functionDoc(fn), span}, true
		}
		if f, ok := lookupField(sc, t.Text); ok {
			return hoverInfo{fieldDoc(sc, f), span}, true
		}
		if w, ok := cmpWords[t.Text]; ok {
			return hoverInfo{operatorDoc(w, ""), span}, true
		}
	}
	return hoverInfo{}, false
}
