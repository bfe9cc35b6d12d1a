# Valid rules in the Cloudflare provider's v4 block syntax: one ruleset per
# phase, each expression in its role. wflint must find nothing at warning or
# above here.

resource "cloudflare_ruleset" "url_rewrite" {
  zone_id = var.zone_id
  name    = "url rewrite"
  kind    = "zone"
  phase   = "http_request_transform"

  rules {
    ref         = "old_to_new"
    description = "move /old/ to /new/"
    action      = "rewrite"
    action_parameters {
      uri {
        path {
          expression = "regex_replace(http.request.uri.path, \"^/old/(.*)$\", \"/new/$${1}\")"
        }
        query {
          value = "from=old"
        }
      }
    }
    expression = "starts_with(http.request.uri.path, \"/old/\")"
  }
}

resource "cloudflare_ruleset" "request_headers" {
  zone_id = var.zone_id
  name    = "request headers"
  kind    = "zone"
  phase   = "http_request_late_transform"

  rules {
    action = "rewrite"
    action_parameters {
      headers {
        name       = "x-bot-score"
        operation  = "set"
        expression = "to_string(cf.bot_management.score)"
      }
      headers {
        name      = "x-static"
        operation = "set"
        value     = "1"
      }
      headers {
        name      = "x-remove-me"
        operation = "remove"
      }
    }
    expression = "true"
  }
}

resource "cloudflare_ruleset" "response_headers" {
  zone_id = var.zone_id
  name    = "response headers"
  kind    = "zone"
  phase   = "http_response_headers_transform"

  rules {
    action = "rewrite"
    action_parameters {
      headers {
        name       = "x-path"
        operation  = "set"
        expression = "http.request.uri.path"
      }
    }
    expression = "http.response.code eq 404"
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
        status_code = 301
        target_url {
          expression = "concat(\"https://m.acme.io\", http.request.uri.path)"
        }
        preserve_query_string = true
      }
    }
    expression = "http.host eq \"m.acme.com\""
  }
}

resource "cloudflare_ruleset" "rate_limit" {
  zone_id = var.zone_id
  name    = "rate limit"
  kind    = "zone"
  phase   = "http_ratelimit"

  rules {
    action = "block"
    ratelimit {
      characteristics     = ["cf.colo.id", "ip.src"]
      period              = 60
      requests_per_period = 100
      mitigation_timeout  = 600
      counting_expression = "http.request.uri.path matches \"^/login\" and http.response.code in {401 403}"
    }
    expression = "http.request.uri.path matches \"^/login\""
  }
}

resource "cloudflare_ruleset" "cache" {
  zone_id = var.zone_id
  name    = "cache"
  kind    = "zone"
  phase   = "http_request_cache_settings"

  rules {
    action = "set_cache_settings"
    action_parameters {
      cache = true
      edge_ttl {
        mode    = "override_origin"
        default = 3600
        status_code_ttl {
          status_code = 404
          value       = 60
        }
      }
      browser_ttl {
        mode = "respect_origin"
      }
    }
    expression = "http.request.uri.path.extension in {\"css\" \"js\" \"png\"}"
  }
}

resource "cloudflare_ruleset" "waf" {
  zone_id = var.zone_id
  name    = "custom rules"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action = "skip"
    action_parameters {
      ruleset = "current"
    }
    logging {
      enabled = true
    }
    expression = "ip.src in $office_ips"
  }

  rules {
    action     = "block"
    expression = "cf.bot_management.score lt 10 and not cf.bot_management.verified_bot"
  }
}

resource "cloudflare_ruleset" "bulk_redirects" {
  account_id = var.account_id
  name       = "bulk redirects"
  kind       = "root"
  phase      = "http_request_redirect"

  rules {
    action = "redirect"
    action_parameters {
      from_list {
        name = "redirect_list"
        key  = "http.request.full_uri"
      }
    }
    expression = "http.request.full_uri in $redirect_list"
  }
}
