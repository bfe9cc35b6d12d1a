package feedback

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
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
		checker := ExpressionCheckerFunc(func(expr string) []diag.Diagnostic {
			n := len(expr)
			return []diag.Diagnostic{
				{Span: diag.SpanOf(0, n), Severity: diag.Error, Rule: "all", Message: "m"},
				{Span: diag.SpanOf(n/2, n/2+1), Severity: diag.Warning, Rule: "mid", Message: "m",
					Fixes: []diag.Fix{{Title: "x\"y", Edits: []diag.Edit{{Span: diag.SpanOf(n/2, n/2+1), New: "x\"y"}}}}},
				{Span: diag.SpanOf(n, n+5), Severity: diag.Info, Rule: "past-end", Message: "m"},
			}
		})
		scores := ScoreRangeFunc(func(string) (int, int, bool) { return 10, 20, true })
		res := ValidateJSON(data, WithExpressionChecker(checker), WithScoreRange(scores), WithClock(fixedClock))

		syntaxErr := false
		for _, p := range res.Diagnostics {
			if !validPointer(p.Where) {
				t.Fatalf("invalid pointer %q in %v", p.Where, p)
			}
			if p.Span.Start < 0 || p.Span.Start > p.Span.End || int(p.Span.End) > len(data) {
				t.Fatalf("bad span %v for %v", p.Span, p)
			}
			if p.Rule == "" || p.Message == "" || p.Severity == 0 {
				t.Fatalf("incomplete problem %#v", p)
			}
			if p.Rule == RuleInvalidJSON {
				syntaxErr = true
				continue
			}
			if _, ok := res.Span(p.Where); !ok {
				if _, ok := res.Span(jsonscan.ParentPointer(p.Where)); !ok {
					t.Fatalf("pointer %q (%v) resolves neither to a value nor to a missing member's object", p.Where, p)
				}
			}
			for _, f := range p.Fixes {
				for _, e := range f.Edits {
					if e.Span != p.Span {
						t.Fatalf("fix %v does not replace the diagnostic's span %v", f, p.Span)
					}
				}
			}
			if p.Rule == "all" || p.Rule == "mid" || p.Rule == "past-end" {
				lit, _ := res.Span("/expression")
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

// validPointer reports whether s is a syntactically valid JSON pointer
// (RFC 6901).
func validPointer(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i+1 >= len(s) || (s[i+1] != '0' && s[i+1] != '1')) {
			return false
		}
	}
	return true
}
