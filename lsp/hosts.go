package lsp

import (
	"encoding/json"
	"github.com/wflint/wflint/diag"
	"strings"

	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/host"
)

// hostRegions finds the expressions of a Terraform or JSON document with
// the shared host package, which maps every decoded byte back to the file.
// Host syntax errors are left out: terraform-ls (which wfls runs beside)
// and the report validator already report them.
func hostRegions(path, text string) ([]*region, []hostProblem) {
	snips, probs := host.Extract(path, []byte(text))
	var out []*region
	for i := range snips {
		sn := &snips[i]
		offs := make([]int, len(sn.Text)+1)
		for k := range offs {
			offs[k] = sn.HostOffset(k)
		}
		r := &region{Text: sn.Text, offs: offs, profile: sn.Profile, Name: sn.Where,
			Host: diag.Span{Start: diag.Pos(sn.Start), End: diag.Pos(sn.End)}}
		switch sn.Encoding {
		case host.HCLQuoted:
			r.encode = escapeHCL
			r.Host = diag.Span{Start: diag.Pos(max(0, sn.Start-1)), End: diag.Pos(min(len(text), sn.End+1))}
		case host.JSONString:
			r.encode = escapeJSON
			r.Host = diag.Span{Start: diag.Pos(max(0, sn.Start-1)), End: diag.Pos(min(len(text), sn.End+1))}
		case host.HCLHeredoc:
			indent := sn.Indent
			r.encode = func(s string) string {
				s = strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s)
				return strings.ReplaceAll(s, "\n", "\n"+indent)
			}
		}
		out = append(out, r)
	}
	var hp []hostProblem
	for _, p := range probs {
		if p.Code == host.CodeSyntax {
			continue
		}
		hp = append(hp, hostProblem{Span: diag.Span{Start: diag.Pos(p.Start), End: diag.Pos(p.End)},
			Severity: p.Severity, Code: p.Code, Message: p.Message})
	}
	return out, hp
}

// isReport reports whether a JSON document is a feedback report (an object
// with a top-level "expression"), as opposed to, say, a ruleset export.
func isReport(text string) bool {
	_, ok := feedback.ValidateJSON([]byte(text), feedback.WithoutExpressionCheck()).Spans["/expression"]
	return ok
}

// escapeHCL writes s as the inside of an HCL quoted string.
func escapeHCL(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{").Replace(s)
}

// escapeJSON writes s as the inside of a JSON string.
func escapeJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}
