package wflint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/feedback"
)

// FuzzCheckExpression: whatever the text, CheckExpression answers without
// panicking, every place is consistent with the text, the error form is
// name:line:col, and Format loses nothing: it formats what parses into
// something that parses the same way, and gives back what does not.
func FuzzCheckExpression(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz-seed", "*"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("http.host eq \"é\" and\r\nhttp.host eq 'x'")
	f.Fuzz(func(t *testing.T, expr string) {
		for _, p := range []Profile{Rules, Feedback} {
			fs := CheckExpression(expr, &Options{Profile: p, Phase: "http_request_firewall_custom"})
			checkPositions(t, expr, fs)
			for _, f := range fs {
				require.True(t, strings.HasPrefix(f.Error(), "<expr>:"+f.Start.String()+": "), f.Error())
			}
		}
		out, err := Format(expr)
		if err != nil {
			require.Equal(t, expr, out, "unformatted text comes back whole")
			var fs Findings
			require.ErrorAs(t, err, &fs)
			checkPositions(t, expr, fs)
			return
		}
		again, err := Format(out)
		require.NoError(t, err, "formatted text parses: %q", out)
		require.Equal(t, out, again, "formatting is idempotent")
	})
}

// FuzzValidateReport: whatever the bytes, every place is consistent with
// them, and what the feedback package does not read as a report never
// passes.
func FuzzValidateReport(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("internal", "feedback", "testdata", "valid_report.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"expression": "http.host eq 'x'\u00e9", "requests": 1}`))
	f.Add([]byte("[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := ValidateReport("r.json", data)
		checkPositions(t, string(data), fs)
		if feedback.ValidateJSON(data).Report == nil {
			require.Error(t, fs.Err(), "not a report: %q", data)
		}
	})
}
