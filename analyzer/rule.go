package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"sort"
	"sync"
)

// Rule is one check. Rules whose Run is nil are reported by the parser or
// the type checker (their findings need the checker's own walk); they are
// registered all the same so that every finding has an ID, a doc page and
// configurable severity.
type Rule struct {
	ID       string // stable, kebab-case
	Category Category
	Severity diag.Severity // default severity
	// Summary is one line for `wflint rules`; the full page lives in
	// docs/rules/<ID>.md.
	Summary string
	// Run inspects the pass and reports diagnostics through it.
	Run func(*Pass)
	// Fatal rules report problems that make the expression unusable
	// (syntax and type errors); they cannot be disabled or downgraded.
	Fatal bool
	// OptIn rules run only when enabled in configuration.
	OptIn bool
}

var (
	registryMu sync.RWMutex
	registry   = map[string]*Rule{}
	sorted     []*Rule // registry sorted by ID; rebuilt by Register, shared read-only
)

// Register adds rules to the global registry. It panics on a duplicate or
// malformed ID, which is a programming error caught by the tests.
func Register(rules ...*Rule) {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, r := range rules {
		if r.ID == "" || r.Category == "" || r.Severity == 0 || r.Summary == "" {
			panic(fmt.Sprintf("analyzer: rule %q is incomplete", r.ID))
		}
		if _, dup := registry[r.ID]; dup {
			panic("analyzer: duplicate rule " + r.ID)
		}
		registry[r.ID] = r
	}
	all := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	sorted = all
}

// Rules returns every registered rule sorted by ID. The slice is shared:
// callers must not modify it.
func Rules() []*Rule {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return sorted
}

// LookupRule returns the rule with the given ID.
func LookupRule(id string) (*Rule, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	r, ok := registry[id]
	return r, ok
}
