package output

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnifiedDiff(t *testing.T) {
	a := "one\ntwo\nthree\n"
	b := "one\n2\nthree\n"
	assert.Equal(t, "--- f\n+++ f\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n", UnifiedDiff("f", a, b))
	assert.Equal(t, "--- f\n+++ f\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n", UnifiedDiff("f", "x", "y"))
}
