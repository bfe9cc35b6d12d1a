package runner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryLimit(t *testing.T) {
	assert.Equal(t, int64(minMemoryLimit), MemoryLimit(nil, 4))
	const mb = 1 << 20
	sizes := []int64{40 * mb, 1 * mb, 100 * mb, 30 * mb}
	// The two largest, the 100 MB capped at 50 MB.
	dir := t.TempDir()
	var inputs []Input
	for i, n := range sizes {
		p := filepath.Join(dir, string(rune('a'+i))+".tf")
		f, err := os.Create(p)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(n)) // sparse: no real write
		require.NoError(t, f.Close())
		inputs = append(inputs, Input{Path: p})
	}
	assert.Equal(t, int64(memoryPerInputByte*(50+40)*mb), MemoryLimit(inputs, 2))
	assert.Equal(t, int64(memoryPerInputByte*(50+40)*mb), limitFor([]int64{memoryPerInputByte * 40 * mb, memoryPerInputByte * mb, memoryPerInputByte * 50 * mb, memoryPerInputByte * 30 * mb}, 2))
	costs := []int64{3, 1, 2}
	limitFor(costs, 2)
	assert.Equal(t, []int64{3, 1, 2}, costs, "costs are not changed")

	// A .json file is parsed whole: it costs more per byte.
	p := filepath.Join(dir, "r.json")
	require.NoError(t, os.WriteFile(p, nil, 0o644))
	require.NoError(t, os.Truncate(p, 40*mb))
	assert.Equal(t, int64(memoryPerJSONByte*40*mb), MemoryLimit([]Input{{Path: p}, inputs[0]}, 1))
	assert.Equal(t, int64(memoryPerInputByte*40*mb), MemoryLimit(inputs[:1], 1))
}
