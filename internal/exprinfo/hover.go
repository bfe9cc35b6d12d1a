package exprinfo

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Hover explains the name, literal or operator at byte offset off of expr,
// analysed under opts: At, and where the tree has nothing there (a syntax
// error), Name. ok is false where there is nothing to say.
func Hover(expr string, off int, opts analyzer.Options) (Info, bool) {
	sc := opts.Schema
	if sc == nil {
		sc = schema.Feedback()
	}
	if info, ok := At(analyzer.Analyze(expr, opts), off, sc); ok {
		return info, true
	}
	return Name(expr, off, sc)
}

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

// Info is what hover found: markdown, and the span of the expression it
// is about.
type Info struct {
	Text string
	Span diag.Span
}

// At explains the token at byte offset off in an analysed expression.
func At(res *analyzer.Result, off int, sc *schema.Schema) (Info, bool) {
	if res.Expr == nil || res.Expr.Root == nil {
		return Info{}, false
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
					return Info{FunctionDoc(fn), n.Name.Span}, true
				}
			}
			f := res.Info.FieldOf(n)
			if f == nil {
				f, _ = LookupField(sc, n.Name.Text)
			}
			if f != nil {
				return Info{FieldDoc(sc, f), n.Name.Span}, true
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
				return Info{s, n.Span()}, true
			}
			return Info{}, false
		case *grammar.ListRef:
			if l, ok := sc.List(n.Name); ok {
				return Info{fmt.Sprintf("**$%s** — %s list\n\n%s", l.Name, listKind(l), l.Description), n.Span()}, true
			}
			return Info{fmt.Sprintf("**$%s** — list", n.Name), n.Span()}, true
		case *grammar.Comparison:
			if n.Op != nil && n.Op.Span.Contains(diag.Pos(off)) {
				return Info{operatorDoc(n.Op.Kind.Word(), n.Op.Kind.Symbol()), n.Op.Span}, true
			}
		case *grammar.Logical:
			for _, t := range n.Ops {
				if t.Span.Contains(diag.Pos(off)) {
					return Info{operatorDoc(n.Op.String(), n.Op.Symbol()), t.Span}, true
				}
			}
		case *grammar.Not:
			if n.Op.Span.Contains(diag.Pos(off)) {
				return Info{operatorDoc("not", "!"), n.Op.Span}, true
			}
		}
	}
	return Info{}, false
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

// FieldDoc is the hover and completion documentation of a field.
func FieldDoc(sc *schema.Schema, f *schema.Field) string {
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

// FunctionDoc is the hover and completion documentation of a function.
func FunctionDoc(fn *schema.Function) string {
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

// Name explains the field or function name at byte offset off using only
// the tolerant scanner: a syntax error can leave no tree at the cursor
// (the parser replaces a broken comparison with a BadExpr), and names
// still mean something.
func Name(src string, off int, sc *schema.Schema) (Info, bool) {
	for _, t := range grammar.Lexemes(src) {
		if t.Kind != grammar.LexName || off < int(t.Span.Start) || off > int(t.Span.End) {
			continue
		}
		span := t.Span
		if fn, ok := sc.Function(t.Text); ok {
			return Info{FunctionDoc(fn), span}, true
		}
		if f, ok := LookupField(sc, t.Text); ok {
			return Info{FieldDoc(sc, f), span}, true
		}
		if w, ok := cmpWords[t.Text]; ok {
			return Info{operatorDoc(w, ""), span}, true
		}
	}
	return Info{}, false
}

func listKind(l *schema.List) string {
	if l.Kind == "" {
		return "custom"
	}
	return string(l.Kind)
}
