resource "cloudflare_ruleset" "bots" {
  zone_id = "0123"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action     = "block"
    expression = "http.host eq \"shop.example.com\" and ip.src eq 'x'"
  }
}
