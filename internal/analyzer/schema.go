package analyzer

// Schema rules: names the schema does not know (reported by the type
// check, package check) and deprecated fields.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

func runDeprecatedField(p *Pass) {
	for _, v := range p.Nodes().Values {
		f := p.Info.FieldOf(v)
		// DeprecationApplies is false for ip.geoip.asnum and ip.geoip.country
		// under the feedback profile: they are the names the feedback API
		// documents.
		if f == nil || !p.Schema.DeprecationApplies(f.Name) {
			continue
		}
		d := diag.Diagnostic{Span: v.Name.Span}
		if f.Replacement != "" {
			d.Message = fmt.Sprintf("`%s` is deprecated; use `%s`", f.Name, f.Replacement)
			if r := p.Schema.Lookup(f.Replacement); r.Status == schema.Found && r.Field != nil && r.Field.Type == f.Type {
				d.Fixes = []diag.Fix{{Title: "Use " + f.Replacement, Edits: []diag.Edit{{Span: v.Name.Span, New: f.Replacement}}, Safe: true}}
			}
		} else {
			d.Message = fmt.Sprintf("`%s` is deprecated", f.Name)
		}
		if f.DeprecationNote != "" {
			d.Message += " (" + strings.TrimSuffix(lowerFirst(f.DeprecationNote), ".") + ")"
		}
		p.Report(d)
	}
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
