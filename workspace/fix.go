package workspace

import (
	"sort"
	"unicode/utf8"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/internal/lcs"
)

// Fix applies the safe fixes of every expression of a linted file and
// returns the new file text, the same edits in file coordinates, and
// whether anything changed. A fix is safe when it is the only one its
// diagnostic offers (a choice between several needs a person). Fixes that
// overlap an earlier one wait for the next round; rounds repeat until the
// expression is stable. The result is checked by extracting it again (see
// [host.Rewrite]); on error the file must be left as it is.
func (f *File) Fix() ([]byte, []diag.Edit, bool, error) {
	var changes []host.Change
	var edits []diag.Edit
	for _, e := range f.Exprs {
		if e.Err != nil {
			continue
		}
		text := fixText(e.Text, e.Options, e.Result)
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

// fixText applies safe fixes to one expression until it is stable. first
// is the analysis of text already at hand: an expression without a safe
// fix costs nothing more (an editor asks for fix-all on every cursor move).
func fixText(text string, o analyzer.Options, first *analyzer.Result) string {
	for round := range 8 {
		r := first
		if round > 0 || r == nil {
			r = analyzer.Analyze(text, o)
		}
		type cand struct {
			start, end diag.Pos
			edits      []diag.Edit
		}
		var cands []cand
		for _, d := range r.Diagnostics {
			if len(d.Fixes) != 1 || len(d.Fixes[0].Edits) == 0 {
				continue
			}
			c := cand{start: d.Fixes[0].Edits[0].Span.Start, end: -1, edits: d.Fixes[0].Edits}
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
		for _, c := range cands {
			if c.start < last || c.start == lastStart {
				continue
			}
			edits = append(edits, c.edits...)
			last, lastStart = c.end, c.start
		}
		if len(edits) == 0 {
			return text
		}
		next := diag.ApplyEdits(text, edits)
		if next == text {
			return text
		}
		text = next
	}
	return text
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
