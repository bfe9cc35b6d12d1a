package exprinfo

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/country"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Item is one completion.
type Item struct {
	// Label is what the list shows.
	Label string
	Kind  Kind
	// Detail is a type or signature; Doc is markdown.
	Detail, Doc string
	// Insert replaces the typed prefix; "" means Label. Snippet says it
	// holds snippet syntax ($1, ${1:name}, $0).
	Insert  string
	Snippet bool
	// Sort orders the list where it is not "" (else the label does).
	Sort string
	// Deprecated marks a field whose deprecation applies in the profile.
	Deprecated bool
}

// Kind is what an Item is.
type Kind int

// The kinds of completion items.
const (
	KindValue Kind = iota
	KindField
	KindFunction
	KindKeyword
	KindOperator
	KindList
	KindSnippet
)

var kindNames = [...]string{"value", "field", "function", "keyword", "operator", "list", "snippet"}

// String is the kind's name: "field", "function", "keyword", "operator",
// "list", "value" or "snippet".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "value"
	}
	return kindNames[k]
}

// Documented is Complete for a front end that shows the list as it is and
// takes no snippets: plain insert text (Insert set), the items in the order
// an editor shows them, fields and functions with their Doc.
func Documented(src string, off int, sc *schema.Schema) (items []Item, from int) {
	items, from = Complete(src, off, sc, false)
	sort.SliceStable(items, func(i, j int) bool { return items[i].sortKey() < items[j].sortKey() })
	for i := range items {
		it := &items[i]
		if it.Insert == "" {
			it.Insert = it.Label
		}
		switch it.Kind {
		case KindField:
			if f, ok := LookupField(sc, it.Label); ok {
				it.Doc = FieldDoc(sc, f)
			}
		case KindFunction:
			if fn, ok := sc.Function(it.Label); ok {
				it.Doc = FunctionDoc(fn)
			}
		}
	}
	return items, from
}

func (it Item) sortKey() string {
	if it.Sort != "" {
		return it.Sort
	}
	return it.Label
}

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
		if f, ok := LookupField(sc, last.Text); ok {
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

// LookupField finds a field in the profile or, failing that, in the full
// Rules catalog, so that completion still helps after a field the profile
// reports as not allowed.
func LookupField(sc *schema.Schema, name string) (*schema.Field, bool) {
	if f, ok := sc.Field(name); ok {
		return f, true
	}
	return schema.Rules().Field(name)
}

// Complete returns what may be typed at byte offset off of src under sc,
// and the offset where the typed prefix they replace starts. With
// snippets, an Insert may hold LSP snippet syntax (Item.Snippet says so).
// Fields and functions come without Doc (FieldDoc and FunctionDoc give
// it): it is most of the payload, and a list of two hundred fields must
// arrive within a keystroke.
func Complete(src string, off int, sc *schema.Schema, snippets bool) (items []Item, from int) {
	cc := completionContext(src, off, sc)
	return completeIn(cc, sc, snippets), cc.start
}

// completeIn computes completion items for a classified position.
func completeIn(cc compContext, sc *schema.Schema, snippets bool) []Item {
	var items []Item
	add := func(it Item) { items = append(items, it) }
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
			it := Item{Label: op, Kind: KindOperator, Detail: fmt.Sprintf("%s operator", cc.typ), Doc: opDocs[op]}
			if op == "in" && snippets {
				it.Insert, it.Snippet = "in {$1}", true
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

func keywordItem(w string) Item {
	return Item{Label: w, Kind: KindKeyword, Doc: opDocs[w], Sort: "5" + w}
}

func fieldItem(sc *schema.Schema, f *schema.Field, feedbackProfile bool) Item {
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
	return Item{Label: f.Name, Kind: KindField, Detail: detail, Sort: rank + f.Name, Deprecated: sc.DeprecationApplies(f.Name)}
}

func functionItem(fn *schema.Function, snippets bool) Item {
	it := Item{Label: fn.Name, Kind: KindFunction, Detail: fn.Signature(), Sort: "4" + fn.Name, Insert: fn.Name + "("}
	if snippets {
		var args []string
		for i, p := range fn.Params {
			if p.Optional {
				break
			}
			args = append(args, fmt.Sprintf("${%d:%s}", i+1, p.Name))
		}
		it.Insert, it.Snippet = fn.Name+"("+strings.Join(args, ", ")+")$0", true
	}
	return it
}

func listItem(l *schema.List) Item {
	detail := "list"
	if l.Kind != "" {
		detail = string(l.Kind) + " list"
	}
	if l.Managed {
		detail = "managed " + detail
	}
	return Item{Label: "$" + l.Name, Kind: KindList, Detail: detail, Doc: l.Description}
}

// valueItems offers literals for the field being compared.
func valueItems(cc compContext, sc *schema.Schema, snippets bool) []Item {
	var items []Item
	quote := cc.kind != cInString && cc.typ.Kind() == schema.KindBytes
	addValue := func(val, detail string) {
		label := val
		if quote {
			label = grammar.QuoteString(val)
		}
		if !strings.HasPrefix(val, strings.Trim(cc.prefix, `"`)) && !strings.HasPrefix(label, cc.prefix) {
			return
		}
		items = append(items, Item{Label: label, Kind: KindValue, Detail: detail, Sort: fmt.Sprintf("%04d", len(items))})
	}
	if cc.op == "in" && !cc.inSet && cc.kind == cValue {
		if snippets {
			items = append(items, Item{Label: "{…}", Kind: KindSnippet, Insert: "{$1}", Snippet: true, Sort: "0"})
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
		it := Item{Label: label, Kind: KindSnippet, Detail: "range of " + f.Name, Sort: "0"}
		text := label
		if snippets {
			text = fmt.Sprintf("${1:%d}..${2:%d}", lo, hi)
			it.Snippet = true
		}
		if !cc.inSet {
			text = "{" + text + "}"
			it.Label = "{" + label + "}"
		}
		it.Insert = text
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
