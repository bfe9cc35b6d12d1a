# A ruleset as people write it: escapes, heredocs, non-ASCII, interpolation.
resource "cloudflare_ruleset" "waf" {
  zone_id = var.zone_id
  name    = "waf"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action      = "block"
    description = "bad bots"
    expression  = "http.user_agent contains \"BadBot\" and http.host eq 'café.example'"
  }

  rules {
    action     = "managed_challenge"
    expression = <<-EOT
      (http.host eq "日本.example" or http.host eq "b.example")
        and http.request.uri.path starts_with "/api"
    EOT
  }

  rules {
    action     = "skip"
    expression = "http.host eq \"${var.host}\""
  }
}

resource "cloudflare_filter" "legacy" {
  zone_id    = var.zone_id
  expression = "ip.src in {10.0.0.1 10.0.0.1} and http.request.method eq \"post\""
}
