// Package suggest finds the names a person probably meant: the "did you
// mean" behind unknown fields, functions, rule IDs, profile names and
// report keys. It has one edit distance for all of them.
package suggest

import (
	"slices"
	"strings"
)

// Distance is the optimal-string-alignment edit distance between a and b,
// counted in code points: insertions, deletions, substitutions and
// transpositions of adjacent characters, the usual typing errors. Once the
// distance must exceed budget it stops and returns budget+1, so hostile
// input stays cheap; a negative budget means no limit.
func Distance(a, b string, budget int) int {
	ra, rb := []rune(a), []rune(b)
	if budget < 0 {
		budget = len(ra) + len(rb)
	}
	if d := len(ra) - len(rb); d > budget || -d > budget {
		return budget + 1
	}
	n, m := len(ra), len(rb)
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := 0; j <= m; j++ {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > budget {
			return budget + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// Closest returns the candidates within budget edits of name, nearest
// first and, at equal distance, in alphabetical order. Comparison ignores
// ASCII case.
func Closest(name string, candidates []string, budget int) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	lname := strings.ToLower(name)
	for _, c := range candidates {
		if d := Distance(lname, strings.ToLower(c), budget); d <= budget {
			cs = append(cs, cand{c, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}
