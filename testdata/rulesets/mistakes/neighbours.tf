# Two copies of one rule, and a redirect with a status that is no redirect.

resource "cloudflare_ruleset" "waf" {
  zone_id = var.zone_id
  name    = "custom rules"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action     = "block"
    expression = "ip.src in {81.2.69.0/24}"
  }

  rules {
    action     = "block"
    expression = "(ip.src in {81.2.69.0/24})"
  }
}

resource "cloudflare_ruleset" "redirects" {
  zone_id = var.zone_id
  name    = "redirects"
  kind    = "zone"
  phase   = "http_request_dynamic_redirect"

  rules {
    action = "redirect"
    action_parameters {
      from_value {
        status_code = 200
        target_url {
          value = "https://www.example.com/"
        }
      }
    }
    expression = "http.host eq \"example.com\""
  }
}
