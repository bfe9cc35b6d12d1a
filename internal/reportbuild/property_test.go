package reportbuild

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
)

// TestPropertyReportsAddUpAndValidate builds reports from random generated
// logs with random expressions, list lengths and summary capacities, and
// checks the invariants the feedback API relies on: both histograms and
// every top list add up to (at most) requests, and the report passes
// feedback validation — including the analyzer's check of the expression
// and the score-range cross-check — without a single problem.
func TestPropertyReportsAddUpAndValidate(t *testing.T) {
	cases := []struct {
		typ, subtype, expr string
	}{
		{feedback.FalsePositive, "", `cf.bot_management.score lt 30`},
		{feedback.FalsePositive, "", `cf.bot_management.score le 29 and http.user_agent contains "Mozilla"`},
		{feedback.FalsePositive, "", `cf.bot_management.score in {1..20} and not ip.geoip.country in {"CN" "RU"}`},
		{feedback.FalseNegative, "Scraping", `cf.bot_management.score ge 30 and http.request.uri.path contains "/product"`},
		{feedback.FalseNegative, "Login Abuse", `cf.bot_management.score gt 50 and ip.geoip.asnum ne 13335`},
	}
	now := func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	rng := rand.New(rand.NewPCG(1, 2))
	iterations := 40
	if testing.Short() {
		iterations = 8
	}
	for i := range iterations {
		c := cases[rng.IntN(len(cases))]
		cfg := loggen.Config{N: 200 + rng.IntN(3000), Seed: rng.Uint64(), MalformedRate: rng.Float64() * 0.05,
			MissingRate: rng.Float64() * 0.2, Clients: 5 + rng.IntN(2000),
			TimeFormat: []string{loggen.TimeRFC3339, loggen.TimeUnix, loggen.TimeUnixNano}[rng.IntN(3)]}
		var buf bytes.Buffer
		require.NoError(t, loggen.Generate(&buf, cfg))
		opts := Options{Expression: c.expr, Type: c.typ, Subtype: c.subtype, Description: "generated traffic",
			Inputs: []string{"-"}, Stdin: bytes.NewReader(buf.Bytes()), TopN: 1 + rng.IntN(20),
			Capacity: []int{0, 3, 10, 50}[rng.IntN(4)], Workers: 1 + rng.IntN(4), ChunkBytes: 512 + rng.IntN(1<<16)}
		rep, st, err := Build(context.Background(), opts)
		require.NoError(t, err, "case %d: %+v", i, cfg)

		scores, ok := rep.RequestsByScore.Sum()
		require.True(t, ok)
		srcs, ok := rep.RequestsByScoreSrc.Sum()
		require.True(t, ok)
		assert.Equal(t, rep.Requests, scores, "case %d: requests_by_score", i)
		assert.Equal(t, rep.Requests, srcs, "case %d: requests_by_score_src", i)
		assert.Equal(t, st.Matches, rep.Requests+st.Unscored+st.InvalidScore, "case %d: every match accounted for", i)
		for k, items := range rep.RequestsByAttribute {
			var sum int64
			for _, it := range items {
				sum += it.Requests
			}
			assert.LessOrEqual(t, sum, rep.Requests, "case %d: %s", i, k)
			assert.LessOrEqual(t, len(items), opts.TopN, "case %d: %s", i, k)
		}
		if rep.Requests == 0 {
			continue // nothing matched: the API would rightly refuse it
		}
		doc := []byte(reportJSON(t, rep))
		res := feedback.ValidateJSON(doc, feedback.WithClock(now))
		for _, d := range res.Diagnostics {
			// Records without BotScoreSrc are filed under the invented
			// key "unknown", which validation rightly flags; nothing else.
			assert.Equal(t, feedback.RuleUnknownScoreSource, d.Rule, "case %d: %s: %s\n%s", i, c.expr, d.Message, doc)
			assert.Equal(t, "/requests_by_score_src/"+UnknownScoreSource, d.Where)
		}
	}
}
