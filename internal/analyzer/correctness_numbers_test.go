package analyzer

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/grammar"
)

func TestIntVerdict(t *testing.T) {
	score := intSet{lo: 1, hi: 99}
	waf := intSet{lo: 1, hi: 99, points: []int64{100}}
	zero := intSet{lo: 1, hi: 0, points: []int64{0}}
	tests := []struct {
		set  intSet
		op   grammar.CmpKind
		v    int64
		want string
	}{
		{score, grammar.OpLt, 0, "never"},
		{score, grammar.OpLt, 1, "never"},
		{score, grammar.OpLt, 30, ""},
		{score, grammar.OpLt, 100, "always"},
		{score, grammar.OpLe, 99, ""}, // "has a score", on purpose
		{score, grammar.OpGt, 99, "never"},
		{score, grammar.OpGt, 0, "always"},
		{score, grammar.OpGe, 1, ""},
		{score, grammar.OpEq, 100, "never"},
		{score, grammar.OpNe, 100, "always"},
		{score, grammar.OpNe, 50, ""},
		{waf, grammar.OpEq, 100, ""},
		{waf, grammar.OpGt, 99, ""},
		{waf, grammar.OpGt, 100, "never"},
		{waf, grammar.OpLe, 100, ""},
		{zero, grammar.OpGt, 10, "never"},
		{zero, grammar.OpLt, 10, "always"},
		{zero, grammar.OpEq, 0, ""},
		{intSet{lo: 0, hi: math.MaxUint32}, grammar.OpLt, math.MinInt64, "never"},
		{intSet{lo: 0, hi: math.MaxUint32}, grammar.OpGt, math.MaxInt64, "never"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, intVerdict(tt.set, tt.op, tt.v, tt.v), "%v %s %d", tt.set, tt.op, tt.v)
	}
	assert.Equal(t, "never", intVerdict(score, grammar.OpIn, 100, 200))
	assert.Equal(t, "", intVerdict(score, grammar.OpIn, 0, 10))
}
