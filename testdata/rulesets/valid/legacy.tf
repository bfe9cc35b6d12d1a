# Legacy Firewall Rules: a filter and the rule that uses it.

resource "cloudflare_filter" "wordpress" {
  zone_id     = var.zone_id
  description = "wordpress login from outside the office"
  expression  = "http.request.uri.path eq \"/wp-login.php\" and not ip.src in {81.2.69.0/24}"
}

resource "cloudflare_firewall_rule" "wordpress" {
  zone_id     = var.zone_id
  description = "block wordpress login"
  filter_id   = cloudflare_filter.wordpress.id
  action      = "block"
  priority    = 1
}
