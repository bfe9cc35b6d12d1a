package output

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/lcs"
)

// UnifiedDiff returns a unified diff of two texts with three lines of
// context, computed on lines with an LCS table (fine for rule files; very
// large inputs fall back to one hunk around the changed region).
func UnifiedDiff(name, a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	// Trim the common prefix and suffix first; formatting changes are local.
	p := 0
	for p < len(al) && p < len(bl) && al[p] == bl[p] {
		p++
	}
	s := 0
	for s < len(al)-p && s < len(bl)-p && al[len(al)-1-s] == bl[len(bl)-1-s] {
		s++
	}
	type op struct {
		kind byte // ' ', '-', '+'
		text string
	}
	var ops []op
	for _, l := range al[:p] {
		ops = append(ops, op{' ', l})
	}
	am, bm := al[p:len(al)-s], bl[p:len(bl)-s]
	if len(am)*len(bm) <= 4_000_000 {
		common := lcs.Table(am, bm)
		i, j := 0, 0
		for i < len(am) || j < len(bm) {
			switch {
			case i < len(am) && j < len(bm) && am[i] == bm[j]:
				ops = append(ops, op{' ', am[i]})
				i++
				j++
			case i < len(am) && (j == len(bm) || common[i+1][j] >= common[i][j+1]):
				ops = append(ops, op{'-', am[i]})
				i++
			default:
				ops = append(ops, op{'+', bm[j]})
				j++
			}
		}
	} else {
		for _, l := range am {
			ops = append(ops, op{'-', l})
		}
		for _, l := range bm {
			ops = append(ops, op{'+', l})
		}
	}
	for _, l := range al[len(al)-s:] {
		ops = append(ops, op{' ', l})
	}
	// Group into hunks with 3 lines of context.
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", name, name)
	var changed []int
	for i, o := range ops {
		if o.kind != ' ' {
			changed = append(changed, i)
		}
	}
	sort.Ints(changed)
	for k := 0; k < len(changed); {
		start := max(changed[k]-ctx, 0)
		end := changed[k]
		for k < len(changed) && changed[k] <= end+2*ctx {
			end = changed[k]
			k++
		}
		end = min(end+ctx+1, len(ops))
		aLine, bLine := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		aN, bN := 0, 0
		var body strings.Builder
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				aN++
			}
			if o.kind != '-' {
				bN++
			}
			body.WriteByte(o.kind)
			body.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		// An empty side is numbered by the line before it, as diff(1) does.
		if aN == 0 {
			aLine--
		}
		if bN == 0 {
			bLine--
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n%s", aLine, aN, bLine, bN, body.String())
	}
	return out.String()
}

// splitLines splits after each "\n", keeping it.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
