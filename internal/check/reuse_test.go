package check

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/internal/grammar"
)

// A Checker's check finds what a check of its own does, whatever the
// checks before left in its memory.
func TestCheckerChecksAlike(t *testing.T) {
	srcs := corpus.RealworldExprs(t)
	var c Checker
	for _, src := range srcs {
		x, _ := grammar.Parse(src)
		for _, compat := range []bool{false, true} {
			want, wantErrs := Check(x, nil, Options{EngineCompat: compat, Regexes: true})
			got, gotErrs := c.Check(x, nil, Options{EngineCompat: compat, Regexes: true})
			require.Same(t, &c.out, got)
			require.Equal(t, wantErrs, gotErrs, src)
			require.Equal(t, answers(want), answers(got), src)
		}
	}
}

// answers lists what c answers about every node of its tree.
func answers(c *Checked) []string {
	var out []string
	grammar.Inspect(c.Expr.Root, func(n grammar.Node) bool {
		s := fmt.Sprintf("%T %v %v", n, n.Span(), c.TypeOf(n))
		if v, ok := n.(*grammar.Value); ok {
			s += fmt.Sprintf(" %p %p %v", c.FieldOf(v), c.FuncOf(v), c.IsMapped(v))
		}
		if l, ok := n.(*grammar.Literal); ok {
			tree, msg, known := c.Regex(l)
			s += fmt.Sprintf(" %v %q %v", tree, msg, known)
		}
		out = append(out, s)
		return true
	})
	return out
}
