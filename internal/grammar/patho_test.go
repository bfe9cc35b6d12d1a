package grammar

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestPathologicalInputs feeds large adversarial inputs (up to the 1 MiB
// size limit) through the parser, including ones that drive error recovery
// to its bound. Each must finish and report errors in range; the test's
// timeout catches a hang. Durations are logged, not asserted.
func TestPathologicalInputs(t *testing.T) {
	const n = 1 << 20
	inputs := map[string]string{
		"open parens":        strings.Repeat("(", n-1),
		"close parens":       strings.Repeat(")", n-1),
		"nots":               strings.Repeat("not ", n/4-1) + "ssl",
		"single quotes":      strings.Repeat("'a' ", n/4),
		"and chain":          strings.Repeat("ssl and ", n/8-1) + "ssl",
		"broken and chain":   strings.Repeat("http.host eq and ", n/17),
		"huge set":           "ip.src in {" + strings.Repeat("10.0.0.1 ", n/9-2) + "}",
		"commas in set":      "http.host in {" + strings.Repeat(`"a", `, n/5-4) + "}",
		"nested calls":       strings.Repeat("lower(", 120) + "http.host" + strings.Repeat(")", 120) + ` eq "a"`,
		"unclosed nested":    strings.Repeat("(ssl and ", 120),
		"tabs":               strings.Repeat("ssl\tand ", n/8-1) + "ssl",
		"quotes":             strings.Repeat(`"`, n-1),
		"backslashes":        `http.host eq "` + strings.Repeat(`\q`, n/2-10) + `"`,
		"regex classes":      `http.host matches "` + strings.Repeat("[", n-40) + `"`,
		"garbage":            strings.Repeat("@#$%^", n/5),
		"many unknown words": strings.Repeat("foo bar ", n/8),
	}
	for name, src := range inputs {
		start := time.Now()
		x, errs := Parse(src)
		t.Logf("%-20s %8d bytes  %4d errors  %v", name, len(src), len(errs), time.Since(start))
		assert.NotNil(t, x, name)
		for _, e := range errs {
			assert.True(t, e.Span.Start >= 0 && int(e.Span.End) <= len(src) && e.Span.Start <= e.Span.End, name)
		}
	}
}
