package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-n", "5", "-seed", "1"}, &out))
	assert.Equal(t, 5, bytes.Count(out.Bytes(), []byte("\n")))

	p := filepath.Join(t.TempDir(), "x.ndjson.gz")
	require.NoError(t, run([]string{"-n", "5", "-seed", "1", "-gzip", "-o", p}, io.Discard))
	f, err := os.Open(p)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, out.String(), string(plain), "gzip output is the same data")

	assert.Error(t, run([]string{"-time-format", "bogus"}, io.Discard))
	assert.Error(t, run([]string{"extra"}, io.Discard))
	assert.Error(t, run([]string{"-start", "yesterday"}, io.Discard))
}
