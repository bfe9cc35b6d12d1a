package output

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/diag"
)

// A finding on a long line prints a window of the line around its span,
// so text output grows with the number of findings, not with the line.
func TestTextClipsLongLines(t *testing.T) {
	frame := func(lineLen int) string {
		text := strings.Repeat("a", lineLen/2) + "BAD" + strings.Repeat("é", lineLen/4)
		at := lineLen / 2
		f := &File{Path: "x.wf", Text: text, Diagnostics: diag.List{{Rule: "r", Severity: diag.Error, Message: "m", Span: diag.SpanOf(at, at+3)}}}
		var out, errw bytes.Buffer
		Text(&out, &errw, []*File{f}, false)
		return out.String()
	}
	short, long := frame(100), frame(1<<20)
	assert.Contains(t, short, strings.Repeat("a", 50)+"BAD")
	assert.Less(t, len(long), 600)
	assert.Contains(t, long, "…"+strings.Repeat("a", 40)+"BAD")
	lines := strings.Split(long, "\n")
	// The carets stand under BAD in the clipped line.
	col := utf8.RuneCountInString(lines[3][:strings.Index(lines[3], "BAD")])
	assert.Equal(t, col, strings.Index(lines[4], "^^^"))
	assert.True(t, strings.HasSuffix(lines[3], "…"))
	assert.InDelta(t, len(frame(1<<16)), len(long), 4, "the frame does not grow with the line")
}
