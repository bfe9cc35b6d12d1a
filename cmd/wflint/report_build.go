package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/output"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/reportview"
	"github.com/wflint/wflint/internal/schema"
)

// stdinIsTerminal says whether build would wait for logs typed at a
// terminal; tests replace it.
var stdinIsTerminal = logpush.Interactive

// buildCmd defines the flags of "wflint report build" and returns what runs it.
func buildCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report build"
	var (
		expr     = fs.String("expr", "", "Rules-language `expression` selecting the reported requests")
		exprFile = fs.String("expr-file", "", "read the expression from `file`")
		typ      = fs.String("type", "", "report `type`: false_positive or false_negative")
		subtype  = fs.String("subtype", "", "report `subtype`, e.g. Scraping (see the feedback API docs)")
		desc     = fs.String("description", "", "what is wrong with the scores, in a `sentence` or two")
		top      = fs.Int("top", reportbuild.DefaultTopN, "`entries` per requests_by_attribute list")
		strict   = fs.Bool("strict", false, "stop at the first malformed log line")
		quiet    = fs.Bool("quiet", false, "no progress line and no summary on stderr")
		out      = fs.String("o", "", "write the report to `file` instead of stdout")
		profile  = fs.String("profile", schema.ProfileFeedback, "`schema` the expression is checked against: feedback or rules")
		workers  = fs.Int("workers", 0, "`number` of decoding goroutines (default GOMAXPROCS)")
		summary  = fs.String("summary", "", "also write what report show can add (requests over time, distinct values, exactness) to `file`")
	)
	ch := addClickHouseFlags(fs, true)
	return func(e *env, logs []string) int {
		stdin, stdout, stderr := e.stdin, e.stdout, e.stderr
		switch {
		case *ch.dsn != "" && len(logs) > 0:
			return usageError(stderr, cmd, "--clickhouse reads the table, not LOGS")
		case (*expr == "") == (*exprFile == ""):
			return usageError(stderr, cmd, "give exactly one of --expr and --expr-file")
		case *typ != feedback.FalsePositive && *typ != feedback.FalseNegative:
			return usageError(stderr, cmd, "--type must be %s or %s", feedback.FalsePositive, feedback.FalseNegative)
		case strings.TrimSpace(*desc) == "":
			return usageError(stderr, cmd, "--description is required")
		case *top < 1:
			return usageError(stderr, cmd, "--top must be at least 1")
		case *ch.dsn == "" && len(logs) == 0 && stdinIsTerminal(stdin):
			return usageError(stderr, cmd, "no LOGS given and standard input is a terminal: name the Logpush files (report build … logs/*.ndjson.gz), or pipe them in (… < logs.ndjson)")
		}
		sch, exprSrc, exprName, code := exprInput(stderr, cmd, *profile, *expr, *exprFile)
		if code >= 0 {
			return code
		}

		ctx, stop := interruptible()
		defer stop()
		opts := reportbuild.Options{
			Expression: exprSrc, Schema: sch, Type: *typ, Subtype: *subtype, Description: *desc,
			Inputs: logs, Stdin: stdin, TopN: *top, Strict: *strict, Workers: *workers,
		}
		if *ch.dsn != "" {
			return chBuild(ctx, cmd, ch, opts, exprName, *out, *quiet, stdout, stderr)
		}
		progress := !*quiet && cmdline.IsTerminal(stderr)
		if progress {
			opts.Progress = reportview.ProgressLine(stderr)
		}
		rep, st, err := reportbuild.Build(ctx, opts)
		if err != nil {
			if progress {
				reportview.ClearLine(stderr)
			}
			return buildFailed(stderr, cmd, exprName, exprSrc, err)
		}
		if *summary != "" {
			if err := reportview.WriteSummary(*summary, st.Summary()); err != nil {
				return fail(stderr, cmd, err)
			}
		}
		noMatch := fmt.Sprintf(" (%s matches among %s records)", reportview.Thousands(st.Matches), reportview.Thousands(st.Records))
		return emitReport(cmd, rep, *out, *quiet, func() { reportview.BuildSummary(stderr, st) }, noMatch, stdout, stderr)
	}
}

// buildFailed prints why a report could not be built and returns the exit
// status: 1 for a faulty expression src, whose findings are shown as the
// linter shows them, else 2.
func buildFailed(stderr io.Writer, cmd, exprName, src string, err error) int {
	ds, ok := reportview.ExpressionFindings(src, err)
	if !ok {
		return fail(stderr, cmd, err)
	}
	profiles := make([]string, len(ds))
	for i := range profiles {
		profiles[i] = schema.ProfileFeedback
	}
	output.TextWith(stderr, stderr, []*output.File{{Path: exprName, Text: src, Diagnostics: ds, Profiles: profiles, NoFix: true}},
		output.Options{Width: output.TerminalWidth(stderr)})
	return exitFindings
}

// exprInput resolves --profile and reads the expression of --expr or
// --expr-file, with the name its diagnostics are shown under. code is the
// exit status after a problem it printed, or -1.
func exprInput(stderr io.Writer, cmd, profile, expr, exprFile string) (sch *schema.Schema, src, name string, code int) {
	sch, err := feedback.ExpressionSchema(profile)
	if err != nil {
		return nil, "", "", usageError(stderr, cmd, "--profile %v", err)
	}
	if exprFile == "" {
		return sch, expr, "--expr", -1
	}
	b, err := os.ReadFile(exprFile)
	if err != nil {
		return nil, "", "", fail(stderr, cmd, err)
	}
	return sch, feedback.ExpressionText(b), exprFile, -1
}

// emitReport writes a built report to out (or stdout), prints summary
// unless quiet, says why an empty report is empty (noMatch adds to it),
// and validates it.
func emitReport(cmd string, rep *feedback.Report, out string, quiet bool, summary func(), noMatch string, stdout, stderr io.Writer) int {
	name, data, err := reportview.WriteReport(stdout, out, rep)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if !quiet {
		summary()
	}
	if rep.Requests == 0 {
		// The validation errors below follow from this; say the cause.
		fmt.Fprintf(stderr, "wflint %s: no scored request matched the expression%s\n", cmd, noMatch)
	}
	res, file := reportview.Validate(name, data)
	writeFindings(stderr, file)
	if res.Diagnostics.HasErrors() {
		return exitFindings
	}
	return exitOK
}
