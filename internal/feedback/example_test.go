package feedback_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"

	"github.com/wflint/wflint/internal/feedback"
)

// exampleNow pins the clock so the examples' output does not change.
func exampleNow() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }

func ExampleValidateJSON() {
	doc := []byte(`{
  "type": "false_positive",
  "description": "Checkout customers challenged",
  "expression": "http.host eq \"shop.example.com\"",
  "first_request_seen_at": "2024-05-01T00:00:00Z",
  "last_request_seen_at": "2024-05-01T01:00:00Z",
  "requests": 100,
  "requests_by_score": {"1": 50, "10": 40},
  "requests_by_score_src": {"heuristics": 100},
  "requests_by_attribute": {"topCountries": [{"metric": "uk", "requests": 100}]}
}`)
	res := feedback.ValidateJSON(doc, feedback.WithClock(exampleNow))
	for _, d := range res.Diagnostics {
		line, col := jsonscan.Position(doc, int(d.Span.Start))
		fmt.Printf("%d:%d %s %s\n", line, col, d.Severity, d.Rule)
	}
	// Output:
	// 4:18 warning feedback-missing-score
	// 8:24 error score-sum-mismatch
	// 10:57 warning invalid-metric
}

func ExampleWithExpressionChecker() {
	// The real checker is wflint's analyzer; this one flags single quotes,
	// which the API reference's own examples use but the engine rejects.
	checker := feedback.ExpressionCheckerFunc(func(expr string) []diag.Diagnostic {
		i := strings.IndexByte(expr, '\'')
		if i < 0 {
			return nil
		}
		return []diag.Diagnostic{{Span: diag.SpanOf(i, i+1), Severity: diag.Error, Rule: "single-quote", Message: "strings use double quotes"}}
	})
	doc := []byte(`{"expression": "http.host eq \"caf\u00e9\" or http.host eq 'x'"}`)
	var r feedback.Report
	_ = json.Unmarshal(doc, &r)
	for _, d := range feedback.Validate(&r, feedback.WithExpressionChecker(checker)) {
		if d.Rule == "single-quote" {
			fmt.Printf("expression bytes %d-%d\n", d.Span.Start, d.Span.End)
		}
	}
	for _, d := range feedback.ValidateJSON(doc, feedback.WithExpressionChecker(checker)).Diagnostics {
		if d.Rule == "single-quote" {
			fmt.Printf("file bytes %d-%d: %s\n", d.Span.Start, d.Span.End, doc[d.Span.Start:d.Span.End])
		}
	}
	// Output:
	// expression bytes 37-38
	// file bytes 59-60: '
}
