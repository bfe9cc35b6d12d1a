package feedback

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// TestSeverityTellsTheTruth: errors and Rejected only where Cloudflare's
// documented contract rejects the report; what wflint infers is a warning
// (or info) and is not marked rejected.
func TestSeverityTellsTheTruth(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(r *Report)
		rule     string
		sev      diag.Severity
		rejected bool
	}{
		{"score histogram does not add up", func(r *Report) { r.RequestsByScore["30"]++ }, RuleScoreSumMismatch, diag.Error, true},
		{"type outside the enum", func(r *Report) { r.Type = "bot" }, RuleInvalidType, diag.Error, true},
		{"expression syntax error", func(r *Report) { r.Expression = "cf.bot_management.score lt" }, "", diag.Error, true},
		{"current name of a documented field", func(r *Report) {
			r.Expression = "cf.bot_management.score ge 30 and ip.src.asnum eq 13335 and ip.src.country eq \"DE\""
		}, "", 0, false},
		{"JA4 field beyond the documented eight", func(r *Report) {
			r.Expression = `cf.bot_management.score ge 30 and cf.bot_management.ja4 eq "t13d1516h2_8daaf6152771_e5627efa2ab1"`
		}, "not-feedback-field", diag.Warning, false},
		{"Cloudflare's own JA3 example metric", func(r *Report) {
			r.RequestsByAttribute[AttrTopJA3Hashes] = []MetricRequests{{Metric: "ab12cd34ef56...", Requests: 900}}
		}, RuleInvalidMetric, diag.Warning, false},
		{"lower-case country as Logpush writes it", func(r *Report) {
			r.RequestsByAttribute[AttrTopCountries] = []MetricRequests{{Metric: "us", Requests: 2000}}
		}, RuleInvalidMetric, diag.Info, false},
		{"AS-prefixed ASN", func(r *Report) {
			r.RequestsByAttribute[AttrTopASNs] = []MetricRequests{{Metric: "AS13335", Requests: 10}}
		}, RuleInvalidMetric, diag.Warning, false},
		{"duplicate metric", func(r *Report) {
			r.RequestsByAttribute[AttrTopIPs] = []MetricRequests{{Metric: "203.0.113.10", Requests: 4}, {Metric: "203.0.113.10", Requests: 3}}
		}, RuleDuplicateMetric, diag.Warning, false},
		{"subtype on a false positive", func(r *Report) {
			r.Type, r.Subtype = FalsePositive, "Login Abuse"
			r.Expression = "cf.bot_management.score lt 30"
			r.RequestsByScore = Counts{"1": 800, "10": 1200}
		}, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validReport()
			tt.mutate(r)
			data, err := json.Marshal(r)
			require.NoError(t, err)
			res := ValidateJSON(data, WithClock(fixedClock))
			if tt.sev == 0 {
				assert.Empty(t, res.Diagnostics)
				return
			}
			require.NotEmpty(t, res.Diagnostics)
			d := res.Diagnostics[0]
			if tt.rule != "" {
				assert.Equal(t, tt.rule, d.Rule, d.Message)
			}
			assert.Equal(t, tt.sev, d.Severity, d.Message)
			assert.Equal(t, tt.rejected, d.Rejected, d.Message)
			for _, other := range res.Diagnostics {
				assert.Equal(t, other.Severity == diag.Error && other.Rejected, other.Rejected, "only errors are rejections: %v", other)
			}
		})
	}
}

// TestScoreSourceKeys: documented keys and the sources Logpush records
// pass; an invented key is a warning, never an error.
func TestScoreSourceKeys(t *testing.T) {
	for _, k := range append(append([]string(nil), DocumentedScoreSources...), RecordedScoreSources...) {
		if k == "verified_bot" {
			continue // a false negative of verified bots has its own warning
		}
		r := validReport()
		r.RequestsByScoreSrc = Counts{k: r.Requests}
		assert.Empty(t, Validate(r, WithClock(fixedClock)), k)
	}
	for _, k := range []string{"unknown", "ML", "bayes"} {
		r := validReport()
		r.RequestsByScoreSrc = Counts{k: r.Requests}
		ds := Validate(r, WithClock(fixedClock))
		require.Len(t, ds, 1, k)
		assert.Equal(t, RuleUnknownScoreSource, ds[0].Rule)
		assert.Equal(t, diag.Warning, ds[0].Severity)
		assert.False(t, ds[0].Rejected)
	}
}

func TestVerifiedBotInFalseNegative(t *testing.T) {
	r := validReport()
	r.RequestsByScoreSrc = Counts{"machine_learning": 1500, "verified_bot": 500}
	ds := Validate(r, WithClock(fixedClock))
	require.Len(t, ds, 1)
	assert.Equal(t, RuleVerifiedBotInFalseNegative, ds[0].Rule)
	assert.Equal(t, diag.Warning, ds[0].Severity)
	r.Type, r.Expression, r.Subtype = FalsePositive, "cf.bot_management.score lt 30", ""
	r.RequestsByScore = Counts{"5": 2000}
	assert.Empty(t, Validate(r, WithClock(fixedClock)), "only false negatives")
}
