package main

import (
	"io"
	"slices"

	"github.com/wflint/wflint/output"
	"github.com/wflint/wflint/reportview"
)

// validateCmd runs "wflint report validate FILE...": every finding of
// every file, each at its line and column (expression findings at the
// offending token inside the JSON string), in the formats of "wflint"
// itself; json keeps the report-specific shape tools already read.
func validateCmd(args []string, stdout, stderr io.Writer) int {
	const cmd = "report validate"
	fs := newFlagSet(cmd, stderr)
	format := fs.String("format", "text", "output `format`: text, json, sarif or github")
	names, ok := parseInterspersed(fs, args)
	if !ok {
		return exitFailure
	}
	if len(names) == 0 {
		return usageError(stderr, cmd, "give at least one report file")
	}
	if !slices.Contains(output.Formats, *format) {
		return usageError(stderr, cmd, "--format must be text, json, sarif or github")
	}
	var files []reportview.File
	var outFiles []*output.File
	code := exitOK
	for _, name := range names {
		data, err := readReportFile(name)
		if err != nil {
			code = fail(stderr, cmd, err)
			continue
		}
		res, file := validateFile(name, data)
		files = append(files, file)
		outFiles = append(outFiles, findingsFile(file))
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
	if err := output.Write(stdout, stderr, *format, outFiles, output.Options{Version: version()}); err != nil {
		return fail(stderr, cmd, err)
	}
	return code
}
