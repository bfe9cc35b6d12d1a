package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A file nested a million levels deep is one error for that file; the
// other files of the run are still linted and reported.
func TestDeepFilesDoNotStopTheRun(t *testing.T) {
	dir := t.TempDir()
	const n = 1_000_000
	writeFiles(t, dir, map[string]string{
		"deep_brackets.tf":   "x = " + strings.Repeat("[", n),
		"deep_braces.tfvars": "x = " + strings.Repeat("{", n),
		"deep_parens.tf":     "x = " + strings.Repeat("(", n),
		"deep.json":          strings.Repeat("[", n),
		"good.tf":            `resource "cloudflare_filter" "f" { expression = "http.host eq 'x'" }`,
	})
	r := wflint(t, dir, "", "--format", "json", ".")
	assert.Equal(t, 1, r.code, r.stderr)
	for _, name := range []string{"deep_brackets.tf", "deep_braces.tfvars", "deep_parens.tf", "deep.json"} {
		assert.Contains(t, r.stdout, `"path": "`+name+`"`)
	}
	assert.Contains(t, r.stdout, `"path": "good.tf"`)
	assert.Contains(t, r.stdout, `"rule": "single-quoted-string"`)
	assert.Less(t, len(r.stdout), 64<<10, "output must not echo the deep lines")
}
