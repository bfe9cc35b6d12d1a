package analyzer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/schema"
)

// logicSetRules are the rules about logic and sets (style.go, correctness.go,
// correctness_sets.go, performance.go).
var logicSetRules = []string{"duplicate-set-item", "overlapping-set-item", "bogon-ip", "negated-comparison",
	"double-negation", "contradiction", "tautology", "or-to-in", "redundant-parens", "mixed-and-or",
	"mixed-notation", "map-each-different-arrays", "ne-missing-value", "long-set", "empty-set", "single-element-range"}

// TestLogicFixes checks the exact text of fixes whose spelling matters.
func TestLogicFixes(t *testing.T) {
	tests := []struct {
		rule, expr, want string
	}{
		{"mixed-notation", `ssl&&cf.client.bot and http.host eq "a"`, `ssl and cf.client.bot and http.host eq "a"`},
		{"mixed-notation", `!ssl && !cf.client.bot || not tcp.dstport eq 80`, `!ssl && !cf.client.bot || !tcp.dstport eq 80`},
		{"mixed-notation", `http.host=="a" and http.referer eq "b"`, `http.host eq "a" and http.referer eq "b"`},
		{"negated-comparison", `!(tcp.dstport >= 80)`, `tcp.dstport < 80`},
		{"double-negation", `not not (ssl or cf.client.bot)`, `(ssl or cf.client.bot)`},
		{"or-to-in", `tcp.dstport eq 1 or ssl or tcp.dstport eq 2 or tcp.dstport eq 1 or tcp.dstport eq 3`, `tcp.dstport in {1 2 3} or ssl`},
		{"mixed-and-or", `ssl or cf.client.bot and tcp.dstport eq 1 xor http.host eq "a"`, `ssl or ((cf.client.bot and tcp.dstport eq 1) xor http.host eq "a")`},
		{"redundant-parens", `(((ssl)))`, `(ssl)`},
		{"duplicate-set-item", `tcp.dstport in {1 2 0x1}`, `tcp.dstport in {1 2}`},
		{"overlapping-set-item", `ip.src in {192.0.2.1 192.0.2.0/24}`, `ip.src in {192.0.2.0/24}`},
		{"ne-missing-value", `http.request.headers["a"][0] ne "b"`, `not http.request.headers["a"][0] eq "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.expr, func(t *testing.T) {
			res := analyzer.Analyze(tt.expr, analyzer.Options{Schema: schema.Rules()})
			var got []string
			for _, d := range res.Diagnostics {
				if d.Rule == tt.rule {
					require.NotEmpty(t, d.Fixes)
					got = append(got, d.Fixes[0].Apply(tt.expr))
				}
			}
			require.NotEmpty(t, got, "%v", res.Diagnostics)
			assert.Equal(t, tt.want, got[0])
		})
	}
}

// BenchmarkLogicSetRules measures what the logic and set rules
// add to the analysis of a typical 100-character expression:
// compare with the /off case.
func BenchmarkLogicSetRules(b *testing.B) {
	const expr = `(http.host eq "example.com" and cf.bot_management.score lt 30) or ip.src in {192.0.2.0/24 10.0.0.1}`
	mine := map[string]bool{}
	for _, id := range logicSetRules {
		mine[id] = true
	}
	others, all := map[string]bool{}, map[string]bool{}
	for _, r := range analyzer.Rules() {
		all[r.ID] = true
		if !mine[r.ID] {
			others[r.ID] = true
		}
	}
	for _, c := range []struct {
		name string
		opts analyzer.Options
	}{
		{"on", analyzer.Options{Schema: schema.Rules(), Disabled: others}},
		{"off", analyzer.Options{Schema: schema.Rules(), Disabled: all}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				analyzer.Analyze(expr, c.opts)
			}
		})
	}
}
