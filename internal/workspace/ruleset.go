package workspace

import (
	"fmt"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// rulesetCheck returns the check of f's rulesets as a whole (the phase,
// each rule's action and parameters, duplicate rules) under the rules
// profile's configuration; its findings are in file coordinates. A
// configuration that does not resolve is reported on each expression
// already, and the rulesets are then left alone.
// The configuration is resolved at the first ruleset: a file without
// one asks nothing of it.
func (w *Workspace) rulesetCheck(f *File) func(*ruleset.Ruleset) diag.List {
	var opts *ruleset.Options
	failed := false
	return func(rs *ruleset.Ruleset) diag.List {
		if opts == nil && !failed {
			o, err := w.Options(f.Config, schema.ProfileRules)
			if failed = err != nil; failed {
				return nil
			}
			ro := ruleset.OptionsOf(o)
			opts = &ro
		}
		if failed {
			return nil
		}
		return ruleset.Check(rs, *opts)
	}
}

// nothingToLint is the note on a file in which wflint found nothing to
// lint, saying what it looked for: for a file the user named, and for
// one that looks like Cloudflare configuration even when a walk met it,
// never for package.json met in a walk. A file with problems already
// says enough.
func nothingToLint(f *File, doc *host.Document, named bool) (diag.Diagnostic, bool) {
	if len(doc.Snippets) > 0 || len(doc.Problems) > 0 || (f.Kind != host.JSON && f.Kind != host.HCL) {
		return diag.Diagnostic{}, false
	}
	var why string
	switch {
	case doc.Empty != "":
		why = doc.Empty
	case !named && !doc.Cloudflare:
		return diag.Diagnostic{}, false
	case f.Kind == host.HCL:
		why = "it has no cloudflare_ruleset, cloudflare_filter or cloudflare_firewall_rule resource with an expression, and no `expression` key in a map"
	default:
		why = "it is not a ruleset, a list of rules, a rule, a Firewall Rules or Filters export, or a feedback report"
	}
	return diag.Diagnostic{Rule: host.RuleNothingToLint, Severity: diag.Info,
		Message: fmt.Sprintf("wflint found no expression to lint in this file: %s", why)}, true
}
