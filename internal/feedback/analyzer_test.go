package feedback

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// The analyzer checks the expression by default: its findings keep their
// rule, severity and single-span fixes, in the expression's bytes for
// Validate and in the file's bytes for ValidateJSON.
func TestAnalyzerChecksTheExpression(t *testing.T) {
	const expr = `cf.bot_management.score lt 30 and http.hots eq "a"`
	r := &Report{Type: FalsePositive, Description: "d", Expression: expr, Requests: 1,
		RequestsByScore: Counts{"5": 1}, RequestsByScoreSrc: Counts{"heuristics": 1}, RequestsByAttribute: map[string][]MetricRequests{},
		FirstRequestSeenAt: "2024-06-01T00:00:00Z", LastRequestSeenAt: "2024-06-01T00:00:00Z"}
	got := Validate(r, WithClock(fixedClock))
	require.Len(t, got, 1)
	assert.Equal(t, diag.Error, got[0].Severity)
	assert.Equal(t, "unknown-field", got[0].Rule)
	assert.Equal(t, "/expression", got[0].Where)
	assert.Equal(t, diag.SpanOf(34, 43), got[0].Span)
	require.Len(t, got[0].Fixes, 1)
	assert.Equal(t, "Use http.host", got[0].Fixes[0].Title, "the analyzer's title, as wflint shows it")
	assert.Equal(t, []diag.Edit{{Span: diag.SpanOf(34, 43), New: "http.host"}}, got[0].Fixes[0].Edits)

	r.Expression = `cf.bot_management.score lt 30 and http.host eq "a"`
	assert.Empty(t, Validate(r, WithClock(fixedClock)))
	// The score interval comes from the analyzer too: 1–29 admits score 5
	// but not 50.
	r.RequestsByScore = Counts{"50": 1}
	got = Validate(r, WithClock(fixedClock))
	require.NotEmpty(t, got)
	assert.Equal(t, RuleScoreOutsideExpression, got[len(got)-1].Rule)
	// Under the rules profile, a field the feedback API refuses is fine.
	r.RequestsByScore = Counts{"5": 1}
	r.Expression = `cf.bot_management.score lt 30 and http.request.method eq "POST"`
	assert.NotEmpty(t, Validate(r, WithClock(fixedClock)))
	assert.Empty(t, Validate(r, WithClock(fixedClock), WithSchema(schema.Rules())))

	doc := []byte(`{"type":"false_positive","description":"d","expression":"cf.bot_management.score lt 30 and http.hots eq \"a\"","requests":1,` +
		`"requests_by_score":{"5":1},"requests_by_score_src":{"heuristics":1},"requests_by_attribute":{},` +
		`"first_request_seen_at":"2024-06-01T00:00:00Z","last_request_seen_at":"2024-06-01T00:00:00Z"}`)
	res := ValidateJSON(doc, WithClock(fixedClock))
	require.Len(t, res.Diagnostics, 1)
	d := res.Diagnostics[0]
	assert.Equal(t, "http.hots", string(doc[d.Span.Start:d.Span.End]))
	require.NotEmpty(t, d.Fixes)
	assert.Equal(t, "Use http.host", d.Fixes[0].Title)
	assert.Equal(t, []diag.Edit{{Span: d.Span, New: "http.host"}}, d.Fixes[0].Edits)
	assert.Empty(t, ValidateJSON(doc, WithClock(fixedClock), WithoutExpressionCheck()).Diagnostics)
}

// A suggested value is spelled as JSON in the fix's edit, so applying it
// keeps the document valid.
func TestValidateJSONFixesAreJSON(t *testing.T) {
	doc := []byte(`{"type":"fp"}`)
	res := ValidateJSON(doc, WithClock(fixedClock))
	for _, d := range res.Diagnostics {
		if d.Rule == RuleInvalidType {
			require.Len(t, d.Fixes, 1)
			assert.Equal(t, `{"type":"false_positive"}`, d.Fixes[0].Apply(string(doc)))
			return
		}
	}
	t.Fatalf("no invalid-type finding in %v", res.Diagnostics)
}

// A fix of the expression is written into the JSON string literal with
// its escapes: applying it to the document gives the fixed expression.
func TestValidateJSONExpressionFixIsEscaped(t *testing.T) {
	doc := []byte(`{"expression": "http.host eq 'a'"}`)
	res := ValidateJSON(doc, WithClock(fixedClock))
	for _, d := range res.Diagnostics {
		if d.Rule != "single-quoted-string" {
			continue
		}
		require.Len(t, d.Fixes, 1)
		assert.NotEqual(t, `\"a\"`, d.Fixes[0].Title, "the title is the analyzer's, not the escaped text")
		var got struct{ Expression string }
		require.NoError(t, json.Unmarshal([]byte(d.Fixes[0].Apply(string(doc))), &got))
		assert.Equal(t, `http.host eq "a"`, got.Expression)
		return
	}
	t.Fatalf("no single-quoted-string finding in %v", res.Diagnostics)
}
