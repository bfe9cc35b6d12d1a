resource "cloudflare_ruleset" "waf" {
  zone_id = "0123456789abcdef0123456789abcdef"
  name    = "waf"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action     = "block"
    expression = "http.host eq 'admin.example.com'"
  }

  rules {
    action     = "managed_challenge"
    expression = "http.host matches \"^api.example.com$\""
  }
}
