package ruledoc

import (
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/suggest"
)

// WriteRuleTable writes the rule list as `wflint rules` prints it: one
// line per rule with its ID, default severity, category and summary,
// marked when it is always on or opt-in.
func WriteRuleTable(w io.Writer) {
	for _, r := range analyzer.Rules() {
		flags := ""
		switch {
		case r.Fatal:
			flags = " (always on)"
		case r.OptIn:
			flags = " (opt-in)"
		}
		fmt.Fprintf(w, "%-28s %-8s %-12s %s%s\n", r.ID, r.Severity, r.Category, r.Summary, flags)
	}
}

// Explain is the page `wflint explain` prints for a rule: its doc page,
// ending in a newline, and its web address. ok is false when id is not a
// rule with a page.
func Explain(id string) (page string, ok bool) {
	page, ok = Rule(id)
	if _, known := analyzer.LookupRule(id); !ok || !known {
		return "", false
	}
	if !strings.HasSuffix(page, "\n") {
		page += "\n"
	}
	return page + "\nOnline: " + RuleURL(id) + "\n", true
}

// ClosestRule is the rule ID to suggest for an unknown id: the nearest
// within three edits, or one that contains id; "" when none is near.
func ClosestRule(id string) string {
	best, bestD := "", 4
	for _, r := range analyzer.Rules() {
		if d := suggest.Distance(id, r.ID, 3); d < bestD || strings.Contains(r.ID, id) && bestD > 1 {
			best, bestD = r.ID, min(d, 1)
		}
	}
	return best
}
