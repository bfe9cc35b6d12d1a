package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/country"
	"github.com/wflint/wflint/internal/diag"

	"go.lsp.dev/protocol"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
)

// opsByType lists the comparison operators each scalar type supports, in
// the order completion offers them (the analyzer's table, which is
// unexported, decides validity; this mirrors it).
var opsByType = map[schema.Kind][]string{
	schema.KindBytes: {"eq", "ne", "contains", "matches", "wildcard", "strict wildcard", "in", "lt", "le", "gt", "ge"},
	schema.KindInt:   {"eq", "ne", "lt", "le", "gt", "ge", "in", "bitwise_and"},
	schema.KindIP:    {"eq", "ne", "in", "lt", "le", "gt", "ge"},
}

var opDocs = map[string]string{
	"eq": "equal (`==`)", "ne": "not equal (`!=`)", "lt": "less than (`<`)", "le": "less than or equal (`<=`)",
	"gt": "greater than (`>`)", "ge": "greater than or equal (`>=`)", "contains": "the value contains the string",
	"matches":  "the value matches the regular expression (`~`); needs a Business or WAF Advanced plan",
	"wildcard": "case-insensitive wildcard match; `*` matches any sequence", "strict wildcard": "case-sensitive wildcard match",
	"in": "the value is in the set `{…}` or the named list `$name`", "bitwise_and": "bitwise AND is non-zero (`&`)",
	"and": "logical AND (`&&`)", "or": "logical OR (`||`)", "xor": "logical exclusive OR (`^^`)", "not": "logical NOT (`!`)",
}

// compKind is what the cursor position calls for.
type compKind int

const (
	cStart    compKind = iota // a field, function or `not`
	cOperator                 // after a value: comparison operators
	cValue                    // after an operator: literals for the field
	cInString                 // inside a string literal after an operator
	cList                     // after `$`
	cLogical                  // after a complete comparison
)

// compContext is the result of reading the text before the cursor.
type compContext struct {
	kind   compKind
	prefix string // what the user typed of the item
	start  int    // region offset where the prefix starts
	typ    schema.Type
	field  *schema.Field
	op     string // word form of the operator for cValue
	inSet  bool
}

// completionContext classifies the position off in an expression.
func completionContext(src string, off int, sc *schema.Schema) compContext {
	toks := grammar.Lexemes(src[:off])
	cc := compContext{start: off}
	if n := len(toks); n > 0 {
		last := toks[n-1]
		switch {
		case last.Kind == grammar.LexString && last.Open:
			cc.kind = cInString
			q := strings.IndexByte(last.Text, '"') + 1
			cc.start, cc.prefix = int(last.Span.Start)+q, src[int(last.Span.Start)+q:off]
			cc.typ, cc.field, cc.op, cc.inSet = operandOf(toks[:n-1], sc)
			return cc
		case int(last.Span.End) == off && (last.Kind == grammar.LexName || last.Kind == grammar.LexList || last.Kind == grammar.LexLiteral):
			cc.start, cc.prefix = int(last.Span.Start), last.Text
			toks = toks[:n-1]
		}
	}
	if strings.HasPrefix(cc.prefix, "$") {
		cc.kind = cList
		cc.typ, cc.field, _, _ = operandOf(toks, sc)
		return cc
	}
	if len(toks) == 0 {
		return cc
	}
	prev := toks[len(toks)-1]
	switch {
	case prev.Kind == grammar.LexPunct && (prev.Text == "(" || prev.Text == ","):
		// Inside a set `{` is handled below; a call's argument starts anew.
		return cc
	case prev.Kind == grammar.LexOperator && (prev.Text == "&&" || prev.Text == "||" || prev.Text == "^^" || prev.Text == "!"):
		return cc
	case prev.Kind == grammar.LexName && logicalWords[prev.Text]:
		return cc
	case isCmp(prev) || (prev.Kind == grammar.LexPunct && prev.Text == "{"):
		cc.kind = cValue
		cc.typ, cc.field, cc.op, cc.inSet = operandOf(toks, sc)
		return cc
	case prev.Kind == grammar.LexString || prev.Kind == grammar.LexLiteral || prev.Kind == grammar.LexList || (prev.Kind == grammar.LexPunct && prev.Text == "}"):
		// Inside an unclosed set, more values may follow.
		if t, f, op, inSet := operandOf(toks, sc); inSet {
			cc.kind, cc.typ, cc.field, cc.op, cc.inSet = cValue, t, f, op, true
			return cc
		}
		cc.kind = cLogical
		return cc
	}
	if t, f := valueBefore(toks, sc); t.IsValid() {
		if t == schema.TypeBool {
			cc.kind = cLogical
		} else {
			cc.kind, cc.typ, cc.field = cOperator, t, f
		}
		return cc
	}
	if prev.Kind == grammar.LexPunct && prev.Text == ")" {
		cc.kind = cLogical
	}
	return cc
}

func isCmp(t grammar.Lexeme) bool {
	if t.Kind != grammar.LexName && t.Kind != grammar.LexOperator {
		return false
	}
	_, ok := cmpWords[t.Text]
	return ok && !logicalWords[t.Text]
}

// operandOf finds the operator before the operand being typed and the type
// of the value it compares. toks ends just before the operand (possibly
// inside a `{` set).
func operandOf(toks []grammar.Lexeme, sc *schema.Schema) (schema.Type, *schema.Field, string, bool) {
	inSet := false
	i := len(toks) - 1
	// Walk back over set items to the `{`.
	for j := i; j >= 0; j-- {
		t := toks[j]
		if t.Kind == grammar.LexPunct && t.Text == "{" {
			inSet, i = true, j-1
			break
		}
		if t.Kind == grammar.LexPunct || isCmp(t) || (t.Kind == grammar.LexName && logicalWords[t.Text]) {
			break
		}
	}
	if i < 0 || !isCmp(toks[i]) {
		return schema.Type{}, nil, "", inSet
	}
	op := cmpWords[toks[i].Text]
	end := i
	if op == "wildcard" && i > 0 && toks[i-1].Text == "strict" {
		op, end = "strict wildcard", i-1
	}
	t, f := valueBefore(toks[:end], sc)
	return t, f, op, inSet
}

// valueBefore returns the type of the value that ends the token list: a
// field, an indexed field or a function call.
func valueBefore(toks []grammar.Lexeme, sc *schema.Schema) (schema.Type, *schema.Field) {
	n := len(toks)
	if n == 0 {
		return schema.Type{}, nil
	}
	last := toks[n-1]
	switch {
	case last.Kind == grammar.LexName:
		if f, ok := lookupField(sc, last.Text); ok {
			return f.Type, f
		}
	case last.Kind == grammar.LexPunct && (last.Text == ")" || last.Text == "]"):
		open := map[string]string{")": "(", "]": "["}[last.Text]
		depth := 0
		for j := n - 1; j >= 0; j-- {
			switch toks[j].Text {
			case last.Text:
				depth++
			case open:
				depth--
			}
			if depth == 0 {
				if j == 0 {
					return schema.Type{}, nil
				}
				if open == "[" {
					t, f := valueBefore(toks[:j], sc)
					return t.Elem(), f
				}
				if toks[j-1].Kind == grammar.LexName {
					if fn, ok := sc.Function(toks[j-1].Text); ok {
						if fn.ReturnsFirstArg {
							return schema.TypeBytes, nil
						}
						return fn.Returns, nil
					}
				}
				return schema.Type{}, nil
			}
		}
	}
	return schema.Type{}, nil
}

// lookupField finds a field in the profile or, failing that, in the full
// Rules catalog, so that completion still helps after a field the profile
// reports as not allowed.
func lookupField(sc *schema.Schema, name string) (*schema.Field, bool) {
	if f, ok := sc.Field(name); ok {
		return f, true
	}
	return schema.Rules().Field(name)
}

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
	cc := completionContext(r.Text, roff, r.Schema())
	items := completeIn(cc, r.Schema(), snippets)
	typed := diag.Span{Start: diag.Pos(cc.start), End: diag.Pos(roff)}
	rng := doc.rangeOf(r.FileSpan(typed), v.enc)
	for i := range items {
		it := &items[i]
		text, _ := it.InsertText.Get()
		if text == "" {
			text = it.Label
		}
		it.InsertText = protocol.Optional[string]{}
		it.TextEdit = &protocol.TextEdit{Range: rng, NewText: r.FileEdit(diag.Edit{Span: typed, New: text}).New}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return &protocol.CompletionList{Items: items}, nil
}

// completeIn computes completion items for a classified position. Items
// carry InsertText; the caller turns it into a TextEdit.
func completeIn(cc compContext, sc *schema.Schema, snippets bool) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	add := func(it protocol.CompletionItem) { items = append(items, it) }
	switch cc.kind {
	case cStart:
		feedbackProfile := sc.Profile() == schema.ProfileFeedback
		seen := map[string]bool{}
		fields := sc.Fields()
		if feedbackProfile {
			// Offer the Rules fields too, after the feedback ones: the
			// analyzer explains why they do not fit, which beats silence.
			fields = append(append([]*schema.Field(nil), fields...), schema.Rules().Fields()...)
		}
		for _, f := range fields {
			if seen[f.Name] || !strings.HasPrefix(f.Name, cc.prefix) {
				continue
			}
			seen[f.Name] = true
			add(fieldItem(sc, f, feedbackProfile))
		}
		for _, fn := range sc.Functions() {
			if strings.HasPrefix(fn.Name, cc.prefix) {
				add(functionItem(fn, snippets))
			}
		}
		if strings.HasPrefix("not", cc.prefix) {
			add(keywordItem("not"))
		}
	case cOperator:
		for _, op := range opsByType[cc.typ.Kind()] {
			if !strings.HasPrefix(op, cc.prefix) {
				continue
			}
			it := protocol.CompletionItem{Label: op, Kind: protocol.CompletionItemKindOperator,
				Detail: protocol.NewOptional(fmt.Sprintf("%s operator", cc.typ)), Documentation: markdown(opDocs[op])}
			if op == "in" && snippets {
				it.InsertText = protocol.NewOptional("in {$1}")
				it.InsertTextFormat = protocol.InsertTextFormatSnippet
			}
			add(it)
		}
	case cLogical:
		for _, op := range []string{"and", "or", "xor"} {
			if strings.HasPrefix(op, cc.prefix) {
				add(keywordItem(op))
			}
		}
	case cList:
		for _, l := range sc.Lists() {
			if cc.typ.IsValid() && !l.Accepts(cc.typ) {
				continue
			}
			if !strings.HasPrefix("$"+l.Name, cc.prefix) {
				continue
			}
			add(listItem(l))
		}
	case cValue, cInString:
		items = valueItems(cc, sc, snippets)
	}
	return items
}

func markdown(s string) protocol.InlayHintTooltip {
	if s == "" {
		return nil
	}
	return &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: s}
}

func keywordItem(w string) protocol.CompletionItem {
	return protocol.CompletionItem{Label: w, Kind: protocol.CompletionItemKindKeyword, Documentation: markdown(opDocs[w]), SortText: protocol.NewOptional("5" + w)}
}

func fieldItem(sc *schema.Schema, f *schema.Field, feedbackProfile bool) protocol.CompletionItem {
	_, inProfile := sc.Field(f.Name)
	rank := "1"
	switch {
	case feedbackProfile && inProfile:
		rank = "0" // the eight feedback fields first
	case !inProfile:
		rank = "3"
	case sc.DeprecationApplies(f.Name):
		rank = "2"
	}
	detail := f.Type.String()
	if !inProfile {
		detail += " · not in the " + sc.Profile() + " profile"
	}
	it := protocol.CompletionItem{
		Label: f.Name, Kind: protocol.CompletionItemKindField,
		Detail:   protocol.NewOptional(detail),
		SortText: protocol.NewOptional(rank + f.Name),
	}
	if sc.DeprecationApplies(f.Name) {
		it.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
	}
	return it
}

func functionItem(fn *schema.Function, snippets bool) protocol.CompletionItem {
	it := protocol.CompletionItem{
		Label: fn.Name, Kind: protocol.CompletionItemKindFunction,
		Detail:     protocol.NewOptional(fn.Signature()),
		SortText:   protocol.NewOptional("4" + fn.Name),
		InsertText: protocol.NewOptional(fn.Name + "("),
	}
	if snippets {
		var args []string
		for i, p := range fn.Params {
			if p.Optional {
				break
			}
			args = append(args, fmt.Sprintf("${%d:%s}", i+1, p.Name))
		}
		it.InsertText = protocol.NewOptional(fn.Name + "(" + strings.Join(args, ", ") + ")$0")
		it.InsertTextFormat = protocol.InsertTextFormatSnippet
	}
	return it
}

func listItem(l *schema.List) protocol.CompletionItem {
	detail := "list"
	if l.Kind != "" {
		detail = string(l.Kind) + " list"
	}
	if l.Managed {
		detail = "managed " + detail
	}
	return protocol.CompletionItem{Label: "$" + l.Name, Kind: protocol.CompletionItemKindConstant,
		Detail: protocol.NewOptional(detail), Documentation: markdown(l.Description)}
}

// valueItems offers literals for the field being compared.
func valueItems(cc compContext, sc *schema.Schema, snippets bool) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	quote := cc.kind != cInString && cc.typ.Kind() == schema.KindBytes
	addValue := func(val, detail string) {
		label := val
		if quote {
			label = grammar.QuoteString(val)
		}
		if !strings.HasPrefix(val, strings.Trim(cc.prefix, `"`)) && !strings.HasPrefix(label, cc.prefix) {
			return
		}
		it := protocol.CompletionItem{Label: label, Kind: protocol.CompletionItemKindValue, SortText: protocol.NewOptional(fmt.Sprintf("%04d", len(items)))}
		if detail != "" {
			it.Detail = protocol.NewOptional(detail)
		}
		items = append(items, it)
	}
	if cc.op == "in" && !cc.inSet && cc.kind == cValue {
		if snippets {
			items = append(items, protocol.CompletionItem{Label: "{…}", Kind: protocol.CompletionItemKindSnippet,
				InsertText: protocol.NewOptional("{$1}"), InsertTextFormat: protocol.InsertTextFormatSnippet, SortText: protocol.NewOptional("0")})
		}
		for _, l := range sc.Lists() {
			if !cc.typ.IsValid() || l.Accepts(cc.typ) {
				items = append(items, listItem(l))
			}
		}
	}
	f := cc.field
	if f == nil || f.Domain == nil {
		return items
	}
	d := f.Domain
	if cc.typ.Kind() == schema.KindInt && d.Min != nil && d.Max != nil && (cc.op == "in" || cc.inSet) {
		lo, hi := *d.Min, *d.Max
		label := fmt.Sprintf("%d..%d", lo, hi)
		it := protocol.CompletionItem{Label: label, Kind: protocol.CompletionItemKindSnippet,
			Detail: protocol.NewOptional("range of " + f.Name), SortText: protocol.NewOptional("0")}
		text := label
		if snippets {
			text = fmt.Sprintf("${1:%d}..${2:%d}", lo, hi)
			it.InsertTextFormat = protocol.InsertTextFormatSnippet
		}
		if !cc.inSet {
			text = "{" + text + "}"
			it.Label = "{" + label + "}"
		}
		it.InsertText = protocol.NewOptional(text)
		items = append(items, it)
	}
	if strings.Contains(d.Format, "ISO 3166-1 alpha-2") {
		for _, c := range country.All {
			addValue(c.Code, c.Name)
		}
	}
	for _, val := range d.Values {
		addValue(val, d.Meanings[val])
	}
	for _, val := range d.Common {
		addValue(val, d.Meanings[val])
	}
	for _, n := range d.IntValues {
		addValue(fmt.Sprint(n), d.Meanings[fmt.Sprint(n)])
	}
	return items
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
		if f, ok := lookupField(sc, it.Label); ok {
			it.Documentation = markdown(fieldDoc(sc, f))
		}
	case protocol.CompletionItemKindFunction:
		if fn, ok := sc.Function(it.Label); ok {
			it.Documentation = markdown(functionDoc(fn))
		}
	}
	return it, nil
}

// logicalWords are the keywords that start a new simple expression.
var logicalWords = map[string]bool{"and": true, "or": true, "xor": true, "not": true, "&&": true, "||": true, "^^": true, "!": true}

// cmpWords maps every spelling of a comparison operator to its word form
// ("strict" alone is half-typed "strict wildcard").
var cmpWords = map[string]string{
	"eq": "eq", "==": "eq", "ne": "ne", "!=": "ne", "lt": "lt", "<": "lt", "le": "le", "<=": "le",
	"gt": "gt", ">": "gt", "ge": "ge", ">=": "ge", "contains": "contains", "matches": "matches", "~": "matches",
	"wildcard": "wildcard", "strict": "strict wildcard", "strict wildcard": "strict wildcard",
	"in": "in", "bitwise_and": "bitwise_and", "&": "bitwise_and",
}
