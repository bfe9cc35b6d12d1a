package workspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A set of n repeated items gives at most DefaultMaxPerRule findings of
// each rule plus one "and N more": the count of diagnostics does not
// grow with n.
func TestFindingsPerRuleAreCapped(t *testing.T) {
	count := func(n int, s Settings) map[string]int {
		src := "ip.src in {" + strings.TrimSpace(strings.Repeat("10.0.0.1 ", n)) + "}"
		f := New(s).Lint(Source{Name: "x.wf", Text: []byte(src)})
		require.NoError(t, f.Err)
		out := map[string]int{}
		for _, d := range f.Diagnostics {
			out[d.Rule]++
		}
		return out
	}
	small, big := count(1000, Settings{}), count(10000, Settings{})
	assert.Equal(t, small, big)
	assert.Equal(t, DefaultMaxPerRule+1, big["duplicate-set-item"])

	f := New(Settings{}).Lint(Source{Name: "x.wf", Text: []byte("ip.src in {" + strings.Repeat("10.0.0.1 ", 100) + "}")})
	var more []string
	for _, d := range f.Diagnostics {
		if strings.HasPrefix(d.Message, "and ") {
			more = append(more, d.Message)
		}
	}
	assert.Contains(t, more, "and 79 more duplicate-set-item findings in this expression (showing the first 20)")

	assert.Equal(t, 6, count(100, Settings{MaxPerRule: 5})["duplicate-set-item"])
	assert.Equal(t, 99, count(100, Settings{MaxPerRule: -1})["duplicate-set-item"])
}
