package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
)

// countFact counts its computations in calls. Facts are package-level
// values, declared before any pass is made.
var (
	calls     int
	countFact = newFact("test-count", func(p *Pass) int { calls++; return len(p.Src) })
)

func TestFactsAreComputedOncePerPass(t *testing.T) {
	calls = 0 // the counter outlives a run of the test (-count=2)
	count := countFact
	r := &Rule{ID: "test", Requires: []AnyFact{count}}
	x, _ := grammar.Parse(`http.host eq "a"`)
	p := &Pass{Src: x.Src, Expr: x, rule: r}
	assert.Equal(t, len(x.Src), ResultOf(p, count))
	assert.Equal(t, len(x.Src), ResultOf(p, count))
	assert.Equal(t, 1, calls)
	// A rule must declare the facts it reads.
	p.rule = &Rule{ID: "undeclared"}
	assert.PanicsWithValue(t, "analyzer: rule undeclared reads fact test-count without requiring it", func() { ResultOf(p, count) })
}

func TestRuleListIsExplicitAndComplete(t *testing.T) {
	require.Equal(t, len(all), len(Rules()))
	for i := 1; i < len(Rules()); i++ {
		assert.Less(t, Rules()[i-1].ID, Rules()[i].ID)
	}
	for _, r := range all {
		got, ok := LookupRule(r.ID)
		assert.True(t, ok, r.ID)
		assert.Same(t, r, got)
		byRun := !r.Fatal && r.Category != CatRuleset && r.Category != CatIgnore
		assert.Equal(t, byRun, r.Run != nil, "%s: fatal rules are reported by the parser or the check, ruleset rules by package ruleset, ignore rules by package workspace, the others by Run", r.ID)
	}
	assert.Panics(t, func() { index([]*Rule{{ID: "x"}}) }, "incomplete")
	ok := &Rule{ID: "x", Category: CatStyle, Severity: diag.Info, Summary: "x"}
	assert.Panics(t, func() { index([]*Rule{ok, ok}) }, "duplicate")
}
