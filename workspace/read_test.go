package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	data, err := ReadFile(write("ok.wf", `http.host eq "a"`))
	require.NoError(t, err)
	assert.Equal(t, `http.host eq "a"`, string(data))

	_, err = ReadFile(write("bin.wf", "a\x00b"))
	assert.EqualError(t, err, "binary file (contains NUL bytes); skipped")
	_, err = ReadFile(write("latin1.wf", "ok\nab\xe9"))
	assert.EqualError(t, err, "not valid UTF-8 (first invalid byte at line 2, column 3); skipped")
	_, err = ReadFile(filepath.Join(dir, "missing.wf"))
	assert.EqualError(t, err, "no such file or directory")

	big, err := os.Create(filepath.Join(dir, "big.wf"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(MaxFileSize+1)) // sparse
	require.NoError(t, big.Close())
	_, err = ReadFile(big.Name())
	assert.EqualError(t, err, "file is 50 MB, larger than the 50 MB limit; refusing to lint it")
}

func TestReadStdin(t *testing.T) {
	data, err := ReadStdin(strings.NewReader("x"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(data))
	_, err = ReadStdin(failing{})
	assert.EqualError(t, err, "cannot read standard input: broken")
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("broken") }

func TestWriteFileKeepsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.wf")
	require.NoError(t, os.WriteFile(p, []byte("a"), 0o600))
	require.NoError(t, WriteFile(p, []byte("b")))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}
