package analyzer_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/corpus"
)

// Analyses that share an arena find what analyses of their own do,
// whatever the analyses before left in it.
func TestArenaAnalysesAlike(t *testing.T) {
	var a analyzer.Arena
	exprs := corpus.RealworldExprs(t)
	// Backwards too: large trees before small ones, and the reverse.
	back := slices.Clone(exprs)
	slices.Reverse(back)
	for _, src := range append(exprs, back...) {
		want := analyzer.Analyze(src, analyzer.Options{})
		got := analyzer.Analyze(src, analyzer.Options{Arena: &a})
		require.Equal(t, want.Diagnostics, got.Diagnostics, src)
	}
}
