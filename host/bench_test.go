package host_test

import (
	"bytes"
	"testing"

	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/internal/corpus"
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
