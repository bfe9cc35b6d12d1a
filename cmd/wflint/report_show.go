package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/wflint/wflint/reportbuild"
	"github.com/wflint/wflint/reportview"
)

// showCmd runs "wflint report show".
func showCmd(args []string, stdout, stderr io.Writer) int {
	const cmd = "report show"
	fs := newFlagSet(cmd, stderr)
	scores := fs.Bool("scores", false, "one histogram row per score instead of ranges")
	format := fs.String("format", "text", "output `format`: text, json or markdown (for tickets)")
	summary := fs.String("summary", "", "the `file` report build --summary wrote: adds requests over time, distinct values and exactness")
	files, ok := parseInterspersed(fs, args)
	if !ok {
		return exitFailure
	}
	if len(files) != 1 {
		return usageError(stderr, cmd, "give one report file")
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		return usageError(stderr, cmd, "--format must be text, json or markdown")
	}
	data, err := readReportFile(files[0])
	if err != nil {
		return fail(stderr, cmd, err)
	}
	opts := reportview.ShowOptions{PerScore: *scores}
	if *summary != "" {
		b, err := os.ReadFile(*summary)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		var sum reportbuild.Summary
		if err := json.Unmarshal(b, &sum); err != nil {
			return fail(stderr, cmd, fmt.Errorf("%s: %w", *summary, err))
		}
		opts.Summary = &sum
	}
	res, file := validateFile(files[0], data)
	if res.Report == nil {
		writeFindings(stderr, file)
		return exitFindings
	}
	switch *format {
	case "json":
		if err := reportview.ShowJSON(stdout, res.Report, res.Diagnostics, opts); err != nil {
			return fail(stderr, cmd, err)
		}
		return exitOK
	case "markdown":
		reportview.ShowMarkdown(stdout, res.Report, res.Diagnostics, opts)
		return exitOK
	}
	reportview.ShowWith(stdout, res.Report, opts)
	summaryLine, _ := reportview.Summary(res.Diagnostics)
	fmt.Fprintf(stdout, "\nValidation: %s\n", summaryLine)
	if summaryLine != "valid" {
		fmt.Fprintf(stdout, "  details: wflint report validate %s\n", files[0])
	}
	return exitOK
}
