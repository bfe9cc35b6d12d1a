package main

import (
	"flag"

	"github.com/wflint/wflint/cmdline"

	"github.com/wflint/wflint/reportview"
)

// showCmd defines the flags of "wflint report show" and returns what runs it.
func showCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report show"
	scores := fs.Bool("scores", false, "one histogram row per score instead of ranges")
	format := cmdline.Choice(fs, "format", "text", "output `format` (markdown for tickets)", "text", "json", "markdown")
	summary := fs.String("summary", "", "the `file` report build --summary wrote: adds requests over time, distinct values and exactness")
	return func(e *env, files []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(files) != 1 {
			return usageError(stderr, cmd, "give one report file")
		}
		res, file, err := reportview.ValidateFile(files[0])
		if err != nil {
			return fail(stderr, cmd, err)
		}
		opts := reportview.ShowOptions{PerScore: *scores}
		if *summary != "" {
			if opts.Summary, err = reportview.ReadSummary(*summary); err != nil {
				return fail(stderr, cmd, err)
			}
		}
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
		reportview.ShowValidation(stdout, res.Diagnostics, files[0])
		return exitOK
	}
}
