package feedback

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixSafetyKept checks that an expression fix keeps its safety when
// report validation respells it for the report (a suggested text in
// Validate, an edit of the JSON string in ValidateJSON): quoting an IP is
// safe, rewriting a country code is not.
func TestFixSafetyKept(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid_report.json")
	require.NoError(t, err)
	var r Report
	require.NoError(t, json.Unmarshal(valid, &r))
	tests := []struct {
		expr, rule string
		safe       bool
	}{
		{`cf.bot_management.score lt 30 and ip.src eq "192.0.2.1"`, "quoted-ip", true},
		{`cf.bot_management.score lt 30 and ip.src.country eq "uk"`, "invalid-country-code", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			rep := r
			rep.Expression = tt.expr
			found := 0
			for _, d := range Validate(&rep) {
				if d.Rule == tt.rule {
					require.NotEmpty(t, d.Fixes)
					assert.Equal(t, tt.safe, d.Fixes[0].Safe, "Validate")
					found++
				}
			}
			doc := strings.Replace(string(valid), `"expression": "`, `"expression": "`+strings.ReplaceAll(tt.expr, `"`, `\"`)+` or `, 1)
			for _, d := range ValidateJSON([]byte(doc)).Diagnostics {
				if d.Rule == tt.rule {
					require.NotEmpty(t, d.Fixes)
					assert.Equal(t, tt.safe, d.Fixes[0].Safe, "ValidateJSON")
					found++
				}
			}
			assert.Equal(t, 2, found, "one finding from each validation")
		})
	}
}
