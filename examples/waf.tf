# Custom WAF rules for a shop, as cloudflare_ruleset keeps them
# (Terraform Cloudflare provider v4). wflint checks every expression under
# the rules profile: `wflint examples/waf.tf`.
resource "cloudflare_ruleset" "shop_custom_rules" {
  zone_id     = var.zone_id
  name        = "Shop custom rules"
  description = "Custom WAF rules of shop.example.com"
  kind        = "zone"
  phase       = "http_request_firewall_custom"

  rules {
    action      = "block"
    description = "Admin pages only from the office network"
    expression  = "http.host eq \"shop.example.com\" and starts_with(http.request.uri.path, \"/admin\") and not ip.src in $office_ips"
    enabled     = true
  }

  rules {
    action      = "managed_challenge"
    description = "Likely bots at checkout, except verified bots"
    expression  = "http.request.uri.path in {\"/cart\" \"/checkout\"} and cf.bot_management.score lt 30 and not cf.bot_management.verified_bot"
    enabled     = true
  }

  rules {
    action      = "block"
    description = "Write methods on the read-only API"
    expression  = "http.host eq \"api.example.com\" and http.request.method in {\"PUT\" \"PATCH\" \"DELETE\"}"
    enabled     = true
  }
}

variable "zone_id" {
  type = string
}
