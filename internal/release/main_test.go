package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// platformDirs writes two platform directories as scripts/release.sh
// fills them, with the given file modification time.
func platformDirs(t *testing.T, touched time.Time) []string {
	t.Helper()
	root := t.TempDir()
	var dirs []string
	for _, p := range []struct{ dir, exe string }{{"wflint_linux_amd64", ""}, {"wflint_windows_arm64", ".exe"}} {
		dir := filepath.Join(root, p.dir)
		require.NoError(t, os.MkdirAll(dir, 0o755))
		files := map[string]os.FileMode{"wflint" + p.exe: 0o700, "wfls" + p.exe: 0o775, "README.md": 0o600, "LICENSE": 0o664}
		for name, mode := range files {
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, []byte("contents of "+name), mode))
			require.NoError(t, os.Chmod(path, mode)) // whatever the umask
			require.NoError(t, os.Chtimes(path, touched, touched))
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

var epoch = time.Unix(1700000000, 0).UTC()

// TestReproducible packs the same contents twice, from files with
// different times and modes beyond the execute bits, and compares the
// bytes.
func TestReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	require.NoError(t, packAll(a, epoch, platformDirs(t, time.Now())))
	require.NoError(t, packAll(b, epoch, platformDirs(t, time.Now().Add(-time.Hour))))
	for _, name := range []string{"wflint_linux_amd64.tar.gz", "wflint_windows_arm64.zip", "SHA256SUMS"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(x, y), "%s differs between two packs", name)
	}
}

func TestTarGz(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, packAll(out, epoch, platformDirs(t, time.Now())))
	f, err := os.Open(filepath.Join(out, "wflint_linux_amd64.tar.gz"))
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	assert.Empty(t, gz.Name, "no file name in the gzip header")
	assert.True(t, gz.ModTime.IsZero(), "no time in the gzip header")
	tr := tar.NewReader(gz)
	var names []string
	modes := map[string]int64{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		names = append(names, h.Name)
		modes[h.Name] = h.Mode
		assert.Equal(t, epoch, h.ModTime.UTC(), h.Name)
		assert.Zero(t, h.Uid)
		assert.Zero(t, h.Gid)
		assert.Empty(t, h.Uname)
		assert.Empty(t, h.Gname)
		if h.Typeflag == tar.TypeReg {
			data, err := io.ReadAll(tr)
			require.NoError(t, err)
			assert.Equal(t, "contents of "+strings.TrimPrefix(h.Name, "wflint_linux_amd64/"), string(data))
		}
	}
	assert.Equal(t, []string{"wflint_linux_amd64/", "wflint_linux_amd64/LICENSE", "wflint_linux_amd64/README.md", "wflint_linux_amd64/wflint", "wflint_linux_amd64/wfls"}, names)
	assert.Equal(t, map[string]int64{"wflint_linux_amd64/": 0o755, "wflint_linux_amd64/LICENSE": 0o644, "wflint_linux_amd64/README.md": 0o644, "wflint_linux_amd64/wflint": 0o755, "wflint_linux_amd64/wfls": 0o755}, modes)
}

func TestZip(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, packAll(out, epoch, platformDirs(t, time.Now())))
	z, err := zip.OpenReader(filepath.Join(out, "wflint_windows_arm64.zip"))
	require.NoError(t, err)
	defer z.Close()
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		assert.Equal(t, epoch, f.Modified.UTC(), f.Name)
	}
	assert.Equal(t, []string{"wflint_windows_arm64/", "wflint_windows_arm64/LICENSE", "wflint_windows_arm64/README.md", "wflint_windows_arm64/wflint.exe", "wflint_windows_arm64/wfls.exe"}, names)
}

// TestSums checks SHA256SUMS against the archives, line by line, in the
// format sha256sum -c reads.
func TestSums(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, packAll(out, epoch, platformDirs(t, time.Now())))
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(sums), "\n"), "\n")
	require.Len(t, lines, 2)
	for i, want := range []string{"wflint_linux_amd64.tar.gz", "wflint_windows_arm64.zip"} {
		sum, name, ok := strings.Cut(lines[i], "  ")
		require.True(t, ok, lines[i])
		assert.Equal(t, want, name)
		data, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		h := sha256.Sum256(data)
		assert.Equal(t, hex.EncodeToString(h[:]), sum)
	}
}

func TestEmptyDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wflint_linux_amd64")
	require.NoError(t, os.Mkdir(dir, 0o755))
	err := packAll(t.TempDir(), epoch, []string{dir})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no files")
}
