package analyzer_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/corpus"
)

// Analyses by one Batch find what analyses of their own do, whatever the
// analyses before left in its memory.
func TestBatchAnalysesAlike(t *testing.T) {
	var b analyzer.Batch
	exprs := corpus.RealworldExprs(t)
	// Backwards too: large trees before small ones, and the reverse.
	back := slices.Clone(exprs)
	slices.Reverse(back)
	for _, src := range append(exprs, back...) {
		want := analyzer.Analyze(src, analyzer.Options{})
		got := b.Analyze(src, analyzer.Options{})
		require.Equal(t, want.Diagnostics, got.Diagnostics, src)
	}
}
