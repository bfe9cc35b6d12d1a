// Package pageapi is what the playground's page asks its WebAssembly
// program: check, format, hover, complete and explain an expression, each
// taking and returning JSON. It is plain Go so that it is tested on the
// host; package wasm only hands its functions to JavaScript.
//
// Offsets cross the boundary in UTF-16 code units, as JavaScript strings
// and CodeMirror count them; wflint counts bytes, and the conversion is
// done here, once.
package pageapi

import (
	"encoding/json"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wflint/wflint"
	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/lsp"
	"github.com/wflint/wflint/internal/ruledoc"
	"github.com/wflint/wflint/internal/schema"
)

// Options are the page's choices, as its selects name them.
type Options struct {
	// Profile is "rules" (the default) or "feedback".
	Profile string `json:"profile"`
	// Role is "filter" (the default), "value" or "counting".
	Role string `json:"role"`
	// Phase is a ruleset phase's API name, or "" for none.
	Phase string `json:"phase"`
}

func (o Options) profile() wflint.Profile {
	if o.Profile == schema.ProfileFeedback {
		return wflint.Feedback
	}
	return wflint.Rules
}

func (o Options) role() wflint.Role {
	switch o.Role {
	case "value":
		return wflint.Value
	case "counting":
		return wflint.Counting
	}
	return wflint.Filter
}

// analyzer returns the same choices as the analyzer's options, for hover.
func (o Options) analyzer() analyzer.Options {
	sc := schema.Rules()
	if o.profile() == wflint.Feedback {
		sc = schema.Feedback()
	}
	role, _ := schema.ParseRole(o.Role)
	return analyzer.Options{Schema: sc, Role: role, Phase: o.Phase}
}

// ParseOptions reads the page's options; anything unreadable is the
// defaults (the page only sends what its selects hold).
func ParseOptions(js string) Options {
	var o Options
	_ = json.Unmarshal([]byte(js), &o)
	return o
}

// Change replaces [From, To) with Insert, in UTF-16 offsets.
type Change struct {
	From   int    `json:"from"`
	To     int    `json:"to"`
	Insert string `json:"insert"`
}

// Fix is a quick fix: Safe ones keep what the expression matches.
type Fix struct {
	Title   string   `json:"title"`
	Safe    bool     `json:"safe"`
	Changes []Change `json:"changes"`
}

// Finding is one finding, placed for the editor (From, To) and for people
// (Line, Col).
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	From     int    `json:"from"`
	To       int    `json:"to"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	// URL is the rule's page.
	URL   string `json:"url"`
	Fixes []Fix  `json:"fixes"`
}

// Check lints expr under the options, as `wflint -e` does.
func Check(expr string, o Options) []Finding {
	fs := wflint.CheckExpression(expr, &wflint.Options{Profile: o.profile(), Role: o.role(), Phase: o.Phase})
	u := newUnits(expr)
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		pf := Finding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message,
			From: u.of(f.Start.Offset), To: u.of(f.End.Offset), Line: f.Start.Line, Col: f.Start.Column,
			URL: ruledoc.RuleURL(f.Rule), Fixes: []Fix{}}
		for _, x := range f.Fixes {
			fx := Fix{Title: x.Title, Safe: x.Safe}
			for _, e := range x.Edits {
				fx.Changes = append(fx.Changes, Change{From: u.of(e.Start.Offset), To: u.of(e.End.Offset), Insert: e.New})
			}
			pf.Fixes = append(pf.Fixes, fx)
		}
		out = append(out, pf)
	}
	return out
}

// Formatted is the result of Format: the canonical text, or Error when
// the expression does not parse (Text is then unchanged).
type Formatted struct {
	Text  string `json:"text"`
	Error string `json:"error,omitempty"`
}

// Format returns expr in canonical form.
func Format(expr string) Formatted {
	out, err := wflint.Format(expr)
	if err != nil {
		return Formatted{Text: expr, Error: err.Error()}
	}
	return Formatted{Text: out}
}

// Hover is the markdown explaining [From, To).
type Hover struct {
	Text string `json:"text"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// HoverAt explains what is at UTF-16 offset pos, as wfls's hover does;
// nil where there is nothing to say.
func HoverAt(expr string, pos int, o Options) *Hover {
	u := newUnits(expr)
	text, start, end, ok := lsp.HoverExpr(expr, u.byteOf(pos), o.analyzer())
	if !ok {
		return nil
	}
	return &Hover{Text: text, From: u.of(start), To: u.of(end)}
}

// Completions replace [From, pos) with one of Items.
type Completions struct {
	From  int                  `json:"from"`
	Items []lsp.ExprCompletion `json:"items"`
}

// Complete offers what may be typed at UTF-16 offset pos, as wfls's
// completion does.
func Complete(expr string, pos int, o Options) Completions {
	u := newUnits(expr)
	items, from := lsp.CompleteExpr(expr, u.byteOf(pos), o.analyzer().Schema)
	if items == nil {
		items = []lsp.ExprCompletion{}
	}
	return Completions{From: u.of(from), Items: items}
}

// Page is a rule's documentation: its markdown and its web address. Page
// is "" for a rule wflint does not have.
type Page struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Explain returns the rule's page, as `wflint explain` prints it.
func Explain(rule string) Page {
	text, ok := ruledoc.Rule(rule)
	if !ok {
		return Page{Rule: rule}
	}
	return Page{Rule: rule, Text: text, URL: ruledoc.RuleURL(rule)}
}

// Phase is one ruleset phase, for the page's phase select.
type Phase struct {
	Name    string `json:"name"`
	Product string `json:"product"`
}

// Phases lists the phases wflint knows, by name.
func Phases() []Phase {
	var out []Phase
	for _, p := range schema.Phases() {
		out = append(out, Phase{Name: p.Name, Product: p.Product})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// units converts between byte offsets of a string and UTF-16 offsets.
type units struct {
	s string
	// ascii says byte and UTF-16 offsets agree, the common case.
	ascii bool
}

func newUnits(s string) units {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return units{s: s}
		}
	}
	return units{s: s, ascii: true}
}

// of returns the UTF-16 offset of byte offset b.
func (u units) of(b int) int {
	b = min(max(b, 0), len(u.s))
	if u.ascii {
		return b
	}
	n := 0
	for _, r := range u.s[:b] {
		n += utf16.RuneLen(r)
	}
	return n
}

// byteOf returns the byte offset of UTF-16 offset p; inside a surrogate
// pair, the pair's start.
func (u units) byteOf(p int) int {
	if u.ascii {
		return min(max(p, 0), len(u.s))
	}
	n := 0
	for i, r := range u.s {
		w := utf16.RuneLen(r)
		if n+w > p {
			return i
		}
		n += w
	}
	return len(u.s)
}
