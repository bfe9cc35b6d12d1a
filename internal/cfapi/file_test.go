package cfapi

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "r.json")
	require.NoError(t, os.WriteFile(name, []byte(`{"a":1}`), 0o644))
	got, err := ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(got))

	_, err = ReadFile(filepath.Join(dir, "missing.json"))
	assert.True(t, errors.Is(err, fs.ErrNotExist), "%v", err)

	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxFileBytes+1)) // sparse
	require.NoError(t, f.Close())
	_, err = ReadFile(big)
	assert.EqualError(t, err, big+": larger than 64 MB; is this a report?")
}
