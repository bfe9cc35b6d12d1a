package workspace

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/lcs"
)

// Fix applies the fixes of every expression of a linted file that
// `wflint --fix` applies, and returns the new file text, the same edits
// in file coordinates, and whether anything changed. A fix is applied
// when it is the only one its finding offers (a choice between several
// needs a person), the finding is not silenced by an ignore, and the fix
// is safe (see diag.Fix.Safe), or unsafe is set (--unsafe-fixes). Fixes
// that overlap an earlier one wait for the next round; a later round
// applies only such fixes, the ones the first analysis offered, never a
// fix the user was not shown. The result is checked by extracting it
// again (see [host.Rewrite]); on error the file must be left as it is.
func (f *File) Fix(unsafe bool) ([]byte, []diag.Edit, bool, error) {
	var changes []host.Change
	var edits []diag.Edit
	for _, e := range f.Exprs {
		if e.Err != nil {
			continue
		}
		skip := func(d *diag.Diagnostic) bool {
			fd := diag.Diagnostic{Rule: d.Rule, Span: e.FileSpan(d.Span), Where: e.Where}
			return f.ignores.silences(&fd)
		}
		text := fixText(e.Text, e.Options, e.Result, unsafe, skip)
		if text == e.Text {
			continue
		}
		// Minimal edits keep the untouched parts of the host string, escapes
		// included (a `\u00e9` next to a fixed quote stays as written).
		es := minimalEdits(e.Text, text)
		changes = append(changes, host.Change{Snippet: e.Snippet, Edits: es})
		for _, ed := range es {
			edits = append(edits, e.FileEdit(ed))
		}
	}
	if len(changes) == 0 {
		return []byte(f.Text), nil, false, nil
	}
	out, err := host.Rewrite(extractName(f.Source.name(), f.Kind), []byte(f.Text), changes)
	if err != nil {
		return nil, nil, false, err
	}
	return out, edits, true, nil
}

// fixKey names a fix by what it does, wherever the rounds before it have
// moved it: its rule, its title and the text it writes.
func fixKey(rule string, f *diag.Fix) string {
	var b strings.Builder
	b.WriteString(rule)
	b.WriteByte(0)
	b.WriteString(f.Title)
	for _, e := range f.Edits {
		b.WriteByte(0)
		b.WriteString(e.New)
	}
	return b.String()
}

// fixText applies the fixes Fix describes to one expression until it is
// stable. first is the analysis of text already at hand: an expression
// without a fix to apply costs nothing more (an editor asks for fix-all
// on every cursor move). skip says a finding is silenced.
func fixText(text string, o analyzer.Options, first *analyzer.Result, unsafe bool, skip func(*diag.Diagnostic) bool) string {
	// pending are the fixes of the first analysis that an overlap held
	// back: the only ones later rounds may apply.
	var pending map[string]int
	for round := range 8 {
		r := first
		if round > 0 || r == nil {
			r = analyzer.Analyze(text, o)
		}
		type cand struct {
			start, end diag.Pos
			edits      []diag.Edit
			key        string
		}
		var cands []cand
		for i := range r.Diagnostics {
			d := &r.Diagnostics[i]
			fx, ok := d.Applicable()
			if !ok || !fx.Safe && !unsafe {
				continue
			}
			if round == 0 && skip != nil && skip(d) {
				continue
			}
			key := fixKey(d.Rule, fx)
			if round > 0 && pending[key] == 0 {
				continue // new since the first analysis: never shown
			}
			c := cand{start: fx.Edits[0].Span.Start, end: -1, edits: fx.Edits, key: key}
			for _, e := range c.edits {
				c.start = min(c.start, e.Span.Start)
				c.end = max(c.end, e.Span.End)
			}
			cands = append(cands, c)
		}
		// Fix spans do not follow diagnostic order (a fix may rewrite the
		// whole comparison around its diagnostic), so choose greedily by
		// fix position and leave overlapping ones for the next round.
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].start < cands[j].start })
		var edits []diag.Edit
		last, lastStart := diag.Pos(-1), diag.Pos(-1)
		held := map[string]int{}
		for _, c := range cands {
			if c.start < last || c.start == lastStart {
				held[c.key]++
				continue
			}
			edits = append(edits, c.edits...)
			last, lastStart = c.end, c.start
			if round > 0 {
				pending[c.key]--
			}
		}
		if round == 0 {
			pending = held
		}
		if len(edits) == 0 {
			return text
		}
		next := diag.ApplyEdits(text, edits)
		if next == text || !anyPending(pending) {
			return next
		}
		text = next
	}
	return text
}

// anyPending reports whether a fix is still held back.
func anyPending(pending map[string]int) bool {
	for _, n := range pending {
		if n > 0 {
			return true
		}
	}
	return false
}

// minimalEdits returns edits turning a into b that touch only the runes
// that differ, found with a rune-level LCS (expressions are short; large
// ones fall back to one edit between the common prefix and suffix).
func minimalEdits(a, b string) []diag.Edit {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && (p < len(a) && !utf8.RuneStart(a[p]) || p < len(b) && !utf8.RuneStart(b[p])) {
		p--
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(a[len(a)-s]) {
		s--
	}
	ar, br := []rune(a[p:len(a)-s]), []rune(b[p:len(b)-s])
	if len(ar)*len(br) > 1_000_000 {
		return []diag.Edit{{Span: diag.Span{Start: diag.Pos(p), End: diag.Pos(len(a) - s)}, New: b[p : len(b)-s]}}
	}
	common := lcs.Table(ar, br)
	var edits []diag.Edit
	off := p // byte offset in a
	var cur *diag.Edit
	flush := func() {
		if cur != nil {
			edits = append(edits, *cur)
			cur = nil
		}
	}
	i, j := 0, 0
	for i < len(ar) || j < len(br) {
		switch {
		case i < len(ar) && j < len(br) && ar[i] == br[j]:
			flush()
			off += utf8.RuneLen(ar[i])
			i++
			j++
		case j < len(br) && (i == len(ar) || common[i][j+1] >= common[i+1][j]):
			if cur == nil {
				cur = &diag.Edit{Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(off)}}
			}
			cur.New += string(br[j])
			j++
		default:
			if cur == nil {
				cur = &diag.Edit{Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(off)}}
			}
			off += utf8.RuneLen(ar[i])
			cur.Span.End = diag.Pos(off)
			i++
		}
	}
	flush()
	return edits
}
