package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Layer is what the expressions of a phase read.
type Layer uint8

// Layers.
const (
	// LayerRequest phases run while Cloudflare handles a request, before
	// there is a response.
	LayerRequest Layer = iota + 1
	// LayerResponse phases run once the response is known.
	LayerResponse
	// LayerNetwork phases read packets, not HTTP requests.
	LayerNetwork
)

// String names the layer as the phases list does.
func (l Layer) String() string {
	switch l {
	case LayerRequest:
		return "request"
	case LayerResponse:
		return "response"
	case LayerNetwork:
		return "network"
	}
	return "unknown"
}

// Phase is one phase of the Ruleset Engine: what its expressions may read
// and which roles they may have. The table is Cloudflare's phases list
// (https://developers.cloudflare.com/ruleset-engine/reference/phases-list/);
// each row's Source is the page of the product that runs in the phase.
type Phase struct {
	// Name is the API's phase name, such as http_request_firewall_custom.
	Name string
	// Layer says whether the phase reads requests, responses or packets.
	Layer Layer
	// Product is the product or feature the phases list names for it.
	Product string
	// Scheme is the product whose fields the phase's expressions read
	// (ProductHTTPRules or ProductMagicFirewall), "" when wflint does not
	// know it well enough to check.
	Scheme string
	// Values: its rules carry value expressions (a rewritten path or
	// query, a header value, a redirect target, a credential to check).
	Values bool
	// Counting: its rules may carry a counting expression, which reads the
	// response (rate limiting rules).
	Counting bool
	// Source is the documentation page of the phase's product.
	Source string
}

// phasesList is the documentation page every phase name comes from.
const phasesList = "https://developers.cloudflare.com/ruleset-engine/reference/phases-list/"

// phases is the phase table, in the order the phases list gives them
// (network, request and response phases, each in execution order).
// Values and Counting follow the action parameters of each product's page
// and of the rulesets API (ruleset.ExprParam).
var phases = []*Phase{
	{Name: "ddos_l4", Layer: LayerNetwork, Product: "Network-layer DDoS Attack Protection",
		Source: "https://developers.cloudflare.com/ddos-protection/managed-rulesets/network/"},
	{Name: "magic_transit", Layer: LayerNetwork, Product: "Magic Firewall", Scheme: ProductMagicFirewall,
		Source: "https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/"},
	{Name: "magic_transit_managed", Layer: LayerNetwork, Product: "Magic Firewall managed rulesets", Scheme: ProductMagicFirewall,
		Source: "https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/"},
	{Name: "magic_transit_ratelimit", Layer: LayerNetwork, Product: "Magic Firewall rate limiting rules", Scheme: ProductMagicFirewall,
		Source: "https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/"},
	{Name: "magic_transit_ids_managed", Layer: LayerNetwork, Product: "Magic Firewall Intrusion Detection System", Scheme: ProductMagicFirewall,
		Source: "https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/"},

	{Name: "http_request_sanitize", Layer: LayerRequest, Product: "URL normalization", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/normalization/"},
	{Name: "http_request_dynamic_redirect", Layer: LayerRequest, Product: "Single Redirects", Scheme: ProductHTTPRules, Values: true,
		Source: "https://developers.cloudflare.com/rules/url-forwarding/single-redirects/settings/"},
	{Name: "http_request_transform", Layer: LayerRequest, Product: "URL Rewrite Rules", Scheme: ProductHTTPRules, Values: true,
		Source: "https://developers.cloudflare.com/rules/transform/url-rewrite/reference/fields-functions/"},
	{Name: "http_request_api_gateway_early", Layer: LayerRequest, Product: "API Shield", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/api-shield/"},
	{Name: "http_config_settings", Layer: LayerRequest, Product: "Configuration Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/configuration-rules/"},
	{Name: "http_request_origin", Layer: LayerRequest, Product: "Origin Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/origin-rules/"},
	{Name: "ddos_l7", Layer: LayerRequest, Product: "HTTP DDoS Attack Protection", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/ddos-protection/managed-rulesets/http/"},
	{Name: "http_request_firewall_custom", Layer: LayerRequest, Product: "Custom rules (WAF)", Scheme: ProductHTTPRules, Values: true,
		Source: "https://developers.cloudflare.com/waf/custom-rules/"},
	{Name: "http_ratelimit", Layer: LayerRequest, Product: "Rate limiting rules (WAF)", Scheme: ProductHTTPRules, Counting: true,
		Source: "https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/"},
	{Name: "http_request_api_gateway_late", Layer: LayerRequest, Product: "API Shield", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/api-shield/"},
	{Name: "http_request_firewall_managed", Layer: LayerRequest, Product: "WAF Managed Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/waf/managed-rules/"},
	{Name: "http_request_sbfm", Layer: LayerRequest, Product: "Super Bot Fight Mode", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/bots/get-started/super-bot-fight-mode/"},
	{Name: "http_request_redirect", Layer: LayerRequest, Product: "Bulk Redirects", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/url-forwarding/bulk-redirects/"},
	{Name: "http_request_late_transform", Layer: LayerRequest, Product: "Request Header Transform Rules", Scheme: ProductHTTPRules, Values: true,
		Source: "https://developers.cloudflare.com/rules/transform/request-header-modification/reference/fields-functions/"},
	{Name: "http_request_cache_settings", Layer: LayerRequest, Product: "Cache Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/cache/how-to/cache-rules/"},
	{Name: "http_request_snippets", Layer: LayerRequest, Product: "Snippets", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/snippets/"},
	{Name: "http_request_cloud_connector", Layer: LayerRequest, Product: "Cloud Connector", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/cloud-connector/"},

	{Name: "http_custom_errors", Layer: LayerResponse, Product: "Custom Errors", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/custom-errors/"},
	{Name: "http_response_headers_transform", Layer: LayerResponse, Product: "Response Header Transform Rules", Scheme: ProductHTTPRules, Values: true,
		Source: "https://developers.cloudflare.com/rules/transform/response-header-modification/reference/fields-functions/"},
	{Name: "http_response_cache_settings", Layer: LayerResponse, Product: "Cache Response Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/cache/how-to/cache-response-rules/"},
	{Name: "http_response_compression", Layer: LayerResponse, Product: "Compression Rules", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/rules/compression-rules/"},
	{Name: "http_response_firewall_managed", Layer: LayerResponse, Product: "Sensitive Data Detection", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/waf/managed-rules/"},
	{Name: "http_log_custom_fields", Layer: LayerResponse, Product: "Logpush custom fields", Scheme: ProductHTTPRules,
		Source: "https://developers.cloudflare.com/logs/logpush/logpush-job/custom-fields/"},
}

var phaseIndex = func() map[string]*Phase {
	m := make(map[string]*Phase, len(phases))
	for _, p := range phases {
		m[p.Name] = p
	}
	return m
}()

// LookupPhase returns the phase with the given API name. ok is false for
// a name the table does not have (a phase Cloudflare added later, or a
// misspelling): checks that depend on the phase then stay silent.
func LookupPhase(name string) (*Phase, bool) {
	p, ok := phaseIndex[name]
	return p, ok
}

// Phases returns the phase table in the order of Cloudflare's phases list.
// The slice is shared: do not modify it.
func Phases() []*Phase { return phases }

// ReadsResponse reports whether an expression of role r in this phase
// runs when the response is known: in a response phase, and in a rate
// limit's counting expression ("The counting expression can include HTTP
// response fields", the rate limiting parameters page).
func (p *Phase) ReadsResponse(r Role) bool {
	return p.Layer == LayerResponse || (p.Counting && r == RoleCounting)
}

// FieldUnavailable says why an expression of role r in this phase cannot
// read f, or "" when it can or wflint cannot tell. The sentence names
// where it comes from: a page of Cloudflare's documentation, or, when
// inferred is true, "wflint infers" and the facts it infers from.
func (p *Phase) FieldUnavailable(f *Field, r Role) (why string, inferred bool) {
	// The constants true and false are the product scheme's, whatever
	// its fields: wflint does not know whether Magic Firewall has them.
	if p.Scheme == ProductMagicFirewall && !f.InProduct(ProductMagicFirewall) && !f.Pseudo {
		return fmt.Sprintf("`%s` is an HTTP field, and %s is a %s phase, whose rules read packets (%s); wflint infers from the fields Magic Firewall documents that it does not have it",
			f.Name, p.Name, p.Product, p.Source), true
	}
	if p.Scheme != ProductHTTPRules {
		return "", false
	}
	if len(f.Phases) > 0 && !slices.Contains(f.Phases, p.Name) {
		return fmt.Sprintf("`%s` is available only in %s (%s), not in %s (%s)",
			f.Name, strings.Join(f.Phases, " and "), f.source(), p.Name, p.Product), false
	}
	if slices.Contains(f.NotInPhases, p.Name) {
		return fmt.Sprintf("`%s` is not available in %s (%s): %s", f.Name, p.Name, p.Product, f.source()), false
	}
	if f.Response && !p.ReadsResponse(r) {
		if p.Counting {
			return fmt.Sprintf("`%s` is a response field, and a rate limiting rule reads the response only in its counting expression (%s); wflint infers that its filter cannot read it",
				f.Name, p.Source), true
		}
		return fmt.Sprintf("`%s` is a response field, and %s (%s) is a request phase: it runs before there is a response (%s)",
			f.Name, p.Name, p.Product, phasesList), false
	}
	return "", false
}

// FunctionUnavailable says why a call to f cannot appear in this phase, or
// "" when it can or wflint cannot tell.
func (p *Phase) FunctionUnavailable(f *Function) string {
	if len(f.Phases) == 0 || slices.Contains(f.Phases, p.Name) {
		return ""
	}
	where, documented := strings.CutPrefix(f.Availability, "Only ")
	if !documented {
		where = strings.Join(f.Phases, ", ")
	}
	return fmt.Sprintf("`%s` is available only in %s (%s), not in %s (%s)",
		f.Name, where, functionSource(f.Name), p.Name, p.Product)
}

// source is the page that documents where f is available: its Source, or
// its page in the fields reference.
func (f *Field) source() string {
	if f.Source != "" {
		return f.Source
	}
	return "https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/" + f.Name + "/"
}

// functionSource is the functions reference's anchor for a function.
func functionSource(name string) string {
	return "https://developers.cloudflare.com/ruleset-engine/rules-language/functions/#" + name
}
