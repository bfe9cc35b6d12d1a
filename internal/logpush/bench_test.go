package logpush_test

import (
	"bytes"
	"testing"

	"github.com/wflint/wflint/internal/gziptest"

	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/logpush"
)

func benchData(b *testing.B, n int, format string) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := loggen.Generate(&buf, loggen.Config{N: n, Seed: 1, TimeFormat: format}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkParse measures Parser.Parse alone over 10k generated lines
// (~900 bytes each, 29 keys of which 24 are decoded).
func BenchmarkParse(b *testing.B) {
	for _, format := range []string{loggen.TimeRFC3339, loggen.TimeUnixNano} {
		b.Run(format, func(b *testing.B) {
			data := benchData(b, 10000, format)
			lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
			var p logpush.Parser
			var rec logpush.Record
			b.SetBytes(int64(len(data)) / int64(len(lines)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := p.Parse(lines[i%len(lines)], &rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReader measures the whole Reader (line splitting and parsing)
// over 100k generated lines, plain and gzip-compressed.
func BenchmarkReader(b *testing.B) {
	data := benchData(b, 100000, loggen.TimeRFC3339)
	z := gziptest.Compress(b, data)
	for _, in := range []struct {
		name string
		b    []byte
	}{{"plain", data}, {"gzip", z}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data))) // uncompressed bytes per second
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r, err := logpush.NewReader(bytes.NewReader(in.b), logpush.Options{})
				if err != nil {
					b.Fatal(err)
				}
				var rec logpush.Record
				for r.Next(&rec) {
				}
				if r.Err() != nil || r.Stats().Records != 100000 {
					b.Fatal(r.Err(), r.Stats().Records)
				}
			}
		})
	}
}
