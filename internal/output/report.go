package output

import (
	"slices"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/schema"
)

// ReportFile is a feedback report read from the file name and validated
// (feedback.ValidateJSON gave res), as the output formats see it, so
// report findings look like every other wflint diagnostic, as `wflint
// report.json` shows them: the findings in the expression's text under
// the feedback profile, named in Where as wflint names every expression in
// a JSON file, by its member path ("expression") rather than feedback's
// JSON pointer; the report's own (at any JSON pointer, the expression
// member's type or absence included) as problems with the file.
// res.Diagnostics is not modified.
func ReportFile(name string, data []byte, res *feedback.Result) *File {
	ds := res.Diagnostics
	// The expression's text: inside its string literal, when it is one.
	lit, ok := res.Span(reportExpressionPointer)
	ok = ok && int(lit.Start) < len(data) && data[lit.Start] == '"'
	profiles := make([]string, len(ds))
	copied := false
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		if !ok || d.Where != reportExpressionPointer || d.Span.Start <= lit.Start || d.Span.End >= lit.End {
			continue
		}
		if !copied {
			ds, copied = slices.Clone(ds), true
		}
		profiles[i], ds[i].Where = schema.ProfileFeedback, reportExpressionWhere
	}
	// The report commands fix nothing: no "fixable with --fix" line.
	f := &File{Path: name, Diagnostics: ds, Profiles: profiles, NoFix: true}
	if ok {
		f.Expressions = 1
	}
	if len(ds) > 0 {
		f.Text = string(data) // only frames and ranges read it
	}
	return f
}

// A report's expression as feedback points at it and as wflint names it.
const (
	reportExpressionPointer = "/expression"
	reportExpressionWhere   = "expression"
)
