package analyzer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/schema"
)

func TestExpressionTooLongCountsCharacters(t *testing.T) {
	count := func(src string) int {
		n := 0
		for _, d := range Analyze(src, Options{Schema: schema.Rules()}).Diagnostics {
			if d.Rule == "expression-too-long" {
				n++
			}
		}
		return n
	}
	pre, post := `http.user_agent contains "`, `"`
	// 4,096 characters, but more bytes: é is two bytes in UTF-8.
	fits := pre + strings.Repeat("é", 4096-len(pre)-len(post)) + post
	assert.Zero(t, count(fits))
	assert.Equal(t, 1, count(pre+strings.Repeat("é", 4097-len(pre)-len(post))+post))
}
