package ruleset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuplicates(t *testing.T) {
	cases := []struct {
		name  string
		phase string
		rules []string
		want  []string
	}{
		{"same rule", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
		}, []string{"duplicate-rule@3"}},
		{"same after formatting", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "(ip.src.country eq \"T1\" and http.host eq \"a\")", "id": "1", "ref": "a", "description": "one"}`,
			`{"action": "block", "expression": "ip.src.country == \"T1\"  &&\n http.host eq \"a\"", "id": "2", "ref": "b", "description": "two"}`,
			`{"action": "block", "expression": "((ip.src.country eq \"T1\" && http.host == \"a\"))"}`,
		}, []string{"duplicate-rule@3", "duplicate-rule@4"}},
		{"different action", "http_request_firewall_custom", []string{
			`{"action": "log", "expression": "ip.src.country eq \"T1\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
		}, nil},
		{"different expression", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"XX\""}`,
		}, nil},
		{"same meaning, other spelling", "http_request_firewall_custom", []string{
			// wflint compares forms, not meanings: no claim it cannot back.
			`{"action": "block", "expression": "tcp.dstport eq 0x50"}`,
			`{"action": "block", "expression": "tcp.dstport eq 80"}`,
		}, nil},
		{"disabled copy", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": false}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": true}`,
		}, []string{"duplicate-rule@4"}},
		{"enabled as Terraform writes it", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": "true"}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": "false"}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": "${var.on}"}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": null}`,
		}, []string{"duplicate-rule@5"}},
		{"disabled first", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "ip.src.country eq \"T1\"", "enabled": false}`,
			`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
		}, nil},
		{"different parameters", "http_request_late_transform", []string{
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "set", "value": "1"}}}}`,
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-B": {"operation": "set", "value": "1"}}}}`,
		}, nil},
		{"same parameters, other order and form", "http_request_late_transform", []string{
			`{"action": "rewrite", "expression": "true", "action_parameters": {"headers": {"X-A": {"operation": "set", "expression": "to_string(cf.bot_management.score)"}, "X-B": {"operation": "remove"}}}}`,
			`{"expression": "true", "action_parameters": {"headers": {"X-B": {"operation": "remove"}, "X-A": {"expression": "to_string( cf.bot_management.score )", "operation": "set"}}}, "action": "rewrite"}`,
		}, []string{"duplicate-rule@3"}},
		{"rate limits with other thresholds", "http_ratelimit", []string{
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 10, "requests_per_period": 10}}`,
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": 100}}`,
			`{"action": "block", "expression": "true", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60.0, "requests_per_period": 100}}`,
		}, []string{"duplicate-rule@4"}},
		{"unknown values", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "${var.expr}"}`,
			`{"action": "block", "expression": "${var.expr}"}`,
		}, nil},
		{"unparsable, same text", "http_request_firewall_custom", []string{
			`{"action": "block", "expression": "http.host eq"}`,
			`{"action": "block", "expression": "http.host eq"}`,
			`{"action": "block", "expression": "http.host  eq"}`,
		}, []string{"duplicate-rule@3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := ruleset(tc.phase, tc.rules...)
			var got []string
			for _, d := range Check(fromJSON(t, src), Options{}) {
				if d.Rule == "duplicate-rule" {
					got = append(got, finding(src, d))
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDuplicateDetails(t *testing.T) {
	src := ruleset("http_request_firewall_custom",
		`{"action": "block", "expression": "ip.src.country eq \"T1\""}`,
		`{"action": "log", "expression": "true"}`,
		`{"action": "block", "expression": "(ip.src.country eq \"T1\")"}`)
	rs := fromJSON(t, src)
	rs.Rules[0].Where = "cloudflare_ruleset.waf.rules[0]"
	rs.Rules[2].Where = "cloudflare_ruleset.waf.rules[2]"
	got := Check(rs, Options{})
	require.Len(t, got, 1)
	d := got[0]
	assert.Equal(t, `"(ip.src.country eq \"T1\")"`, d.Span.Text(src))
	assert.Equal(t, "cloudflare_ruleset.waf.rules[2].expression", d.Where)
	assert.Contains(t, d.Message, "repeats cloudflare_ruleset.waf.rules[0]")
	require.Len(t, d.Related, 1)
	assert.Equal(t, `"ip.src.country eq \"T1\""`, d.Related[0].Span.Text(src))
	assert.False(t, d.Rejected)
}

// bigRuleset writes a ruleset of n distinct, valid rules, and one copy of
// the first at the end.
func bigRuleset(n int) string {
	rules := make([]string, 0, n+1)
	for i := 0; i < n; i++ {
		rules = append(rules, fmt.Sprintf(`{"action": "block", "expression": "http.request.uri.path eq \"/p%d\" and ip.src.country in {\"T1\" \"XX\"}", "ratelimit": {"characteristics": ["cf.colo.id", "ip.src"], "period": 60, "requests_per_period": %d, "mitigation_timeout": 600}}`, i, i+1))
	}
	rules = append(rules, rules[0])
	return ruleset("http_ratelimit", rules...)
}

// TestLargeRuleset: a ruleset of 1,000 rules is checked whole, its one
// duplicate found on the right line.
func TestLargeRuleset(t *testing.T) {
	src := bigRuleset(1000)
	got := Check(fromJSON(t, src), Options{})
	assert.Equal(t, []string{"duplicate-rule@1002"}, findings(src, got))
}

// BenchmarkCheck1000 measures Check over a ruleset of 1,000 rules (the
// model built once).
func BenchmarkCheck1000(b *testing.B) {
	rs := fromJSON(b, bigRuleset(1000))
	b.ReportAllocs()
	for b.Loop() {
		Check(rs, Options{})
	}
}

// FuzzCheck: any ruleset the JSON reader builds is checked without panic,
// and every finding lies inside the input.
func FuzzCheck(f *testing.F) {
	f.Add(ruleset("http_request_dynamic_redirect",
		`{"action": "redirect", "expression": "true", "action_parameters": {"from_value": {"status_code": 200, "target_url": {"value": "a", "expression": "b"}}}}`))
	f.Add(ruleset("http_ratelimit", `{"action": "block", "expression": "true", "ratelimit": {"characteristics": [1, "ip.src"], "period": "x"}}`))
	f.Add(ruleset("http_request_late_transform", `{"action": "rewrite", "action_parameters": {"headers": {"a": {"operation": "set"}, "b": 3}}}`, `{"action": "rewrite", "action_parameters": []}`))
	f.Add(`{"result": {"phase": 1, "rules": [null, 1, {"action": null}]}}`)
	f.Add(`{"rules": [{"action": "skip", "action_parameters": {"phases": [null, "x"], "ruleset": "current", "rules": {"a": 1}}}]}`)
	f.Fuzz(func(t *testing.T, src string) {
		rs, err := parseRuleset(src)
		if err != nil {
			return
		}
		for _, d := range Check(rs, Options{}) {
			if d.Span.Start < 0 || d.Span.End < d.Span.Start || int(d.Span.End) > len(src) {
				t.Fatalf("span %v outside the input of %d bytes: %s", d.Span, len(src), d)
			}
			if strings.TrimSpace(d.Message) == "" || d.Where == "" {
				t.Fatalf("finding without message or where: %s", d)
			}
		}
		for _, r := range rs.Rules {
			r.Termination()
		}
	})
}
