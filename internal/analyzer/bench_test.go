package analyzer_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/corpus"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// BenchmarkAnalyzeRealworld parses and analyzes every real-world expression
// with the rules profile and all rules; ns/expr is the mean.
func BenchmarkAnalyzeRealworld(b *testing.B) {
	c := corpus.RealworldExprs(b)
	opts := analyzer.Options{Schema: schema.Rules()}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range c {
			analyzer.Analyze(s, opts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c)), "ns/expr")
}

// BenchmarkAnalyzeMedian parses and analyzes the real-world expression of
// median length.
func BenchmarkAnalyzeMedian(b *testing.B) {
	c := corpus.RealworldExprs(b)
	sort.Slice(c, func(i, j int) bool { return len(c[i]) < len(c[j]) })
	s := c[len(c)/2]
	opts := analyzer.Options{Schema: schema.Rules()}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		analyzer.Analyze(s, opts)
	}
}

// BenchmarkAnalyze4000 parses and analyzes a valid 4,000-character
// expression built from real-world fragments.
func BenchmarkAnalyze4000(b *testing.B) {
	var parts []string
	for _, s := range corpus.RealworldExprs(b) {
		if _, errs := grammar.Parse(s); len(errs) == 0 && len(s) < 300 {
			parts = append(parts, "("+s+")")
		}
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 4000; i++ {
		if i > 0 {
			sb.WriteString(" or ")
		}
		sb.WriteString(parts[i%len(parts)])
	}
	s := sb.String()
	opts := analyzer.Options{Schema: schema.Rules()}
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		analyzer.Analyze(s, opts)
	}
}
