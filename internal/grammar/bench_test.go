package grammar

// The benchmarks in this file use only Parse and the corpus helpers, so that
// scripts/bench-grammar.sh can copy the file into a checkout of an older
// parser and compare both in the same run.

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// longExpression builds a realistic expression of about n bytes from
// real-world fragments joined with `or`.
func longExpression(tb testing.TB, n int) string {
	var parts []string
	for _, s := range realworld(tb) {
		if _, errs := Parse(s); len(errs) == 0 && len(s) < 300 {
			parts = append(parts, "("+s+")")
		}
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(" or ")
		}
		b.WriteString(parts[i%len(parts)])
	}
	return b.String()
}

// BenchmarkParseRealworld parses every real-world expression once per
// iteration; ns/op divided by the corpus size is the mean per expression,
// also reported as ns/expr.
func BenchmarkParseRealworld(b *testing.B) {
	c := realworld(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range c {
			Parse(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c)), "ns/expr")
}

// medianParse parses each expression b.N times and reports the median of
// the per-expression mean times as ns/median-expr (ns/op is the time for
// one pass over all of them).
func medianParse(b *testing.B, exprs []string) {
	if len(exprs) == 0 {
		b.Skip("no expressions")
	}
	per := make([]time.Duration, len(exprs))
	b.ReportAllocs()
	b.ResetTimer()
	for k, s := range exprs {
		start := time.Now()
		for i := 0; i < b.N; i++ {
			Parse(s)
		}
		per[k] = time.Since(start)
	}
	b.StopTimer()
	sort.Slice(per, func(i, j int) bool { return per[i] < per[j] })
	b.ReportMetric(float64(per[len(per)/2].Nanoseconds())/float64(b.N), "ns/median-expr")
	b.ReportMetric(float64(len(exprs)), "exprs")
}

// realworldBy returns the real-world expressions the parser accepts
// (valid) or rejects.
func realworldBy(b *testing.B, valid bool) []string {
	var out []string
	for _, s := range realworld(b) {
		if _, errs := Parse(s); (len(errs) == 0) == valid {
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkParseValidMedian: the median parse time of a valid real-world
// expression.
func BenchmarkParseValidMedian(b *testing.B) { medianParse(b, realworldBy(b, true)) }

// BenchmarkParseInvalidMedian: the median parse time of a real-world
// expression with a syntax error (error recovery included).
func BenchmarkParseInvalidMedian(b *testing.B) { medianParse(b, realworldBy(b, false)) }

// BenchmarkParseMedian parses the real-world expression of median length.
func BenchmarkParseMedian(b *testing.B) {
	c := realworld(b)
	sort.Slice(c, func(i, j int) bool { return len(c[i]) < len(c[j]) })
	s := c[len(c)/2]
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		Parse(s)
	}
}

// BenchmarkParse4000 parses a valid 4,000-character expression.
func BenchmarkParse4000(b *testing.B) {
	s := longExpression(b, 4000)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		if _, errs := Parse(s); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkParseLongest parses the longest real-world expressions (the
// ones over 2 KB) as written.
func BenchmarkParseLongest(b *testing.B) {
	var long []string
	n := 0
	for _, s := range realworld(b) {
		if len(s) >= 2000 {
			long = append(long, s)
			n += len(s)
		}
	}
	if len(long) == 0 {
		b.Skip("no long expressions")
	}
	b.ReportAllocs()
	b.SetBytes(int64(n))
	for i := 0; i < b.N; i++ {
		for _, s := range long {
			Parse(s)
		}
	}
}

// BenchmarkParseInvalid parses the corpus expressions the parser rejects,
// one per iteration.
func BenchmarkParseInvalid(b *testing.B) {
	var bad []string
	for _, s := range corpus(b) {
		if _, errs := Parse(s); len(errs) > 0 && len(s) < 2000 {
			bad = append(bad, s)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Parse(bad[i%len(bad)])
	}
}

// repeatTo repeats unit up to at most n bytes.
func repeatTo(unit string, n int) string { return strings.Repeat(unit, n/len(unit)) }

// pathological runs a benchmark on inputs of 64 KiB, 256 KiB and 1 MiB:
// the time per op must grow linearly with the size.
func pathological(b *testing.B, unit string) {
	for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
		src := repeatTo(unit, n)
		b.Run(fmt.Sprintf("%dKiB", n>>10), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				if _, errs := Parse(src); len(errs) == 0 {
					b.Fatal("no errors")
				}
			}
		})
	}
}

// BenchmarkBrokenAndChain: an `and` chain in which every comparison lacks
// its value.
func BenchmarkBrokenAndChain(b *testing.B) { pathological(b, "http.host eq and ") }

// BenchmarkUnbalanced: brackets that close nothing.
func BenchmarkUnbalanced(b *testing.B) { pathological(b, ")]}") }

// BenchmarkUnclosed: conditions in brackets that are never closed.
func BenchmarkUnclosed(b *testing.B) { pathological(b, "(ssl and {") }
