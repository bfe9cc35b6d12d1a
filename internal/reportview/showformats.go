package reportview

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

// showDoc is "report show --format json": the report's numbers as the
// text summary groups them, for tools and tickets. The shape is stable.
type showDoc struct {
	Type               string                               `json:"type"`
	Subtype            string                               `json:"subtype,omitempty"`
	Description        string                               `json:"description"`
	Expression         string                               `json:"expression"`
	FirstRequestSeenAt string                               `json:"first_request_seen_at"`
	LastRequestSeenAt  string                               `json:"last_request_seen_at"`
	Requests           int64                                `json:"requests"`
	ScoreRanges        []showRange                          `json:"requests_by_score_range"`
	RequestsByScoreSrc feedback.Counts                      `json:"requests_by_score_src"`
	Top                map[string][]feedback.MetricRequests `json:"requests_by_attribute"`
	RequestsOverTime   []reportbuild.TimeBucket             `json:"requests_over_time,omitempty"`
	Attributes         map[string]reportbuild.TopStat       `json:"attributes,omitempty"`
	Warnings           []string                             `json:"warnings"`
	Validation         showValidation                       `json:"validation"`
}

type showRange struct {
	Scores   string `json:"scores"`
	Band     string `json:"band"`
	Requests int64  `json:"requests"`
}

type showValidation struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// ranges sums the score histogram over the rows of the default display
// (scoreRanges), for every format of report show.
func ranges(r *feedback.Report) []showRange {
	out := make([]showRange, 0, len(scoreRanges))
	for _, rg := range scoreRanges {
		var n int64
		for s := rg[0]; s <= rg[1]; s++ {
			n += r.RequestsByScore[strconv.Itoa(s)]
		}
		label := strconv.Itoa(rg[0])
		if rg[1] != rg[0] {
			label += "-" + strconv.Itoa(rg[1])
		}
		out = append(out, showRange{label, band(rg[0]), n})
	}
	return out
}

// counts is the validation member of report show's JSON and Markdown: the
// report's problems as feedback.Count tallies them, the numbers its text
// says too.
func counts(ds diag.List) showValidation {
	n := feedback.Count(ds)
	return showValidation{Errors: n.Errors, Warnings: n.Warnings, Infos: n.Infos}
}

// ShowAs writes "report show" in a format: text (Show and its
// validation line, naming the report file name), json or markdown.
func ShowAs(w io.Writer, format, name string, r *feedback.Report, ds diag.List, o ShowOptions) error {
	switch format {
	case "json":
		return ShowJSON(w, r, ds, o)
	case "markdown":
		ShowMarkdown(w, r, ds, o)
	default:
		ShowWith(w, r, o)
		ShowValidation(w, ds, name)
	}
	return nil
}

// ShowJSON writes "report show --format json".
func ShowJSON(w io.Writer, r *feedback.Report, ds diag.List, o ShowOptions) error {
	doc := showDoc{Type: r.Type, Subtype: r.Subtype, Description: r.Description, Expression: r.Expression,
		FirstRequestSeenAt: r.FirstRequestSeenAt, LastRequestSeenAt: r.LastRequestSeenAt, Requests: r.Requests,
		ScoreRanges: ranges(r), RequestsByScoreSrc: r.RequestsByScoreSrc, Top: r.Submission().RequestsByAttribute,
		Warnings: append([]string{}, Warnings(r)...), Validation: counts(ds)}
	if doc.RequestsByScoreSrc == nil {
		doc.RequestsByScoreSrc = feedback.Counts{}
	}
	if doc.Top == nil {
		doc.Top = map[string][]feedback.MetricRequests{}
	}
	if o.Summary != nil {
		doc.RequestsOverTime, doc.Attributes = o.Summary.Timeline, o.Summary.Attributes
	}
	b, err := JSON(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ShowMarkdown writes "report show --format markdown": the summary as
// Markdown tables, to paste into a ticket.
func ShowMarkdown(w io.Writer, r *feedback.Report, ds diag.List, o ShowOptions) {
	title := r.Type
	if r.Subtype != "" {
		title += " / " + r.Subtype
	}
	fmt.Fprintf(w, "## Feedback report: %s\n\n", mdCell(title))
	fmt.Fprintf(w, "| | |\n|---|---|\n")
	fmt.Fprintf(w, "| Description | %s |\n", mdCell(r.Description))
	fmt.Fprintf(w, "| Expression | `%s` |\n", strings.ReplaceAll(mdCell(r.Expression), "`", "'"))
	fmt.Fprintf(w, "| Window | %s to %s |\n", mdCell(r.FirstRequestSeenAt), mdCell(r.LastRequestSeenAt))
	fmt.Fprintf(w, "| Requests | %s |\n", Thousands(r.Requests))
	v := counts(ds)
	fmt.Fprintf(w, "| Validation | %d errors, %d warnings, %d infos |\n", v.Errors, v.Warnings, v.Infos)
	for _, warn := range Warnings(r) {
		fmt.Fprintf(w, "\n> **Warning:** %s\n", mdCell(warn))
	}
	if o.Summary != nil && len(o.Summary.Timeline) > 0 {
		fmt.Fprintf(w, "\n### Requests over time (UTC)\n\n| From | Requests |\n|---|---:|\n")
		for _, b := range o.Summary.Timeline {
			fmt.Fprintf(w, "| %s | %s |\n", b.Start.Format("2006-01-02 15:04"), Thousands(b.Requests))
		}
	}
	fmt.Fprintf(w, "\n### Requests by score\n\n| Scores | Band | Requests | Share |\n|---|---|---:|---:|\n")
	for _, rg := range ranges(r) {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", rg.Scores, rg.Band, Thousands(rg.Requests), percent(rg.Requests, r.Requests))
	}
	fmt.Fprintf(w, "\n### Requests by score source\n\n| Source | Requests | Share |\n|---|---:|---:|\n")
	for _, k := range sortedKeys(r.RequestsByScoreSrc) {
		n := r.RequestsByScoreSrc[k]
		fmt.Fprintf(w, "| %s | %s | %s |\n", mdCell(k), Thousands(n), percent(n, r.Requests))
	}
	for _, k := range attrOrder {
		items := r.RequestsByAttribute[k]
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n### %s%s\n\n| Requests | Share | Value |\n|---:|---:|---|\n", attrTitles[k], listNote(o.Summary, k, len(items)))
		for _, it := range items {
			fmt.Fprintf(w, "| %s | %s | %s |\n", Thousands(it.Requests), percent(it.Requests, r.Requests), mdCell(it.Metric))
		}
	}
}

// mdCell makes s safe inside a Markdown table cell: one line, pipes
// escaped.
func mdCell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}
