package ruleset

import (
	"strings"

	"github.com/wflint/wflint/schema"
)

// ExprParam says what the expression at a member path of a rule is for:
// path is in the API's names with map keys replaced by `*`
// (`action_parameters.headers.*.expression`). ok is false for a path the
// API schema does not define as an expression; a reader still lints such
// an expression, as a filter, and says so.
func ExprParam(path string) (role schema.Role, typ schema.Type, ok bool) {
	switch path {
	case "expression":
		return schema.RoleFilter, schema.Type{}, true
	case "ratelimit.counting_expression":
		return schema.RoleCounting, schema.Type{}, true
	}
	if strings.HasPrefix(path, "action_parameters.") || strings.HasPrefix(path, "exposed_credential_check.") {
		if p, found := exprParams[path]; found {
			return schema.RoleValue, p, true
		}
	}
	return schema.RoleFilter, schema.Type{}, false
}

// exprParams are the expression-valued parameters and the type each
// takes. Source: cloudflare/api-schemas (rulesets); to be completed there.
var exprParams = map[string]schema.Type{
	"action_parameters.uri.path.expression":              schema.TypeBytes,
	"action_parameters.uri.query.expression":             schema.TypeBytes,
	"action_parameters.headers.*.expression":             schema.TypeBytes,
	"action_parameters.from_value.target_url.expression": schema.TypeBytes,
	"exposed_credential_check.username_expression":       schema.TypeBytes,
	"exposed_credential_check.password_expression":       schema.TypeBytes,
}
