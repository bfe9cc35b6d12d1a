package reportview

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

// barWidth is the longest bar in cells. With the label, band, count
// and percentage columns a row stays within 72 columns, so the summary is
// readable in an 80-column terminal.
const barWidth = 30

// scoreRanges are the rows of the default histogram: the score 1
// ("automated") alone, then ranges of ten, with 2–9 and 10–29 kept apart
// from 30+ so that every row falls in one of Cloudflare's bands.
var scoreRanges = [][2]int{{1, 1}, {2, 9}, {10, 19}, {20, 29}, {30, 39}, {40, 49}, {50, 59},
	{60, 69}, {70, 79}, {80, 89}, {90, 99}}

// band names Cloudflare's documented score band of a score.
func band(score int) string {
	switch {
	case score == 1:
		return "automated"
	case score < 30:
		return "likely automated"
	default:
		return "likely human"
	}
}

// attrOrder is the order in which the top lists are shown: client identity
// first, then what was requested, then TLS.
var attrOrder = []string{
	feedback.AttrTopIPs, feedback.AttrTopASNs, feedback.AttrTopCountries, feedback.AttrTopHosts,
	feedback.AttrTopPaths, feedback.AttrTopUserAgents, feedback.AttrTopJA3Hashes, feedback.AttrTopJA4s,
}

// attrTitles are the headings of the top lists.
var attrTitles = map[string]string{
	feedback.AttrTopIPs: "Top IPs", feedback.AttrTopASNs: "Top ASNs", feedback.AttrTopCountries: "Top countries",
	feedback.AttrTopHosts: "Top hosts", feedback.AttrTopPaths: "Top paths", feedback.AttrTopUserAgents: "Top user agents",
	feedback.AttrTopJA3Hashes: "Top JA3 hashes", feedback.AttrTopJA4s: "Top JA4 fingerprints",
}

// ShowOptions tune Show.
type ShowOptions struct {
	// PerScore gives one histogram row per score instead of ranges.
	PerScore bool
	// Summary is what report build knew beyond the report (requests over
	// time, distinct values, exactness); nil when not available.
	Summary *reportbuild.Summary
}

// ShowWith writes the readable summary of r that "wflint report show"
// prints: the fields, score histograms as bars and the top lists; with a
// build summary, requests over time and, per top list, the distinct
// values and whether it is exact.
func ShowWith(w io.Writer, r *feedback.Report, o ShowOptions) {
	perScore := o.PerScore
	title := r.Type
	if title == "" {
		title = "(no type)"
	}
	fmt.Fprintf(w, "Feedback report: %s", title)
	if r.Subtype != "" {
		fmt.Fprintf(w, " / %s", r.Subtype)
	}
	fmt.Fprintln(w)
	field := func(name, value string) { fmt.Fprintf(w, "%-12s %s\n", name, value) }
	field("Description", oneLine(r.Description))
	field("Expression", oneLine(r.Expression))
	window := r.FirstRequestSeenAt + " to " + r.LastRequestSeenAt
	if a, errA := time.Parse(time.RFC3339Nano, r.FirstRequestSeenAt); errA == nil {
		if b, errB := time.Parse(time.RFC3339Nano, r.LastRequestSeenAt); errB == nil {
			window += " (" + b.Sub(a).String() + ")"
		}
	}
	field("Window", window)
	field("Requests", Thousands(r.Requests))
	for _, warn := range Warnings(r) {
		lines := wrap(warn, 70)
		fmt.Fprintf(w, "warning: %s\n", lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "         %s\n", l)
		}
	}

	if o.Summary != nil && len(o.Summary.Timeline) > 0 {
		fmt.Fprintln(w, "\nRequests over time (UTC)")
		var most int64
		for _, b := range o.Summary.Timeline {
			most = max64(most, b.Requests)
		}
		for _, b := range o.Summary.Timeline {
			fmt.Fprintf(w, "  %s %s %9s\n", b.Start.Format("2006-01-02 15:04"), bar(b.Requests, most), Thousands(b.Requests))
		}
	}

	fmt.Fprintln(w, "\nRequests by score")
	type row struct {
		label, band string
		n           int64
	}
	var rows []row
	if perScore {
		for s := 1; s <= 99; s++ {
			if n := r.RequestsByScore[strconv.Itoa(s)]; n != 0 {
				rows = append(rows, row{strconv.Itoa(s), band(s), n})
			}
		}
	} else {
		for _, rg := range ranges(r) {
			rows = append(rows, row{rg.Scores, rg.Band, rg.Requests})
		}
	}
	// Keys that are not scores 1..99 are invalid, but they are in the file
	// and the sum; show them rather than hide them.
	var odd []string
	for k := range r.RequestsByScore {
		if s, err := strconv.Atoi(k); err != nil || s < 1 || s > 99 || strconv.Itoa(s) != k {
			odd = append(odd, k)
		}
	}
	sort.Strings(odd)
	for _, k := range odd {
		rows = append(rows, row{k, "invalid score", r.RequestsByScore[k]})
	}
	var max int64
	for _, rw := range rows {
		max = max64(max, rw.n)
	}
	for _, rw := range rows {
		fmt.Fprintf(w, "  %-6s %-16s %s %9s %6s\n", rw.label, rw.band, bar(rw.n, max),
			Thousands(rw.n), percent(rw.n, r.Requests))
	}

	fmt.Fprintln(w, "\nRequests by score source")
	max = 0
	for _, n := range r.RequestsByScoreSrc {
		max = max64(max, n)
	}
	for _, k := range sortedKeys(r.RequestsByScoreSrc) {
		n := r.RequestsByScoreSrc[k]
		fmt.Fprintf(w, "  %-23s %s %9s %6s\n", clip(k, 23), bar(n, max), Thousands(n),
			percent(n, r.Requests))
	}

	keys := append([]string(nil), attrOrder...)
	var extra []string
	for k := range r.RequestsByAttribute {
		if _, known := attrTitles[k]; !known {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	keys = append(keys, extra...)
	for _, k := range keys {
		items := r.RequestsByAttribute[k]
		if len(items) == 0 {
			continue
		}
		title := attrTitles[k]
		if title == "" {
			title = k
		}
		fmt.Fprintf(w, "\n%s%s\n", title, listNote(o.Summary, k, len(items)))
		for _, it := range items {
			// 2 + 11 + 1 + 6 + 2 columns before the metric leave 58 of 80;
			// a longer value (a user agent) wraps, indented, in full.
			lines := wrap(oneLine(it.Metric), 58)
			fmt.Fprintf(w, "  %11s %6s  %s\n", Thousands(it.Requests), percent(it.Requests, r.Requests), lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "%22s%s\n", "", l)
			}
		}
	}
}

// listNote says how many of the distinct values a top list shows and
// whether its counts are exact, when the build summary knows.
func listNote(sum *reportbuild.Summary, key string, listed int) string {
	if sum == nil {
		return ""
	}
	st, ok := sum.Attributes[key]
	if !ok {
		return ""
	}
	if st.Exact {
		return fmt.Sprintf(" (%d of %s distinct, exact)", listed, Thousands(int64(st.Tracked)))
	}
	return fmt.Sprintf(" (%d of at least %s distinct; approximate: each count may be up to %s low)", listed, Thousands(int64(st.Tracked)), Thousands(st.MaxError))
}

// ShowValidation is the validation line under Show's text: the findings
// counted by Summary and, unless the report is valid, the command that
// lists them for the report file name.
func ShowValidation(w io.Writer, ds diag.List, name string) {
	line, _ := Summary(ds)
	fmt.Fprintf(w, "\nValidation: %s\n", line)
	if line != "valid" {
		fmt.Fprintf(w, "  details: wflint report validate %s\n", name)
	}
}

// Warnings are what report show points out about a report's traffic
// beyond its validation: a false negative that counts verified bots.
func Warnings(r *feedback.Report) []string {
	var out []string
	if n := r.RequestsByScoreSrc["verified_bot"]; r.Type == feedback.FalseNegative && n > 0 {
		out = append(out, fmt.Sprintf("%s requests (%s) were scored by the Verified Bot source: verified bots are allowed automation, not bots that got through; leave them out of a false negative",
			Thousands(n), percent(n, r.Requests)))
	}
	return out
}

// wrap cuts s into lines of at most width characters, at spaces where it
// can, so long values (user agents) are shown in full.
func wrap(s string, width int) []string {
	var out []string
	r := []rune(s)
	for len(r) > width {
		cut := width
		for i := width; i > width/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, strings.TrimRight(string(r[:cut]), " "))
		r = []rune(strings.TrimLeft(string(r[cut:]), " "))
	}
	return append(out, string(r))
}

// bar draws n relative to max in barWidth cells, with eighth
// blocks for the last cell so small differences stay visible. Any non-zero
// count gets at least a sliver.
func bar(n, max int64) string {
	if max <= 0 || n <= 0 {
		return strings.Repeat(" ", barWidth)
	}
	eighths := int((n*barWidth*8 + max/2) / max)
	if eighths == 0 {
		eighths = 1
	}
	partial := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	s := strings.Repeat("█", eighths/8) + partial[eighths%8]
	return s + strings.Repeat(" ", barWidth-utf8.RuneCountInString(s))
}

// percent formats n/total as a percentage with one decimal.
func percent(n, total int64) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(total))
}

// clip shortens s to at most width characters, marking the cut.
func clip(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}

// oneLine replaces control characters (newlines in a description, a
// hostile user agent) so one value stays on one terminal line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

func max64(a, b int64) int64 {
	if b > a {
		return b
	}
	return a
}
