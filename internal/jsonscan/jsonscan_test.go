package jsonscan

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

func TestPosition(t *testing.T) {
	data := []byte("ab\n\u00e9x\ny")
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {7, 3, 1}, {100, 3, 2}, {-1, 1, 1},
	}
	for _, tt := range tests {
		l, c := Position(data, tt.off)
		assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{l, c}, "offset %d", tt.off)
	}
}

func TestOffsetMapEdges(t *testing.T) {
	data := []byte(`"a\"b"`)
	s, end, m, err := Unquote(data, 0)
	require.Nil(t, err)
	assert.Equal(t, `a"b`, s)
	assert.Equal(t, len(data), end)
	// An empty span at the end maps to the closing quote.
	assert.Equal(t, diag.SpanOf(5, 5), m.MapSpan(diag.SpanOf(3, 3)))
	// Out-of-range spans are clamped rather than panicking.
	assert.Equal(t, diag.SpanOf(5, 5), m.MapSpan(diag.SpanOf(7, 9)))
	assert.Equal(t, diag.SpanOf(1, 4), m.MapSpan(diag.SpanOf(-1, 2)))
	// Decoding agrees with encoding/json on invalid UTF-8 and surrogates.
	for _, lit := range []string{"\"\xff\"", `"\udc00"`, `"\ud800\u0041"`, `"\u00e9\ud83d\ude00"`} {
		got, _, _, perr := Unquote([]byte(lit), 0)
		require.Nil(t, perr, lit)
		var want string
		require.NoError(t, json.Unmarshal([]byte(lit), &want))
		assert.Equal(t, want, got, lit)
	}
}

func TestParseRecordsSpansPointersAndDuplicates(t *testing.T) {
	data := []byte("\xEF\xBB\xBF{\"a\": [1, {\"b~/c\": \"x\"}], \"a\": null, \"s\": \"caf\\u00e9\"}")
	doc, err := Parse(data)
	require.Nil(t, err)
	text := func(s diag.Span) string { return string(data[s.Start:s.End]) }
	assert.Equal(t, `[1, {"b~/c": "x"}]`, text(doc.Root.Members[0].Value.Span))
	span := func(ptr string) diag.Span { s, ok := doc.Span(ptr); require.True(t, ok, ptr); return s }
	keySpan := func(ptr string) diag.Span { s, ok := doc.KeySpan(ptr); require.True(t, ok, ptr); return s }
	assert.Equal(t, `null`, text(span("/a")), "a repeated member's pointer names the last value")
	assert.Equal(t, `"x"`, text(span("/a/1/b~0~1c")))
	assert.Equal(t, `"b~/c"`, text(keySpan("/a/1/b~0~1c")))
	for _, bad := range []string{"/nope", "/a/01", "/a/9", "x", "/a/1/b~0~1c/z"} {
		_, ok := doc.Span(bad)
		assert.False(t, ok, bad)
	}
	_, ok := doc.KeySpan("")
	assert.False(t, ok, "the root has no name")
	require.Len(t, doc.Duplicates, 1)
	assert.Equal(t, "/a", doc.Duplicates[0].Pointer)
	assert.Equal(t, Array, doc.Root.Get("a").Kind, "Get returns the first member")
	assert.Equal(t, "café", doc.Root.Get("s").Str)
	assert.Nil(t, doc.Root.Get("missing"))
	assert.Nil(t, doc.Root.Get("a").Get("x"), "Get on a non-object")
}

func TestParseRange(t *testing.T) {
	data := []byte("junk {\"e\": 1} tail")
	doc, err := ParseRange(data, 5, 13)
	require.Nil(t, err)
	assert.Equal(t, diag.SpanOf(5, 13), doc.Root.Span, "spans are offsets in data")
	_, err = ParseRange(data, 5, 15)
	require.NotNil(t, err)
	assert.Equal(t, 14, err.Offset)
	assert.Contains(t, err.Msg, "after the JSON value")
}

// Scanner.ScanRange checks strings as ParseRange does, and decodes member names
// but not values.
func TestScanRange(t *testing.T) {
	for _, line := range []string{
		`{"expr": "a \"b\" \u00e9"}`, `"x\ty"`, `["a", {"k\u0041": "v"}]`,
		`{"expr": "a \x"}`, `{"expr": "\u12"}`, "{\"expr\": \"a\u0001\"}", `{"expr": "open`,
	} {
		data := []byte(line)
		want, wantErr := ParseRange(data, 0, len(data))
		got, err := new(Scanner).ScanRange(data, 0, len(data))
		require.Equal(t, wantErr, err, line)
		if err != nil {
			continue
		}
		var strip func(n *Node)
		strip = func(n *Node) {
			n.Str = ""
			for i := range n.Members {
				strip(n.Members[i].Value)
			}
			for _, e := range n.Elems {
				strip(e)
			}
		}
		strip(want.Root)
		assert.Equal(t, want, got, line)
	}
}

// A Scanner reused line after line, with more member names than it keeps
// in its list, reads each line as a new Scanner does.
func TestScannerReuse(t *testing.T) {
	var s Scanner
	for i := range 40 {
		line := fmt.Sprintf(`{"expr": "x", "k%d": [1, {"k%d": true, "expr": "y"}], "a": 1, "a": 2}`, i%12, i%5)
		if i%7 == 3 {
			line = `{"expr": "open`
		}
		data := []byte(line)
		want, wantErr := new(Scanner).ScanRange(data, 0, len(data))
		got, err := s.ScanRange(data, 0, len(data))
		require.Equal(t, wantErr, err, line)
		assert.Equal(t, want, got, line)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for src, want := range map[string]string{
		`[1,,2]`:      "unexpected ',', want a value",
		`{"a" 1}`:     "want ':' after member name",
		`[01]`:        "leading zeros",
		`tru`:         "unexpected 't', want a value",
		`{"a":1,}`:    "trailing comma",
		`"a`:          "inside a string",
		`{'a': 1}`:    "double quotes",
		`[1] [2]`:     "after the JSON value",
		"\"\x01\"":    "control character",
		`"\x"`:        "invalid escape",
		`[0x1p-2]`:    "want ',' or ']'",
		`-Infinity`:   "invalid number",
		`{"a":1 "b"}`: "want ',' or '}'",
	} {
		_, err := Parse([]byte(src))
		require.NotNil(t, err, src)
		assert.Contains(t, err.Msg, want, src)
		assert.Contains(t, err.Error(), "line 1, column ", src)
	}
}
