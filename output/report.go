package output

import (
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/schema"
)

// ReportFile is a validated feedback report, read from the file name, as
// the output formats see it, so report findings look like every other
// wflint diagnostic: the expression's findings under the feedback
// profile, the report's own (at any other JSON pointer) as problems with
// the file, as `wflint report.json` shows them.
func ReportFile(name string, data []byte, ds diag.List) *File {
	profiles := make([]string, len(ds))
	for i := range profiles {
		if ds[i].Where == "/expression" {
			profiles[i] = schema.ProfileFeedback
		}
	}
	// The report commands fix nothing: no "fixable with --fix" line.
	f := &File{Path: name, Expressions: 1, Diagnostics: ds, Profiles: profiles, NoFix: true}
	if len(ds) > 0 {
		f.Text = string(data) // only frames and ranges read it
	}
	return f
}
