package ruleset

import (
	"strings"

	"github.com/wflint/wflint/internal/schema"
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
	case "filter.expression":
		// A legacy Firewall Rules rule (`GET /zones/{id}/firewall/rules`)
		// carries its filter inline.
		return schema.RoleFilter, schema.Type{}, true
	case "ratelimit.counting_expression":
		return schema.RoleCounting, schema.Type{}, true
	}
	if strings.HasPrefix(path, "action_parameters.") || strings.HasPrefix(path, "exposed_credential_check.") {
		if p, found := exprParams[path]; found {
			return schema.RoleValue, p.typ, true
		}
	}
	return schema.RoleFilter, schema.Type{}, false
}

// exprParam is one expression-valued parameter: the type its value must
// have (the zero Type: any) and where the schema says so.
type exprParam struct {
	typ schema.Type
	// source quotes the member's description in Cloudflare's OpenAPI
	// schema (cloudflare/api-schemas openapi.json, as generated into
	// terraform-provider-cloudflare v5.22.0
	// internal/services/ruleset/schema.go).
	source string
}

// exprParams are every expression-valued action parameter of the Rulesets
// API: the members of string type whose schema description calls them an
// expression. Every one but the cache tags' is a string the action puts
// into the request or response (a path, a query, a header value, a URL, a
// list key, a credential), so its value must be Bytes.
var exprParams = map[string]exprParam{
	// rewrite (Transform Rules)
	"action_parameters.uri.path.expression":  {schema.TypeBytes, "An expression that evaluates to a value to rewrite the URI path to."},
	"action_parameters.uri.query.expression": {schema.TypeBytes, "An expression that evaluates to a value to rewrite the URI query to."},
	"action_parameters.headers.*.expression": {schema.TypeBytes, "An expression that evaluates to a value for the header."},
	// redirect (Single Redirects)
	"action_parameters.from_value.target_url.expression": {schema.TypeBytes, "An expression that evaluates to a URL to redirect the request to."},
	// redirect (Bulk Redirects): http.request.full_uri in Cloudflare's
	// examples.
	"action_parameters.from_list.key": {schema.TypeBytes, "An expression that evaluates to the list lookup key."},
	// set_cache_tags (Cache Response Rules): Cloudflare's own example
	// returns an array
	// (split(http.response.headers["cache-tag-ext"][0], ",", 1)); the
	// schema does not say whether one tag is accepted too, so any type.
	"action_parameters.expression": {schema.Type{}, "An expression to generate cache tags for set_cache_tags action."},
	// Any rule (WAF exposed-credentials checks).
	"exposed_credential_check.username_expression": {schema.TypeBytes, "An expression that selects the user ID used in the credentials check."},
	"exposed_credential_check.password_expression": {schema.TypeBytes, "An expression that selects the password used in the credentials check."},
}
