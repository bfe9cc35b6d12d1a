package reportview

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wflint/wflint/chbuild"
	"github.com/wflint/wflint/chsql"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/reportbuild"
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

// ExpressionError shows why a build refused its expression, one finding a
// line at its line and column in the expression named name, followed by
// the expression line and a caret under the place.
func ExpressionError(w io.Writer, name string, ee *reportbuild.ExpressionError) {
	idx := diag.NewLineIndex(ee.Expression)
	caret := func(span diag.Span) {
		pos := idx.Position(span.Start)
		line := idx.LineText(pos.Line)
		fmt.Fprintf(w, "\t%s\n\t%s^\n", line, strings.Repeat(" ", pos.RuneCol-1))
	}
	if ee.Eval != nil {
		pos := idx.Position(ee.Eval.Span.Start)
		fmt.Fprintf(w, "%s:%d:%d: error: %s (the evaluator cannot run this on logs)\n", name, pos.Line, pos.RuneCol, ee.Eval.Msg)
		caret(ee.Eval.Span)
		return
	}
	for _, d := range ee.Diagnostics {
		if !reportbuild.Fatal(d) {
			continue
		}
		pos := idx.Position(d.Span.Start)
		fmt.Fprintf(w, "%s:%d:%d: error: %s [%s]\n", name, pos.Line, pos.RuneCol, d.Message, d.Rule)
		caret(d.Span)
	}
}

// BuildError shows err when it is a build's refusal of its expression (a
// *reportbuild.ExpressionError, or a *chsql.Error for what ClickHouse
// cannot compute), the expression being named name, and reports whether it
// was one; other errors (I/O, connection, server) are left to the caller.
func BuildError(w io.Writer, name string, err error) bool {
	var ee *reportbuild.ExpressionError
	if errors.As(err, &ee) {
		ExpressionError(w, name, ee)
		return true
	}
	var ce *chsql.Error
	if errors.As(err, &ce) {
		fmt.Fprintf(w, "%s: the expression cannot be built in ClickHouse: `%s`: %s\n", name, ce.Text, ce.Msg)
		return true
	}
	return false
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
