// Package docs holds wflint's documentation pages, embedded so that
// `wflint explain`, SARIF output and the language server can show them
// without reading the file system, and the rule table (WriteRuleTable) and
// explain page (Explain) that `wflint rules` and `wflint explain` print.
package docs

import "embed"

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
