package output

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/workspace"
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

// BenchmarkReportFindings validates reports whose topIPs list names one
// address n times (n-1 duplicate-metric findings, capped at 21) and writes
// them as report validate --format json does. The cost per entry must
// stay flat as n grows: one line index for all findings.
//
//	go test ./internal/output -run '^$' -bench 'ReportFindings' -benchmem
func BenchmarkReportFindings(b *testing.B) {
	for _, n := range []int{10_000, 20_000, 40_000} {
		entries := strings.TrimSuffix(strings.Repeat(`{"metric":"203.0.113.10","requests":1},`+"\n", n), ",\n")
		data := []byte(fmt.Sprintf(`{"type":"false_negative","description":"d","expression":"cf.bot_management.score ge 30",`+
			`"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T06:00:00Z",`+
			`"requests":%d,"requests_by_score":{"30":%d},"requests_by_score_src":{"machine_learning":%d},`+
			`"requests_by_attribute":{"topIPs":[%s]}}`, n, n, n, entries))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res := feedback.ValidateJSON(data)
				if len(res.Diagnostics) < feedback.DefaultMaxPerRule+1 {
					b.Fatalf("%d findings, want the cap and its summary", len(res.Diagnostics))
				}
				if err := Write(io.Discard, io.Discard, "json", []*File{ReportFile("r.json", data, res)}, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
