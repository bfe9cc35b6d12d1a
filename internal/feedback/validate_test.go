package feedback

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/diag"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

// validReport returns a report that passes every check (cftest.ValidReport),
// for tests to break one field at a time.
func validReport() *Report {
	var r Report
	if err := json.Unmarshal([]byte(cftest.ValidReport), &r); err != nil {
		panic(err)
	}
	return &r
}

type want struct {
	code, pointer string
	sev           diag.Severity
	msg           string   // substring of the message, optional
	sugg          []string // expected suggestions, optional
}

func TestValidate(t *testing.T) {
	attr := func(r *Report, key string, list ...MetricRequests) { r.RequestsByAttribute[key] = list }
	tests := []struct {
		name   string
		mutate func(r *Report)
		opts   []Option
		want   []want
	}{
		{"valid", func(r *Report) {}, nil, nil},
		{"missing type", func(r *Report) { r.Type = "" }, nil,
			[]want{{code: RuleMissingField, pointer: "/type", sev: diag.Error}}},
		{"invalid type", func(r *Report) { r.Type = "False-Negative" }, nil,
			[]want{{code: RuleInvalidType, pointer: "/type", sev: diag.Error, sugg: []string{FalseNegative}}}},
		{"unknown subtype case variant", func(r *Report) { r.Subtype = "login_abuse" }, nil,
			[]want{{code: RuleUnknownSubtype, pointer: "/subtype", sev: diag.Warning, sugg: []string{"Login Abuse"}}}},
		{"unknown subtype typo", func(r *Report) { r.Subtype = "Scrapping" }, nil,
			[]want{{code: RuleUnknownSubtype, pointer: "/subtype", sev: diag.Warning, sugg: []string{"Scraping"}}}},
		{"subtype on false positive", func(r *Report) {
			r.Type = FalsePositive
			r.RequestsByScore = Counts{"1": 800, "10": 1200}
		}, nil, nil}, // the API's own examples put subtypes on false positives
		{"Cloudflare's create example (JA3 metric ab12cd34ef56...)", func(r *Report) {
			attr(r, AttrTopJA3Hashes, MetricRequests{Metric: "ab12cd34ef56...", Requests: 900})
		}, nil, []want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topJA3Hashes/0/metric", sev: diag.Warning}}},
		{"blank description", func(r *Report) { r.Description = "  \n" }, nil,
			[]want{{code: RuleEmptyDescription, pointer: "/description", sev: diag.Warning}}},
		{"missing description", func(r *Report) { r.Description = "" }, nil,
			[]want{{code: RuleMissingField, pointer: "/description", sev: diag.Error}}},
		{"blank expression", func(r *Report) { r.Expression = "\t" }, nil,
			[]want{{code: RuleEmptyExpression, pointer: "/expression", sev: diag.Error}}},
		{"zero requests", func(r *Report) {
			r.Requests = 0
			r.RequestsByScore = Counts{}
			r.RequestsByScoreSrc = Counts{}
			r.RequestsByAttribute = map[string][]MetricRequests{}
		}, nil, []want{{code: RuleNonPositiveRequests, pointer: "/requests", sev: diag.Error}}},
		{"score key out of range and leading zero", func(r *Report) {
			r.RequestsByScore = Counts{"30": 800, "100": 700, "050": 500}
		}, nil, []want{
			{code: RuleInvalidScoreKey, pointer: "/requests_by_score/050", sev: diag.Error, sugg: []string{"50"}},
			{code: RuleInvalidScoreKey, pointer: "/requests_by_score/100", sev: diag.Error},
		}},
		{"score key zero and sign", func(r *Report) {
			r.RequestsByScore = Counts{"0": 800, "+40": 700, "50": 500}
		}, nil, []want{
			{code: RuleInvalidScoreKey, pointer: "/requests_by_score/0", sev: diag.Error},
			{code: RuleInvalidScoreKey, pointer: "/requests_by_score/+40", sev: diag.Error, sugg: []string{"40"}},
		}},
		{"score sum mismatch", func(r *Report) { r.RequestsByScore["50"] = 450 }, nil,
			[]want{{code: RuleScoreSumMismatch, pointer: "/requests_by_score", sev: diag.Error, msg: "adds up to 1950 but requests is 2000 (50 fewer than requests)"}}},
		{"score src sum mismatch", func(r *Report) { r.RequestsByScoreSrc["ml"] = 10 }, nil,
			[]want{{code: RuleScoreSrcSumMismatch, pointer: "/requests_by_score_src", sev: diag.Error, msg: "10 more than"}}},
		{"negative count", func(r *Report) {
			r.RequestsByScore = Counts{"30": 2100, "40": -100}
		}, nil, []want{{code: RuleNegativeCount, pointer: "/requests_by_score/40", sev: diag.Error}}},
		{"sum overflow", func(r *Report) {
			r.RequestsByScoreSrc = Counts{"heuristics": maxInt64, "machine_learning": maxInt64}
		}, nil, []want{{code: RuleScoreSrcSumMismatch, pointer: "/requests_by_score_src", sev: diag.Error, msg: "64-bit"}}},
		{"missing histograms", func(r *Report) { r.RequestsByScore = nil; r.RequestsByScoreSrc = nil }, nil, []want{
			{code: RuleMissingField, pointer: "/requests_by_score", sev: diag.Error},
			{code: RuleMissingField, pointer: "/requests_by_score_src", sev: diag.Error},
		}},
		{"bad timestamp", func(r *Report) { r.FirstRequestSeenAt = "2024-05-01 00:00:00Z" }, nil,
			[]want{{code: RuleInvalidTimestamp, pointer: "/first_request_seen_at", sev: diag.Error, sugg: []string{"2024-05-01T00:00:00Z"}}}},
		{"date-only timestamp", func(r *Report) { r.LastRequestSeenAt = "2024-05-02" }, nil,
			[]want{{code: RuleInvalidTimestamp, pointer: "/last_request_seen_at", sev: diag.Error, sugg: []string{"2024-05-02T00:00:00Z"}}}},
		{"timestamps swapped", func(r *Report) {
			r.FirstRequestSeenAt, r.LastRequestSeenAt = r.LastRequestSeenAt, r.FirstRequestSeenAt
		}, nil, []want{{code: RuleTimestampOrder, pointer: "/last_request_seen_at", sev: diag.Error}}},
		{"offsets compared as instants", func(r *Report) {
			r.FirstRequestSeenAt = "2024-05-01T08:00:00+02:00" // 06:00Z, equal to last
		}, nil, nil},
		{"timestamp in future", func(r *Report) { r.LastRequestSeenAt = "2024-06-02T00:00:00Z" }, nil,
			[]want{{code: RuleTimestampInFuture, pointer: "/last_request_seen_at", sev: diag.Warning}}},
		{"created_at invalid is a warning", func(r *Report) { r.CreatedAt = "yesterday" }, nil,
			[]want{{code: RuleInvalidTimestamp, pointer: "/created_at", sev: diag.Warning}}},
		{"missing attributes", func(r *Report) { r.RequestsByAttribute = nil }, nil,
			[]want{{code: RuleMissingAttributes, pointer: "/requests_by_attribute", sev: diag.Warning}}},
		{"unknown attribute", func(r *Report) { attr(r, "topIps", MetricRequests{Metric: "x", Requests: 1}) }, nil,
			[]want{{code: RuleUnknownAttribute, pointer: "/requests_by_attribute/topIps", sev: diag.Warning, sugg: []string{AttrTopIPs}}}},
		{"bad IP", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10:443", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topIPs/0/metric", sev: diag.Warning, sugg: []string{"203.0.113.10"}}}},
		{"bad ASN", func(r *Report) { attr(r, AttrTopASNs, MetricRequests{Metric: "AS13335", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topASNs/0/metric", sev: diag.Warning, sugg: []string{"13335"}}}},
		{"ASN too large", func(r *Report) { attr(r, AttrTopASNs, MetricRequests{Metric: "4294967296", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topASNs/0/metric", sev: diag.Warning}}},
		{"lowercase country", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "us", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: diag.Info, sugg: []string{"US"}}}},
		{"UK is not ISO", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "UK", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: diag.Warning, sugg: []string{"GB"}}}},
		{"unassigned country", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "ZZ", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: diag.Warning}}},
		{"cloudflare country codes", func(r *Report) {
			attr(r, AttrTopCountries, MetricRequests{Metric: "T1", Requests: 2}, MetricRequests{Metric: "XX", Requests: 1})
		}, nil, nil},
		{"uppercase JA3", func(r *Report) {
			attr(r, AttrTopJA3Hashes, MetricRequests{Metric: "3FED133DE60C35724739B913924B6C24", Requests: 1})
		}, nil, []want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topJA3Hashes/0/metric", sev: diag.Info, sugg: []string{"3fed133de60c35724739b913924b6c24"}}}},
		{"bad JA4", func(r *Report) {
			attr(r, AttrTopJA4s, MetricRequests{Metric: "t13d1516h2_8daaf615_e5627efa2ab1", Requests: 1})
		}, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topJA4s/0/metric", sev: diag.Warning}}},
		{"path without slash", func(r *Report) { attr(r, AttrTopPaths, MetricRequests{Metric: "login", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topPaths/0/metric", sev: diag.Warning, sugg: []string{"/login"}}}},
		{"path is a URL", func(r *Report) {
			attr(r, AttrTopPaths, MetricRequests{Metric: "https://shop.example.com/cart?x=1", Requests: 1})
		}, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topPaths/0/metric", sev: diag.Warning, sugg: []string{"/cart"}}}},
		{"host with scheme", func(r *Report) {
			attr(r, AttrTopHosts, MetricRequests{Metric: "https://shop.example.com:8443/", Requests: 1})
		}, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topHosts/0/metric", sev: diag.Warning, sugg: []string{"shop.example.com"}}}},
		{"host with port", func(r *Report) { attr(r, AttrTopHosts, MetricRequests{Metric: "shop.example.com:8443", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topHosts/0/metric", sev: diag.Warning, sugg: []string{"shop.example.com"}}}},
		{"empty metric", func(r *Report) { attr(r, AttrTopUserAgents, MetricRequests{Metric: "", Requests: 1}) }, nil,
			[]want{{code: RuleInvalidMetric, pointer: "/requests_by_attribute/topUserAgents/0/metric", sev: diag.Warning}}},
		{"metric exceeds total", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 2001}) }, nil, []want{
			{code: RuleMetricExceedsTotal, pointer: "/requests_by_attribute/topIPs/0/requests", sev: diag.Error},
			{code: RuleAttributeSumExceedsTotal, pointer: "/requests_by_attribute/topIPs", sev: diag.Warning},
		}},
		{"attribute sum exceeds total", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 1500}, MetricRequests{Metric: "203.0.113.11", Requests: 1000})
		}, nil, []want{{code: RuleAttributeSumExceedsTotal, pointer: "/requests_by_attribute/topIPs", sev: diag.Warning}}},
		{"negative metric count", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: -1}) }, nil,
			[]want{{code: RuleNegativeCount, pointer: "/requests_by_attribute/topIPs/0/requests", sev: diag.Error}}},
		{"unsorted", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 5}, MetricRequests{Metric: "203.0.113.11", Requests: 9})
		}, nil, []want{{code: RuleUnsortedMetrics, pointer: "/requests_by_attribute/topIPs", sev: diag.Warning}}},
		{"duplicate metric spelled differently", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "2001:DB8::1", Requests: 9}, MetricRequests{Metric: "2001:db8::1", Requests: 5})
		}, nil, []want{{code: RuleDuplicateMetric, pointer: "/requests_by_attribute/topIPs/1/metric", sev: diag.Warning}}},
		{"unknown field", func(r *Report) { r.Extra = map[string]json.RawMessage{"firstRequestSeenAt": json.RawMessage(`"x"`)} }, nil,
			[]want{{code: RuleUnknownField, pointer: "/firstRequestSeenAt", sev: diag.Warning, sugg: []string{"first_request_seen_at"}}}},
		{"false positive with human scores", func(r *Report) { r.Type = FalsePositive; r.Subtype = "" }, nil,
			[]want{{code: RuleTypeScoreMismatch, pointer: "/type", sev: diag.Warning, msg: "human traffic scored as automated", sugg: []string{FalseNegative}}}},
		{"false negative with automated scores", func(r *Report) { r.RequestsByScore = Counts{"1": 1000, "29": 1000} }, nil,
			[]want{{code: RuleTypeScoreMismatch, pointer: "/type", sev: diag.Warning, msg: "automated traffic Bot Management did not catch", sugg: []string{FalsePositive}}}},
		{"mixed scores are fine", func(r *Report) { r.RequestsByScore = Counts{"1": 1000, "30": 1000} }, nil, nil},
		{"score outside expression", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 1, 45, true }))},
			[]want{{code: RuleScoreOutsideExpression, pointer: "/requests_by_score", sev: diag.Warning, msg: "to 1–45, but requests_by_score has requests at score 50"}}},
		{"score inside expression", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 30, 99, true }))}, nil},
		{"score range unknown", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 0, 0, false }))}, nil},
		{"expression findings", func(r *Report) {}, []Option{WithExpressionChecker(ExpressionCheckerFunc(func(expr string) []diag.Diagnostic {
			i := strings.Index(expr, `"shop`)
			return []diag.Diagnostic{
				{Span: diag.SpanOf(i, i+18), Rule: "deprecated-field", Severity: diag.Warning, Message: "m"},
				{Span: diag.Span{Start: -5, End: 1 << 30}, Rule: "clamped", Message: "defaults to error"},
			}
		}))}, []want{
			{code: "deprecated-field", pointer: "/expression", sev: diag.Warning},
			{code: "clamped", pointer: "/expression", sev: diag.Error},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validReport()
			tt.mutate(r)
			// The analyzer's findings are tested with the analyzer; here
			// the validator's own rules are, with the hooks scripted.
			got := Validate(r, append([]Option{WithClock(fixedClock), WithoutExpressionCheck()}, tt.opts...)...)
			assertProblems(t, tt.want, got)
		})
	}
}

func assertProblems(t *testing.T, want []want, got diag.List) {
	t.Helper()
	require.Len(t, got, len(want), "problems: %v", got)
	for i, w := range want {
		p := got[i]
		assert.Equal(t, w.code, p.Rule, "problem %d: %v", i, p)
		assert.Equal(t, w.pointer, p.Where, "problem %d: %v", i, p)
		assert.Equal(t, w.sev, p.Severity, "problem %d: %v", i, p)
		assert.NotEmpty(t, p.Message)
		if w.msg != "" {
			assert.Contains(t, p.Message, w.msg)
		}
		if w.sugg != nil {
			assert.Equal(t, w.sugg, Suggestions(p), "problem %d: %v", i, p)
		}
	}
}

func TestValidateExpressionSpansAreClamped(t *testing.T) {
	r := validReport()
	got := Validate(r, WithClock(fixedClock), WithExpressionChecker(ExpressionCheckerFunc(func(string) []diag.Diagnostic {
		return []diag.Diagnostic{{Span: diag.Span{Start: -5, End: 1 << 30}, Severity: diag.Error, Rule: "x", Message: "m"}}
	})))
	require.Len(t, got, 1)
	assert.Equal(t, diag.SpanOf(0, len(r.Expression)), got[0].Span)
}

func TestValidateNil(t *testing.T) {
	got := Validate(nil)
	require.Len(t, got, 1)
	assert.Equal(t, RuleMissingField, got[0].Rule)
}

func TestValidateRealisticFileHasNoProblems(t *testing.T) {
	data, err := os.ReadFile("testdata/valid_report.json")
	require.NoError(t, err)
	res := ValidateJSON(data, WithClock(fixedClock))
	assert.Empty(t, res.Diagnostics)
	require.NotNil(t, res.Report)
	assert.Equal(t, int64(2000), res.Report.Requests)
	assert.Len(t, res.Report.RequestsByAttribute, 8)
	assert.Empty(t, Validate(res.Report, WithClock(fixedClock)))
}

func TestSuggestionsAreFixTitles(t *testing.T) {
	r := validReport()
	r.Type = "fp"
	got := Validate(r, WithClock(fixedClock))
	require.Len(t, got, 1)
	assert.Equal(t, []string{FalsePositive}, Suggestions(got[0]))
	assert.Empty(t, got[0].Fixes[0].Edits, "Validate has no document to edit")
	assert.True(t, got.HasErrors())
}
