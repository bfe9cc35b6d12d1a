// Package dispatchtest checks a back end's function dispatch table against
// the schema: the checker, the evaluator and the ClickHouse compiler each
// keep one entry per schema function (an implementation, or a refusal with
// its reason), and their tests call Covers so that a function added to the
// catalog, or an entry left behind by a removed one, fails them by name.
package dispatchtest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/schema"
)

// Profiles are the schema's built-in profiles, whose functions the tables
// must cover: the same name can have other signatures in another profile
// (url_decode takes one argument in Engine2020).
func Profiles() []*schema.Schema {
	return []*schema.Schema{schema.Rules(), schema.Feedback(), schema.Engine2020()}
}

// Functions returns the names of the functions of every built-in profile,
// sorted and without duplicates.
func Functions() []string {
	seen := map[string]bool{}
	for _, s := range Profiles() {
		for _, f := range s.Functions() {
			seen[f.Name] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// Diff returns the schema functions that table lacks, and the names table
// has that no built-in profile declares, each sorted.
func Diff(table []string) (missing, extra []string) {
	want := Functions()
	for _, n := range want {
		if !slices.Contains(table, n) {
			missing = append(missing, n)
		}
	}
	for _, n := range table {
		if !slices.Contains(want, n) {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	return missing, extra
}

// Covers fails t unless table, backend's dispatch table keyed by function
// name, has exactly one entry for each function of the schema.
func Covers[E any](t testing.TB, backend string, table map[string]E) {
	t.Helper()
	missing, extra := Diff(slices.Collect(maps.Keys(table)))
	if len(missing) > 0 {
		t.Errorf("%s has no entry (implementation or refusal) for the schema's %s", backend, strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		t.Errorf("%s has entries for %s, which no profile of the schema declares", backend, strings.Join(extra, ", "))
	}
}
