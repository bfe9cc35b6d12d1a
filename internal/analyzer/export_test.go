package analyzer

import "github.com/wflint/wflint/internal/diag"

// The tests' questions about a Result; the front ends decide with the
// findings themselves (diag.Diagnostic.Rejected and each rule's Fatal).

// HasErrors reports whether any diagnostic has Error severity.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// Rejected reports whether Cloudflare would refuse the expression: some
// diagnostic comes from a fatal (syntax, type or schema) rule, or says
// that Cloudflare's documented contract rejects it (diag.Diagnostic's
// Rejected: the 4,096-character and 64-regex limits, functions outside
// the expressions they are allowed in). Other lint errors mark valid
// expressions that are certainly wrong; they are not rejections.
func (r *Result) Rejected() bool {
	for _, d := range r.Diagnostics {
		if d.Rejected {
			return true
		}
		if rule, ok := LookupRule(d.Rule); ok && rule.Fatal {
			return true
		}
	}
	return false
}
