package reportbuild

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/logpush"
)

// UnknownScoreSource is the requests_by_score_src key for scored records
// whose BotScoreSrc is missing. Cloudflare documents no key for them: wflint
// invented this one, so Totals.NoScoreSource counts them, report build
// warns, and report validation flags the key (feedback.KnownScoreSources).
const UnknownScoreSource = "unknown"

// DefaultCapacity is the default Options.Capacity: enough for exact top-1000
// lists with a 10× margin before any approximation kicks in.
const DefaultCapacity = 10000

// AggregatorOptions configure an Aggregator.
type AggregatorOptions struct {
	// Capacity is k, the per-attribute summary size; at most 2k distinct
	// values are tracked per attribute. 0 means DefaultCapacity. A list of
	// topN is reliable when k ≥ 10·topN.
	Capacity int
}

// Aggregator accumulates records. Create it with NewAggregator.
type Aggregator struct {
	k            int
	records      int64
	unscored     int64
	invalidScore int64
	scored       int64
	noTimestamp  int64
	byScore      [100]int64
	bySrc        map[string]int64
	first, last  time.Time
	perMinute    map[int64]int64 // scored requests by Unix minute

	ips       *counter[netip.Addr]
	asns      *counter[int64]
	countries *counter[string]
	hosts     *counter[string]
	paths     *counter[string]
	uas       *counter[string]
	ja3       *counter[string]
	ja4       *counter[string]
}

// NewAggregator returns an empty Aggregator.
func NewAggregator(opts AggregatorOptions) *Aggregator {
	k := opts.Capacity
	if k <= 0 {
		k = DefaultCapacity
	}
	// Record strings share one allocation per log line; cloning a key
	// when it first enters a map keeps the map from pinning whole lines.
	cl := strings.Clone
	return &Aggregator{
		k:         k,
		bySrc:     make(map[string]int64),
		perMinute: make(map[int64]int64),
		ips:       newCounter[netip.Addr](k, nil),
		asns:      newCounter[int64](k, nil),
		countries: newCounter(k, cl),
		hosts:     newCounter(k, cl),
		paths:     newCounter(k, cl),
		uas:       newCounter(k, cl),
		ja3:       newCounter(k, cl),
		ja4:       newCounter(k, cl),
	}
}

// aggregatedFields are the fields Add reads.
const aggregatedFields = 1<<logpush.FieldBotScore | 1<<logpush.FieldBotScoreSrc | 1<<logpush.FieldEdgeStartTimestamp |
	1<<logpush.FieldClientIP | 1<<logpush.FieldClientASN | 1<<logpush.FieldClientCountry |
	1<<logpush.FieldClientRequestHost | 1<<logpush.FieldClientRequestPath | 1<<logpush.FieldClientRequestUserAgent |
	1<<logpush.FieldJA3Hash | 1<<logpush.FieldJA4

// Add counts one record. See the package documentation for which records
// enter which numbers.
func (a *Aggregator) Add(rec *logpush.Record) {
	a.records++
	if !rec.Has(logpush.FieldBotScore) {
		a.unscored++
		return
	}
	s := rec.BotScore
	if s < 1 || s > 99 {
		a.invalidScore++
		return
	}
	a.scored++
	a.byScore[s]++
	src := UnknownScoreSource
	if v, ok := rec.ScoreSource(); ok && v != "" {
		src = v
	}
	// One map operation: src is a constant or a fresh string
	// (logpush.NormalizeScoreSource), never a slice of the record's line,
	// so storing it pins nothing.
	a.bySrc[src]++

	if rec.Has(logpush.FieldEdgeStartTimestamp) {
		t := rec.EdgeStartTimestamp
		if a.first.IsZero() || t.Before(a.first) {
			a.first = t
		}
		if a.last.IsZero() || t.After(a.last) {
			a.last = t
		}
		a.perMinute[t.Unix()/60]++
	} else {
		a.noTimestamp++
	}

	if rec.Has(logpush.FieldClientIP) && rec.ClientIP.IsValid() {
		a.ips.add(rec.ClientIP)
	}
	if rec.Has(logpush.FieldClientASN) && rec.ClientASN != 0 {
		a.asns.add(rec.ClientASN)
	}
	addStr(a.countries, rec, logpush.FieldClientCountry, rec.ClientCountry)
	addStr(a.hosts, rec, logpush.FieldClientRequestHost, rec.Host)
	addStr(a.paths, rec, logpush.FieldClientRequestPath, rec.Path)
	addStr(a.uas, rec, logpush.FieldClientRequestUserAgent, rec.UserAgent)
	addStr(a.ja3, rec, logpush.FieldJA3Hash, rec.JA3Hash)
	addStr(a.ja4, rec, logpush.FieldJA4, rec.JA4)
}

func addStr(c *counter[string], rec *logpush.Record, f logpush.Field, v string) {
	if v != "" && rec.Has(f) {
		c.add(v)
	}
}

// Merge adds everything counted by o into a; o is unchanged and may be
// discarded. The error guarantee holds for the merged totals (see the
// package documentation). Both should have the same capacity; if not, the
// result uses a's, and the bound is governed by the smaller one.
func (a *Aggregator) Merge(o *Aggregator) {
	a.records += o.records
	a.unscored += o.unscored
	a.invalidScore += o.invalidScore
	a.scored += o.scored
	a.noTimestamp += o.noTimestamp
	for i, n := range o.byScore {
		a.byScore[i] += n
	}
	for k, n := range o.bySrc {
		a.bySrc[k] += n
	}
	for m, n := range o.perMinute {
		a.perMinute[m] += n
	}
	if !o.first.IsZero() && (a.first.IsZero() || o.first.Before(a.first)) {
		a.first = o.first
	}
	if !o.last.IsZero() && (a.last.IsZero() || o.last.After(a.last)) {
		a.last = o.last
	}
	a.ips.merge(o.ips)
	a.asns.merge(o.asns)
	a.countries.merge(o.countries)
	a.hosts.merge(o.hosts)
	a.paths.merge(o.paths)
	a.uas.merge(o.uas)
	a.ja3.merge(o.ja3)
	a.ja4.merge(o.ja4)
}

// TopList is one attribute's top list with its accuracy.
type TopList struct {
	// Items are sorted by Requests descending, ties by Metric ascending.
	Items []feedback.MetricRequests
	// Exact reports that every count in the summary is exact.
	Exact bool
	// MaxError bounds the undercount: each item's true count is in
	// [Requests, Requests+MaxError]. 0 when Exact.
	MaxError int64
	// Tracked is how many distinct values the summary held; when Exact it
	// is the number of distinct values seen.
	Tracked int
}

// Totals is a snapshot of the aggregated numbers.
type Totals struct {
	// Records is the number of records added (scored or not).
	Records int64
	// Requests is the number of scored records (BotScore in 1..99); the
	// report's "requests". Equal to the sums of both breakdowns below.
	Requests int64
	// Unscored counts records without BotScore.
	Unscored int64
	// InvalidScore counts records whose BotScore is outside 1..99.
	InvalidScore int64
	// RequestsByScore maps "1".."99" to counts; scores with no requests
	// are omitted.
	RequestsByScore map[string]int64
	// RequestsByScoreSrc maps normalised BotScoreSrc keys to counts.
	RequestsByScoreSrc map[string]int64
	// FirstRequestSeenAt and LastRequestSeenAt bound the timestamps of the
	// scored records; zero when none had a timestamp.
	FirstRequestSeenAt, LastRequestSeenAt time.Time
	// NoTimestamp counts scored records without EdgeStartTimestamp.
	NoTimestamp int64
	// NoScoreSource counts scored records without BotScoreSrc, filed
	// under UnknownScoreSource.
	NoScoreSource int64
	// Top holds the eight lists keyed by feedback.AttributeKeys.
	Top map[string]TopList
	// Timeline splits the window into TimelineBuckets equal parts and
	// counts the scored requests with a timestamp in each.
	Timeline []TimeBucket
}

// TimelineBuckets is the number of bars of Totals.Timeline.
const TimelineBuckets = 24

// TimeBucket counts the requests seen from Start (inclusive) to the next
// bucket's Start.
type TimeBucket struct {
	Start    time.Time `json:"start"`
	Requests int64     `json:"requests"`
}

// timeline spreads the per-minute counts over TimelineBuckets buckets
// (fewer when the window is shorter than that many minutes).
func (a *Aggregator) timeline() []TimeBucket {
	if a.first.IsZero() || len(a.perMinute) == 0 {
		return nil
	}
	lo, hi := a.first.Unix()/60, a.last.Unix()/60
	minutes := hi - lo + 1
	n := min(int64(TimelineBuckets), minutes)
	width := (minutes + n - 1) / n // minutes per bucket
	n = (minutes + width - 1) / width
	out := make([]TimeBucket, n)
	for i := range out {
		out[i].Start = time.Unix((lo+int64(i)*width)*60, 0).UTC()
	}
	for m, c := range a.perMinute {
		out[(m-lo)/width].Requests += c
	}
	return out
}

// RequestsByAttribute returns the lists in the feedback API's shape.
func (r *Totals) RequestsByAttribute() map[string][]feedback.MetricRequests {
	out := make(map[string][]feedback.MetricRequests, len(r.Top))
	for k, l := range r.Top {
		items := l.Items
		if items == nil {
			items = []feedback.MetricRequests{}
		}
		out[k] = items
	}
	return out
}

// Totals returns the numbers with top lists of at most topN entries (topN ≤
// 0 means all tracked values). It does not change the Aggregator, which can
// keep accumulating.
func (a *Aggregator) Totals(topN int) Totals {
	r := Totals{
		Records:            a.records,
		Requests:           a.scored,
		Unscored:           a.unscored,
		InvalidScore:       a.invalidScore,
		RequestsByScore:    make(map[string]int64),
		RequestsByScoreSrc: make(map[string]int64, len(a.bySrc)),
		FirstRequestSeenAt: a.first,
		LastRequestSeenAt:  a.last,
		NoTimestamp:        a.noTimestamp,
		NoScoreSource:      a.bySrc[UnknownScoreSource],
		Timeline:           a.timeline(),
		Top:                make(map[string]TopList, len(feedback.AttributeKeys)),
	}
	for s := 1; s <= 99; s++ {
		if n := a.byScore[s]; n > 0 {
			r.RequestsByScore[strconv.Itoa(s)] = n
		}
	}
	for k, n := range a.bySrc {
		r.RequestsByScoreSrc[k] = n
	}
	r.Top[feedback.AttrTopIPs] = topList(a.ips, topN, netip.Addr.String)
	r.Top[feedback.AttrTopASNs] = topList(a.asns, topN, func(v int64) string { return strconv.FormatInt(v, 10) })
	id := func(s string) string { return s }
	r.Top[feedback.AttrTopCountries] = topList(a.countries, topN, id)
	r.Top[feedback.AttrTopHosts] = topList(a.hosts, topN, id)
	r.Top[feedback.AttrTopPaths] = topList(a.paths, topN, id)
	r.Top[feedback.AttrTopUserAgents] = topList(a.uas, topN, id)
	r.Top[feedback.AttrTopJA3Hashes] = topList(a.ja3, topN, id)
	r.Top[feedback.AttrTopJA4s] = topList(a.ja4, topN, id)
	return r
}

func topList[K comparable](c *counter[K], topN int, str func(K) string) TopList {
	items := make([]feedback.MetricRequests, 0, len(c.m))
	for k, n := range c.all() {
		items = append(items, feedback.MetricRequests{Metric: str(k), Requests: n})
	}
	slices.SortFunc(items, func(x, y feedback.MetricRequests) int {
		if x.Requests != y.Requests {
			if x.Requests > y.Requests {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Metric, y.Metric)
	})
	if topN > 0 && len(items) > topN {
		items = items[:topN:topN]
	}
	return TopList{Items: items, Exact: c.delta == 0, MaxError: c.delta, Tracked: len(c.m)}
}
