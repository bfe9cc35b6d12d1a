package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/gziptest"
	"github.com/wflint/wflint/internal/loggen"
)

// TestREADMEFeedbackExample runs the end-to-end example of the README's
// "Feedback reports" section (its first sh block) on generated logs and
// checks that every command succeeds without a warning: the example must
// not cause the problems wflint warns about.
func TestREADMEFeedbackExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	sec := string(raw)
	i := strings.Index(sec, "## Feedback reports\n")
	require.GreaterOrEqual(t, i, 0)
	sec = sec[i:]
	start := strings.Index(sec, "```sh\n")
	require.GreaterOrEqual(t, start, 0)
	block := sec[start+len("```sh\n"):]
	block = block[:strings.Index(block, "```")]
	block = strings.ReplaceAll(block, "\\\n", " ")

	dir := t.TempDir()
	var logs bytes.Buffer
	require.NoError(t, loggen.Generate(&logs, loggen.Config{N: 3000, Seed: 7, MissingRate: -1}))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "logs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "logs", "a.ndjson.gz"), gziptest.Compress(t, logs.Bytes()), 0o600))
	t.Setenv("WFLINT_OUTBOX", filepath.Join(dir, "outbox"))

	var ran []string
	for _, line := range strings.Split(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		words := shellWords(t, strings.TrimSpace(line))
		if len(words) == 0 {
			continue
		}
		require.Equal(t, "wflint", words[0], line)
		for j, w := range words {
			switch w {
			case "$ZONE":
				words[j] = testZone
			case "logs/*.ndjson.gz":
				words[j] = filepath.Join(dir, "logs", "*.ndjson.gz")
			}
		}
		got := wflint(t, dir, "", words[1:]...)
		assert.Equal(t, 0, got.code, "%s\n%s", line, got.stderr)
		out := got.stdout + got.stderr
		assert.NotRegexp(t, `warning[\[:]|info\[|\b[1-9]\d* (warning|info|note)s?\b`, out, line)
		ran = append(ran, words[1]+" "+words[2])
	}
	assert.Equal(t, []string{"report build", "report show", "report validate", "report submit"}, ran)
}

// shellWords splits a command line as sh does for the README's simple
// commands: blanks separate words, single and double quotes group them,
// "$ZONE" stays a word of its own.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	require.Zero(t, quote, "unterminated quote in %q", s)
	if in {
		words = append(words, cur.String())
	}
	return words
}
