package feedback

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzValidateJSON checks that ValidateJSON never panics, that every problem
// carries a well-formed pointer and an in-bounds span, that our parser
// agrees with encoding/json on what is valid JSON, and that expression
// spans always land inside the expression literal.
func FuzzValidateJSON(f *testing.F) {
	if data, err := os.ReadFile("testdata/valid_report.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"expression":"a\"\u00e9\ud83d\ude00'","requests_by_score":{"0":1,"1/~":-2}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A checker that reports the whole string plus odd spans stresses
		// the offset mapping with every escape the fuzzer invents.
		checker := ExpressionCheckerFunc(func(expr string) []ExprFinding {
			n := len(expr)
			return []ExprFinding{
				{Start: 0, End: n, Code: "all", Message: "m"},
				{Start: n / 2, End: n/2 + 1, Code: "mid", Message: "m"},
				{Start: n, End: n + 5, Code: "past-end", Message: "m"},
			}
		})
		scores := ScoreRangeFunc(func(string) (int, int, bool) { return 10, 20, true })
		res := ValidateJSON(data, WithExpressionChecker(checker), WithScoreRange(scores), WithClock(fixedClock))

		syntaxErr := false
		for _, p := range res.Problems {
			if !validPointer(p.Pointer) {
				t.Fatalf("invalid pointer %q in %v", p.Pointer, p)
			}
			if p.Span == nil || p.Span.Start < 0 || p.Span.Start > p.Span.End || p.Span.End > len(data) {
				t.Fatalf("bad span %v for %v", p.Span, p)
			}
			if p.Code == "" || p.Message == "" || p.Severity == "" {
				t.Fatalf("incomplete problem %#v", p)
			}
			if p.Code == CodeInvalidJSON {
				syntaxErr = true
				continue
			}
			if _, ok := res.Spans[p.Pointer]; !ok {
				if _, ok := res.Spans[parentPointer(p.Pointer)]; !ok {
					t.Fatalf("pointer %q (%v) resolves neither to a value nor to a missing member's object", p.Pointer, p)
				}
			}
			if p.ExprSpan != nil {
				lit := res.Spans["/expression"]
				if p.Span.Start < lit.Start || p.Span.End > lit.End {
					t.Fatalf("expression span %v outside literal %v", p.Span, lit)
				}
			}
		}
		if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) && syntaxErr == json.Valid(data) {
			t.Fatalf("parser disagrees with encoding/json: syntax error %v, json.Valid %v", syntaxErr, json.Valid(data))
		}
		if res.Report != nil {
			out, err := json.Marshal(res.Report)
			if err != nil {
				t.Fatalf("re-encoding a decoded report: %v", err)
			}
			_ = ValidateJSON(out)
		}
	})
}
