package dispatchtest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder stands in for a test and keeps what Covers reports.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Helper() {}

func TestFunctionsSpanEveryProfile(t *testing.T) {
	names := Functions()
	assert.True(t, slices.IsSorted(names))
	assert.Contains(t, names, "any", "a quantifier, written like a call")
	assert.Contains(t, names, "lookup_json_string", "a Rules function the 2020 engine lacks")
	assert.Contains(t, names, "url_decode", "one of the 2020 engine's ten")
}

func TestCoversNamesWhatIsMissingAndWhatIsExtra(t *testing.T) {
	table := map[string]bool{}
	for _, n := range Functions() {
		table[n] = true
	}
	full := &recorder{TB: t}
	Covers(full, "back end", table)
	assert.Empty(t, full.failures, "a complete table passes")

	delete(table, "lower")
	table["lowercase"] = true
	missing, extra := Diff(slices.Collect(maps.Keys(table)))
	assert.Equal(t, []string{"lower"}, missing)
	assert.Equal(t, []string{"lowercase"}, extra)

	r := &recorder{TB: t}
	Covers(r, "the evaluator", table)
	require.Len(t, r.failures, 2)
	assert.Equal(t, "the evaluator has no entry (implementation or refusal) for the schema's lower", r.failures[0])
	assert.Equal(t, "the evaluator has entries for lowercase, which no profile of the schema declares", r.failures[1])
}
