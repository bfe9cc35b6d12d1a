package analyzer_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/decide"
	"github.com/wflint/wflint/internal/schema"
)

func TestIntervalsAlgebra(t *testing.T) {
	a := decide.IntRange(1, 10).Union(decide.IntRange(20, 30))
	tests := []struct {
		name string
		got  analyzer.Intervals
		want string
	}{
		{"union merges adjacent", decide.IntRange(1, 5).Union(decide.IntRange(6, 9)), "{1..9}"},
		{"union keeps gaps", a, "{1..10 20..30}"},
		{"intersect", a.Intersect(decide.IntRange(5, 25)), "{5..10 20..25}"},
		{"intersect disjoint", a.Intersect(decide.IntRange(11, 19)), "{}"},
		{"complement", a.Complement(), "{..0 11..19 31..}"},
		{"complement of all", analyzer.AllInts().Complement(), "{}"},
		{"complement of empty", analyzer.Intervals(nil).Complement(), "{..}"},
		{"minus", a.Minus(decide.IntRange(3, 3)), "{1..2 4..10 20..30}"},
		{"point", decide.IntRange(7, 7), "{7}"},
		{"reversed range is empty", decide.IntRange(3, 2), "{}"},
		{"union at the top", decide.IntRange(math.MaxInt64-1, math.MaxInt64).Union(decide.IntRange(0, 0)), "{0 9223372036854775806..}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got.String())
		})
	}
	assert.True(t, a.Contains(1) && a.Contains(25) && !a.Contains(15) && !a.Contains(31))
	lo, hi, ok := a.Bounds()
	assert.Equal(t, []any{int64(1), int64(30), true}, []any{lo, hi, ok})
	_, _, ok = analyzer.Intervals(nil).Bounds()
	assert.False(t, ok)
	assert.True(t, analyzer.AllInts().IsFull())
}

func TestIntConstraint(t *testing.T) {
	const score = "cf.bot_management.score"
	tests := []struct {
		expr  string
		want  string
		found bool
	}{
		{"cf.bot_management.score lt 30", "{..29}", true},
		{"cf.bot_management.score gt 50 and cf.bot_management.score lt 10", "{}", true},
		{"cf.bot_management.score ge 10 and cf.bot_management.score le 20", "{10..20}", true},
		{"cf.bot_management.score lt 10 or cf.bot_management.score gt 90", "{..9 91..}", true},
		{"not cf.bot_management.score in {10..20 30}", "{..9 21..29 31..}", true},
		{"cf.bot_management.score ne 5", "{..4 6..}", true},
		{`cf.bot_management.score lt 30 and http.host eq "a.com"`, "{..29}", true},
		// Another condition may make the or true for any score.
		{`cf.bot_management.score lt 30 or http.host eq "a.com"`, "{..}", true},
		{"cf.bot_management.score lt 30 xor cf.bot_management.score lt 20", "{20..29}", true},
		{`(cf.bot_management.score lt 30 and not (cf.bot_management.score eq 7))`, "{..6 8..29}", true},
		{`http.host eq "a.com"`, "{..}", false},
		{`starts_with(http.host, "a") and not ip.src in {192.0.2.0/24}`, "{..}", false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			res := analyzer.Analyze(tt.expr, analyzer.Options{Schema: schema.Feedback()})
			require.False(t, res.Rejected(), "%v", res.Diagnostics)
			got, found := analyzer.IntConstraint(res.Expr.Root, res.Info, tt.expr, score)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, tt.found, found)
		})
	}
}

func TestScoreRange(t *testing.T) {
	tests := []struct {
		expr   string
		lo, hi int
		ok     bool
	}{
		{"cf.bot_management.score lt 30", 1, 29, true},
		{`cf.bot_management.score ge 80 and http.host eq "example.com"`, 80, 99, true},
		{"cf.bot_management.score in {5..10 40..50}", 5, 50, true},
		{"not cf.bot_management.score lt 50", 50, 99, true},
		{"cf.bot_management.score gt 50 and cf.bot_management.score lt 10", 0, 0, false},
		{`http.host eq "example.com"`, 0, 0, false},
		{"cf.bot_management.score lt", 0, 0, false},
		{`http.cookie eq "a" and cf.bot_management.score lt 10`, 1, 9, true}, // not a documented feedback field: a warning only
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			lo, hi, ok := analyzer.ScoreRange(tt.expr)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, [2]int{tt.lo, tt.hi}, [2]int{lo, hi})
			}
		})
	}
}

func TestDomainIntervals(t *testing.T) {
	f, ok := schema.Rules().Field("cf.waf.score")
	require.True(t, ok)
	assert.Equal(t, "{1..100}", analyzer.DomainIntervals(f).String()) // 100 = not scored
	f, _ = schema.Rules().Field("http.request.timestamp.sec")
	assert.True(t, analyzer.DomainIntervals(f).IsFull(), "a field without bounds takes any value")
	assert.True(t, analyzer.DomainIntervals(nil).IsFull())
}
