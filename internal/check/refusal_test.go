package check_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func TestRefusal(t *testing.T) {
	r := check.Refuse("eval", `uuidv4(http.host) eq "a"`, diag.Span{Start: 0, End: 6}, "function uuidv4 is not evaluated: its result is random")
	assert.Equal(t, "uuidv4", r.Text)
	assert.Equal(t, "eval: 0-6 `uuidv4`: function uuidv4 is not evaluated: its result is random", r.Error())
	// A span past the source (a caller's mistake) keeps what is inside.
	assert.Equal(t, "ssl", check.Refuse("clickhouse", "ssl", diag.Span{End: 99}, "no column").Text)

	var none *check.Checked
	assert.Equal(t, "clickhouse: empty expression", none.Refusal("clickhouse").Error())

	x, errs := grammar.Parse(`http.hots eq "a"`)
	require.Empty(t, errs)
	c, _ := check.Check(x, schema.Rules(), check.Options{})
	r = c.Refusal("eval")
	require.NotNil(t, r)
	assert.Equal(t, "http.hots", r.Text)
	assert.Contains(t, r.Msg, "unknown field or function `http.hots`")

	// A warning (a field beyond the documented feedback fields) does not
	// refuse.
	x, _ = grammar.Parse(`http.request.method eq "GET"`)
	c, diags := check.Check(x, schema.Feedback(), check.Options{})
	require.NotEmpty(t, diags)
	assert.Nil(t, c.Refusal("eval"))
}
