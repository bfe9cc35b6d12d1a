package main

import (
	"fmt"
	"io"

	"github.com/wflint/wflint/reportview"
)

// showCmd runs "wflint report show".
func showCmd(args []string, stdout, stderr io.Writer) int {
	const cmd = "report show"
	fs := newFlagSet(cmd, stderr)
	scores := fs.Bool("scores", false, "one histogram row per score instead of ranges")
	files, ok := parseInterspersed(fs, args)
	if !ok {
		return exitFailure
	}
	if len(files) != 1 {
		return usageError(stderr, cmd, "give one report file")
	}
	data, err := readReportFile(files[0])
	if err != nil {
		return fail(stderr, cmd, err)
	}
	res, file := validateFile(files[0], data)
	if res.Report == nil {
		writeFindings(stderr, file)
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
