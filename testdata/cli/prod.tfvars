waf_rules = {
  admin = {
    expression = "http.request.uri.path eq \"/admin\" and ip.src ne 192.0.2.1"
    action     = "block"
  }
  api = {
    expression = "http.request.uri.path matches \"^/api/*\""
    action     = "challenge"
  }
}
