package output

import (
	"io"
	"testing"

	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/workspace"
)

// benchFile lints the real-world corpus as one JSON Lines file, as
// wflint's whole-process benchmark does.
func benchFile(b *testing.B) *File {
	data := corpus.RealworldJSONL(b)
	f := workspace.New(workspace.Settings{}).Lint(workspace.Source{Path: "bench.jsonl", Text: data})
	if f.Err != nil || len(f.Diagnostics) == 0 {
		b.Fatal("no diagnostics to write", f.Err)
	}
	return &File{Path: "bench.jsonl", Text: f.Text, Expressions: len(f.Exprs), Diagnostics: f.Diagnostics, Profiles: f.Profiles}
}

// BenchmarkStream writes the corpus's diagnostics in each format;
// diags/op is how many.
func BenchmarkStream(b *testing.B) {
	f := benchFile(b)
	for _, format := range []string{"text", "json"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := NewStream(io.Discard, io.Discard, format, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.File(f); err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(f.Diagnostics)), "diags/op")
		})
	}
}
