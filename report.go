package wflint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

// ValidateReport validates a Bot Management feedback report, the JSON
// body of POST /zones/{zone_id}/bot_management/feedback, as `wflint report
// validate` does: its members against the API schema and the feedback
// documentation, its expression under Feedback, and its numbers against
// each other and the expression. The findings are named name and placed
// in data; Where is the JSON pointer of what each is about.
//
// The report may be submitted when Err is nil: no finding is an error.
// `wflint report submit` decides so (its --strict also refuses warnings).
// At most 20 findings of one rule and severity are given, then one that
// says how many more there are.
func ValidateReport(name string, data []byte) Findings {
	return findings(name, string(data), feedback.ValidateJSON(data).Diagnostics)
}

// ReportSpec says what a feedback report is about.
type ReportSpec struct {
	// Type is "false_positive" (human traffic scored as automated) or
	// "false_negative" (automation that was not caught).
	Type string
	// Subtype is optional: "Scraping", "Login Abuse", … as the feedback
	// API documents.
	Subtype string
	// Description says what is wrong with the scores, in a sentence or
	// two.
	Description string
	// Expression selects the reported requests; it is checked under
	// Feedback and becomes the report's expression verbatim.
	Expression string
}

// Report is a feedback report built from logs.
type Report struct {
	// JSON is the report as the feedback API takes it, byte for byte what
	// `wflint report build` writes for the same logs. Validate it with
	// ValidateReport before submitting it.
	JSON []byte
	// Records is how many log records were read, Matched how many of them
	// the expression selected. The report's requests count the matched
	// records that have a bot score (1–99).
	Records, Matched int64
	// Malformed counts the log lines that were skipped because they are
	// no Logpush record.
	Malformed int64
	// Skipped says what was not read: the first 20 malformed lines
	// ("name:line: why") and every gzip log that broke part-way (the lines
	// before the damage count).
	Skipped []error
}

// BuildReport builds a feedback report from Logpush http_requests logs
// (NDJSON, gzip-compressed or not, told apart by their first bytes): the
// numbers are counted from the records spec.Expression selects, so they
// agree with it by construction; a top list is exact unless it has more
// than 20,000 distinct values. A log is named in Skipped by its Name
// method when it has one (as an *os.File does), else "<log N>", from 1.
//
// The error is a Findings when the expression cannot be used (named
// "<expr>", placed in it), or says why a log could not be read or ctx
// ended. Logs are read on several goroutines, all ended when BuildReport
// returns, except one blocked in a log's Read when ctx ends: it ends when
// that Read returns. BuildReport closes no log.
func BuildReport(ctx context.Context, spec ReportSpec, logs ...io.Reader) (*Report, error) {
	if len(logs) == 0 {
		return nil, errors.New("no logs given")
	}
	names := make([]string, len(logs))
	byName := make(map[string]io.Reader, len(logs))
	for i, r := range logs {
		if r == nil {
			return nil, fmt.Errorf("log %d is nil", i+1)
		}
		names[i] = fmt.Sprintf("<log %d>", i+1)
		if n, ok := r.(interface{ Name() string }); ok && n.Name() != "" {
			names[i] = n.Name()
		}
		if _, dup := byName[names[i]]; dup {
			names[i] = fmt.Sprintf("%s <log %d>", names[i], i+1)
		}
		byName[names[i]] = r
	}
	rep, st, err := reportbuild.Build(ctx, reportbuild.Options{
		Expression: spec.Expression, Type: spec.Type, Subtype: spec.Subtype, Description: spec.Description,
		Inputs: names, Open: func(name string) (io.Reader, error) { return byName[name], nil },
	})
	if err != nil {
		var ee *reportbuild.ExpressionError
		if errors.As(err, &ee) {
			return nil, findings(exprName, ee.Expression, ee.Reasons())
		}
		return nil, err
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return nil, err
	}
	out := &Report{JSON: append(data, '\n'), Records: st.Records, Matched: st.Matches, Malformed: st.Malformed}
	for _, e := range st.MalformedLines {
		out.Skipped = append(out.Skipped, e)
	}
	for _, e := range st.Corrupt {
		out.Skipped = append(out.Skipped, e)
	}
	return out, nil
}
