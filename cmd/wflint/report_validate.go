package main

import (
	"flag"
	"fmt"

	"github.com/wflint/wflint/reportview"
)

// validateCmd defines "wflint report validate FILE..."; it prints every finding of
// every file, each at its line and column (expression findings at the
// offending token inside the JSON string).
func validateCmd(fs *flag.FlagSet) runFunc {
	const cmd = "report validate"
	format := choice(fs, "format", "text", "output `format`", "text", "json")
	return func(e *env, names []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(names) == 0 {
			return usageError(stderr, cmd, "give at least one report file")
		}
		var files []reportview.File
		code := exitOK
		for _, name := range names {
			data, err := readReportFile(name)
			if err != nil {
				code = fail(stderr, cmd, err)
				continue
			}
			res, file := validateFile(name, data)
			files = append(files, file)
			if res.Diagnostics.HasErrors() && code == exitOK {
				code = exitFindings
			}
			if *format == "text" {
				reportview.WriteFindings(stdout, file)
				summary, _ := reportview.Summary(res.Diagnostics)
				fmt.Fprintf(stdout, "%s: %s\n", name, summary)
			}
		}
		if *format == "json" {
			if err := reportview.WriteValidateJSON(stdout, files); err != nil {
				return fail(stderr, cmd, err)
			}
		}
		return code
	}
}
