package jsonscan

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/diag"
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
