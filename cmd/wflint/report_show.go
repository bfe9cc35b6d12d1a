package main

import (
	"flag"
	"fmt"

	"github.com/wflint/wflint/reportview"
)

// showCmd defines the flags of "wflint report show" and returns what runs it.
func showCmd(fs *flag.FlagSet) runFunc {
	const cmd = "report show"
	scores := fs.Bool("scores", false, "one histogram row per score instead of ranges")
	return func(e *env, files []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(files) != 1 {
			return usageError(stderr, cmd, "give one report file")
		}
		data, err := readReportFile(files[0])
		if err != nil {
			return fail(stderr, cmd, err)
		}
		res, file := validateFile(files[0], data)
		if res.Report == nil {
			reportview.WriteFindings(stderr, file)
			return exitFindings
		}
		reportview.Show(stdout, res.Report, *scores)
		summary, _ := reportview.Summary(res.Diagnostics)
		fmt.Fprintf(stdout, "\nValidation: %s\n", summary)
		if summary != "valid" {
			fmt.Fprintf(stdout, "  details: wflint report validate %s\n", files[0])
		}
		return exitOK
	}
}
