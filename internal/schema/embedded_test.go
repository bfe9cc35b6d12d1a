package schema

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded schemas are decoded without the strict decoder's positions
// at start-up: the strict decoder must accept them, and both must read the
// same document.
func TestEmbeddedDecodeTrusted(t *testing.T) {
	for name, data := range map[string][]byte{"catalog.json": catalogJSON, "engine2020.json": engine2020JSON} {
		t.Run(name, func(t *testing.T) {
			strict, err := decodeDoc(data)
			require.NoError(t, err)
			fast, err := decodeTrusted(data)
			require.NoError(t, err)
			assert.Equal(t, strict.head, fast.head)
			require.NotEmpty(t, strict.fields)
			for _, pair := range [][2]any{{values(strict.fields), values(fast.fields)},
				{values(strict.functions), values(fast.functions)}, {values(strict.lists), values(fast.lists)}} {
				assert.Equal(t, pair[0], pair[1])
			}
		})
	}
}

func values[T any](in []positioned[T]) []T {
	out := make([]T, len(in))
	for i, p := range in {
		out[i] = p.v
	}
	return out
}

func BenchmarkLoadEmbedded(b *testing.B) {
	for b.Loop() {
		mustLoadEmbedded(catalogJSON, "catalog.json")
	}
}
