// Package golden compares test output with files under testdata and rewrites
// them when tests run with -update. Every package's golden tests use it, so
// one flag refreshes them all: go test ./... -update.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update is registered once per test binary, by whichever test imports this
// package.
var update = flag.Bool("update", false, "rewrite golden files under testdata instead of comparing with them")

// Assert compares got with the file at path, or writes it there under
// -update. A missing file fails the test with the command that creates it.
func Assert(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file %s; run the test with -update and review the new file", path)
	assert.Equal(t, string(want), got, "golden %s differs; run the test with -update and review the diff", path)
}
