package output

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/workspace"
)

// ignoredFile lints testdata/cli/ignored.tf: two findings ignore comments
// silence, an unused ignore, safe and unsafe fixes.
func ignoredFile(t *testing.T) *File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cli", "ignored.tf"))
	require.NoError(t, err)
	f := workspace.New(workspace.Settings{}).Lint(workspace.Source{Path: "ignored.tf", Text: data})
	require.NoError(t, f.Err)
	require.Len(t, f.Ignored, 2)
	return &File{Path: "ignored.tf", Text: f.Text, Expressions: len(f.Exprs), Diagnostics: f.Diagnostics, Profiles: f.Profiles, Ignored: f.Ignored}
}

// SARIF carries silenced findings as suppressed results: an ignore
// comment is kind inSource, at the comment, with its reason; a
// configuration entry is kind external, in the configuration.
func TestSARIFSuppressions(t *testing.T) {
	f := ignoredFile(t)
	ext := f.Ignored[1]
	ext.Suppression = diag.Suppression{Kind: diag.External, Reason: "legacy", Path: "cfg/.wflint.yaml", Line: 4}
	f.Ignored = append(f.Ignored, ext)
	log := sarifOf(t, []*File{f}, Options{Version: "v0"})
	var suppressed []sarifResult
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) > 0 {
			suppressed = append(suppressed, r)
		}
	}
	require.Len(t, suppressed, 3)
	s := suppressed[0].Suppressions[0]
	assert.Equal(t, "bogon-ip", suppressed[0].RuleID)
	assert.Equal(t, "inSource", s.Kind)
	assert.Equal(t, "accepted", s.Status)
	assert.Equal(t, "the office tunnel's range", s.Justification)
	require.NotNil(t, s.Location)
	assert.Equal(t, 6, s.Location.PhysicalLocation.Region.StartLine, "the comment's line")
	assert.Equal(t, "ignored.tf", s.Location.PhysicalLocation.ArtifactLocation.URI)
	assert.Empty(t, suppressed[1].Suppressions[0].Justification)

	s = suppressed[2].Suppressions[0]
	assert.Equal(t, "external", s.Kind)
	assert.Equal(t, "legacy", s.Justification)
	assert.Equal(t, "cfg/.wflint.yaml", s.Location.PhysicalLocation.ArtifactLocation.URI)
	assert.Equal(t, 4, s.Location.PhysicalLocation.Region.StartLine)

	n := 0
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) == 0 {
			n++
		}
	}
	assert.Equal(t, len(f.Diagnostics), n, "the findings shown, unsuppressed")
}

func TestTextIgnoredAndFixes(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, io.Discard, "text", []*File{ignoredFile(t)}, Options{}))
	out := buf.String()
	assert.Contains(t, out, "= fix: Use \"a.example.com\"", "the safe fix --fix applies")
	assert.Contains(t, out, "= fix (unsafe): Use wildcard", "the unsafe fix only --unsafe-fixes applies")
	assert.Contains(t, out, "= help: Remove value-domain from the ignore", "--fix does not rewrite comments")
	assert.Contains(t, out, "= see: wflint explain single-quoted-string\n")
	assert.Contains(t, out, "= see: wflint explain unused-ignore\n", "a file-level rule with a page")
	assert.Contains(t, out, "; 2 ignored (--no-ignore shows them)\n")
	assert.True(t, strings.HasSuffix(out, "\n[*] 1 fixable with --fix (2 hidden fixes can be enabled with --unsafe-fixes)\n"), out)

	buf.Reset()
	require.NoError(t, Write(&buf, io.Discard, "text", []*File{ignoredFile(t)}, Options{UnsafeFixes: true}))
	assert.True(t, strings.HasSuffix(buf.String(), "\n[*] 3 fixable with --fix\n"), "with --unsafe-fixes, nothing is hidden")

	buf.Reset()
	require.NoError(t, Write(&buf, io.Discard, "json", []*File{ignoredFile(t)}, Options{}))
	assert.Contains(t, buf.String(), "\"ignored\": 2,\n    \"fixable\": 1,\n    \"unsafeFixable\": 2\n")
	assert.Contains(t, buf.String(), "\"safe\": false,")
}

// Prose wraps to the width; code frames never do.
func TestTextWraps(t *testing.T) {
	f := ignoredFile(t)
	for _, width := range []int{0, 60, 200} {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, io.Discard, "text", []*File{f}, Options{Width: width}))
		w := width
		if w == 0 {
			w = DefaultWidth
		}
		for _, line := range strings.Split(buf.String(), "\n") {
			frame := strings.Contains(line, " | ") || strings.HasSuffix(line, " |") || strings.Contains(line, "--> ") || strings.Contains(line, "fixable with") || strings.Contains(line, " ignored (")
			if !frame {
				assert.LessOrEqual(t, len([]rune(line)), w, "width %d: %q", width, line)
			}
		}
		if width == 200 {
			assert.Contains(t, buf.String(), "error[invalid-country-code]: \"uk\" is not an ISO 3166-1 alpha-2 country code, so this comparison never matches; the code is \"GB\"\n")
		}
	}
}

func TestAppendWrapped(t *testing.T) {
	tests := []struct {
		text  string
		used  int
		width int
		want  string
	}{
		{"short", 10, 80, "short"},
		{"aaa bbb ccc", 0, 7, "aaa bbb\n  ccc"},
		{"aaa `b c d` e", 2, 12, "aaa\n  `b c d` e"},
		{"averyveryverylongword x", 0, 8, "averyveryverylongword\n  x"},
		{"one\ntwo", 0, 80, "one\n  two"},
		{"日本語 日本語", 0, 5, "日本語\n  日本語"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendWrapped(nil, tt.text, tt.used, "  ", tt.width)), "%q at %d", tt.text, tt.width)
	}
}
