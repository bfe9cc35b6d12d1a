package feedback

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// manyDuplicates is a report whose topIPs names two addresses n times
// each, with every entry's metric a number too when typed.
func manyDuplicates(t *testing.T, n int, typed bool) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"type":"false_negative","description":"d","expression":"cf.bot_management.score ge 30",` +
		`"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T06:00:00Z",` +
		`"requests":2000,"requests_by_score":{"30":2000},"requests_by_score_src":{"heuristics":2000},"requests_by_attribute":{"topIPs":[`)
	for i := range 2 * n {
		if i > 0 {
			b.WriteByte(',')
		}
		if typed && i%2 == 1 {
			fmt.Fprintf(&b, `{"metric":%d,"requests":1}`, i)
			continue
		}
		fmt.Fprintf(&b, `{"metric":"203.0.113.%d","requests":1}`, i%2)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

func count(ds diag.List, rule string) (shown int, more []diag.Diagnostic) {
	for _, d := range ds {
		if d.Rule != rule {
			continue
		}
		if strings.HasPrefix(d.Message, "and ") {
			more = append(more, d)
			continue
		}
		shown++
	}
	return shown, more
}

func TestFindingsCappedPerRule(t *testing.T) {
	data := manyDuplicates(t, 20001, false) // 40,000 duplicates
	res := ValidateJSON(data, WithoutExpressionCheck())
	shown, more := count(res.Diagnostics, RuleDuplicateMetric)
	assert.Equal(t, DefaultMaxPerRule, shown)
	require.Len(t, more, 1)
	assert.Equal(t, "and 39980 more duplicate-metric warnings in this report (showing the first 20)", more[0].Message)
	assert.Equal(t, diag.Warning, more[0].Severity)
	assert.Equal(t, 39980, Stands(more[0]))
	assert.Equal(t, "/requests_by_attribute/topIPs/22/metric", more[0].Where, "at the first one left out")
	assert.Equal(t, `"203.0.113.0"`, spanText(data, more[0]))
	_, why := Blocking(res.Diagnostics, true)
	assert.Equal(t, "the report has 40001 warning(s) and --strict is set", why, "the summary counts what it stands for (with the sum warning)")
	assert.Equal(t, Tally{Warnings: 40001}, Count(res.Diagnostics), "every command counts a report's problems so")
	blocks, _ := Blocking(res.Diagnostics, false)
	assert.False(t, blocks, "warnings block only with --strict")

	all := ValidateJSON(data, WithoutExpressionCheck(), WithMaxPerRule(-1))
	shown, more = count(all.Diagnostics, RuleDuplicateMetric)
	assert.Equal(t, 40000, shown)
	assert.Empty(t, more)

	five := ValidateJSON(data, WithoutExpressionCheck(), WithMaxPerRule(5))
	shown, more = count(five.Diagnostics, RuleDuplicateMetric)
	assert.Equal(t, 5, shown)
	require.Len(t, more, 1)
	assert.Equal(t, 39995, Stands(more[0]))
}

// TestDecodeFindingsCapped: type mismatches are capped as they are found,
// so a million bad entries never become a million findings in memory.
func TestDecodeFindingsCapped(t *testing.T) {
	data := manyDuplicates(t, 1000, true)
	res := ValidateJSON(data, WithoutExpressionCheck())
	shown, more := count(res.Diagnostics, RuleTypeMismatch)
	assert.Equal(t, DefaultMaxPerRule, shown)
	require.Len(t, more, 1)
	assert.Equal(t, diag.Error, more[0].Severity)
	assert.Equal(t, 980, Stands(more[0]))
	blocks, why := Blocking(res.Diagnostics, false)
	assert.True(t, blocks)
	assert.Equal(t, "the report has 1000 error(s)", why)
}

func TestValidateCapsToo(t *testing.T) {
	var r Report
	require.NoError(t, json.Unmarshal(manyDuplicates(t, 100, false), &r))
	ds := Validate(&r, WithoutExpressionCheck())
	shown, more := count(ds, RuleDuplicateMetric)
	assert.Equal(t, DefaultMaxPerRule, shown)
	require.Len(t, more, 1)
	assert.Equal(t, 178, Stands(more[0]))
}

func TestStands(t *testing.T) {
	for _, tt := range []struct {
		d    diag.Diagnostic
		want int
	}{
		{diag.Diagnostic{Rule: "x", More: 6}, 7},
		{diag.Diagnostic{Rule: "x"}, 1},
		// The text does not decide: a message that reads like a summary is
		// one finding.
		{diag.Diagnostic{Rule: "x", Message: "and 7 more x errors in this report (showing the first 20)"}, 1},
	} {
		assert.Equal(t, tt.want, Stands(tt.d), tt.d.Message)
	}
}
