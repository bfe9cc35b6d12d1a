package diag

import (
	"sort"
	"strings"
)

// Edit replaces the bytes in Span with New. An insertion has an empty span.
type Edit struct {
	Span Span
	New  string
}

// Fix is a suggested change: a title a person can read and the edits that
// carry it out. Edits within one fix never overlap.
type Fix struct {
	Title string
	Edits []Edit
	// Safe marks a fix that keeps what the expression matches, or only
	// turns what Cloudflare rejects into what it evidently meant (quotes,
	// spacing, notation, parentheses); `wflint --fix` applies only these.
	// A fix is unsafe unless its author marks it safe, so a new fix never
	// changes a live rule's matches by default.
	Safe bool
}

// Apply returns src with the fix's edits applied.
func (f Fix) Apply(src string) string { return ApplyEdits(src, f.Edits) }

// ApplyEdits applies non-overlapping edits to src. Edits are sorted by start
// offset; an edit that overlaps an earlier one is dropped rather than
// corrupting the text.
func ApplyEdits(src string, edits []Edit) string {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Span.Start < es[j].Span.Start })
	var b strings.Builder
	last := 0
	for _, e := range es {
		s, t := clamp(int(e.Span.Start), len(src)), clamp(int(e.Span.End), len(src))
		if s < last || t < s {
			continue
		}
		b.WriteString(src[last:s])
		b.WriteString(e.New)
		last = t
	}
	b.WriteString(src[last:])
	return b.String()
}
