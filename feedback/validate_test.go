package feedback

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

// validReport returns a report that passes every check, for tests to break
// one field at a time.
func validReport() *Report {
	return &Report{
		Type:               FalseNegative,
		Subtype:            "Scraping",
		Description:        "Price scraper scored likely human.",
		Expression:         `cf.bot_management.score ge 30 and http.host eq "shop.example.com"`,
		FirstRequestSeenAt: "2024-05-01T00:00:00Z",
		LastRequestSeenAt:  "2024-05-01T06:00:00Z",
		Requests:           2000,
		RequestsByScore:    Counts{"30": 800, "40": 700, "50": 500},
		RequestsByScoreSrc: Counts{"heuristics": 200, "machine_learning": 1800},
		RequestsByAttribute: map[string][]MetricRequests{
			AttrTopIPs:       {{Metric: "203.0.113.10", Requests: 400}, {Metric: "2001:db8::1", Requests: 300}},
			AttrTopCountries: {{Metric: "US", Requests: 2000}},
		},
	}
}

type want struct {
	code, pointer string
	sev           Severity
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
			[]want{{code: CodeMissingField, pointer: "/type", sev: SeverityError}}},
		{"invalid type", func(r *Report) { r.Type = "False-Negative" }, nil,
			[]want{{code: CodeInvalidType, pointer: "/type", sev: SeverityError, sugg: []string{FalseNegative}}}},
		{"unknown subtype case variant", func(r *Report) { r.Subtype = "login_abuse" }, nil,
			[]want{{code: CodeUnknownSubtype, pointer: "/subtype", sev: SeverityWarning, sugg: []string{"Login Abuse"}}}},
		{"unknown subtype typo", func(r *Report) { r.Subtype = "Scrapping" }, nil,
			[]want{{code: CodeUnknownSubtype, pointer: "/subtype", sev: SeverityWarning, sugg: []string{"Scraping"}}}},
		{"subtype on false positive", func(r *Report) {
			r.Type = FalsePositive
			r.RequestsByScore = Counts{"1": 800, "10": 1200}
		}, nil, []want{{code: CodeSubtypeOnFalsePositive, pointer: "/subtype", sev: SeverityInfo}}},
		{"blank description", func(r *Report) { r.Description = "  \n" }, nil,
			[]want{{code: CodeEmptyDescription, pointer: "/description", sev: SeverityError}}},
		{"missing description", func(r *Report) { r.Description = "" }, nil,
			[]want{{code: CodeMissingField, pointer: "/description", sev: SeverityError}}},
		{"blank expression", func(r *Report) { r.Expression = "\t" }, nil,
			[]want{{code: CodeEmptyExpression, pointer: "/expression", sev: SeverityError}}},
		{"zero requests", func(r *Report) {
			r.Requests = 0
			r.RequestsByScore = Counts{}
			r.RequestsByScoreSrc = Counts{}
			r.RequestsByAttribute = map[string][]MetricRequests{}
		}, nil, []want{{code: CodeNonPositiveRequests, pointer: "/requests", sev: SeverityError}}},
		{"score key out of range and leading zero", func(r *Report) {
			r.RequestsByScore = Counts{"30": 800, "100": 700, "050": 500}
		}, nil, []want{
			{code: CodeInvalidScoreKey, pointer: "/requests_by_score/050", sev: SeverityError, sugg: []string{"50"}},
			{code: CodeInvalidScoreKey, pointer: "/requests_by_score/100", sev: SeverityError},
		}},
		{"score key zero and sign", func(r *Report) {
			r.RequestsByScore = Counts{"0": 800, "+40": 700, "50": 500}
		}, nil, []want{
			{code: CodeInvalidScoreKey, pointer: "/requests_by_score/0", sev: SeverityError},
			{code: CodeInvalidScoreKey, pointer: "/requests_by_score/+40", sev: SeverityError, sugg: []string{"40"}},
		}},
		{"score sum mismatch", func(r *Report) { r.RequestsByScore["50"] = 450 }, nil,
			[]want{{code: CodeScoreSumMismatch, pointer: "/requests_by_score", sev: SeverityError, msg: "adds up to 1950 but requests is 2000 (50 fewer than requests)"}}},
		{"score src sum mismatch", func(r *Report) { r.RequestsByScoreSrc["ml"] = 10 }, nil,
			[]want{{code: CodeScoreSrcSumMismatch, pointer: "/requests_by_score_src", sev: SeverityError, msg: "10 more than"}}},
		{"negative count", func(r *Report) {
			r.RequestsByScore = Counts{"30": 2100, "40": -100}
		}, nil, []want{{code: CodeNegativeCount, pointer: "/requests_by_score/40", sev: SeverityError}}},
		{"sum overflow", func(r *Report) {
			r.RequestsByScoreSrc = Counts{"a": maxInt64, "b": maxInt64}
		}, nil, []want{{code: CodeScoreSrcSumMismatch, pointer: "/requests_by_score_src", sev: SeverityError, msg: "64-bit"}}},
		{"missing histograms", func(r *Report) { r.RequestsByScore = nil; r.RequestsByScoreSrc = nil }, nil, []want{
			{code: CodeMissingField, pointer: "/requests_by_score", sev: SeverityError},
			{code: CodeMissingField, pointer: "/requests_by_score_src", sev: SeverityError},
		}},
		{"bad timestamp", func(r *Report) { r.FirstRequestSeenAt = "2024-05-01 00:00:00Z" }, nil,
			[]want{{code: CodeInvalidTimestamp, pointer: "/first_request_seen_at", sev: SeverityError, sugg: []string{"2024-05-01T00:00:00Z"}}}},
		{"date-only timestamp", func(r *Report) { r.LastRequestSeenAt = "2024-05-02" }, nil,
			[]want{{code: CodeInvalidTimestamp, pointer: "/last_request_seen_at", sev: SeverityError, sugg: []string{"2024-05-02T00:00:00Z"}}}},
		{"timestamps swapped", func(r *Report) {
			r.FirstRequestSeenAt, r.LastRequestSeenAt = r.LastRequestSeenAt, r.FirstRequestSeenAt
		}, nil, []want{{code: CodeTimestampOrder, pointer: "/last_request_seen_at", sev: SeverityError}}},
		{"offsets compared as instants", func(r *Report) {
			r.FirstRequestSeenAt = "2024-05-01T08:00:00+02:00" // 06:00Z, equal to last
		}, nil, nil},
		{"timestamp in future", func(r *Report) { r.LastRequestSeenAt = "2024-06-02T00:00:00Z" }, nil,
			[]want{{code: CodeTimestampInFuture, pointer: "/last_request_seen_at", sev: SeverityError}}},
		{"created_at invalid is a warning", func(r *Report) { r.CreatedAt = "yesterday" }, nil,
			[]want{{code: CodeInvalidTimestamp, pointer: "/created_at", sev: SeverityWarning}}},
		{"missing attributes", func(r *Report) { r.RequestsByAttribute = nil }, nil,
			[]want{{code: CodeMissingAttributes, pointer: "/requests_by_attribute", sev: SeverityWarning}}},
		{"unknown attribute", func(r *Report) { attr(r, "topIps", MetricRequests{Metric: "x", Requests: 1}) }, nil,
			[]want{{code: CodeUnknownAttribute, pointer: "/requests_by_attribute/topIps", sev: SeverityWarning, sugg: []string{AttrTopIPs}}}},
		{"bad IP", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10:443", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topIPs/0/metric", sev: SeverityError, sugg: []string{"203.0.113.10"}}}},
		{"bad ASN", func(r *Report) { attr(r, AttrTopASNs, MetricRequests{Metric: "AS13335", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topASNs/0/metric", sev: SeverityError, sugg: []string{"13335"}}}},
		{"ASN too large", func(r *Report) { attr(r, AttrTopASNs, MetricRequests{Metric: "4294967296", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topASNs/0/metric", sev: SeverityError}}},
		{"lowercase country", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "us", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: SeverityError, sugg: []string{"US"}}}},
		{"UK is not ISO", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "UK", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: SeverityError, sugg: []string{"GB"}}}},
		{"unassigned country", func(r *Report) { attr(r, AttrTopCountries, MetricRequests{Metric: "ZZ", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topCountries/0/metric", sev: SeverityError}}},
		{"cloudflare country codes", func(r *Report) {
			attr(r, AttrTopCountries, MetricRequests{Metric: "T1", Requests: 2}, MetricRequests{Metric: "XX", Requests: 1})
		}, nil, nil},
		{"uppercase JA3", func(r *Report) {
			attr(r, AttrTopJA3Hashes, MetricRequests{Metric: "3FED133DE60C35724739B913924B6C24", Requests: 1})
		}, nil, []want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topJA3Hashes/0/metric", sev: SeverityError, sugg: []string{"3fed133de60c35724739b913924b6c24"}}}},
		{"bad JA4", func(r *Report) {
			attr(r, AttrTopJA4s, MetricRequests{Metric: "t13d1516h2_8daaf615_e5627efa2ab1", Requests: 1})
		}, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topJA4s/0/metric", sev: SeverityError}}},
		{"path without slash", func(r *Report) { attr(r, AttrTopPaths, MetricRequests{Metric: "login", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topPaths/0/metric", sev: SeverityError, sugg: []string{"/login"}}}},
		{"path is a URL", func(r *Report) {
			attr(r, AttrTopPaths, MetricRequests{Metric: "https://shop.example.com/cart?x=1", Requests: 1})
		}, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topPaths/0/metric", sev: SeverityError, sugg: []string{"/cart"}}}},
		{"host with scheme", func(r *Report) {
			attr(r, AttrTopHosts, MetricRequests{Metric: "https://shop.example.com:8443/", Requests: 1})
		}, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topHosts/0/metric", sev: SeverityError, sugg: []string{"shop.example.com"}}}},
		{"host with port", func(r *Report) { attr(r, AttrTopHosts, MetricRequests{Metric: "shop.example.com:8443", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topHosts/0/metric", sev: SeverityError, sugg: []string{"shop.example.com"}}}},
		{"empty metric", func(r *Report) { attr(r, AttrTopUserAgents, MetricRequests{Metric: "", Requests: 1}) }, nil,
			[]want{{code: CodeInvalidMetric, pointer: "/requests_by_attribute/topUserAgents/0/metric", sev: SeverityError}}},
		{"metric exceeds total", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 2001}) }, nil, []want{
			{code: CodeMetricExceedsTotal, pointer: "/requests_by_attribute/topIPs/0/requests", sev: SeverityError},
			{code: CodeAttributeSumExceedsTotal, pointer: "/requests_by_attribute/topIPs", sev: SeverityWarning},
		}},
		{"attribute sum exceeds total", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 1500}, MetricRequests{Metric: "203.0.113.11", Requests: 1000})
		}, nil, []want{{code: CodeAttributeSumExceedsTotal, pointer: "/requests_by_attribute/topIPs", sev: SeverityWarning}}},
		{"negative metric count", func(r *Report) { attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: -1}) }, nil,
			[]want{{code: CodeNegativeCount, pointer: "/requests_by_attribute/topIPs/0/requests", sev: SeverityError}}},
		{"unsorted", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "203.0.113.10", Requests: 5}, MetricRequests{Metric: "203.0.113.11", Requests: 9})
		}, nil, []want{{code: CodeUnsortedMetrics, pointer: "/requests_by_attribute/topIPs", sev: SeverityWarning}}},
		{"duplicate metric spelled differently", func(r *Report) {
			attr(r, AttrTopIPs, MetricRequests{Metric: "2001:DB8::1", Requests: 9}, MetricRequests{Metric: "2001:db8::1", Requests: 5})
		}, nil, []want{{code: CodeDuplicateMetric, pointer: "/requests_by_attribute/topIPs/1/metric", sev: SeverityError}}},
		{"unknown field", func(r *Report) { r.Extra = map[string]json.RawMessage{"firstRequestSeenAt": json.RawMessage(`"x"`)} }, nil,
			[]want{{code: CodeUnknownField, pointer: "/firstRequestSeenAt", sev: SeverityWarning, sugg: []string{"first_request_seen_at"}}}},
		{"false positive with human scores", func(r *Report) { r.Type = FalsePositive; r.Subtype = "" }, nil,
			[]want{{code: CodeTypeScoreMismatch, pointer: "/type", sev: SeverityWarning, msg: "human traffic scored as automated", sugg: []string{FalseNegative}}}},
		{"false negative with automated scores", func(r *Report) { r.RequestsByScore = Counts{"1": 1000, "29": 1000} }, nil,
			[]want{{code: CodeTypeScoreMismatch, pointer: "/type", sev: SeverityWarning, msg: "automated traffic Bot Management did not catch", sugg: []string{FalsePositive}}}},
		{"mixed scores are fine", func(r *Report) { r.RequestsByScore = Counts{"1": 1000, "30": 1000} }, nil, nil},
		{"score outside expression", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 1, 45, true }))},
			[]want{{code: CodeScoreOutsideExpression, pointer: "/requests_by_score", sev: SeverityWarning, msg: "to 1–45, but requests_by_score has requests at score 50"}}},
		{"score inside expression", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 30, 99, true }))}, nil},
		{"score range unknown", func(r *Report) {}, []Option{WithScoreRange(ScoreRangeFunc(func(string) (int, int, bool) { return 0, 0, false }))}, nil},
		{"expression findings", func(r *Report) {}, []Option{WithExpressionChecker(ExpressionCheckerFunc(func(expr string) []ExprFinding {
			i := strings.Index(expr, `"shop`)
			return []ExprFinding{
				{Start: i, End: i + 18, Code: "deprecated-field", Severity: SeverityWarning, Message: "m"},
				{Start: -5, End: 1 << 30, Code: "clamped", Message: "defaults to error"},
			}
		}))}, []want{
			{code: "deprecated-field", pointer: "/expression", sev: SeverityWarning},
			{code: "clamped", pointer: "/expression", sev: SeverityError},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validReport()
			tt.mutate(r)
			got := Validate(r, append([]Option{WithClock(fixedClock)}, tt.opts...)...)
			assertProblems(t, tt.want, got)
		})
	}
}

func assertProblems(t *testing.T, want []want, got []Problem) {
	t.Helper()
	require.Len(t, got, len(want), "problems: %v", got)
	for i, w := range want {
		p := got[i]
		assert.Equal(t, w.code, p.Code, "problem %d: %v", i, p)
		assert.Equal(t, w.pointer, p.Pointer, "problem %d: %v", i, p)
		assert.Equal(t, w.sev, p.Severity, "problem %d: %v", i, p)
		assert.NotEmpty(t, p.Message)
		if w.msg != "" {
			assert.Contains(t, p.Message, w.msg)
		}
		if w.sugg != nil {
			assert.Equal(t, w.sugg, p.Suggestions, "problem %d: %v", i, p)
		}
	}
}

func TestValidateExpressionSpansAreClamped(t *testing.T) {
	r := validReport()
	got := Validate(r, WithClock(fixedClock), WithExpressionChecker(ExpressionCheckerFunc(func(string) []ExprFinding {
		return []ExprFinding{{Start: -5, End: 1 << 30, Code: "x", Message: "m"}}
	})))
	require.Len(t, got, 1)
	assert.Equal(t, &Span{0, len(r.Expression)}, got[0].ExprSpan)
}

func TestValidateNil(t *testing.T) {
	got := Validate(nil)
	require.Len(t, got, 1)
	assert.Equal(t, CodeMissingField, got[0].Code)
}

func TestValidateRealisticFileHasNoProblems(t *testing.T) {
	data, err := os.ReadFile("testdata/valid_report.json")
	require.NoError(t, err)
	res := ValidateJSON(data, WithClock(fixedClock))
	assert.Empty(t, res.Problems)
	require.NotNil(t, res.Report)
	assert.Equal(t, int64(2000), res.Report.Requests)
	assert.Len(t, res.Report.RequestsByAttribute, 8)
	assert.Empty(t, Validate(res.Report, WithClock(fixedClock)))
}

func TestHasErrorsAndString(t *testing.T) {
	ps := []Problem{{Severity: SeverityWarning, Code: "a", Pointer: "/x", Message: "m", Suggestions: []string{"y"}}}
	assert.False(t, HasErrors(ps))
	assert.Equal(t, `warning a /x: m (did you mean "y"?)`, ps[0].String())
	ps = append(ps, Problem{Severity: SeverityError})
	assert.True(t, HasErrors(ps))
}
