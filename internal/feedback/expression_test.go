package feedback

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/schema"
)

func TestExpressionSchema(t *testing.T) {
	sch, err := ExpressionSchema(schema.ProfileFeedback)
	require.NoError(t, err)
	assert.Same(t, schema.Feedback(), sch)
	sch, err = ExpressionSchema(schema.ProfileRules)
	require.NoError(t, err)
	assert.Same(t, schema.Rules(), sch)
	_, err = ExpressionSchema(schema.ProfileEngine2020)
	assert.EqualError(t, err, "must be feedback or rules")
}

func TestExpressionText(t *testing.T) {
	assert.Equal(t, `http.host eq "a"`, ExpressionText([]byte("http.host eq \"a\"\r\n\n")))
	assert.Equal(t, "a\nb", ExpressionText([]byte("a\nb")))
}
