package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchesEverything(t *testing.T) {
	for _, re := range []string{"", ".*", "^.*$", ".*?", "(?s).*", "(?su).*", "^", "$", "^(.*)$", "a*", "(www\\.)?", "foo|.*", "^.*", ".*$", "(?i)x*"} {
		assert.True(t, MatchesEverything(re), re)
	}
	for _, re := range []string{".+", "^$", "a", "^/api/.*", "a.*", "^.*a$", `\b`, "(?x) a*", "[", "*"} {
		assert.False(t, MatchesEverything(re), re)
	}
}

func TestWildcardFromRegex(t *testing.T) {
	assert.Equal(t, "/api/*", wildcardFromRegex("^/api/.*$"))
	assert.Equal(t, "/api/*", wildcardFromRegex("/api/.*"))
	assert.Equal(t, "*.example.com", wildcardFromRegex(".*.example.com"))
	assert.Empty(t, wildcardFromRegex("/v[0-9]/.*"))
	assert.Empty(t, wildcardFromRegex("^a+$"))
}
