package ruleset

import "sort"

// Termination says whether the rules after a matching rule still run.
type Termination uint8

// Terminations.
const (
	// TerminationUnknown: Cloudflare's documentation does not say (an
	// action it does not describe, or an unknown one). Checks built on
	// termination stay silent.
	TerminationUnknown Termination = iota
	// Continues: evaluation goes on with the next rule (srcActions:
	// "Terminating action? No").
	Continues
	// Terminates: no later rule, in this phase or any later one, runs for
	// the request (srcActions: "Terminating action? Yes").
	Terminates
	// TerminatesUnlessPassed: a challenge. srcActions lists it as
	// terminating, and it is for a visitor who has not passed it; for one
	// who has, "Cloudflare accepts the matched request", and the
	// documentation does not say whether later rules then run. A check
	// proving a later rule can never run must not rely on it.
	TerminatesUnlessPassed
	// SkipsRuleset: a skip rule with `ruleset: "current"` (or the
	// deprecated `phase: "current"`): the remaining rules of this ruleset
	// do not run, later phases do (srcActions: "Skip all remaining rules
	// in the current ruleset").
	SkipsRuleset
)

// String names a termination for messages and tests.
func (t Termination) String() string {
	switch t {
	case Continues:
		return "continues"
	case Terminates:
		return "terminates"
	case TerminatesUnlessPassed:
		return "terminates unless passed"
	case SkipsRuleset:
		return "skips the rest of the ruleset"
	}
	return "unknown"
}

// Termination says whether the rules after this one still run when it
// matches. A skip rule's answer depends on its parameters: skipping other
// rulesets, phases or products lets the rest of this ruleset run.
func (r *Rule) Termination() Termination {
	if r == nil || r.Object == nil {
		return TerminationUnknown
	}
	name := r.Action()
	a, ok := actions[name]
	if !ok {
		return TerminationUnknown
	}
	if name != "skip" {
		return a.termination
	}
	ap := r.Object.Get("action_parameters")
	if ap == nil || ap.Kind != Object {
		return TerminationUnknown
	}
	for _, m := range ap.Members {
		if m.Value.Kind == Unknown {
			return TerminationUnknown
		}
	}
	if ap.Get("ruleset").String() == "current" || ap.Get("phase").String() == "current" {
		return SkipsRuleset
	}
	return Continues
}

// action is what the API schema and the documentation say of one action.
type action struct {
	// termination: srcActions' "Terminating action?" column.
	termination Termination
	// phases, when not nil, are the only phases the action is available
	// in (srcActions: "Only available in …", with the phases srcPhases
	// gives those products). nil: the action serves several products and
	// wflint does not close its list.
	phases []string
	// phasesSource cites phases; "" means srcActions.
	phasesSource string
	// params are the members of the action's action_parameters
	// (rulesets_<Action>Rule in srcAPI); nil when the schema leaves them
	// open (ddos_dynamic, force_connection_close: `action_parameters:
	// {}` of any shape), so wflint does not check them.
	params *param
	// needsParams: a rule with this action and no action_parameters does
	// nothing Cloudflare accepts (the schema requires a member of them).
	needsParams bool
}

// actions are the actions of the Rulesets API: the `action` enum of
// rulesets_RuleAction (srcAPI, Terraform v5's action validator). An
// action outside it gets an info, never an error: Cloudflare adds
// actions. Parameters not listed for an action are, with another action,
// misplaced (a warning) and with none, unknown (an info).
var actions = map[string]*action{
	// srcActions: Block, terminating. srcAPI: rulesets_BlockRule; the
	// response's status code "must be between 400 and 499" (also
	// srcRateLimit).
	"block": {termination: Terminates, params: obj("action_parameters",
		obj("response",
			req(str("content")),
			req(str("content_type")),
			req(between(num("status_code"), 400, 499))))},
	// srcActions: the three challenges are terminating (see
	// TerminatesUnlessPassed). srcAPI: no action parameters.
	"challenge":         {termination: TerminatesUnlessPassed, params: obj("action_parameters")},
	"js_challenge":      {termination: TerminatesUnlessPassed, params: obj("action_parameters")},
	"managed_challenge": {termination: TerminatesUnlessPassed, params: obj("action_parameters")},
	// srcActions: Log, not terminating. srcAPI: no action parameters.
	"log": {termination: Continues, params: obj("action_parameters")},
	// srcActions: Skip, not terminating but may skip rules (see
	// Rule.Termination). srcAPI rulesets_SkipRule: "ruleset" (enum
	// "current") "is incompatible with the rulesets, rules and phases
	// options"; "rulesets" with "ruleset and phases"; products and
	// phases are enums; "phase" (enum "current") is the deprecated form.
	"skip": {termination: Continues, params: skipParams()},
	// srcActions: Execute, not terminating. srcAPI rulesets_ExecuteRule:
	// action_parameters.id is required.
	"execute": {termination: Continues, needsParams: true, params: obj("action_parameters",
		req(str("id")),
		obj("matched_data", req(str("public_key"))),
		opened(obj("overrides",
			oneOf(str("sensitivity_level"), "default", "medium", "low", "eoff"),
			arr("categories", opened(obj("", req(str("category")),
				oneOf(str("sensitivity_level"), "default", "medium", "low", "eoff")))),
			arr("rules", opened(obj("", req(str("id")),
				oneOf(str("sensitivity_level"), "default", "medium", "low", "eoff")))))))},
	// srcActions: Rewrite, not terminating, only in the three Transform
	// Rules phases and (exposed-credential checks) in
	// http_request_firewall_custom. srcAPI rulesets_RewriteRule: headers
	// are oneOf remove / static (value) / dynamic (expression); uri is
	// oneOf {path required} / {query required}, each oneOf value /
	// expression.
	"rewrite": {termination: Continues, needsParams: true,
		phases: []string{"http_request_transform", "http_request_late_transform", "http_response_headers_transform", "http_request_firewall_custom"},
		params: with(obj("action_parameters",
			dict("headers", headerParam()),
			with(obj("uri",
				uriPart("path"),
				uriPart("query"),
				// Terraform v4's uri.origin, deprecated; still read.
				flag("origin")),
				needOne("path", "query"))),
			needOneInferred("headers", "uri"))},
	// srcActions: Redirect, terminating, only for Single Redirects and
	// Bulk Redirects. srcAPI rulesets_RedirectRule: from_value.status_code
	// is an enum, target_url is required and oneOf value / expression;
	// from_list.key and name are required; Terraform v5 makes from_list
	// and from_value conflict.
	"redirect": {termination: Terminates, needsParams: true,
		phases: []string{"http_request_dynamic_redirect", "http_request_redirect"},
		params: with(obj("action_parameters",
			obj("from_list", req(str("key")), req(str("name"))),
			obj("from_value",
				flag("preserve_query_string"),
				oneOf(num("status_code"), "301", "302", "303", "307", "308"),
				req(with(obj("target_url", str("value"), str("expression")),
					exclusive("value", "expression"), needOne("value", "expression"))))),
			exclusive("from_list", "from_value"), needOneInferred("from_value", "from_list"))},
	// srcActions: Route, not terminating, only for Origin Rules. srcAPI
	// rulesets_RouteRule: sni.value is required; origin.port is 1–65535
	// and origin needs host or port (Terraform v5).
	"route": {termination: Continues, needsParams: true,
		phases: []string{"http_request_origin"},
		params: with(obj("action_parameters",
			str("host_header"),
			with(obj("origin", str("host"), between(num("port"), 1, 65535)), needOne("host", "port")),
			obj("sni", req(str("value")))),
			needOneInferred("host_header", "origin", "sni"))},
	// srcActions: Set Configuration, not terminating, only for
	// Configuration Rules. srcAPI rulesets_SetConfigRule: the enums below;
	// disable_apps, disable_rum, disable_zaraz and disable_pay_per_crawl
	// take only true.
	"set_config": {termination: Continues,
		phases: []string{"http_config_settings"},
		params: obj("action_parameters",
			flag("automatic_https_rewrites"),
			obj("autominify", flag("css"), flag("html"), flag("js")),
			flag("bic"),
			flag("content_converter"),
			oneOf(flag("disable_apps"), "true"),
			oneOf(flag("disable_pay_per_crawl"), "true"),
			oneOf(flag("disable_rum"), "true"),
			oneOf(flag("disable_zaraz"), "true"),
			flag("email_obfuscation"),
			flag("fonts"),
			flag("hotlink_protection"),
			flag("mirage"),
			flag("opportunistic_encryption"),
			oneOf(str("polish"), "off", "lossless", "lossy", "webp"),
			flag("redirects_for_ai_training"),
			oneOf(str("request_body_buffering"), "none", "standard", "full"),
			oneOf(str("response_body_buffering"), "none", "standard"),
			flag("rocket_loader"),
			oneOf(str("security_level"), "off", "essentially_off", "low", "medium", "high", "under_attack"),
			flag("server_side_excludes"),
			oneOf(str("ssl"), "off", "flexible", "full", "strict", "origin_pull"),
			flag("sxg"))},
	// srcActions: Compress Response, not terminating, only for
	// Compression Rules. srcAPI rulesets_ResponseCompressionRule:
	// algorithms is required.
	"compress_response": {termination: Continues, needsParams: true,
		phases: []string{"http_response_compression"},
		params: obj("action_parameters",
			req(arr("algorithms", obj("", oneOf(str("name"), "none", "auto", "default", "gzip", "brotli", "zstd")))))},
	// srcActions: Set Cache Settings, not terminating, for Cache Rules;
	// srcCacheResponse: also in http_response_cache_settings (strip_*).
	// srcAPI rulesets_SetCacheSettingsRule: the modes are enums and
	// required; read_timeout is 100–6000 (Terraform v5).
	"set_cache_settings": {termination: Continues,
		phases:       []string{"http_request_cache_settings", "http_response_cache_settings"},
		phasesSource: srcActions + "; " + srcCacheResponse,
		params: obj("action_parameters",
			arr("additional_cacheable_ports", between(num(""), 1, 65535)),
			obj("browser_ttl",
				req(oneOf(str("mode"), "respect_origin", "bypass_by_default", "override_origin", "bypass")),
				atLeast(num("default"), 0)),
			flag("cache"),
			opened(obj("cache_key",
				opened(obj("custom_key",
					with(obj("query_string", queryStringPart("include"), queryStringPart("exclude")),
						exclusive("include", "exclude")))))),
			obj("cache_reserve", req(flag("eligible")), atLeast(num("minimum_file_size"), 0)),
			edgeTTL(),
			flag("origin_cache_control"),
			flag("origin_error_page_passthru"),
			between(num("read_timeout"), 100, 6000),
			flag("respect_strong_etags"),
			obj("serve_stale", flag("disable_stale_while_updating")),
			flag("strip_etags"),
			flag("strip_last_modified"),
			flag("strip_set_cookie"),
			opened(obj("vary", req(obj("default", req(oneOf(str("action"), "bypass", "passthrough", "normalize")))))),
			// Listed by Cloudflare's Cache Rules settings, not yet by the
			// schema copies wflint read.
			anyp("shared_dictionary"))},
	// srcCacheResponse: Cache Response Rules. srcAPI (Terraform v5):
	// each directive's operation is required, set or remove; values and
	// qualifiers go with set.
	"set_cache_control": {phases: []string{"http_response_cache_settings"}, phasesSource: srcCacheResponse,
		params: obj("action_parameters",
			cacheDirective("max_age", "value"),
			cacheDirective("s_maxage", "value"),
			cacheDirective("stale_while_revalidate", "value"),
			cacheDirective("stale_if_error", "value"),
			cacheDirective("private", "qualifiers"),
			cacheDirective("no_cache", "qualifiers"),
			cacheDirective("must_revalidate", ""),
			cacheDirective("proxy_revalidate", ""),
			cacheDirective("must_understand", ""),
			cacheDirective("no_transform", ""),
			cacheDirective("immutable", ""),
			cacheDirective("no_store", ""),
			cacheDirective("public", ""))},
	// srcCacheResponse. srcAPI (Terraform v5): operation is set, add or
	// remove; values and expression conflict.
	"set_cache_tags": {phases: []string{"http_response_cache_settings"}, phasesSource: srcCacheResponse,
		params: with(obj("action_parameters",
			oneOf(str("operation"), "set", "add", "remove"),
			arr("values", str("")),
			str("expression")),
			exclusive("values", "expression"))},
	// srcActions: Serve Error, terminating, only for Custom Error Rules.
	// srcAPI rulesets_ServeErrorRule: oneOf {content required} /
	// {asset_name required}; content_type enum; status_code 400–999.
	"serve_error": {termination: Terminates, needsParams: true,
		phases: []string{"http_custom_errors"},
		params: with(obj("action_parameters",
			str("asset_name"),
			str("content"),
			oneOf(str("content_type"), "application/json", "text/html", "text/plain", "text/xml"),
			between(num("status_code"), 400, 999)),
			exclusive("content", "asset_name"), needOne("content", "asset_name"))},
	// srcActions: Log custom field, terminating ("Yes"), only for Logpush
	// custom fields. srcAPI rulesets_LogCustomFieldRule: each field's
	// name is required. The provider v4 writes the fields as plain names.
	"log_custom_field": {termination: Terminates,
		phases: []string{"http_log_custom_fields"},
		params: obj("action_parameters",
			arr("cookie_fields", logField(false)),
			arr("raw_response_fields", logField(true)),
			arr("request_fields", logField(false)),
			arr("response_fields", logField(true)),
			arr("transformed_request_fields", logField(false)))},
	// srcAPI rulesets_ScoreRule: increment is required. srcActions does
	// not describe it.
	"score": {needsParams: true, params: obj("action_parameters", req(num("increment")))},
	// srcAPI: action_parameters of any shape; srcActions does not
	// describe them.
	"ddos_dynamic":           {},
	"force_connection_close": {},
}

// actionNames are the names of actions, sorted, for a stable search.
var actionNames = func() []string {
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// phaseSource cites the action's phases.
func (a *action) phaseSource() string {
	if a.phasesSource == "" {
		return srcActions
	}
	return a.phasesSource
}

// legacyActions are the actions of Firewall Rules (deprecated), from
// developers.cloudflare.com/firewall/cf-firewall-rules/actions/. allow
// and bypass exist only there: the Rulesets API rejects them ("unknown
// variant for action: allow", terraform-provider-cloudflare issue 2531).
var legacyActions = []string{"block", "challenge", "js_challenge", "managed_challenge", "allow", "log", "bypass"}

// KnownAction reports whether name is an action of the Rulesets API
// schema.
func KnownAction(name string) bool {
	_, ok := actions[name]
	return ok
}

// headerParam is one header of a rewrite: srcAPI's oneOf remove /
// add or set with a static value / add or set with an expression.
func headerParam() *param {
	p := obj("", req(oneOf(str("operation"), "add", "set", "remove")), str("value"), str("expression"))
	p.check = checkHeader
	return p
}

// uriPart is a rewrite's path or query: srcAPI's oneOf value / expression.
func uriPart(name string) *param {
	return with(obj(name, str("value"), str("expression")),
		exclusive("value", "expression"), needOne("value", "expression"))
}

// edgeTTL is set_cache_settings' edge_ttl. The EdgeTTLValidator of
// terraform-provider-cloudflare v4.52.8 (rulesets/validators.go) also
// wants a default with mode override_origin; the schema does not, and a
// status_code_ttl list may stand for it, so wflint does not say so.
func edgeTTL() *param {
	return obj("edge_ttl",
		req(oneOf(str("mode"), "respect_origin", "bypass_by_default", "override_origin")),
		atLeast(num("default"), 0),
		arr("status_code_ttl", with(obj("",
			obj("status_code_range", between(num("from"), 100, 999), between(num("to"), 100, 999)),
			between(num("status_code"), 100, 999),
			req(num("value"))),
			exclusive("status_code", "status_code_range"), needOne("status_code", "status_code_range"))))
}

// queryStringPart is a cache key's query_string include or exclude:
// a list of parameters or all of them (srcAPI, Terraform v5: list
// ExactlyOneOf all, all only true).
func queryStringPart(name string) *param {
	return with(obj(name, arr("list", str("")), oneOf(flag("all"), "true")),
		exclusive("list", "all"), needOne("list", "all"))
}

// logField is a field of log_custom_field: {name} or, as the provider v4
// writes it, the name alone.
func logField(duplicates bool) *param {
	p := obj("", req(str("name")))
	if duplicates {
		p.members = append(p.members, flag("preserve_duplicates"))
	}
	p.orString = true
	return p
}

// skipParams are a skip rule's parameters (see actions["skip"]).
func skipParams() *param {
	p := with(obj("action_parameters",
		oneOf(str("phase"), "current"),
		arr("phases", str("")),
		arr("products", oneOf(str(""), "bic", "hot", "rateLimit", "securityLevel", "uaBlock", "waf", "zoneLockdown")),
		dict("rules", arr("", str(""))),
		oneOf(str("ruleset"), "current"),
		arr("rulesets", str(""))),
		exclusive("ruleset", "rulesets"), exclusive("ruleset", "rules"), exclusive("ruleset", "phases"),
		exclusive("rulesets", "phases"))
	p.check = checkSkipPhases
	return p
}

// cacheDirective is one directive of set_cache_control; arg is the member
// that goes with operation set ("value" or "qualifiers"), "" for none.
func cacheDirective(name, arg string) *param {
	p := obj(name, req(oneOf(str("operation"), "set", "remove")), flag("cloudflare_only"))
	switch arg {
	case "value":
		p.members = append(p.members, num("value"))
	case "qualifiers":
		p.members = append(p.members, arr("qualifiers", str("")))
	}
	return p
}

// ruleParams are the members of a rule itself (srcAPI rulesets_Rule), but
// for action and action_parameters, which the checker reads by action.
var ruleParams = obj("",
	str("id"),
	str("ref"),
	str("description"),
	flag("enabled"),
	str("expression"),
	opened(obj("logging", req(flag("enabled")))),
	// Read-only members an exported ruleset carries.
	str("version"),
	str("last_updated"),
	anyp("categories"),
	// srcAPI: characteristics and period are required; srcRateLimit: the
	// API values of period and mitigation_timeout, and requests_per_period
	// at least 1 (Terraform v5).
	ratelimitParam(),
	obj("exposed_credential_check", req(str("username_expression")), req(str("password_expression"))),
)

func ratelimitParam() *param {
	const docs = srcRateLimit
	p := with(obj("ratelimit",
		req(arr("characteristics", str(""))),
		req(oneOf(num("period"), "10", "60", "120", "300", "600", "3600")),
		str("counting_expression"),
		oneOf(num("mitigation_timeout"), "0", "10", "60", "120", "300", "600", "3600", "86400"),
		atLeast(num("requests_per_period"), 1),
		flag("requests_to_origin"),
		num("score_per_period"),
		str("score_response_header_name")),
		// srcRateLimit: a request-based rule counts requests_per_period, a
		// complexity-based one score_per_period; with neither it never
		// triggers.
		needOneInferred("requests_per_period", "score_per_period"))
	p.member("period").enumWhat = docs
	p.member("mitigation_timeout").enumWhat = docs
	p.check = checkRatelimit
	return p
}
