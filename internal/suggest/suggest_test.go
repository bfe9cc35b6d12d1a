package suggest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b   string
		budget int
		want   int
	}{
		{"", "", -1, 0},
		{"host", "host", -1, 0},
		{"hsot", "host", -1, 1}, // a transposition is one edit
		{"hst", "host", -1, 1},
		{"hoost", "host", -1, 1},
		{"kitten", "sitting", -1, 3},
		{"kitten", "sitting", 1, 2}, // stops early past the budget
		{"a", strings.Repeat("b", 100), 3, 4},
		{"ü", "u", -1, 1}, // code points, not bytes
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			assert.Equal(t, tt.want, Distance(tt.a, tt.b, tt.budget))
		})
	}
}

func TestClosest(t *testing.T) {
	c := []string{"http.host", "http.hots", "ip.src", "HTTP.HOSTS"}
	assert.Equal(t, []string{"http.host", "HTTP.HOSTS", "http.hots"}, Closest("http.hsot", c, 2))
	assert.Empty(t, Closest("zzz", c, 1))
}
