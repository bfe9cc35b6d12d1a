package lsp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/schema"
)

func TestHoverExpr(t *testing.T) {
	expr := `http.host eq "a" and lower(http.host) eq "b"`
	opts := analyzer.Options{Schema: schema.Rules()}
	text, start, end, ok := HoverExpr(expr, 3, opts)
	require.True(t, ok)
	assert.Equal(t, "http.host", expr[start:end])
	assert.Contains(t, text, "http.host")
	text, start, end, ok = HoverExpr(expr, strings.Index(expr, "lower")+1, opts)
	require.True(t, ok)
	assert.Equal(t, "lower", expr[start:end])
	assert.Contains(t, text, "lower(")
	_, _, _, ok = HoverExpr("", 0, opts)
	assert.False(t, ok, "nothing to explain")
	// A broken expression still explains its names.
	_, _, _, ok = HoverExpr(`http.host eq`, 2, opts)
	assert.True(t, ok)
}

func TestCompleteExpr(t *testing.T) {
	items, from := CompleteExpr(`http.request.uri.pa`, 19, schema.Rules())
	assert.Equal(t, 0, from)
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	require.Contains(t, labels, "http.request.uri.path")
	for _, it := range items {
		if it.Label == "http.request.uri.path" {
			assert.Equal(t, "field", it.Kind)
			assert.NotEmpty(t, it.Doc)
			assert.Equal(t, it.Label, it.Insert)
		}
	}
	items, from = CompleteExpr(`http.host e`, 11, schema.Rules())
	assert.Equal(t, 10, from)
	require.NotEmpty(t, items)
	assert.Equal(t, "operator", items[0].Kind)
	assert.Equal(t, "eq", items[0].Label)
}
