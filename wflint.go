package wflint

import (
	"fmt"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/workspace"
)

// Profile is the set of fields, functions and lists an expression is
// checked against. The zero Profile is Rules.
type Profile int

// Profiles.
const (
	// Rules is the whole Rules language: every field, function and
	// managed list of Cloudflare's catalog, for WAF, Transform and other
	// rules. Lists of the account ($name) are accepted.
	Rules Profile = iota
	// Feedback is what a Bot Management feedback report's expression may
	// use: the eight fields its documentation lists. A Rules field beyond
	// them is a warning, a field Rules does not have an error.
	Feedback
)

// String returns "rules" or "feedback", the names the wflint command
// takes (--profile).
func (p Profile) String() string {
	switch p {
	case Rules:
		return schema.ProfileRules
	case Feedback:
		return schema.ProfileFeedback
	}
	return fmt.Sprintf("Profile(%d)", int(p))
}

// schema returns the profile's schema, or nil for a value that is no
// profile.
func (p Profile) schema() *schema.Schema {
	switch p {
	case Rules:
		return schema.Rules()
	case Feedback:
		return schema.Feedback()
	}
	return nil
}

// Role is what an expression is for in a rule, as a ruleset's
// expressions each have one: the same text is checked differently as a
// condition and as a value. The zero Role is Filter.
type Role int

// Roles.
const (
	// Filter is a rule's expression: a condition that decides whether
	// the rule runs.
	Filter Role = iota
	// Value is an expression-valued action parameter (a rewritten path
	// or header value, a redirect target): one field or function call,
	// of any type.
	Value
	// Counting is a rate limit's counting expression: a condition that
	// may also read response fields.
	Counting
)

// String returns "filter", "value" or "counting", the catalog's names of
// the roles.
func (r Role) String() string {
	switch r {
	case Filter:
		return "filter"
	case Value:
		return "value"
	case Counting:
		return "counting"
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// role returns the analyzer's role, and false for a value that is no
// role.
func (r Role) role() (schema.Role, bool) {
	switch r {
	case Filter:
		return schema.RoleFilter, true
	case Value:
		return schema.RoleValue, true
	case Counting:
		return schema.RoleCounting, true
	}
	return 0, false
}

// Options say what an expression is checked as. The zero Options (or
// nil) check it under Rules as a rule's filter in no particular phase.
type Options struct {
	// Profile is the fields, functions and lists the expression may use.
	Profile Profile
	// Role is what the expression is for: a filter (the zero Role), a
	// value or a rate limit's counting expression.
	Role Role
	// Phase is the ruleset phase the expression's rule runs in
	// ("http_request_firewall_custom"), which decides the fields and
	// functions available (response fields only in response phases, …).
	// "" or a phase wflint does not know checks it in no particular
	// phase, as an expression on its own.
	Phase string
}

// exprName is what findings about an expression on its own are named, as
// the wflint command names an expression given with -e.
const exprName = "<expr>"

// CheckExpression checks expr in opts.Role (a rule's filter, a
// condition, by default) under opts (nil means the zero Options: Rules,
// a filter, no phase). The findings are
// named "<expr>" and placed in expr. It never fails: an expression
// wflint cannot read is an error finding that says why.
func CheckExpression(expr string, opts *Options) Findings {
	var o Options
	if opts != nil {
		o = *opts
	}
	sch := o.Profile.schema()
	if sch == nil {
		return Findings{{Name: exprName, Rule: workspace.RuleConfig, Severity: Error, Start: Position{Line: 1, Column: 1}, End: Position{Line: 1, Column: 1},
			Message: fmt.Sprintf("unknown profile %s: use wflint.Rules or wflint.Feedback", o.Profile)}}
	}
	role, ok := o.Role.role()
	if !ok {
		return Findings{{Name: exprName, Rule: workspace.RuleConfig, Severity: Error, Start: Position{Line: 1, Column: 1}, End: Position{Line: 1, Column: 1},
			Message: fmt.Sprintf("unknown role %s: use wflint.Filter, wflint.Value or wflint.Counting", o.Role)}}
	}
	res := analyzer.Analyze(expr, analyzer.Options{Schema: sch, Phase: o.Phase, Role: role})
	return findings(exprName, expr, res.Diagnostics)
}

// CheckFile checks a file as the wflint command does: name's extension
// says what src holds, and the file what each expression in it is. A
// ruleset, as Terraform (.tf, .tfvars, .hcl: cloudflare_ruleset in the
// provider's v4 or v5 syntax, cloudflare_filter and
// cloudflare_firewall_rule) or as the API's JSON (.json: a ruleset, a
// list of rulesets or rules, the GET envelope), is checked as a whole
// (actions, parameters, duplicate and shadowed rules) and each expression
// in its role and phase under Rules; a feedback report (.json) is
// validated by ValidateReport; a .wf file is one expression (under
// Feedback unless its `# wflint:` directives make it a rule's), a .jsonl
// file one a line. `# wflint:ignore` comments in src silence what they
// name.
//
// The findings are named name and placed in src. err is set only when
// name's extension is none of these: what src holds, however broken, is
// findings.
func CheckFile(name string, src []byte) (Findings, error) {
	if host.KindOf(name) == host.Unknown {
		return nil, fmt.Errorf("%s: wflint reads .tf, .tfvars, .hcl, .json, .jsonl and .wf files", name)
	}
	// No Path: the default configuration, no .wflint.yaml looked for.
	f := workspace.New(workspace.Settings{}).Lint(workspace.Source{Name: name, Text: src, Named: true})
	if f.Err != nil {
		return nil, f.Err
	}
	if f.Content == host.ContentReport {
		// The workspace leaves out the cross-check of the scores
		// against the expression; a report is checked whole here.
		return ValidateReport(name, src), nil
	}
	return findings(name, f.Text, f.Diagnostics), nil
}

// Format returns expr in canonical form, as `wflint fmt` writes a .wf
// file: single spaces around operators, `f(a, b)` calls, `{a b}` sets,
// lines broken before top-level `and`, `or` and `xor` past 100
// characters. Literals and notation (`eq` or `==`) stay as written, so
// formatting never changes what the expression matches. An expression
// with syntax errors comes back unchanged, with them as the error (a
// Findings).
func Format(expr string) (string, error) {
	out, errs := grammar.FormatString(expr, grammar.PrintOptions{})
	if len(errs) > 0 {
		return expr, findings(exprName, expr, errs)
	}
	return out, nil
}
