package reportview

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
)

func TestListAs(t *testing.T) {
	var b strings.Builder
	require.NoError(t, ListAs(&b, "z", nil, true))
	assert.Equal(t, "[]\n", b.String())

	b.Reset()
	require.NoError(t, ListAs(&b, "z", nil, false))
	assert.Equal(t, "no feedback reports for zone z\n", b.String())

	b.Reset()
	require.NoError(t, ListAs(&b, "z", []feedback.Report{{Type: feedback.FalsePositive}}, true))
	assert.Contains(t, b.String(), `"type": "false_positive"`)
}

func TestRetrySummary(t *testing.T) {
	var b strings.Builder
	RetrySummary(&b, cfapi.RetrySummary{Sent: 2, AlreadyPresent: 1, Remaining: 3}, "/out")
	assert.Equal(t, "sent 2, already present 1, still in the outbox 3 (/out)\n", b.String())
}

func TestShowValidation(t *testing.T) {
	var b strings.Builder
	ShowValidation(&b, nil, "r.json")
	assert.Equal(t, "\nValidation: valid\n", b.String())

	b.Reset()
	ShowValidation(&b, diag.List{{Severity: diag.Error, Message: "bad"}}, "r.json")
	assert.Contains(t, b.String(), "\nValidation: ")
	assert.True(t, strings.HasSuffix(b.String(), "  details: wflint report validate r.json\n"), b.String())
}

func TestValidate(t *testing.T) {
	res, f := Validate("r.json", []byte(`{}`))
	assert.Equal(t, "r.json", f.Name)
	assert.Equal(t, []byte(`{}`), f.Data)
	assert.Same(t, res, f.Result)
	assert.True(t, f.Result.Diagnostics.HasErrors())
}

func TestShowAs(t *testing.T) {
	r := &feedback.Report{Type: feedback.FalsePositive, Expression: "cf.bot_management.score lt 30", Requests: 2,
		RequestsByScore: feedback.Counts{"5": 2}}
	ds := diag.List{{Severity: diag.Error, Message: "bad"}}
	for _, format := range []string{"text", "json", "markdown"} {
		var got, want strings.Builder
		require.NoError(t, ShowAs(&got, format, "r.json", r, ds, ShowOptions{}))
		switch format {
		case "json":
			require.NoError(t, ShowJSON(&want, r, ds, ShowOptions{}))
		case "markdown":
			ShowMarkdown(&want, r, ds, ShowOptions{})
		default:
			ShowWith(&want, r, ShowOptions{})
			ShowValidation(&want, ds, "r.json")
		}
		assert.Equal(t, want.String(), got.String(), format)
	}
}
