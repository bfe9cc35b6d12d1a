package analyzer

// Correctness rules about the phase an expression runs in: fields and
// functions that do not exist there (schema.Phase, the phase table), and
// managed lists Cloudflare does not have. They run only when the host
// says where the expression is (Options.Phase) and the phase is in the
// table; otherwise they stay silent.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/suggest"
)

// phase returns the phase the expression runs in, or nil when the host did
// not say or wflint does not know it.
func (p *Pass) phase() *schema.Phase {
	if p.opts.Phase == "" {
		return nil
	}
	ph, _ := schema.LookupPhase(p.opts.Phase)
	return ph
}

func runFieldNotInPhase(p *Pass) {
	ph := p.phase()
	if ph == nil {
		return
	}
	for _, v := range p.Nodes().Values {
		if v.Call != nil {
			continue
		}
		f := p.Info.FieldOf(v)
		if f == nil {
			continue
		}
		why, inferred := ph.FieldUnavailable(f, p.opts.Role)
		if why == "" {
			continue
		}
		d := diag.Diagnostic{Rejected: true, Span: v.Name.Span, Message: why}
		if inferred {
			// What wflint infers is at most a warning (README, "What it
			// checks"), and not Cloudflare's documented rejection.
			d.Rejected, d.Severity = false, diag.Warning
		}
		p.Report(d)
	}
}

func runFunctionNotInPhase(p *Pass) {
	ph := p.phase()
	if ph == nil {
		return
	}
	forEachCall(p, func(v *grammar.Value, f *schema.Function) {
		// A value-only function in a condition is rewrite-only-function's,
		// whatever the phase.
		if !f.AllowsRole(p.opts.Role) {
			return
		}
		if why := ph.FunctionUnavailable(f); why != "" {
			p.Report(diag.Diagnostic{Rejected: true, Span: v.Name.Span, Message: why})
		}
	})
}

// managedListsPage lists Cloudflare's managed lists.
const managedListsPage = "https://developers.cloudflare.com/waf/tools/lists/managed-lists/"

// runUnknownManagedList reports `$cf.…` lists the schema does not have.
// Custom list names cannot contain a dot (`^[a-z0-9_]+$`, Lists page), so
// a `cf.` name is Cloudflare's, and Cloudflare documents five. It stays a
// warning: Cloudflare may add managed lists, and which ones an account
// sees depends on its plan.
func runUnknownManagedList(p *Pass) {
	for _, c := range p.Nodes().Comparisons {
		l, ok := c.RHS.(*grammar.ListRef)
		if !ok || !strings.HasPrefix(l.Name, "cf.") {
			continue
		}
		// A schema of its own (base none) may leave the catalog's lists
		// out; they exist all the same.
		if _, known := p.Schema.List(l.Name); known {
			continue
		}
		if _, known := schema.Rules().List(l.Name); known {
			continue
		}
		var managed []string
		for _, m := range schema.Rules().Lists() {
			if m.Managed {
				managed = append(managed, "$"+m.Name)
			}
		}
		d := diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("`$%s` is not one of the managed lists Cloudflare documents (%s: %s); only Cloudflare's list names have a dot, so wflint infers that no such list exists, unless Cloudflare added it after wflint's catalog",
				l.Name, managedListsPage, strings.Join(managed, ", "))}
		if best := closestList(schema.Rules(), l.Name); best != "" {
			d.Message += fmt.Sprintf("; did you mean `$%s`?", best)
			d.Fixes = []diag.Fix{{Title: "Use $" + best, Edits: []diag.Edit{{Span: l.Span(), New: "$" + best}}}}
		} else if l.Name == "cf.tor" {
			d.Message += "; Tor exit nodes are among the anonymizers of `$cf.anonymizer`, and `ip.src.continent eq \"T1\"` matches the Tor network"
		}
		p.Report(d)
	}
}

// closestList returns the managed list nearest to name within an edit
// distance that grows with the name's length, as for unknown fields, or
// "".
func closestList(s *schema.Schema, name string) string {
	budget := min(max(len(name)/4, 1), 3)
	best, bestD := "", budget+1
	for _, l := range s.Lists() {
		if !l.Managed {
			continue
		}
		if d := suggest.Distance(name, l.Name, budget); d < bestD {
			best, bestD = l.Name, d
		}
	}
	return best
}
