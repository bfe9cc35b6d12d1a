package lsp

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"path"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/schema"
)

// docKind says how a document holds expressions.
type docKind int

const (
	kindExpr   docKind = iota // a .wf file: the whole text is one expression
	kindHCL                   // .tf / .tfvars: expressions inside HCL strings
	kindReport                // a feedback report .json: one "expression" member
)

// kindOf picks the document kind from the language id and the file name.
func kindOf(u uri.URI, lang string) docKind {
	switch strings.ToLower(path.Ext(string(u))) {
	case ".tf", ".tfvars":
		return kindHCL
	case ".json":
		return kindReport
	}
	switch lang {
	case "terraform", "terraform-vars", "hcl":
		return kindHCL
	case "json":
		return kindReport
	}
	return kindExpr
}

// region is one expression inside a document. Text is what the analyzer
// sees (host escapes decoded); offs maps each byte offset of Text (0..len)
// to the document offset it came from, so spans can go back to the host
// exactly. A nil offs means the identity shifted by start.
type region struct {
	Text  string
	start int
	offs  []int
	// encode escapes replacement text for the host (HCL or JSON string
	// syntax); nil means verbatim.
	encode func(string) string
	// Name labels the region in document symbols ("cloudflare_ruleset.x").
	Name string
	// profile is the schema profile the host suggests (feedback for .wf
	// files and reports, rules for Terraform and ruleset JSON).
	profile string
	// Host is the document span of the whole host literal, quotes included.
	Host diag.Span
}

// toHost maps an offset in Text to a document offset.
func (r *region) toHost(off int) int {
	if off < 0 {
		off = 0
	}
	if r.offs == nil {
		return r.start + min(off, len(r.Text))
	}
	return r.offs[min(off, len(r.offs)-1)]
}

// fromHost maps a document offset to an offset in Text; ok is false when the
// offset lies outside the region.
func (r *region) fromHost(off int) (int, bool) {
	if r.offs == nil {
		if off < r.start || off > r.start+len(r.Text) {
			return 0, false
		}
		return off - r.start, true
	}
	if off < r.offs[0] || off > r.offs[len(r.offs)-1] {
		return 0, false
	}
	// The first decoded byte at or after off; an offset inside an escape
	// sequence lands on the byte the escape produces.
	return sort.SearchInts(r.offs, off), true
}

// escape returns s in the host's string syntax.
func (r *region) escape(s string) string {
	if r.encode == nil {
		return s
	}
	return r.encode(s)
}

// document is an immutable snapshot of one open text document. Every edit
// makes a new snapshot, so request handlers can work on the one they took
// without locks while edits keep arriving.
type document struct {
	URI     uri.URI
	Lang    string
	Kind    docKind
	Version int32
	Text    string

	linesOnce sync.Once
	lines     *diag.LineIndex
	ascii     bool  // no multi-byte characters: columns are byte counts
	starts    []int // line start offsets, for the ASCII fast path

	regionsOnce sync.Once
	regions     []*region
	hostProbs   []hostProblem

	mu       sync.Mutex
	analysed *analysis
}

// hostProblem is a problem with the host file itself (HCL syntax errors,
// report validation), already in document offsets.
type hostProblem struct {
	Span     diag.Span
	Severity diag.Severity
	Code     string
	Message  string
}

// analysis is the analyzer's view of one snapshot under one configuration.
type analysis struct {
	cfg      *config
	results  []*analyzer.Result // parallel to regions
	profiles []*profileCfg      // parallel to regions
	report   diag.List
}

func newDocument(u uri.URI, lang string, version int32, text string) *document {
	return &document{URI: u, Lang: lang, Kind: kindOf(u, lang), Version: version, Text: text}
}

// Lines returns the line index of the text, built on first use.
func (d *document) Lines() *diag.LineIndex {
	d.linesOnce.Do(func() {
		d.lines = diag.NewLineIndex(d.Text)
		d.ascii = true
		d.starts = []int{0}
		for i := 0; i < len(d.Text); i++ {
			switch c := d.Text[i]; {
			case c == '\n':
				d.starts = append(d.starts, i+1)
			case c >= 0x80:
				d.ascii = false
			}
		}
	})
	return d.lines
}

// Regions returns the expressions of the document.
func (d *document) Regions() []*region {
	d.regionsOnce.Do(func() {
		switch d.Kind {
		case kindHCL:
			d.regions, d.hostProbs = hostRegions(d.hostPath(".tf"), d.Text)
		case kindReport:
			d.regions, d.hostProbs = hostRegions(d.hostPath(".json"), d.Text)
		default:
			d.regions = []*region{{Text: d.Text, profile: schema.ProfileFeedback, Host: diag.Span{End: diag.Pos(len(d.Text))}}}
		}
	})
	return d.regions
}

// regionAt returns the region holding a document offset and the offset
// within it.
func (d *document) regionAt(off int) (int, int, bool) {
	for i, r := range d.Regions() {
		if o, ok := r.fromHost(off); ok {
			return i, o, true
		}
	}
	return 0, 0, false
}

// Analyse returns the analysis of this snapshot under cfg, computing it once.
func (d *document) Analyse(cfg *config) *analysis {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.analysed != nil && d.analysed.cfg == cfg {
		return d.analysed
	}
	a := &analysis{cfg: cfg}
	for _, r := range d.Regions() {
		pc := d.profile(cfg, r)
		a.profiles = append(a.profiles, pc)
		a.results = append(a.results, analyse(r.Text, pc))
	}
	if d.Kind == kindReport && isReport(d.Text) {
		a.report = feedback.ValidateJSON([]byte(d.Text), feedback.WithoutExpressionCheck()).Diagnostics
	}
	d.analysed = a
	return a
}

// maxAnalysed is the largest expression wfls analyses. The product limit
// is 4,096 characters and the parser's error recovery is superlinear on
// megabyte inputs (seconds per keystroke), so a pasted log file or a
// generated blob gets one clear diagnostic instead of a stalled server.
const maxAnalysed = 256 << 10

// analyse runs the analyzer on one expression, within maxAnalysed.
func analyse(src string, cfg *profileCfg) *analyzer.Result {
	if len(src) <= maxAnalysed {
		return analyzer.Analyze(src, cfg.opts)
	}
	return &analyzer.Result{
		Expr: &grammar.Expression{Src: src},
		Info: &analyzer.TypeInfo{},
		Diagnostics: []diag.Diagnostic{{
			Span: diag.Span{End: diag.Pos(min(len(src), 1))}, Severity: diag.Error, Rule: "input-too-large",
			Message: fmt.Sprintf("expression is %d bytes; wfls analyses expressions up to %d bytes (the product limit is 4,096 characters)", len(src), maxAnalysed),
		}},
	}
}

// hostPath is the document's path for host.Extract, which picks the
// extractor by extension; ext stands in when the name has another one (a
// Terraform buffer chosen by language id).
func (d *document) hostPath(ext string) string {
	p := path.Base(string(d.URI))
	if host.KindOf(p) == host.Unknown || host.KindOf(p) == host.WF {
		p += ext
	}
	return p
}

// profile resolves the configuration for region r of the document.
func (d *document) profile(cfg *config, r *region) *profileCfg {
	path := ""
	if u := d.URI; strings.HasPrefix(string(u), "file:") {
		path = u.Path()
	}
	return cfg.resolve(path, r.profile)
}

// offset converts a protocol position to a byte offset in the text.
func (d *document) offset(p protocol.Position, enc protocol.PositionEncodingKind) int {
	if enc == protocol.PositionEncodingKindUTF8 {
		return int(d.Lines().OffsetUTF8(int(p.Line), int(p.Character)))
	}
	return int(d.Lines().OffsetUTF16(int(p.Line), int(p.Character)))
}

// position converts a byte offset to a protocol position.
func (d *document) position(off int, enc protocol.PositionEncodingKind) protocol.Position {
	lines := d.Lines()
	if d.ascii {
		// Every encoding counts ASCII the same; skip the per-rune walk,
		// which is O(line length) and adds up on long one-line
		// expressions with many diagnostics.
		off = max(0, min(off, len(d.Text)))
		line := sort.Search(len(d.starts), func(i int) bool { return d.starts[i] > off }) - 1
		return protocol.Position{Line: uint32(line), Character: uint32(off - d.starts[line])}
	}
	pos := lines.Position(diag.Pos(off))
	col := pos.UTF16Col
	if enc == protocol.PositionEncodingKindUTF8 {
		col = pos.ByteCol
	}
	return protocol.Position{Line: uint32(pos.Line - 1), Character: uint32(col - 1)}
}

// rangeOf converts a document byte span to a protocol range.
func (d *document) rangeOf(s diag.Span, enc protocol.PositionEncodingKind) protocol.Range {
	return protocol.Range{Start: d.position(int(s.Start), enc), End: d.position(int(s.End), enc)}
}

// hostSpan maps a span of region i to document offsets.
func (d *document) hostSpan(r *region, s diag.Span) diag.Span {
	return diag.Span{Start: diag.Pos(r.toHost(int(s.Start))), End: diag.Pos(r.toHost(int(s.End)))}
}

// applyChanges returns the text after a didChange's content changes, applied
// in order as the protocol requires.
func applyChanges(text string, changes []protocol.TextDocumentContentChangeEvent, enc protocol.PositionEncodingKind) string {
	for _, ch := range changes {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = c.Text
		case *protocol.TextDocumentContentChangePartial:
			d := &document{Text: text}
			start, end := d.offset(c.Range.Start, enc), d.offset(c.Range.End, enc)
			if end < start {
				start, end = end, start
			}
			text = text[:start] + c.Text + text[end:]
		}
	}
	return text
}
