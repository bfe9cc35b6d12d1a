package main

import (
	"fmt"
	"io"
)

// reportValidate runs "wflint report validate FILE...": every problem of
// every file, each at its line and column (expression findings at the
// offending token inside the JSON string).
func reportValidate(args []string, stdout, stderr io.Writer) int {
	const cmd = "report validate"
	fs := reportFlagSet(cmd, stderr)
	format := fs.String("format", "text", "output format: text or json")
	files, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	if len(files) == 0 {
		return reportUsageErr(stderr, cmd, "give at least one report file")
	}
	if *format != "text" && *format != "json" {
		return reportUsageErr(stderr, cmd, "--format must be text or json")
	}
	type fileResult struct {
		File     string          `json:"file"`
		Valid    bool            `json:"valid"`
		Problems []reportProblem `json:"problems"`
	}
	var results []fileResult
	code := reportExitOK
	for _, name := range files {
		data, err := reportReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
			code = reportExitFailure
			continue
		}
		res := reportValidateBytes(data)
		summary, errs := reportCount(res.Diagnostics)
		located := reportLocate(name, data, res.Diagnostics)
		results = append(results, fileResult{File: name, Valid: errs == 0, Problems: located})
		if errs > 0 && code == reportExitOK {
			code = reportExitFindings
		}
		if *format == "text" {
			reportPrintProblems(stdout, located)
			fmt.Fprintf(stdout, "%s: %s\n", name, summary)
		}
	}
	if *format == "json" {
		if results == nil {
			results = []fileResult{}
		}
		b, err := reportMarshal(results)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
			return reportExitFailure
		}
		_, _ = stdout.Write(b)
	}
	return code
}
