package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMatchesEverything: which Rules-language regexes match every value
// (ignoring line breaks, which field values do not contain).
func TestMatchesEverything(t *testing.T) {
	matchesAll := func(re string) bool {
		r, ok := parseRegex(re)
		return ok && matchesEverything(r)
	}
	for _, re := range []string{"", ".*", "^.*$", ".*?", "(?s).*", "(?su).*", "^", "$", "^(.*)$", "a*", "(www\\.)?", "foo|.*", "^.*", ".*$", "(?i)x*"} {
		assert.True(t, matchesAll(re), re)
	}
	for _, re := range []string{".+", "^$", "a", "^/api/.*", "a.*", "^.*a$", `\b`, "(?x) a*", "[", "*"} {
		assert.False(t, matchesAll(re), re)
	}
}

func TestWildcardFromRegex(t *testing.T) {
	assert.Equal(t, "/api/*", wildcardFromRegex("^/api/.*$"))
	assert.Equal(t, "/api/*", wildcardFromRegex("/api/.*"))
	assert.Equal(t, "*.example.com", wildcardFromRegex(".*.example.com"))
	assert.Empty(t, wildcardFromRegex("/v[0-9]/.*"))
	assert.Empty(t, wildcardFromRegex("^a+$"))
}
