// Package ruledoc reads wflint's rule pages (embedded by package docs) so
// that `wflint explain`, SARIF output and the language server can show them
// without reading the file system, and prints the rule table
// (WriteRuleTable) and explain page (Explain) that `wflint rules` and
// `wflint explain` print.
package ruledoc

import "github.com/wflint/wflint/docs"

// Rule returns the doc page of the rule with the given ID.
func Rule(id string) (string, bool) {
	b, err := docs.Rules.ReadFile("rules/" + id + ".md")
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
