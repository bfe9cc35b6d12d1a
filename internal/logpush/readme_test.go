package logpush

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestREADMEFieldTable keeps the README mapping table in step with the
// code: every Field has a row naming its Logpush field, constant and Rules
// fields.
func TestREADMEFieldTable(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	require.NoError(t, err)
	rows := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) > 4 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = line
		}
	}
	for f := Field(0); f < NumFields; f++ {
		row, ok := rows[f.String()]
		if !assert.True(t, ok, "README has no row for %s", f) {
			continue
		}
		cells := strings.Split(row, "|")
		assert.Equal(t, "`Field"+f.String()+"`", strings.TrimSpace(cells[2]), f.String())
		for _, rf := range f.RulesFields() {
			assert.Contains(t, cells[4], "`"+rf+"`", f.String())
		}
	}
}
