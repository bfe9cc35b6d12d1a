package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAssert(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "g.txt")
	*update = true
	Assert(t, path, "hello\n")
	*update = false
	b, err := os.ReadFile(path)
	assert.NoError(t, err)
	assert.Equal(t, "hello\n", string(b))
	Assert(t, path, "hello\n")

	inner := &testing.T{}
	done := make(chan struct{})
	go func() { defer close(done); Assert(inner, path, "changed\n") }()
	<-done
	assert.True(t, inner.Failed(), "a different output fails")
}
