// Package lcs computes longest-common-subsequence tables, from which the
// unified diff of wflint fmt --diff (over lines) and the minimal fix edits
// of the workspace (over runes) are read.
package lcs

// Table returns t with t[i][j] the length of the longest common
// subsequence of a[i:] and b[j:]. It takes len(a)*len(b) cells: callers
// bound the sizes.
func Table[T comparable](a, b []T) [][]int32 {
	t := make([][]int32, len(a)+1)
	for i := range t {
		t[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t
}
