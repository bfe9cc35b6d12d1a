package analyzer_test

import (
	"strconv"
	"strings"
)

// docExample is a code block from a rule page.
type docExample struct {
	Section string // "Bad" or "Good"
	Code    string
	Profile string // from a `<!-- profile: NAME -->` line in the section, default "rules"
	// MaxSize, from a `<!-- max-size: N -->` line, lowers the parser's size
	// limit so a page can show the input-too-large rule with a short example.
	MaxSize int
	// Phase and Role, from `<!-- phase: NAME -->` and `<!-- role: NAME -->`
	// lines, say where the example runs: a ruleset phase, and a role
	// (filter, value, counting) other than a filter.
	Phase, Role string
}

// docExamples returns the ```wirefilter code blocks under the page's
// "## Bad" and "## Good" headings.
func docExamples(page string) []docExample {
	var out []docExample
	section, profile, maxSize, phase, role := "", "rules", 0, "", ""
	lines := strings.Split(page, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(l, "## "):
			section, profile, maxSize, phase, role = strings.TrimSpace(l[3:]), "rules", 0, "", ""
		case strings.HasPrefix(l, "<!-- profile:"):
			profile = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "<!-- profile:"), "-->"))
		case strings.HasPrefix(l, "<!-- phase:"):
			phase = comment(l, "<!-- phase:")
		case strings.HasPrefix(l, "<!-- role:"):
			role = comment(l, "<!-- role:")
		case strings.HasPrefix(l, "<!-- max-size:"):
			maxSize, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "<!-- max-size:"), "-->")))
		case l == "```wirefilter" && (section == "Bad" || section == "Good"):
			var code []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				code = append(code, lines[i])
			}
			out = append(out, docExample{Section: section, Code: strings.Join(code, "\n"), Profile: profile, MaxSize: maxSize, Phase: phase, Role: role})
		}
	}
	return out
}

// comment returns the text of a `<!-- key: text -->` line after its key.
func comment(l, key string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, key), "-->"))
}
