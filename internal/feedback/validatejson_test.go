package feedback

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spanText returns the bytes of data a problem's span covers.
func spanText(data []byte, p diag.Diagnostic) string {
	return string(data[p.Span.Start:p.Span.End])
}

func TestValidateJSON(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid_report.json")
	require.NoError(t, err)
	// replace swaps one exact substring of the valid file.
	replace := func(old, new string) string {
		require.Contains(t, string(valid), old)
		return strings.Replace(string(valid), old, new, 1)
	}
	type wantJSON struct {
		code, pointer, text, msg string
	}
	tests := []struct {
		name string
		doc  string
		want []wantJSON
	}{
		{"syntax error has line and column", replace(`"requests": 2000,`, `"requests": 2000`), []wantJSON{
			{RuleInvalidJSON, "", `"`, "line 9, column 3: unexpected '\"', want ',' or '}' after member \"requests\""},
		}},
		{"syntax error pointer inside histogram", replace(`"40": 700`, `"40": 7OO`), []wantJSON{
			{RuleInvalidJSON, "/requests_by_score", "O", "line 9, column 43"},
		}},
		{"single quotes", `{'type': 1}`, []wantJSON{{RuleInvalidJSON, "", "'", "double quotes"}}},
		{"trailing garbage", `{} x`, []wantJSON{{RuleInvalidJSON, "", "x", "after the JSON value"}}},
		{"not an object", `[1]`, []wantJSON{{RuleTypeMismatch, "", "[1]", "must be a JSON object, not an array"}}},
		{"type mismatches reported together", replace(`"requests": 2000`, `"requests": "2000"`), []wantJSON{
			{RuleTypeMismatch, "/requests", `"2000"`, `requests must be an integer, not the string "2000"`},
		}},
		{"fraction", replace(`"30": 800`, `"30": 800.5`), []wantJSON{
			{RuleTypeMismatch, "/requests_by_score/30", `800.5`, "whole number"},
		}},
		{"huge number", replace(`"requests": 2000`, `"requests": 99999999999999999999`), []wantJSON{
			{RuleNumberOutOfRange, "/requests", `99999999999999999999`, "64-bit"},
		}},
		{"metric not a string", replace(`"metric": "132892"`, `"metric": 132892`), []wantJSON{
			{RuleTypeMismatch, "/requests_by_attribute/topASNs/0/metric", `132892`, "must be a string"},
		}},
		{"duplicate key", replace(`"requests": 2000,`, `"requests": 2000, "requests": 2000,`), []wantJSON{
			{RuleDuplicateKey, "/requests", `"requests"`, "more than once"},
		}},
		{"missing member points at parent", replace(`{"metric": "GB", "requests": 500}`, `{"metric": "GB"}`), []wantJSON{
			{RuleMissingField, "/requests_by_attribute/topCountries/1/requests", `{"metric": "GB"}`, ""},
		}},
		{"null required field is missing", replace(`"type": "false_negative"`, `"type": null`), []wantJSON{
			{RuleMissingField, "/type", `null`, "required"},
		}},
		{"invalid score key underlines the key", replace(`"50": 500`, `"050": 500`), []wantJSON{
			{RuleInvalidScoreKey, "/requests_by_score/050", `"050"`, ""},
		}},
		{"unknown field underlines the key", replace(`"requests": 2000,`, `"requests": 2000, "note": {"a": [1, "x"]},`), []wantJSON{
			{RuleUnknownField, "/note", `"note"`, ""},
		}},
		{"missing requests leaves sums alone", replace(`"requests": 2000,`, ``), []wantJSON{
			{RuleMissingField, "/requests", "", "required"},
		}},
		{"pointer escaping", replace(`"topJA4s"`, `"top/JA4~s"`), []wantJSON{
			{RuleUnknownAttribute, "/requests_by_attribute/top~1JA4~0s", `"top/JA4~s"`, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			res := ValidateJSON(data, WithClock(fixedClock))
			require.Len(t, res.Diagnostics, len(tt.want), "problems: %v", res.Diagnostics)
			for i, w := range tt.want {
				p := res.Diagnostics[i]
				assert.Equal(t, w.code, p.Rule, "%v", p)
				assert.Equal(t, w.pointer, p.Where, "%v", p)
				if w.text != "" {
					assert.Equal(t, w.text, spanText(data, p))
				}
				assert.Contains(t, p.Message, w.msg)
			}
		})
	}
}

func TestValidateJSONMissingRequestsSpanIsDocument(t *testing.T) {
	data := []byte(`{"type":"false_positive"}`)
	res := ValidateJSON(data, WithClock(fixedClock))
	require.NotEmpty(t, res.Diagnostics)
	for _, p := range res.Diagnostics {
		assert.Equal(t, diag.SpanOf(0, len(data)), p.Span, "%v", p)
	}
}

func TestValidateJSONSpans(t *testing.T) {
	data := []byte(`{"a": [1, {"b~/c": "x"}], "d": true}`)
	res := ValidateJSON(data)
	get := func(ptr string) string {
		s, ok := res.Span(ptr)
		require.True(t, ok, ptr)
		return string(data[s.Start:s.End])
	}
	assert.Equal(t, string(data), get(""))
	assert.Equal(t, `[1, {"b~/c": "x"}]`, get("/a"))
	assert.Equal(t, `1`, get("/a/0"))
	assert.Equal(t, `"x"`, get("/a/1/b~0~1c"))
	assert.Equal(t, `true`, get("/d"))
}

// TestExpressionOffsetMapping checks that a finding at a byte range of the
// decoded expression lands on exactly the right bytes of the JSON literal,
// through every kind of escape.
func TestExpressionOffsetMapping(t *testing.T) {
	tests := []struct {
		name    string
		literal string // the JSON string literal as written in the file
		find    string // the decoded text the checker flags
		want    string // the raw JSON text that must be underlined
	}{
		{"plain", `"http.host eq 1"`, "eq", "eq"},
		{"after escaped quotes", `"http.host eq \"a\" and ip.src eq 1"`, "ip.src", "ip.src"},
		{"covering escaped quotes", `"http.host eq \"a\" and x"`, `"a"`, `\"a\"`},
		{"after \\u00e9", `"x eq \"caf\u00e9\" and bad"`, "bad", "bad"},
		{"covering \\u00e9", `"x eq \"caf\u00e9\""`, "é", `\u00e9`},
		{"literal UTF-8", `"x eq \"café\" and bad"`, "bad", "bad"},
		{"surrogate pair", `"x eq \"\ud83d\ude00\" and bad"`, "bad", "bad"},
		{"covering surrogate pair", `"a\ud83d\ude00b"`, "😀", `\ud83d\ude00`},
		{"lone surrogate", `"a\ud83db"`, "b", "b"},
		{"escaped slash and tab", `"a\/b\tc"`, "b\tc", `b\tc`},
		{"starts at 0", `"bad rest"`, "bad", "bad"},
		{"ends at end", `"rest bad"`, "bad", "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var expr string
			require.NoError(t, json.Unmarshal([]byte(tt.literal), &expr))
			doc := `{"expression": ` + tt.literal + `}`
			idx := strings.Index(expr, tt.find)
			require.GreaterOrEqual(t, idx, 0)
			checker := ExpressionCheckerFunc(func(e string) []diag.Diagnostic {
				assert.Equal(t, expr, e, "the checker sees the decoded string")
				return []diag.Diagnostic{{Span: diag.SpanOf(idx, idx+len(tt.find)), Severity: diag.Error, Rule: "c", Message: "m"}}
			})
			// Validate reports the span in the expression, ValidateJSON in
			// the file.
			var r Report
			require.NoError(t, json.Unmarshal([]byte(doc), &r))
			for _, d := range Validate(&r, WithExpressionChecker(checker)) {
				if d.Rule == "c" {
					assert.Equal(t, diag.SpanOf(idx, idx+len(tt.find)), d.Span)
				}
			}
			res := ValidateJSON([]byte(doc), WithExpressionChecker(checker))
			var found *diag.Diagnostic
			for i := range res.Diagnostics {
				if res.Diagnostics[i].Rule == "c" {
					found = &res.Diagnostics[i]
				}
			}
			require.NotNil(t, found)
			assert.Equal(t, "/expression", found.Where)
			assert.Equal(t, tt.want, spanText([]byte(doc), *found))
		})
	}
}

func TestReportRoundTripKeepsUnknownMembers(t *testing.T) {
	in := `{"type":"false_positive","description":"d","expression":"a < b","first_request_seen_at":"2024-05-01T00:00:00Z",` +
		`"last_request_seen_at":"2024-05-01T00:00:00Z","requests":3,"requests_by_score":{"2":1,"10":2},"requests_by_score_src":{"ml":3},` +
		`"requests_by_attribute":{"topIPs":[{"metric":"192.0.2.1","requests":3,"note":"kept"}]},"zzz":{"nested":[1,2.5,null]},"created_at":"2024-05-02T00:00:00Z"}`
	var r Report
	require.NoError(t, json.Unmarshal([]byte(in), &r))
	assert.JSONEq(t, `{"nested":[1,2.5,null]}`, string(r.Extra["zzz"]))
	assert.JSONEq(t, `"kept"`, string(r.RequestsByAttribute[AttrTopIPs][0].Extra["note"]))
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
	// Numeric keys come out in numeric order. MarshalJSON itself does not
	// escape HTML (json.Marshal adds that on top), so saved files stay
	// readable.
	assert.Contains(t, string(out), `{"2":1,"10":2}`)
	direct, err := r.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(direct), `"a < b"`)
}

func TestReportMarshalAlwaysSendsRequiredObjects(t *testing.T) {
	out, err := json.Marshal(&Report{Type: FalsePositive})
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"false_positive","description":"","expression":"","first_request_seen_at":"","last_request_seen_at":"",`+
		`"requests":0,"requests_by_score":{},"requests_by_score_src":{},"requests_by_attribute":{}}`, string(out))
}

func TestReportUnmarshalErrors(t *testing.T) {
	var r Report
	err := json.Unmarshal([]byte(`{"requests":"x","type":1}`), &r)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Len(t, de.Diagnostics, 2)
	assert.Contains(t, err.Error(), "/requests: requests must be an integer")

	err = json.Unmarshal([]byte(`{"type":"a","type":"b"}`), &r)
	require.ErrorAs(t, err, &de)
	assert.Equal(t, RuleDuplicateKey, de.Diagnostics[0].Rule)

	err = r.UnmarshalJSON([]byte(`{"type":`))
	var se *jsonscan.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 1, se.Line)
	assert.Equal(t, 9, se.Column)

	var m MetricRequests
	require.Error(t, json.Unmarshal([]byte(`{"metric":1}`), &m))
	require.NoError(t, json.Unmarshal([]byte(`{"metric":"x","requests":2}`), &m))
	assert.Equal(t, MetricRequests{Metric: "x", Requests: 2}, m)
}

func TestDeepNestingIsRejected(t *testing.T) {
	data := []byte(`{"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`)
	res := ValidateJSON(data)
	require.Len(t, res.Diagnostics, 1)
	assert.Equal(t, RuleInvalidJSON, res.Diagnostics[0].Rule)
	assert.Contains(t, res.Diagnostics[0].Message, "nesting deeper")
}

func TestRawTextIsCompact(t *testing.T) {
	doc, err := jsonscan.Parse([]byte(` { "a" : [ 1 , { "b" : "c\u00e9" } , [ ] ] , "d" : { } } `))
	require.Nil(t, err)
	assert.Equal(t, `{"a":[1,{"b":"cé"},[]],"d":{}}`, string(rawText(doc.Root)))
}
