package reportview

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/reportbuild"
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

	ds, ok = ExpressionFindings("ssl", &reportbuild.ExpressionError{Expression: "ssl", Eval: &check.Refusal{Backend: eval.Backend, Span: diag.Span{End: 3}, Msg: "no ssl in logs"}})
	require.True(t, ok)
	assert.Equal(t, "", ds[0].Rule, "the evaluator's refusal is no rule's")
	assert.Contains(t, ds[0].Message, "no ssl in logs; the evaluator cannot run this on logs")

	ds, ok = ExpressionFindings("ssl", fmt.Errorf("build: %w", &check.Refusal{Backend: chsql.Backend, Span: diag.Span{End: 99}, Text: "ssl", Msg: "no column"}))
	require.True(t, ok)
	assert.Equal(t, diag.Span{End: 3}, ds[0].Span, "kept inside the expression")
	assert.Equal(t, "the expression cannot be built in ClickHouse: `ssl`: no column", ds[0].Message)

	// The evaluator's refusal outside an ExpressionError is not ClickHouse's.
	_, ok = ExpressionFindings("ssl", &check.Refusal{Backend: eval.Backend, Span: diag.Span{End: 3}, Text: "ssl", Msg: "no ssl in logs"})
	assert.False(t, ok)

	_, ok = ExpressionFindings("ssl", errors.New("connection refused"))
	assert.False(t, ok)
}
