package ruleset

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/ruledoc"
)

// jsonExamples returns the ```json blocks under a page's "## Bad" and
// "## Good" headings, by section. (The analyzer's tests read ```wirefilter
// blocks; a ruleset rule's examples are rulesets.)
func jsonExamples(page string) map[string][]string {
	out := map[string][]string{}
	section := ""
	lines := strings.Split(page, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(l, "## "):
			section = strings.TrimSpace(l[3:])
		case l == "```json" && (section == "Bad" || section == "Good"):
			var code []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				code = append(code, lines[i])
			}
			out[section] = append(out[section], strings.Join(code, "\n"))
		}
	}
	return out
}

// TestRuleDocs checks that every ruleset rule has a page whose Bad
// examples trigger it and whose Good examples trigger nothing at all.
func TestRuleDocs(t *testing.T) {
	n := 0
	for _, r := range analyzer.Rules() {
		if r.Category != analyzer.CatRuleset {
			continue
		}
		n++
		t.Run(r.ID, func(t *testing.T) {
			page, ok := ruledoc.Rule(r.ID)
			require.True(t, ok, "docs/rules/%s.md is missing", r.ID)
			require.True(t, strings.HasPrefix(page, "# "+r.ID+"\n"), "the page must start with `# %s`", r.ID)
			assert.Contains(t, page, "Category: ruleset · Severity: "+r.Severity.String())
			ex := jsonExamples(page)
			require.NotEmpty(t, ex["Bad"], "the page needs a ```json block under ## Bad")
			require.NotEmpty(t, ex["Good"], "the page needs a ```json block under ## Good")
			for _, src := range ex["Bad"] {
				got := Check(fromJSON(t, src), Options{})
				found := false
				for _, d := range got {
					found = found || d.Rule == r.ID
				}
				assert.True(t, found, "Bad example does not trigger %s:\n%s\n%v", r.ID, src, got)
			}
			for _, src := range ex["Good"] {
				assert.Empty(t, Check(fromJSON(t, src), Options{}), "Good example:\n%s", src)
			}
		})
	}
	assert.Equal(t, 12, n, "the ruleset rules")
}
