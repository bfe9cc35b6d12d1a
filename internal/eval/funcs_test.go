package eval

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/dispatchtest"
)

// TestFuncTableCoversTheSchema: the evaluator has one entry for each schema
// function, and each entry is either an implementation or a refusal with
// its reason.
func TestFuncTableCoversTheSchema(t *testing.T) {
	table := funcTable[rec]()
	dispatchtest.Covers(t, "the evaluator", table)
	for name, e := range table {
		assert.True(t, (e.compile == nil) != (e.refused == ""), "%s: an implementation or a reason, not both or neither", name)
	}
}
