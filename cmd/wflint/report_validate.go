package main

import (
	"flag"

	"github.com/wflint/wflint/cmdline"
	"github.com/wflint/wflint/internal/version"

	"github.com/wflint/wflint/output"
	"github.com/wflint/wflint/reportview"
)

// validateCmd defines "wflint report validate FILE..."; it prints every finding of
// every file, each at its line and column (expression findings at the
// offending token inside the JSON string), in the formats of "wflint"
// itself; json keeps the report-specific shape tools already read.
func validateCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report validate"
	format := cmdline.Choice(fs, "format", "text", "output `format`", output.Formats...)
	return func(e *env, names []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(names) == 0 {
			return usageError(stderr, cmd, "give at least one report file")
		}
		var files []reportview.File
		var outFiles []*output.File
		code := exitOK
		for _, name := range names {
			res, file, err := reportview.ValidateFile(name)
			if err != nil {
				code = fail(stderr, cmd, err)
				continue
			}
			files = append(files, file)
			outFiles = append(outFiles, output.ReportFile(file.Name, file.Data, file.Diagnostics))
			if res.Diagnostics.HasErrors() && code == exitOK {
				code = exitFindings
			}
		}
		if *format == "json" {
			if err := reportview.WriteValidateJSON(stdout, files); err != nil {
				return fail(stderr, cmd, err)
			}
			return code
		}
		if err := output.Write(stdout, stderr, *format, outFiles, output.Options{Version: version.String()}); err != nil {
			return fail(stderr, cmd, err)
		}
		return code
	}
}
