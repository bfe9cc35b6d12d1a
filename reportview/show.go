package reportview

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wflint/wflint/feedback"
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

// Show writes the readable summary of r that "wflint report show" prints:
// the fields, score histograms as bars and the top lists. perScore gives
// one histogram row per score instead of ranges.
func Show(w io.Writer, r *feedback.Report, perScore bool) {
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
		for _, rg := range scoreRanges {
			var n int64
			for s := rg[0]; s <= rg[1]; s++ {
				n += r.RequestsByScore[strconv.Itoa(s)]
			}
			label := strconv.Itoa(rg[0])
			if rg[1] != rg[0] {
				label += "-" + strconv.Itoa(rg[1])
			}
			rows = append(rows, row{label, band(rg[0]), n})
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
		fmt.Fprintf(w, "\n%s\n", title)
		for _, it := range items {
			// 2 + 11 + 1 + 6 + 2 columns before the metric leave 58 of 80.
			fmt.Fprintf(w, "  %11s %6s  %s\n", Thousands(it.Requests), percent(it.Requests, r.Requests),
				clip(oneLine(it.Metric), 58))
		}
	}
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
