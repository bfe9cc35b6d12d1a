package reportview

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

// Progress renders one progress update of a build; it fits in 80 columns.
func Progress(p reportbuild.Progress) string {
	secs := p.Elapsed.Seconds()
	rate, mbps := 0.0, 0.0
	if secs > 0 {
		rate = float64(p.Records) / secs
		mbps = float64(p.Bytes) / 1e6 / secs
	}
	return fmt.Sprintf("read %s MB (%.0f MB/s), %s records (%s/s), %s matches",
		Thousands(p.Bytes/1e6), mbps, Thousands(p.Records), Thousands(int64(rate)),
		Thousands(p.Matches))
}

// ProgressLine returns a reportbuild.Options.Progress callback that
// redraws one terminal line on w with Progress, and clears it when the
// build is done so the summary starts on a clean line.
func ProgressLine(w io.Writer) func(reportbuild.Progress) {
	return func(p reportbuild.Progress) {
		if p.Done {
			ClearLine(w)
			return
		}
		fmt.Fprintf(w, "\r\033[K%s", Progress(p))
	}
}

// ClearLine clears the progress line ProgressLine drew, for a build that
// stopped with an error.
func ClearLine(w io.Writer) {
	fmt.Fprint(w, "\r\033[K")
}

// ExpressionFindings turns a build's refusal of its expression src into
// findings in the expression's byte offsets, to be shown as every wflint
// finding is: the analyzer's fatal findings, or the evaluator's refusal
// (a *reportbuild.ExpressionError), or what ClickHouse cannot compute (a
// *check.Refusal from chsql). ok is false for other errors (I/O,
// connection, server), which are the caller's.
func ExpressionFindings(src string, err error) (ds diag.List, ok bool) {
	var ee *reportbuild.ExpressionError
	if errors.As(err, &ee) {
		return ee.Reasons(), true
	}
	var r *check.Refusal
	if errors.As(err, &r) && r.Backend == chsql.Backend {
		return diag.List{{Severity: diag.Error, Span: r.Span.Clamp(len(src)),
			Message: fmt.Sprintf("the expression cannot be built in ClickHouse: `%s`: %s", r.Text, r.Msg)}}, true
	}
	return nil, false
}

// ClickHouseSummary is the summary line of a build in ClickHouse, for
// command cmd: rows matched, scored requests, rows read and the rate.
func ClickHouseSummary(w io.Writer, cmd string, rep *feedback.Report, st *chbuild.Stats) {
	fmt.Fprintf(w, "wflint %s: ClickHouse matched %s rows (%s scored requests); read %s rows in %.2fs (%s rows/s)\n",
		cmd, Thousands(st.Matches), Thousands(rep.Requests), Thousands(int64(st.RowsRead)),
		st.Elapsed.Seconds(), Thousands(int64(st.RowsPerSecond())))
}

// BuildSummary tells what a build read and how exact the numbers are:
// malformed lines (with where the first ones are), records that matched
// but are not in the report, and approximate top lists.
func BuildSummary(w io.Writer, st *reportbuild.Stats) {
	fmt.Fprintf(w, "wflint: %s records in %s (%s MB, %.0f MB/s on %d workers), %s matched\n",
		Thousands(st.Records), st.Elapsed.Round(time.Millisecond), Thousands(st.Bytes/1e6),
		st.MBPerSecond(), st.Workers, Thousands(st.Matches))
	if st.Malformed > 0 {
		fmt.Fprintf(w, "wflint: %s malformed lines skipped", Thousands(st.Malformed))
		if len(st.MalformedLines) > 0 {
			fmt.Fprintf(w, "; the first %d:", len(st.MalformedLines))
		}
		fmt.Fprintln(w)
		for _, e := range st.MalformedLines {
			fmt.Fprintf(w, "\t%s\n", e)
		}
	}
	if st.Unscored > 0 || st.InvalidScore > 0 {
		fmt.Fprintf(w, "wflint: not in the report: %s matched requests without BotScore, %s with a score outside 1-99\n",
			Thousands(st.Unscored), Thousands(st.InvalidScore))
	}
	for _, c := range st.Corrupt {
		fmt.Fprintf(w, "wflint: warning: %v; the lines before it count, the rest of the file was skipped (--strict makes this fatal)\n", c)
	}
	if st.NoScoreSource > 0 {
		fmt.Fprintf(w, "wflint: warning: %s matched requests have no BotScoreSrc; requests_by_score_src counts them under %q, a key wflint invented (Cloudflare documents none): add BotScoreSrc to the Logpush job, or edit the key before submitting\n",
			Thousands(st.NoScoreSource), reportbuild.UnknownScoreSource)
	}
	for _, k := range attrOrder {
		if t, ok := st.Top[k]; ok && !t.Exact {
			fmt.Fprintf(w, "wflint: %s is approximate: each count may be up to %s low (%s distinct values tracked)\n",
				k, Thousands(t.MaxError), Thousands(int64(t.Tracked)))
		}
	}
}
