package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func TestConstrainsScore(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`cf.bot_management.score lt 30`, true},
		{`http.host eq "a" and cf.bot_management.score lt 30`, true},
		{`not (cf.bot_management.score ge 30)`, true},
		{`(cf.bot_management.score lt 30 and http.host eq "a") or http.host eq "b"`, false},
		{`(cf.bot_management.score lt 30 or cf.bot_management.score gt 90) and http.host eq "a"`, true},
		{`http.host eq "a" xor cf.bot_management.score lt 30`, false},
		{`http.host eq "a"`, false},
		{`to_string(cf.bot_management.score) eq "1"`, true},
	}
	for _, tt := range tests {
		res := Analyze(tt.src, Options{Schema: schema.Feedback()})
		p := &Pass{Src: tt.src, Expr: res.Expr, Schema: schema.Feedback(), Info: res.Info}
		assert.Equal(t, tt.want, constrainsScore(p, res.Expr.Root), tt.src)
	}
}

func TestFeedbackMissingScoreOnlyInFeedbackProfile(t *testing.T) {
	const src = `http.host eq "api.example.com"`
	has := func(s *schema.Schema) bool {
		for _, d := range Analyze(src, Options{Schema: s}).Diagnostics {
			if d.Rule == "feedback-missing-score" {
				return true
			}
		}
		return false
	}
	assert.True(t, has(schema.Feedback()))
	assert.False(t, has(schema.Rules()))
	// A syntax error is reported as such, without a guess about scores.
	x, errs := grammar.Parse(`http.host eq`)
	res := AnalyzeParsed(x, errs, Options{Schema: schema.Feedback()})
	for _, d := range res.Diagnostics {
		assert.NotEqual(t, "feedback-missing-score", d.Rule)
	}
}
