package feedback

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
)

// Report types (the API's "type" enum).
const (
	// FalsePositive: human traffic that Bot Management scored as automated
	// or likely automated.
	FalsePositive = "false_positive"
	// FalseNegative: automated traffic that Bot Management did not catch.
	FalseNegative = "false_negative"
)

// Attribute keys of requests_by_attribute documented by the API.
const (
	AttrTopASNs       = "topASNs"
	AttrTopCountries  = "topCountries"
	AttrTopHosts      = "topHosts"
	AttrTopIPs        = "topIPs"
	AttrTopJA3Hashes  = "topJA3Hashes"
	AttrTopJA4s       = "topJA4s"
	AttrTopPaths      = "topPaths"
	AttrTopUserAgents = "topUserAgents"
)

// AttributeKeys lists the documented requests_by_attribute keys.
var AttributeKeys = []string{
	AttrTopASNs, AttrTopCountries, AttrTopHosts, AttrTopIPs,
	AttrTopJA3Hashes, AttrTopJA4s, AttrTopPaths, AttrTopUserAgents,
}

// DocumentedScoreSources are the requests_by_score_src keys Cloudflare's
// documentation and API examples use: "heuristics" and "machine_learning"
// (the feedback docs and the list example) and "ml" (the create examples).
var DocumentedScoreSources = []string{"heuristics", "machine_learning", "ml"}

// RecordedScoreSources are the other detection engines Logpush names in
// BotScoreSrc, in the snake_case spelling of the GraphQL Analytics
// botScoreSrcName dimension. No feedback example uses them; wflint infers
// these keys (see logpush.NormalizeScoreSource).
var RecordedScoreSources = []string{"behavioral_analysis", "cloudflare_service", "js_fingerprinting", "not_computed", "verified_bot"}

// Subtypes lists the documented subtype values, in the display form the
// API example uses ("Spamming", not "spamming").
var Subtypes = []string{
	"Account Creation Abuse", "Ad Fraud", "Credit Card Abuse", "Cashing Out",
	"Login Abuse", "Inventory Abuse", "Denial of Service", "Expediting",
	"Fuzzing", "Scraping", "Spamming", "Token Cracking", "Vulnerability Scanning",
}

// Report is a Bot Management feedback report, the body of
// POST /zones/{zone_id}/bot_management/feedback and an item of the list
// response. Field names match the API's JSON names.
//
// Timestamps are kept as the strings the user wrote so that an invalid one
// can be reported rather than lost; use [FormatTime] to fill them in.
type Report struct {
	// Type is FalsePositive or FalseNegative.
	Type string
	// Subtype is optional; see Subtypes.
	Subtype string
	// Description explains the report in free text.
	Description string
	// Expression is a Rules-language filter selecting the reported requests.
	Expression string
	// FirstRequestSeenAt is the RFC 3339 start of the sample window.
	FirstRequestSeenAt string
	// LastRequestSeenAt is the RFC 3339 end of the sample window.
	LastRequestSeenAt string
	// Requests is the total number of reported requests.
	Requests int64
	// RequestsByScore maps bot scores "1".."99" to request counts; it must
	// add up to Requests.
	RequestsByScore Counts
	// RequestsByScoreSrc maps score sources (e.g. "heuristics",
	// "machine_learning") to request counts; it must add up to Requests.
	RequestsByScoreSrc Counts
	// RequestsByAttribute maps attribute keys (see AttributeKeys) to top
	// values with their request counts.
	RequestsByAttribute map[string][]MetricRequests
	// CreatedAt is set by the server on reports returned by ListFeedback.
	CreatedAt string
	// Extra holds members this package does not know, so that decoding and
	// re-encoding a report loses nothing the user wrote.
	Extra map[string]json.RawMessage
}

// MetricRequests is one entry of a top list: an attribute value and its
// request count.
type MetricRequests struct {
	// Metric is the attribute value: an IP, ASN, country code, host, path,
	// JA3 hash, JA4 fingerprint or user agent.
	Metric string
	// Requests is the number of requests with that value.
	Requests int64
	// Extra holds unknown members, preserved on round trip.
	Extra map[string]json.RawMessage
}

// Counts maps histogram keys to request counts.
type Counts map[string]int64

// Sum adds up the counts. ok is false if the sum overflows int64.
func (c Counts) Sum() (sum int64, ok bool) {
	for _, v := range c {
		if (v > 0 && sum > maxInt64-v) || (v < 0 && sum < minInt64-v) {
			return 0, false
		}
		sum += v
	}
	return sum, true
}

const (
	maxInt64 = 1<<63 - 1
	minInt64 = -1 << 63
)

// MarshalJSON writes numeric keys in numeric order ("1", "2", "10") and the
// rest alphabetically, so files diff cleanly; encoding/json would sort
// "10" before "2".
func (c Counts) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, aerr := strconv.ParseInt(keys[i], 10, 64)
		b, berr := strconv.ParseInt(keys[j], 10, 64)
		switch {
		case aerr == nil && berr == nil && a != b:
			return a < b
		case aerr == nil && berr != nil:
			return true
		case aerr != nil && berr == nil:
			return false
		}
		return keys[i] < keys[j]
	})
	var buf bytes.Buffer
	_ = writeObject(&buf, keys, func(k string) error {
		buf.WriteString(strconv.FormatInt(c[k], 10))
		return nil
	})
	return buf.Bytes(), nil
}

// FormatTime formats t the way the API documents timestamps (RFC 3339, UTC).
func FormatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// MarshalJSON encodes the report with the API's field names. The histograms
// and requests_by_attribute are always written (as {} when empty) because
// the API schema requires them. Members in Extra follow the known fields;
// an Extra member that collides with a known field is dropped.
func (r Report) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	field := func(name string) {
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		writeJSONString(&buf, name)
		buf.WriteByte(':')
	}
	str := func(name, v string, omitEmpty bool) {
		if omitEmpty && v == "" {
			return
		}
		field(name)
		writeJSONString(&buf, v)
	}
	str("type", r.Type, false)
	str("subtype", r.Subtype, true)
	str("description", r.Description, false)
	str("expression", r.Expression, false)
	str("first_request_seen_at", r.FirstRequestSeenAt, false)
	str("last_request_seen_at", r.LastRequestSeenAt, false)
	field("requests")
	buf.WriteString(strconv.FormatInt(r.Requests, 10))
	for _, h := range []struct {
		name string
		c    Counts
	}{{"requests_by_score", r.RequestsByScore}, {"requests_by_score_src", r.RequestsByScoreSrc}} {
		field(h.name)
		b, _ := h.c.MarshalJSON()
		buf.Write(b)
	}
	field("requests_by_attribute")
	keys := make([]string, 0, len(r.RequestsByAttribute))
	for k := range r.RequestsByAttribute {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	err := writeObject(&buf, keys, func(k string) error {
		buf.WriteByte('[')
		for j, m := range r.RequestsByAttribute[k] {
			if j > 0 {
				buf.WriteByte(',')
			}
			b, err := m.MarshalJSON()
			if err != nil {
				return err
			}
			buf.Write(b)
		}
		buf.WriteByte(']')
		return nil
	})
	if err != nil {
		return nil, err
	}
	str("created_at", r.CreatedAt, true)
	if err := writeExtra(&buf, r.Extra, reportFields); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// MarshalJSON encodes {"metric":…,"requests":…} plus any Extra members.
func (m MetricRequests) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"metric":`)
	writeJSONString(&buf, m.Metric)
	buf.WriteString(`,"requests":`)
	buf.WriteString(strconv.FormatInt(m.Requests, 10))
	if err := writeExtra(&buf, m.Extra, metricFields); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes a report. Unlike encoding/json it rejects duplicate
// members (one value would be lost) and keeps unknown members in Extra.
func (r *Report) UnmarshalJSON(data []byte) error {
	p, serr := jsonscan.Parse(data)
	if serr != nil {
		return serr
	}
	if len(p.Duplicates) > 0 {
		return &DecodeError{Diagnostics: diag.List{dupFinding(p.Duplicates[0]).Diagnostic}}
	}
	var d decoder
	rep := d.report(p.Root)
	if errs := d.errors(); len(errs) > 0 {
		return &DecodeError{Diagnostics: errs}
	}
	*r = *rep
	return nil
}

// UnmarshalJSON decodes one top-list entry, keeping unknown members.
func (m *MetricRequests) UnmarshalJSON(data []byte) error {
	p, serr := jsonscan.Parse(data)
	if serr != nil {
		return serr
	}
	var d decoder
	got := d.metric(p.Root, func() string { return "" }, "", 0)
	if errs := d.errors(); len(errs) > 0 {
		return &DecodeError{Diagnostics: errs}
	}
	*m = got
	return nil
}

// DecodeError reports JSON that is well-formed but does not fit the report
// shape (for example "requests": "ten").
type DecodeError struct {
	// Diagnostics lists every mismatch, each with its pointer in Where.
	Diagnostics diag.List
}

// Error lists the mismatches.
func (e *DecodeError) Error() string {
	msgs := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		msgs[i] = d.Where + ": " + d.Message
	}
	return "feedback report: " + strings.Join(msgs, "; ")
}

// stringMembers are the report's string members by JSON key: decoding sets
// them, and validation asks whether they were given.
var stringMembers = map[string]func(*Report) *string{
	"type":                  func(r *Report) *string { return &r.Type },
	"subtype":               func(r *Report) *string { return &r.Subtype },
	"description":           func(r *Report) *string { return &r.Description },
	"expression":            func(r *Report) *string { return &r.Expression },
	"first_request_seen_at": func(r *Report) *string { return &r.FirstRequestSeenAt },
	"last_request_seen_at":  func(r *Report) *string { return &r.LastRequestSeenAt },
	"created_at":            func(r *Report) *string { return &r.CreatedAt },
}

var (
	reportFields = map[string]bool{
		"type": true, "subtype": true, "description": true, "expression": true,
		"first_request_seen_at": true, "last_request_seen_at": true, "requests": true,
		"requests_by_score": true, "requests_by_score_src": true,
		"requests_by_attribute": true, "created_at": true,
	}
	metricFields = map[string]bool{"metric": true, "requests": true}
)

func writeExtra(buf *bytes.Buffer, extra map[string]json.RawMessage, known map[string]bool) error {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !known[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := extra[k]
		if !json.Valid(v) {
			return errors.New("report member " + strconv.Quote(k) + " is not valid JSON")
		}
		buf.WriteByte(',')
		writeJSONString(buf, k)
		buf.WriteByte(':')
		if err := json.Compact(buf, v); err != nil {
			return err
		}
	}
	return nil
}

// writeObject writes a JSON object of the given keys, in their order;
// value writes the value of each key.
func writeObject(buf *bytes.Buffer, keys []string, value func(k string) error) error {
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJSONString(buf, k)
		buf.WriteByte(':')
		if err := value(k); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// writeJSONString writes s as a JSON string without HTML escaping, so that
// expressions such as `a < b` stay readable in saved files.
func writeJSONString(buf *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	buf.Write(bytes.TrimSuffix(tmp.Bytes(), []byte("\n")))
}

// Submission returns a copy of r as the create call should receive it:
// without the read-only created_at (the server sets it) and without the
// members the API schema does not define (Extra, of the report and of each
// metric). r is not changed.
func (r *Report) Submission() *Report {
	c := *r
	c.CreatedAt = ""
	c.Extra = nil
	if r.RequestsByAttribute != nil {
		c.RequestsByAttribute = make(map[string][]MetricRequests, len(r.RequestsByAttribute))
		for k, list := range r.RequestsByAttribute {
			out := make([]MetricRequests, len(list))
			for i, m := range list {
				out[i] = MetricRequests{Metric: m.Metric, Requests: m.Requests}
			}
			c.RequestsByAttribute[k] = out
		}
	}
	return &c
}
