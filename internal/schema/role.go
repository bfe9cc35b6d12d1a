package schema

import "fmt"

// Role is what an expression is for in a rule. The same text means
// different things in different places: `http.request.uri.path` is a
// condition's operand in a filter but the whole of a URL-rewrite value, and
// a rate limit's counting expression may read the response while the rule's
// own filter may not.
type Role uint8

// Roles. The zero Role is a filter, so every caller that knows nothing of
// rulesets (a bare expression, a feedback report) keeps today's behaviour.
const (
	// RoleFilter is a rule's `expression`: a condition (Bool).
	RoleFilter Role = iota
	// RoleValue is an expression-valued action parameter (a rewritten
	// path or query, a header value, a dynamic redirect target, …): one
	// value of the type the parameter takes, never a condition.
	RoleValue
	// RoleCounting is a rate limit's `counting_expression`: a condition
	// evaluated when the response is known, so it may read response
	// fields even in a request phase.
	RoleCounting
)

// String names the role as wflint's messages and hover write it.
func (r Role) String() string {
	switch r {
	case RoleValue:
		return "value"
	case RoleCounting:
		return "counting expression"
	}
	return "filter"
}

// Condition reports whether an expression in this role must be a
// condition (Bool).
func (r Role) Condition() bool { return r != RoleValue }

// roleNames are the catalog's spellings of the roles, by Role.
var roleNames = [...]string{RoleFilter: "filter", RoleValue: "value", RoleCounting: "counting"}

// ParseRole parses the catalog spelling of a role: filter, value or
// counting.
func ParseRole(s string) (Role, error) {
	for i, n := range roleNames {
		if n == s {
			return Role(i), nil
		}
	}
	return 0, fmt.Errorf("unknown role %q (want filter, value or counting)", s)
}
