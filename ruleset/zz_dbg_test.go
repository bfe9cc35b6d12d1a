package ruleset

import "testing"

func TestZZDbg3(t *testing.T) {
	src := ruleset("http_request_firewall_custom",
		`{"action": "block", "expression": "starts_with(http.request.uri.path, \"/api/\")"}`,
		`{"action": "block", "expression": "starts_with(http.request.uri.path, \"/api/v2/\")"}`,
		`{"action": "block", "expression": "http.request.uri.path matches \"^/api/v[0-9]+/\""}`)
	for _, d := range Check(fromJSON(t, src), Options{}) {
		t.Logf("%s %s", finding(src, d), d.Message)
	}
	rs := fromJSON(t, src)
	t.Logf("%q", rs.Rules[2].Exprs[0].Text)
}
