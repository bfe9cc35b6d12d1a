package reportbuild

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
)

var (
	benchOnce sync.Once
	benchData []byte
)

// benchInput is 50,000 generated lines (~45 MB), built once per process
// and kept in memory so the benchmark measures decoding, matching and
// aggregation rather than the disk.
func benchInput(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if err := loggen.Generate(&buf, loggen.Config{N: 50000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		benchData = buf.Bytes()
	})
	return benchData
}

// BenchmarkBuild measures Build end to end over in-memory NDJSON, in MB/s of
// uncompressed input, with one worker and with GOMAXPROCS workers.
func BenchmarkBuild(b *testing.B) {
	data := benchInput(b)
	exprs := []struct{ name, expr string }{
		{"score", `cf.bot_management.score lt 30`},
		{"host-path-ua", `cf.bot_management.score lt 30 and http.host eq "shop.example.com" and http.user_agent matches "(?i)mozilla"`},
		// Nine records in ten match: aggregation weighs as much as parsing.
		{"ninety", `cf.bot_management.score lt 95`},
		// Nearly every record matches: aggregation dominates.
		{"most", `cf.bot_management.score lt 100`},
	}
	workers := []int{1}
	if n := runtime.GOMAXPROCS(0); n > 1 {
		workers = append(workers, n)
	}
	for _, e := range exprs {
		for _, w := range workers {
			b.Run(fmt.Sprintf("%s/workers=%d", e.name, w), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					_, st, err := Build(context.Background(), Options{Expression: e.expr, Type: feedback.FalsePositive,
						Description: "bench", Inputs: []string{"-"}, Stdin: bytes.NewReader(data), Workers: w})
					if err != nil || st.Records != 50000 {
						b.Fatal(err, st.Records)
					}
				}
			})
		}
	}
}
