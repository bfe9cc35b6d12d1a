// Package docs holds wflint's documentation pages, embedded so that
// `wflint explain`, SARIF output and the language server can show them
// without reading the file system.
package docs

import (
	"embed"
	"strings"
)

//go:embed rules/*.md
var rules embed.FS

// Rule returns the doc page of the rule with the given ID.
func Rule(id string) (string, bool) {
	b, err := rules.ReadFile("rules/" + id + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// RuleURL is the canonical web address of a rule's page, used as the LSP
// codeDescription and the SARIF helpUri.
func RuleURL(id string) string {
	return "https://github.com/wflint/wflint/blob/main/docs/rules/" + id + ".md"
}

// Example is a code block from a rule page.
type Example struct {
	Section string // "Bad" or "Good"
	Code    string
	Profile string // from a `<!-- profile: NAME -->` line in the section, default "rules"
}

// Examples returns the ```wirefilter code blocks under the page's
// "## Bad" and "## Good" headings.
func Examples(page string) []Example {
	var out []Example
	section, profile := "", "rules"
	lines := strings.Split(page, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(l, "## "):
			section, profile = strings.TrimSpace(l[3:]), "rules"
		case strings.HasPrefix(l, "<!-- profile:"):
			profile = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "<!-- profile:"), "-->"))
		case l == "```wirefilter" && (section == "Bad" || section == "Good"):
			var code []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				code = append(code, lines[i])
			}
			out = append(out, Example{Section: section, Code: strings.Join(code, "\n"), Profile: profile})
		}
	}
	return out
}
