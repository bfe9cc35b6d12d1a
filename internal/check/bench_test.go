package check_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// validRealworld returns the real-world expressions that parse and check
// against the Rules schema without errors, the inputs
// scripts/bench-engine.sh times against the engine.
func validRealworld(tb testing.TB) []string {
	return slices.DeleteFunc(corpus.RealworldExprs(tb), func(s string) bool {
		x, errs := grammar.Parse(s)
		if len(errs) > 0 {
			return true
		}
		c, _ := check.Check(x, schema.Rules(), check.Options{})
		return !c.Valid()
	})
}

// bigExpressions joins valid real-world expressions with `or` into
// expressions of 2-4 KB, as scripts/bench-engine.sh does.
func bigExpressions(tb testing.TB) []string {
	valid := validRealworld(tb)
	var big, cur []string
	for i := 0; i < len(valid)*40 && len(big) < 200; i++ {
		e := valid[i%len(valid)]
		if strings.Contains(e, "\n") {
			continue
		}
		cur = append(cur, "("+e+")")
		if s := strings.Join(cur, " or "); len(s) >= 2048 {
			if len(s) <= 4096 {
				big = append(big, s)
			}
			cur = nil
		}
	}
	return big
}

// parseCheck parses and checks every expression once per iteration and
// reports the mean as ns/expr.
func parseCheck(b *testing.B, exprs []string) {
	s := schema.Rules()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, e := range exprs {
			x, _ := grammar.Parse(e)
			check.Check(x, s, check.Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(exprs)), "ns/expr")
	b.ReportMetric(float64(len(exprs)), "exprs")
}

// checkOnly checks pre-parsed expressions once per iteration.
func checkOnly(b *testing.B, exprs []string) {
	s := schema.Rules()
	xs := make([]*grammar.Expression, len(exprs))
	for i, e := range exprs {
		xs[i], _ = grammar.Parse(e)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, x := range xs {
			check.Check(x, s, check.Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(exprs)), "ns/expr")
}

// BenchmarkParseCheckValid: grammar.Parse plus Check of each valid
// real-world expression (bench-engine.sh's go-valid).
func BenchmarkParseCheckValid(b *testing.B) { parseCheck(b, validRealworld(b)) }

// BenchmarkParseCheckBig: grammar.Parse plus Check of valid 2-4 KB
// expressions (bench-engine.sh's go-big).
func BenchmarkParseCheckBig(b *testing.B) { parseCheck(b, bigExpressions(b)) }

// BenchmarkCheckValid: Check alone of each valid real-world expression.
func BenchmarkCheckValid(b *testing.B) { checkOnly(b, validRealworld(b)) }

// BenchmarkCheckBig: Check alone of valid 2-4 KB expressions.
func BenchmarkCheckBig(b *testing.B) { checkOnly(b, bigExpressions(b)) }
