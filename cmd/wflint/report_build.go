package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/wflint/wflint/diag"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/reportbuild"
	"github.com/wflint/wflint/schema"
)

// reportBuild runs "wflint report build".
func reportBuild(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	const cmd = "report build"
	fs := reportFlagSet(cmd, stderr)
	var (
		expr     = fs.String("expr", "", "Rules-language `expression` selecting the reported requests")
		exprFile = fs.String("expr-file", "", "read the expression from `file`")
		typ      = fs.String("type", "", "report type: false_positive or false_negative")
		subtype  = fs.String("subtype", "", "report subtype, e.g. Scraping (see the feedback API docs)")
		desc     = fs.String("description", "", "what is wrong with the scores, in a sentence or two")
		top      = fs.Int("top", reportbuild.DefaultTopN, "entries per requests_by_attribute list")
		strict   = fs.Bool("strict", false, "stop at the first malformed log line")
		quiet    = fs.Bool("quiet", false, "no progress line and no summary on stderr")
		out      = fs.String("o", "", "write the report to `file` instead of stdout")
		profile  = fs.String("profile", schema.ProfileFeedback, "schema the expression is checked against: feedback or rules")
		workers  = fs.Int("workers", 0, "decoding goroutines (default GOMAXPROCS)")
	)
	logs, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	switch {
	case (*expr == "") == (*exprFile == ""):
		return reportUsageErr(stderr, cmd, "give exactly one of --expr and --expr-file")
	case *typ != feedback.FalsePositive && *typ != feedback.FalseNegative:
		return reportUsageErr(stderr, cmd, "--type must be %s or %s", feedback.FalsePositive, feedback.FalseNegative)
	case strings.TrimSpace(*desc) == "":
		return reportUsageErr(stderr, cmd, "--description is required")
	case *top < 1:
		return reportUsageErr(stderr, cmd, "--top must be at least 1")
	}
	var sch *schema.Schema
	switch *profile {
	case schema.ProfileFeedback:
		sch = schema.Feedback()
	case schema.ProfileRules:
		sch = schema.Rules()
	default:
		return reportUsageErr(stderr, cmd, "--profile must be %s or %s", schema.ProfileFeedback, schema.ProfileRules)
	}
	exprSrc, exprName := *expr, "--expr"
	if *exprFile != "" {
		b, err := os.ReadFile(*exprFile)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
			return reportExitFailure
		}
		// A trailing newline is an editor's, not part of the expression.
		exprSrc, exprName = strings.TrimRight(string(b), "\r\n"), *exprFile
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := reportbuild.Options{
		Expression: exprSrc, Schema: sch, Type: *typ, Subtype: *subtype, Description: *desc,
		Inputs: logs, Stdin: stdin, TopN: *top, Strict: *strict, Workers: *workers,
	}
	progress := !*quiet && reportIsTTY(stderr)
	if progress {
		opts.Progress = func(p reportbuild.Progress) {
			if p.Done {
				fmt.Fprint(stderr, "\r\033[K") // clear the line for the summary
				return
			}
			fmt.Fprintf(stderr, "\r\033[K%s", reportProgressLine(p))
		}
	}
	rep, st, err := reportbuild.Build(ctx, opts)
	if err != nil {
		if progress {
			fmt.Fprint(stderr, "\r\033[K")
		}
		var ee *reportbuild.ExpressionError
		if errors.As(err, &ee) {
			reportPrintExprError(stderr, exprName, ee)
			return reportExitFindings
		}
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}

	data, err := reportMarshal(rep)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	name := "<stdout>"
	if *out != "" {
		name = *out
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
			return reportExitFailure
		}
	} else if _, err := stdout.Write(data); err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	if !*quiet {
		reportPrintBuildSummary(stderr, st)
	}
	if rep.Requests == 0 {
		// The validation errors below follow from this; say the cause.
		fmt.Fprintf(stderr, "wflint %s: no scored request matched the expression (%s matches among %s records)\n",
			cmd, reportThousands(st.Matches), reportThousands(st.Records))
	}
	res := reportValidateBytes(data)
	reportPrintProblems(stderr, reportLocate(name, data, res.Diagnostics))
	if res.Diagnostics.HasErrors() {
		return reportExitFindings
	}
	return reportExitOK
}

// reportProgressLine renders one progress update; it fits in 80 columns.
func reportProgressLine(p reportbuild.Progress) string {
	secs := p.Elapsed.Seconds()
	rate, mbps := 0.0, 0.0
	if secs > 0 {
		rate = float64(p.Records) / secs
		mbps = float64(p.Bytes) / 1e6 / secs
	}
	return fmt.Sprintf("read %s MB (%.0f MB/s), %s records (%s/s), %s matches",
		reportThousands(p.Bytes/1e6), mbps, reportThousands(p.Records), reportThousands(int64(rate)),
		reportThousands(p.Matches))
}

// reportPrintExprError shows why the expression was refused, one finding a
// line with its column, followed by the expression and a caret under it.
func reportPrintExprError(w io.Writer, name string, ee *reportbuild.ExpressionError) {
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

// reportPrintBuildSummary tells what was read and how exact the numbers
// are: malformed lines (with where the first ones are), records that
// matched but are not in the report, and approximate top lists.
func reportPrintBuildSummary(w io.Writer, st *reportbuild.Stats) {
	fmt.Fprintf(w, "wflint: %s records in %s (%s MB, %.0f MB/s on %d workers), %s matched\n",
		reportThousands(st.Records), st.Elapsed.Round(time.Millisecond), reportThousands(st.Bytes/1e6),
		st.MBPerSecond(), st.Workers, reportThousands(st.Matches))
	if st.Malformed > 0 {
		fmt.Fprintf(w, "wflint: %s malformed lines skipped", reportThousands(st.Malformed))
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
			reportThousands(st.Unscored), reportThousands(st.InvalidScore))
	}
	for _, k := range reportbuild.Attributes {
		if t, ok := st.Top[k]; ok && !t.Exact {
			fmt.Fprintf(w, "wflint: %s is approximate: each count may be up to %s low (%s distinct values tracked)\n",
				k, reportThousands(t.MaxError), reportThousands(int64(t.Tracked)))
		}
	}
}
