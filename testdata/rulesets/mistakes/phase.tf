# Response fields do not exist in request phases; a rate limit's
# counting expression and a response-phase rule may read them.

resource "cloudflare_ruleset" "waf" {
  zone_id = var.zone_id
  name    = "custom rules"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action     = "block"
    expression = "http.response.code eq 404"
  }
}
