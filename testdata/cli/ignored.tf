# Ignore comments, and fixes that change what a rule matches.
resource "cloudflare_ruleset" "office" {
  phase = "http_request_firewall_custom"
  rules {
    action = "block"
    # wflint:ignore bogon-ip -- the office tunnel's range
    expression = "not ip.src in {10.8.0.0/16}"
  }
  rules {
    action = "block"
    expression = "http.request.method eq \"delete\"" # wflint:ignore case-never-matches, value-domain
  }
  rules {
    action = "block"
    expression = "http.host eq \"*.example.com\" or ip.src.country eq \"uk\" or http.host eq 'a.example.com'"
  }
}
