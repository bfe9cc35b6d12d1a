// Package ruleset models Cloudflare rulesets as people write them, in
// Terraform or as API JSON: a ruleset of a kind and a phase holding ordered
// rules, each with an action, its parameters and every expression it
// carries, each expression with its role (a filter, a value, a counting
// expression).
//
// The model is the API's shape whatever the source: package host reads the
// Terraform provider's v4 block syntax, its v5 attribute syntax, the legacy
// Firewall Rules resources and the API's JSON shapes into it, with every
// position in the host file's byte coordinates. Checks of a ruleset as a
// whole (its phase, each rule's action and parameters, duplicate rules, and
// rules that can never run) read the model, never the host syntax, so one
// check serves every way of writing a rule.
package ruleset

import (
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// Ruleset is one ruleset: a cloudflare_ruleset resource, a ruleset object
// of the API, or the rules of a legacy Firewall Rules export.
type Ruleset struct {
	// Kind is the ruleset kind ("zone", "root", "custom", "managed"), ""
	// when the source does not say.
	Kind string
	// Phase is the phase the ruleset runs in
	// ("http_request_firewall_custom", …), "" when the source does not say
	// (then checks that depend on the phase stay silent).
	Phase string
	// Name is the ruleset's name, if any.
	Name string
	// Legacy marks Firewall Rules (cloudflare_firewall_rule and
	// cloudflare_filter, or their API exports): filters with the legacy
	// actions and no phase.
	Legacy bool
	// Where names the ruleset in messages: `cloudflare_ruleset.waf`,
	// `result`, `[2]`; "" for a document that is the ruleset.
	Where string
	// Span covers the ruleset in the host file; PhaseSpan and KindSpan the
	// values of those members (empty when absent).
	Span, PhaseSpan, KindSpan diag.Span
	// Rules are the rules in evaluation order.
	Rules []*Rule
	// Partial marks a ruleset some of whose rules are only known when
	// Terraform runs (a dynamic block, a for expression, a reference):
	// Rules holds those that are written out, and a check that needs every
	// rule, or each rule's true position, must stay silent.
	Partial bool
}

// Rule is one rule of a ruleset.
type Rule struct {
	// Index is the rule's position in its ruleset, from 0.
	Index int
	// Where names the rule: `cloudflare_ruleset.waf.rules[0]`.
	Where string
	// Span covers the rule in the host file.
	Span diag.Span
	// Object is the rule as read, in the API's shape (v4 blocks and v5
	// attributes become the members the API has). Checks of actions and
	// parameters read it; nil members are absent.
	Object *Value
	// Exprs are every expression the rule carries, in file order: its
	// filter, its action parameters' value expressions, its rate limit's
	// counting expression.
	Exprs []*Expr
}

// Action returns the rule's action, "" when it has none (or one that is
// not a literal string).
func (r *Rule) Action() string { return r.Object.Get("action").String() }

// Enabled reports whether the rule runs: `enabled` defaults to true; a
// legacy Firewall Rule says `paused` instead.
func (r *Rule) Enabled() bool {
	if v := r.Object.Get("paused"); v != nil && v.Kind == Bool && v.Bool {
		return false
	}
	v := r.Object.Get("enabled")
	return v == nil || v.Kind != Bool || v.Bool
}

// Expr is one expression of a rule.
type Expr struct {
	// Role is what the expression is for.
	Role schema.Role
	// Type is the type a value must have (the parameter's); the zero Type
	// means any, and it is unused for conditions.
	Type schema.Type
	// Param is the member path of the expression within its rule, in the
	// API's names: `expression`, `action_parameters.uri.path.expression`,
	// `ratelimit.counting_expression`.
	Param string
	// Snippet is the index of the expression among the host file's
	// snippets (host.Extract), -1 when it is not linted (Terraform
	// interpolation, a non-literal value).
	Snippet int
	// Text is the decoded expression, "" when Snippet is -1.
	Text string
	// Where names the expression in host terms for messages:
	// `cloudflare_ruleset.r.rules[0].action_parameters[0].uri[0].path[0].expression`,
	// `result.rules[2].expression`.
	Where string
	// Span covers the expression's literal in the host file.
	Span diag.Span
}

// Kind is the kind of a Value.
type Kind uint8

// Value kinds. Unknown is a value whose content is only known when
// Terraform runs (a reference, a function call, an interpolation).
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
	Unknown
)

// Value is a JSON-like value with its place in the host file.
type Value struct {
	Kind Kind
	// Str is a string's decoded text, or a number's literal text.
	Str  string
	Bool bool
	// Members are an object's members in source order.
	Members []Member
	// Elems are an array's elements.
	Elems []*Value
	// Span covers the value in the host file.
	Span diag.Span
}

// Member is one member of an object.
type Member struct {
	Key     string
	KeySpan diag.Span
	Value   *Value
}

// Get follows a path of member names and returns the value there, or nil.
// A nil Value has no members, so Get chains safely.
func (v *Value) Get(path ...string) *Value {
	for _, k := range path {
		if v == nil || v.Kind != Object {
			return nil
		}
		var next *Value
		for i := range v.Members {
			if v.Members[i].Key == k {
				next = v.Members[i].Value
				break
			}
		}
		v = next
	}
	return v
}

// Member returns the member named key, or nil.
func (v *Value) Member(key string) *Member {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := range v.Members {
		if v.Members[i].Key == key {
			return &v.Members[i]
		}
	}
	return nil
}

// String returns a string value's text, "" for any other value.
func (v *Value) String() string {
	if v == nil || v.Kind != String {
		return ""
	}
	return v.Str
}
