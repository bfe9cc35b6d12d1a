package host_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/internal/host"
)

// BenchmarkExtractJSONL extracts the real-world corpus written as JSON
// Lines, one {"expr": …} object a line as wflint's benchmarks feed it
// (most expressions hold quotes, so most lines have escapes): once, and
// repeated to 10,000 lines as in scripts/bench-engine.sh, which is large
// enough to be read in parts.
func BenchmarkExtractJSONL(b *testing.B) {
	data := corpus.RealworldJSONL(b)
	lines := bytes.SplitAfter(data, []byte{'\n'})
	var tenK []byte
	for i := range 10000 {
		tenK = append(tenK, lines[i%(len(lines)-1)]...)
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"corpus", data}, {"10k", tenK}} {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				host.Extract("bench.jsonl", in.data)
			}
		})
	}
}

// rules1000 writes a ruleset of n rules in each host syntax: a filter, a
// header value and a rate limit's counting expression each, escapes
// included, as a large zone's rulesets are.
func rules1000(n int) map[string][]byte {
	var v4, v5, js bytes.Buffer
	v4.WriteString("resource \"cloudflare_ruleset\" \"big\" {\n  phase = \"http_request_late_transform\"\n")
	v5.WriteString("resource \"cloudflare_ruleset\" \"big\" {\n  phase = \"http_request_late_transform\"\n  rules = [\n")
	js.WriteString(`{"phase":"http_request_late_transform","rules":[`)
	for i := range n {
		filter := fmt.Sprintf(`http.host eq \"h%d.example\" and http.request.uri.path matches \"^/api/v%d/\"`, i, i)
		v4.WriteString(fmt.Sprintf("  rules {\n    action = \"rewrite\"\n    action_parameters {\n      headers {\n        name = \"x-%d\"\n        operation = \"set\"\n        expression = \"concat(\\\"v\\\", to_string(cf.bot_management.score))\"\n      }\n    }\n    ratelimit {\n      counting_expression = \"http.response.code eq 429\"\n    }\n    expression = \"%s\"\n  }\n", i, filter))
		v5.WriteString(fmt.Sprintf("    {\n      action = \"rewrite\"\n      action_parameters = { headers = { x-%d = { operation = \"set\", expression = \"concat(\\\"v\\\", to_string(cf.bot_management.score))\" } } }\n      ratelimit = { counting_expression = \"http.response.code eq 429\" }\n      expression = \"%s\"\n    },\n", i, filter))
		if i > 0 {
			js.WriteString(",")
		}
		js.WriteString(fmt.Sprintf(`{"action":"rewrite","action_parameters":{"headers":{"x-%d":{"operation":"set","expression":"concat(\"v\", to_string(cf.bot_management.score))"}}},"ratelimit":{"counting_expression":"http.response.code eq 429"},"expression":"%s"}`, i, filter))
	}
	v4.WriteString("}\n")
	v5.WriteString("  ]\n}\n")
	js.WriteString("]}\n")
	return map[string][]byte{"v4.tf": v4.Bytes(), "v5.tf": v5.Bytes(), "r.json": js.Bytes()}
}

// BenchmarkRead1000Rules reads a ruleset of 1,000 rules (3,000
// expressions) in v4 and v5 Terraform and in API JSON.
func BenchmarkRead1000Rules(b *testing.B) {
	for _, name := range []string{"v4.tf", "v5.tf", "r.json"} {
		data := rules1000(1000)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				d := host.Read(name, data)
				if len(d.Snippets) != 3000 || len(d.Rulesets[0].Rules) != 1000 {
					b.Fatalf("%d snippets, %d rules", len(d.Snippets), len(d.Rulesets[0].Rules))
				}
			}
		})
	}
}
