package grammar

import (
	"sort"
	"strings"
	"testing"
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

// BenchmarkParseInvalid parses the real-world expressions the parser
// rejects: the error-recovery path.
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

// BenchmarkLex measures the lexer alone on the real-world corpus.
func BenchmarkLex(b *testing.B) {
	c := realworld(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lex(c[i%len(c)])
	}
}
