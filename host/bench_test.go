package host_test

import (
	"testing"

	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/internal/corpus"
)

// BenchmarkExtractJSONL extracts the real-world corpus written as JSON
// Lines, one {"expr": …} object a line as wflint's benchmarks feed it;
// most expressions hold quotes, so most lines have escapes.
func BenchmarkExtractJSONL(b *testing.B) {
	data := corpus.RealworldJSONL(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		host.Extract("bench.jsonl", data)
	}
}
