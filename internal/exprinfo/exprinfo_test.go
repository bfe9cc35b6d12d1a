package exprinfo

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/schema"
)

func TestHover(t *testing.T) {
	expr := `http.host eq "a" and lower(http.host) eq "b"`
	opts := analyzer.Options{Schema: schema.Rules()}
	for _, tc := range []struct {
		name, expr string
		off        int
		span, text string // "" span: nothing to say
	}{
		{"field", expr, 3, "http.host", "http.host"},
		{"function", expr, strings.Index(expr, "lower") + 1, "lower", "lower("},
		{"operator", expr, strings.Index(expr, "and") + 1, "and", "logical AND"},
		{"literal", expr, strings.Index(expr, `"a"`) + 1, `"a"`, "string, 1 bytes"},
		{"nothing", "", 0, "", ""},
		// A broken expression still explains its names.
		{"broken", `http.host eq`, 2, "http.host", "http.host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, ok := Hover(tc.expr, tc.off, opts)
			if tc.span == "" {
				assert.False(t, ok, "nothing to explain")
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.span, tc.expr[info.Span.Start:info.Span.End])
			assert.Contains(t, info.Text, tc.text)
		})
	}
}

func TestDocumented(t *testing.T) {
	items, from := Documented(`http.request.uri.pa`, 19, schema.Rules())
	assert.Equal(t, 0, from)
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	require.Contains(t, labels, "http.request.uri.path")
	for _, it := range items {
		if it.Label == "http.request.uri.path" {
			assert.Equal(t, "field", it.Kind.String())
			assert.NotEmpty(t, it.Doc)
			assert.Equal(t, it.Label, it.Insert)
		}
	}
	items, from = Documented(`http.host e`, 11, schema.Rules())
	assert.Equal(t, 10, from)
	require.NotEmpty(t, items)
	assert.Equal(t, "operator", items[0].Kind.String())
	assert.Equal(t, "eq", items[0].Label)
	for _, it := range items {
		assert.False(t, it.Snippet, "plain insert text: %+v", it)
	}
}

func TestComplete(t *testing.T) {
	items, _ := Complete(`lower`, 5, schema.Rules(), true)
	require.NotEmpty(t, items)
	assert.Equal(t, Item{Label: "lower", Kind: KindFunction, Detail: "lower(value: Bytes) -> Bytes", Sort: "4lower", Insert: "lower(${1:value})$0", Snippet: true}, items[0])
	items, _ = Complete(`lower`, 5, schema.Rules(), false)
	assert.Equal(t, "lower(", items[0].Insert)
	assert.Empty(t, items[0].Doc, "fields and functions leave Doc to FieldDoc and FunctionDoc")
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindValue: "value", KindField: "field", KindFunction: "function", KindKeyword: "keyword",
		KindOperator: "operator", KindList: "list", KindSnippet: "snippet", Kind(99): "value"} {
		assert.Equal(t, want, k.String())
	}
}
