package reportbuild

import (
	"bytes"
	"maps"
	"math/rand"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/wflint/wflint/internal/feedback"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/logpush"
)

func TestNthLargest(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 500; iter++ {
		n := 1 + r.Intn(200)
		a := make([]int64, n)
		for i := range a {
			a[i] = int64(r.Intn(1 + r.Intn(20)))
		}
		if iter%5 == 0 {
			slices.Sort(a) // sorted inputs are the common case for counts
		}
		want := slices.Clone(a)
		slices.SortFunc(want, func(x, y int64) int { return int(y - x) })
		k := r.Intn(n)
		assert.Equal(t, want[k], nthLargest(slices.Clone(a), k), "n=%d k=%d", n, k)
	}
}

// zipfStream returns n keys drawn from a Zipf distribution over distinct
// values, the shape that makes top-K summaries interesting.
func zipfStream(seed int64, n int, distinct uint64) []int64 {
	r := rand.New(rand.NewSource(seed))
	z := rand.NewZipf(r, 1.2, 1, distinct-1)
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(z.Uint64())
	}
	return out
}

func exactCounts(keys []int64) map[int64]int64 {
	m := map[int64]int64{}
	for _, k := range keys {
		m[k]++
	}
	return m
}

// checkGuarantee asserts the documented bounds of a summary against the
// true counts.
func checkGuarantee(t *testing.T, c *counter[int64], truth map[int64]int64, n int64) {
	t.Helper()
	require.Equal(t, n, c.n)
	assert.LessOrEqual(t, c.delta*int64(c.k+1), n, "delta ≤ N/(k+1)")
	assert.LessOrEqual(t, len(c.m), 2*c.k, "memory bound")
	for key, tr := range truth {
		got := c.count(key)
		assert.LessOrEqual(t, got, tr, "key %d undercount only", key)
		assert.LessOrEqual(t, tr, got+c.delta, "key %d within delta", key)
	}
	for key := range c.m {
		assert.Contains(t, truth, key, "no phantom keys")
	}
}

func TestCounterGuarantee(t *testing.T) {
	tests := []struct {
		name     string
		k        int
		n        int
		distinct uint64
		exact    bool
	}{
		{"fits: exact", 50, 5000, 100, true},
		{"overflows", 20, 20000, 5000, false},
		{"tiny capacity", 1, 3000, 300, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := zipfStream(7, tt.n, tt.distinct)
			c := newCounter[int64](tt.k, nil)
			for _, k := range keys {
				c.add(k)
			}
			truth := exactCounts(keys)
			checkGuarantee(t, c, truth, int64(tt.n))
			assert.Equal(t, tt.exact, c.delta == 0)
			if tt.exact {
				assert.Equal(t, truth, maps.Collect(c.all()))
			}
		})
	}
}

func TestCounterMergeGuarantee(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		r := rand.New(rand.NewSource(seed))
		keys := zipfStream(seed, 20000, 3000)
		k := 5 + r.Intn(40)
		// Split at random points and merge in a random order, as parallel
		// workers would.
		var parts []*counter[int64]
		for start := 0; start < len(keys); {
			end := min(len(keys), start+1+r.Intn(4000))
			c := newCounter[int64](k, nil)
			for _, key := range keys[start:end] {
				c.add(key)
			}
			parts = append(parts, c)
			start = end
		}
		for len(parts) > 1 {
			i := r.Intn(len(parts) - 1)
			parts[i].merge(parts[i+1])
			parts = append(parts[:i+1], parts[i+2:]...)
		}
		checkGuarantee(t, parts[0], exactCounts(keys), int64(len(keys)))
	}
}

func TestMergeOfExactSummariesStaysExact(t *testing.T) {
	a, b := newCounter[int64](10, nil), newCounter[int64](10, nil)
	for i := int64(0); i < 15; i++ {
		a.add(i)
		b.add(i + 5)
	}
	a.merge(b)
	assert.Zero(t, a.delta)
	assert.Len(t, a.m, 20)
	assert.Equal(t, int64(2), a.count(7))
}

// randomRecord makes records with every combination of missing fields,
// invalid scores and odd values.
func randomRecord(r *rand.Rand) *logpush.Record {
	rec := &logpush.Record{}
	set := func(f logpush.Field) bool {
		if r.Intn(10) == 0 {
			return false
		}
		rec.Present |= 1 << f
		return true
	}
	if set(logpush.FieldBotScore) {
		rec.BotScore = int64(r.Intn(103)) - 1 // -1..101, some invalid
	}
	if set(logpush.FieldBotScoreSrc) {
		rec.BotScoreSrc = []string{"Machine Learning", "Heuristics", "Verified Bot", "", "New Thing"}[r.Intn(5)]
	}
	if set(logpush.FieldEdgeStartTimestamp) {
		rec.EdgeStartTimestamp = time.Unix(1717200000+int64(r.Intn(3600)), 0).UTC()
	}
	if set(logpush.FieldClientIP) {
		rec.ClientIP = netip.AddrFrom4([4]byte{192, 0, 2, byte(r.Intn(50))})
	}
	if set(logpush.FieldClientASN) {
		rec.ClientASN = int64(r.Intn(5))
	}
	if set(logpush.FieldClientCountry) {
		rec.ClientCountry = []string{"US", "DE", ""}[r.Intn(3)]
	}
	if set(logpush.FieldClientRequestHost) {
		rec.Host = "h" + strconv.Itoa(r.Intn(4))
	}
	if set(logpush.FieldClientRequestPath) {
		rec.Path = "/" + strconv.Itoa(r.Intn(30))
	}
	if set(logpush.FieldClientRequestUserAgent) {
		rec.UserAgent = "ua" + strconv.Itoa(r.Intn(300))
	}
	if set(logpush.FieldJA3Hash) {
		rec.JA3Hash = strconv.Itoa(r.Intn(8))
	}
	if set(logpush.FieldJA4) {
		rec.JA4 = strconv.Itoa(r.Intn(8))
	}
	return rec
}

func sum(m map[string]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

// TestInvariantProperty: on random inputs, split across random aggregators
// and merged, the breakdowns always sum to requests and every record is
// accounted for.
func TestInvariantProperty(t *testing.T) {
	for seed := int64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewSource(seed))
		n := r.Intn(3000)
		parts := make([]*Aggregator, 1+r.Intn(4))
		for i := range parts {
			parts[i] = NewAggregator(AggregatorOptions{Capacity: 1 + r.Intn(20)})
		}
		var wantScored, wantUnscored, wantInvalid int64
		for i := 0; i < n; i++ {
			rec := randomRecord(r)
			switch {
			case !rec.Has(logpush.FieldBotScore):
				wantUnscored++
			case rec.BotScore < 1 || rec.BotScore > 99:
				wantInvalid++
			default:
				wantScored++
			}
			parts[r.Intn(len(parts))].Add(rec)
		}
		agg := parts[0]
		for _, p := range parts[1:] {
			agg.Merge(p)
		}
		res := agg.Totals(r.Intn(10))
		assert.Equal(t, int64(n), res.Records)
		assert.Equal(t, wantScored, res.Requests)
		assert.Equal(t, wantUnscored, res.Unscored)
		assert.Equal(t, wantInvalid, res.InvalidScore)
		assert.Equal(t, res.Requests, sum(res.RequestsByScore), "seed %d", seed)
		assert.Equal(t, res.Requests, sum(res.RequestsByScoreSrc), "seed %d", seed)
		for k := range res.RequestsByScore {
			s, err := strconv.Atoi(k)
			require.NoError(t, err)
			assert.True(t, s >= 1 && s <= 99 && strconv.Itoa(s) == k, k)
		}
		for _, name := range feedback.AttributeKeys {
			l := res.Top[name]
			assert.True(t, slices.IsSortedFunc(l.Items, func(a, b feedback.MetricRequests) int {
				if a.Requests != b.Requests {
					return int(b.Requests - a.Requests)
				}
				if a.Metric < b.Metric {
					return -1
				}
				return 1
			}), name)
			assert.LessOrEqual(t, l.MaxError*int64(1), res.Requests)
			assert.Equal(t, l.Exact, l.MaxError == 0)
		}
	}
}

func TestTotals(t *testing.T) {
	recs := []string{
		`{"BotScore":10,"BotScoreSrc":"Heuristics","ClientIP":"192.0.2.2","ClientASN":64500,"ClientCountry":"us","ClientRequestHost":"a.example","ClientRequestPath":"/x","ClientRequestUserAgent":"curl/8","JA3Hash":"aa","JA4":"j1","EdgeStartTimestamp":"2024-06-01T00:00:05Z"}`,
		`{"BotScore":10,"BotScoreSrc":"Machine Learning","ClientIP":"192.0.2.1","ClientASN":64501,"ClientCountry":"de","ClientRequestHost":"a.example","ClientRequestPath":"/y","ClientRequestUserAgent":"curl/8","JA3Hash":"","JA4":"j1","EdgeStartTimestamp":"2024-06-01T00:00:01Z"}`,
		`{"BotScore":55,"ClientIP":"192.0.2.2","ClientASN":0,"ClientCountry":"us","EdgeStartTimestamp":"2024-06-01T00:00:09Z"}`,
		`{"BotScore":0,"BotScoreSrc":"Not Computed","ClientIP":"198.51.100.1","EdgeStartTimestamp":"2020-01-01T00:00:00Z"}`,
		`{"ClientIP":"198.51.100.1"}`,
		`{"BotScore":20,"BotScoreSrc":"Heuristics","ClientIP":"2001:db8::1"}`,
	}
	agg := NewAggregator(AggregatorOptions{})
	var p logpush.Parser
	for _, l := range recs {
		var rec logpush.Record
		require.NoError(t, p.Parse([]byte(l), &rec))
		agg.Add(&rec)
	}
	res := agg.Totals(2)
	assert.Equal(t, int64(6), res.Records)
	assert.Equal(t, int64(4), res.Requests)
	assert.Equal(t, int64(1), res.Unscored)
	assert.Equal(t, int64(1), res.InvalidScore)
	assert.Equal(t, int64(1), res.NoTimestamp)
	assert.Equal(t, int64(1), res.NoScoreSource, "the record without BotScoreSrc is counted")
	assert.Equal(t, []TimeBucket{{Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Requests: 3}}, res.Timeline)
	assert.Equal(t, map[string]int64{"10": 2, "55": 1, "20": 1}, res.RequestsByScore)
	assert.Equal(t, map[string]int64{"heuristics": 2, "machine_learning": 1, UnknownScoreSource: 1}, res.RequestsByScoreSrc)
	assert.Equal(t, time.Date(2024, 6, 1, 0, 0, 1, 0, time.UTC), res.FirstRequestSeenAt)
	assert.Equal(t, time.Date(2024, 6, 1, 0, 0, 9, 0, time.UTC), res.LastRequestSeenAt)

	byAttr := res.RequestsByAttribute()
	assert.Equal(t, []feedback.MetricRequests{{Metric: "192.0.2.2", Requests: 2}, {Metric: "192.0.2.1", Requests: 1}}, byAttr[feedback.AttrTopIPs], "count desc, then metric asc")
	assert.Equal(t, []feedback.MetricRequests{{Metric: "64500", Requests: 1}, {Metric: "64501", Requests: 1}}, byAttr[feedback.AttrTopASNs], "ASN 0 skipped")
	assert.Equal(t, []feedback.MetricRequests{{Metric: "US", Requests: 2}, {Metric: "DE", Requests: 1}}, byAttr[feedback.AttrTopCountries])
	assert.Equal(t, []feedback.MetricRequests{{Metric: "a.example", Requests: 2}}, byAttr[feedback.AttrTopHosts])
	assert.Equal(t, []feedback.MetricRequests{{Metric: "/x", Requests: 1}, {Metric: "/y", Requests: 1}}, byAttr[feedback.AttrTopPaths])
	assert.Equal(t, []feedback.MetricRequests{{Metric: "curl/8", Requests: 2}}, byAttr[feedback.AttrTopUserAgents])
	assert.Equal(t, []feedback.MetricRequests{{Metric: "aa", Requests: 1}}, byAttr[feedback.AttrTopJA3Hashes], "empty JA3 skipped")
	assert.Equal(t, []feedback.MetricRequests{{Metric: "j1", Requests: 2}}, byAttr[feedback.AttrTopJA4s])
	for _, name := range feedback.AttributeKeys {
		assert.True(t, res.Top[name].Exact, name)
	}
	assert.Equal(t, 3, res.Top[feedback.AttrTopIPs].Tracked)

	empty := NewAggregator(AggregatorOptions{}).Totals(10)
	assert.Equal(t, []feedback.MetricRequests{}, empty.RequestsByAttribute()[feedback.AttrTopIPs])
	assert.True(t, empty.FirstRequestSeenAt.IsZero())
}

func TestTimelineSpreadsTheWindow(t *testing.T) {
	agg := NewAggregator(AggregatorOptions{})
	var p logpush.Parser
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 240 { // one request a minute for 4 hours, three in the last minute
		var rec logpush.Record
		ts := start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
		require.NoError(t, p.Parse([]byte(`{"BotScore":10,"BotScoreSrc":"Heuristics","EdgeStartTimestamp":"`+ts+`"}`), &rec))
		agg.Add(&rec)
		if i == 239 {
			agg.Add(&rec)
			agg.Add(&rec)
		}
	}
	tl := agg.Totals(10).Timeline
	require.Len(t, tl, TimelineBuckets)
	var sum int64
	for i, b := range tl {
		assert.Equal(t, start.Add(time.Duration(i)*10*time.Minute), b.Start)
		sum += b.Requests
	}
	assert.Equal(t, int64(242), sum)
	assert.Equal(t, int64(12), tl[TimelineBuckets-1].Requests)
}

func TestAggregatorDoesNotPinRecordStrings(t *testing.T) {
	// Record strings are substrings of one per-line allocation; stored keys
	// must be copies so a map entry does not keep the whole line alive.
	// The second record counts a value already stored, which must not
	// swap the stored copy for the record's substring either.
	agg := NewAggregator(AggregatorOptions{})
	var recs []*logpush.Record
	for _, line := range []string{"....ua-one....", "..ua-one.."} {
		i := strings.Index(line, "ua-one")
		rec := &logpush.Record{BotScore: 5, UserAgent: line[i : i+6]}
		rec.Present = 1<<logpush.FieldBotScore | 1<<logpush.FieldClientRequestUserAgent
		agg.Add(rec)
		recs = append(recs, rec)
	}
	require.Len(t, agg.uas.m, 1)
	for k, n := range agg.uas.all() {
		assert.Equal(t, "ua-one", k)
		assert.Equal(t, int64(2), n)
		for _, rec := range recs {
			assert.NotEqual(t, uintptr(unsafe.Pointer(unsafe.StringData(rec.UserAgent))), uintptr(unsafe.Pointer(unsafe.StringData(k))))
		}
	}
}

func TestSampleFileApproximateVsExact(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/logs/sample.ndjson")
	require.NoError(t, err)
	exact, approx := NewAggregator(AggregatorOptions{}), NewAggregator(AggregatorOptions{Capacity: 3})
	r, err := logpush.NewReader(bytes.NewReader(raw), logpush.Options{})
	require.NoError(t, err)
	var rec logpush.Record
	for r.Next(&rec) {
		exact.Add(&rec)
		approx.Add(&rec)
	}
	require.NoError(t, r.Err())
	ex, ap := exact.Totals(0), approx.Totals(0)
	assert.Equal(t, ex.Requests, ap.Requests)
	assert.Equal(t, ex.RequestsByScore, ap.RequestsByScore)
	assert.Greater(t, ex.Requests, int64(150))
	assert.False(t, ap.Top[feedback.AttrTopIPs].Exact)
	truth := map[string]int64{}
	for _, it := range ex.Top[feedback.AttrTopIPs].Items {
		truth[it.Metric] = it.Requests
	}
	l := ap.Top[feedback.AttrTopIPs]
	assert.LessOrEqual(t, l.MaxError*4, ap.Requests)
	for _, it := range l.Items {
		assert.LessOrEqual(t, it.Requests, truth[it.Metric])
		assert.LessOrEqual(t, truth[it.Metric], it.Requests+l.MaxError)
	}
}

// genRecords parses n generated lines once for benchmarks.
func genRecords(b *testing.B, n int) ([]byte, []logpush.Record) {
	b.Helper()
	var buf bytes.Buffer
	require.NoError(b, loggen.Generate(&buf, loggen.Config{N: n, Seed: 1}))
	r, err := logpush.NewReader(bytes.NewReader(buf.Bytes()), logpush.Options{})
	require.NoError(b, err)
	recs := make([]logpush.Record, 0, n)
	var rec logpush.Record
	for r.Next(&rec) {
		recs = append(recs, rec)
	}
	require.NoError(b, r.Err())
	return buf.Bytes(), recs
}

// BenchmarkAdd measures Add alone, cycling over 100k generated records with
// 25k distinct client IPs: at capacity 10000 (2k = 20000 counters) and 1000
// the IP list overflows and periodic reductions are included in the cost.
func BenchmarkAdd(b *testing.B) {
	_, recs := genRecords(b, 100000)
	for _, capacity := range []int{DefaultCapacity, 1000} {
		b.Run("capacity="+strconv.Itoa(capacity), func(b *testing.B) {
			agg := NewAggregator(AggregatorOptions{Capacity: capacity})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				agg.Add(&recs[i%len(recs)])
			}
		})
	}
}

// BenchmarkParseAggregate measures the whole pipeline (line splitting,
// parsing, aggregation, Result) over 100k generated lines; MB/s is input
// bytes per second on one core.
func BenchmarkParseAggregate(b *testing.B) {
	data, _ := genRecords(b, 100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := logpush.NewReader(bytes.NewReader(data), logpush.Options{})
		if err != nil {
			b.Fatal(err)
		}
		agg := NewAggregator(AggregatorOptions{})
		var rec logpush.Record
		for r.Next(&rec) {
			agg.Add(&rec)
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		_ = agg.Totals(10)
	}
}
