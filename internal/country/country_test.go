package country

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCodes(t *testing.T) {
	// 249 officially assigned ISO 3166-1 alpha-2 codes plus T1, XX, XK.
	assert.Len(t, All, 252)
	for _, c := range []string{"GB", "US", "T1", "XX", "XK", "SS", "BQ", "ZW"} {
		assert.True(t, Known(c), c)
	}
	for _, c := range []string{"UK", "EL", "EU", "AN", "YU", "gb", ""} {
		assert.False(t, Known(c), c)
	}
	for _, c := range All {
		assert.NotEmpty(t, c.Name, c.Code)
		if iso, ok := Mistake(c.Code); ok {
			t.Errorf("%s is both a code and a mistake for %s", c.Code, iso)
		}
	}
	iso, ok := Mistake("UK")
	assert.True(t, ok)
	assert.Equal(t, "GB", iso)
	for code, iso := range mistakes {
		assert.True(t, Known(iso), "%s maps to unknown %s", code, iso)
	}
}
