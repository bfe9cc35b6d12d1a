package reportview

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/chsql"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/eval"
	"github.com/wflint/wflint/reportbuild"
)

func TestExpressionFindings(t *testing.T) {
	src := `cf.bot_management.score lt 30 and http.hots eq "a"`
	_, _, err := reportbuild.Compile(src, nil)
	require.Error(t, err)
	ds, ok := ExpressionFindings(src, err)
	require.True(t, ok)
	require.Len(t, ds, 1)
	assert.Equal(t, "unknown-field", ds[0].Rule)
	assert.Equal(t, "http.hots", ds[0].Span.Text(src))

	ds, ok = ExpressionFindings("ssl", &reportbuild.ExpressionError{Expression: "ssl", Eval: &eval.Error{Span: diag.Span{End: 3}, Msg: "no ssl in logs"}})
	require.True(t, ok)
	assert.Equal(t, "", ds[0].Rule, "the evaluator's refusal is no rule's")
	assert.Contains(t, ds[0].Message, "no ssl in logs; the evaluator cannot run this on logs")

	ds, ok = ExpressionFindings("ssl", fmt.Errorf("build: %w", &chsql.Error{Span: diag.Span{End: 99}, Text: "ssl", Msg: "no column"}))
	require.True(t, ok)
	assert.Equal(t, diag.Span{End: 3}, ds[0].Span, "kept inside the expression")

	_, ok = ExpressionFindings("ssl", errors.New("connection refused"))
	assert.False(t, ok)
}
