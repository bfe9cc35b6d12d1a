# Each expression in the wrong role, in v4 blocks: the "want" file names
# the line of each finding.

resource "cloudflare_ruleset" "transform" {
  zone_id = var.zone_id
  name    = "transform"
  kind    = "zone"
  phase   = "http_request_transform"

  rules {
    action = "rewrite"
    action_parameters {
      uri {
        path {
          expression = "lower(http.request.uri.pth)"
        }
      }
    }
    expression = "http.request.uri.path"
  }
}

resource "cloudflare_ruleset" "headers" {
  zone_id = var.zone_id
  name    = "headers"
  kind    = "zone"
  phase   = "http_request_late_transform"

  rules {
    action = "rewrite"
    action_parameters {
      headers {
        name       = "x-host"
        operation  = "set"
        expression = "http.host eq \"a.example\""
      }
      headers {
        name       = "x-later"
        operation  = "set"
        expression = "${var.header_expression}"
      }
    }
    expression = "true"
  }
}
