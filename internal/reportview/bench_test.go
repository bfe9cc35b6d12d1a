package reportview

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/wflint/wflint/internal/feedback"
)

// reportWithDistinct is a valid report whose topIPs list has n distinct
// addresses, one request each.
func reportWithDistinct(n int) []byte {
	return reportWith(n, func(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) })
}

func reportWith(n int, ip func(int) string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"type":"false_negative","description":"d","expression":"cf.bot_management.score ge 30",`+
		`"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T06:00:00Z",`+
		`"requests":%d,"requests_by_score":{"30":%d},"requests_by_score_src":{"machine_learning":%d},`+
		`"requests_by_attribute":{"topIPs":[`, n, n, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"metric":%q,"requests":1}`, ip(i))
	}
	b.WriteString("]}}\n")
	return b.Bytes()
}

// BenchmarkValidateMillionEntries validates a valid report with a million
// attribute entries (about 37 MB of JSON): the target is under 3 s
// and 300 MB.
func BenchmarkValidateMillionEntries(b *testing.B) {
	data := reportWithDistinct(1_000_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res := feedback.ValidateJSON(data)
		if res.Diagnostics.HasErrors() {
			b.Fatal(res.Diagnostics[0])
		}
	}
}
