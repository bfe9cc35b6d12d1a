// Package aggregate turns a stream of logpush.Records into the numbers of a
// Bot Management feedback report (requests, requests_by_score,
// requests_by_score_src, first/last_request_seen_at and the eight
// requests_by_attribute top lists) in bounded memory.
//
// # What is counted
//
// Every Add counts a record. A record is scored when BotScore is present and
// in 1..99; only scored records enter the report numbers (requests, both
// breakdowns, the time window and the top lists), so sum(requests_by_score)
// == sum(requests_by_score_src) == requests holds by construction, as the
// feedback API requires. Records without BotScore are counted in Unscored,
// those with a score outside 1..99 (Logpush writes 0 for "Not Computed") in
// InvalidScore; neither is dropped silently. A scored record without
// BotScoreSrc is counted under the source key "unknown".
//
// Top lists skip missing and empty values (an empty JA3Hash on a plain-HTTP
// request is not a fingerprint) and ASN 0 (reserved, RFC 7607: "unknown").
// Metrics are rendered as in the report: IPs in canonical netip form, ASNs
// in decimal, countries upper-case.
//
// # Top-K method and error guarantee
//
// Each of the eight attributes has a Misra–Gries summary with a capacity k
// (Options.Capacity, default 10000) that keeps at most 2k counters, so
// memory per list is O(k) however many distinct IPs or user agents arrive.
//
//   - Exact mode: while an attribute has at most 2k distinct values, its
//     counts are exact (TopList.Exact, MaxError 0).
//   - Approximate mode: past that, the k+1-th largest count is periodically
//     subtracted from all counters. Every reported count is then a lower
//     bound: reported ≤ true ≤ reported + MaxError, and
//     MaxError ≤ requests/(k+1). Any value whose true count exceeds MaxError
//     is guaranteed to be in the summary, and a value not listed has a true
//     count of at most (the smallest listed count + MaxError).
//
// Merge keeps the guarantee with N the total over all merged aggregators:
// counts and error bounds add, and the summary is reduced again if needed
// (Agarwal et al., "Mergeable Summaries", PODS 2012). Merging aggregators
// whose combined distinct values fit in 2k stays exact.
//
// An Aggregator is not safe for concurrent use; give each goroutine its own
// and Merge them.
package aggregate

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/logpush"
)

// Attribute keys of requests_by_attribute, as the feedback API names them.
const (
	TopIPs        = "topIPs"
	TopASNs       = "topASNs"
	TopCountries  = "topCountries"
	TopHosts      = "topHosts"
	TopPaths      = "topPaths"
	TopUserAgents = "topUserAgents"
	TopJA3Hashes  = "topJA3Hashes"
	TopJA4s       = "topJA4s"
)

// Attributes lists the requests_by_attribute keys in a fixed order.
var Attributes = []string{TopIPs, TopASNs, TopCountries, TopHosts, TopPaths, TopUserAgents, TopJA3Hashes, TopJA4s}

// UnknownScoreSource is the requests_by_score_src key for scored records
// whose BotScoreSrc is missing.
const UnknownScoreSource = "unknown"

// DefaultCapacity is the default Options.Capacity: enough for exact top-1000
// lists with a 10× margin before any approximation kicks in.
const DefaultCapacity = 10000

// Options configure an Aggregator.
type Options struct {
	// Capacity is k, the per-attribute summary size; at most 2k distinct
	// values are tracked per attribute. 0 means DefaultCapacity. A list of
	// topN is reliable when k ≥ 10·topN.
	Capacity int
}

// Aggregator accumulates records. Create it with New.
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

	ips       *counter[netip.Addr]
	asns      *counter[int64]
	countries *counter[string]
	hosts     *counter[string]
	paths     *counter[string]
	uas       *counter[string]
	ja3       *counter[string]
	ja4       *counter[string]
}

// New returns an empty Aggregator.
func New(opts Options) *Aggregator {
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
	if n, ok := a.bySrc[src]; ok {
		a.bySrc[src] = n + 1
	} else {
		a.bySrc[strings.Clone(src)] = 1
	}

	if rec.Has(logpush.FieldEdgeStartTimestamp) {
		t := rec.EdgeStartTimestamp
		if a.first.IsZero() || t.Before(a.first) {
			a.first = t
		}
		if a.last.IsZero() || t.After(a.last) {
			a.last = t
		}
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

// MetricRequests is one entry of a requests_by_attribute list, shaped like
// the feedback API's MetricRequests object.
type MetricRequests struct {
	Metric   string `json:"metric"`
	Requests int64  `json:"requests"`
}

// TopList is one attribute's top list with its accuracy.
type TopList struct {
	// Items are sorted by Requests descending, ties by Metric ascending.
	Items []MetricRequests
	// Exact reports that every count in the summary is exact.
	Exact bool
	// MaxError bounds the undercount: each item's true count is in
	// [Requests, Requests+MaxError]. 0 when Exact.
	MaxError int64
	// Tracked is how many distinct values the summary held; when Exact it
	// is the number of distinct values seen.
	Tracked int
}

// Result is a snapshot of the aggregated numbers.
type Result struct {
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
	// Top holds the eight lists keyed by the Attributes constants.
	Top map[string]TopList
}

// RequestsByAttribute returns the lists in the feedback API's shape.
func (r *Result) RequestsByAttribute() map[string][]MetricRequests {
	out := make(map[string][]MetricRequests, len(r.Top))
	for k, l := range r.Top {
		items := l.Items
		if items == nil {
			items = []MetricRequests{}
		}
		out[k] = items
	}
	return out
}

// Result returns the numbers with top lists of at most topN entries (topN ≤
// 0 means all tracked values). It does not change the Aggregator, which can
// keep accumulating.
func (a *Aggregator) Result(topN int) Result {
	r := Result{
		Records:            a.records,
		Requests:           a.scored,
		Unscored:           a.unscored,
		InvalidScore:       a.invalidScore,
		RequestsByScore:    make(map[string]int64),
		RequestsByScoreSrc: make(map[string]int64, len(a.bySrc)),
		FirstRequestSeenAt: a.first,
		LastRequestSeenAt:  a.last,
		NoTimestamp:        a.noTimestamp,
		Top:                make(map[string]TopList, len(Attributes)),
	}
	for s := 1; s <= 99; s++ {
		if n := a.byScore[s]; n > 0 {
			r.RequestsByScore[strconv.Itoa(s)] = n
		}
	}
	for k, n := range a.bySrc {
		r.RequestsByScoreSrc[k] = n
	}
	r.Top[TopIPs] = topList(a.ips, topN, netip.Addr.String)
	r.Top[TopASNs] = topList(a.asns, topN, func(v int64) string { return strconv.FormatInt(v, 10) })
	id := func(s string) string { return s }
	r.Top[TopCountries] = topList(a.countries, topN, id)
	r.Top[TopHosts] = topList(a.hosts, topN, id)
	r.Top[TopPaths] = topList(a.paths, topN, id)
	r.Top[TopUserAgents] = topList(a.uas, topN, id)
	r.Top[TopJA3Hashes] = topList(a.ja3, topN, id)
	r.Top[TopJA4s] = topList(a.ja4, topN, id)
	return r
}

func topList[K comparable](c *counter[K], topN int, str func(K) string) TopList {
	items := make([]MetricRequests, 0, len(c.m))
	for k, n := range c.m {
		items = append(items, MetricRequests{Metric: str(k), Requests: n})
	}
	slices.SortFunc(items, func(x, y MetricRequests) int {
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
