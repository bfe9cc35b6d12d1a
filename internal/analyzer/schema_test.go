package analyzer

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/schema"
)

func TestDeprecatedFieldProfiles(t *testing.T) {
	count := func(src string, s *schema.Schema) int {
		n := 0
		for _, d := range Analyze(src, Options{Schema: s}).Diagnostics {
			if d.Rule == "deprecated-field" {
				n++
			}
		}
		return n
	}
	const src = `ip.geoip.country eq "GB" and ip.geoip.asnum eq 64496`
	assert.Equal(t, 2, count(src, schema.Rules()))
	assert.Zero(t, count(src, schema.Feedback()), "the feedback API documents the ip.geoip names")
}
