package check

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/dispatchtest"
)

// TestCallsCoverTheSchema: the checker's dispatch table has one entry for
// each schema function, and checks as quantifiers exactly the functions
// every profile flags as one.
func TestCallsCoverTheSchema(t *testing.T) {
	dispatchtest.Covers(t, "the checker", calls)
	for _, s := range dispatchtest.Profiles() {
		for _, f := range s.Functions() {
			assert.Equal(t, f.Quantifier, calls[f.Name] == asQuantifier, "%s in the %s profile", f.Name, s.Profile())
		}
	}
}
