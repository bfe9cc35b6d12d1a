package lsp

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// expr4000 is a realistic feedback expression of about 4,000 characters.
func expr4000() string {
	var b strings.Builder
	b.WriteString("(cf.bot_management.score lt 30 and ip.geoip.asnum in {13335 15169 16509})")
	for i := 0; b.Len() < 3950; i++ {
		fmt.Fprintf(&b, " or (http.host eq \"h%03d.example.com\" and starts_with(http.request.uri.path, \"/p%d\") and ip.src in {10.%d.0.0/16})", i, i, i%256)
	}
	return b.String()
}

func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	p := func(q float64) float64 {
		return float64(d[min(len(d)-1, int(q*float64(len(d))))].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// invalid breaks every tenth clause of an expression: a missing operand,
// an unclosed parenthesis, a stray operator, so the parser recovers many
// times.
func invalid(expr string) string {
	parts := strings.Split(expr, " or ")
	for i := range parts {
		switch i % 30 {
		case 0:
			parts[i] = strings.Replace(parts[i], "eq \"", "eq eq \"", 1)
		case 10:
			parts[i] = strings.Replace(parts[i], ")", "", 1)
		case 20:
			parts[i] = strings.Replace(parts[i], "and", "and and", 1)
		}
	}
	return strings.Join(parts, " or ")
}

// expr1MiB is just under a mebibyte (the parser's default size limit) of
// expression with syntax errors all along.
func expr1MiB() string {
	var b strings.Builder
	part := invalid(expr4000()) + " or "
	for b.Len()+len(part) < 1<<20-32 {
		b.WriteString(part)
	}
	b.WriteString("http.host eq \"x\"")
	return b.String()
}

// BenchmarkDidChangeDiagnostics measures the time from sending a didChange
// to receiving its diagnostics: for a valid 4,000-character expression,
// for the same with syntax errors (target: p99 under 5 ms), and for a
// mebibyte of invalid expression, which wfls analyses whole since the
// parser's error recovery is linear.
func BenchmarkDidChangeDiagnostics(b *testing.B) {
	b.Run("valid-4k", func(b *testing.B) { benchDidChange(b, expr4000()) })
	b.Run("invalid-4k", func(b *testing.B) { benchDidChange(b, invalid(expr4000())) })
	b.Run("invalid-1MiB", func(b *testing.B) { benchDidChange(b, expr1MiB()) })
}

func benchDidChange(b *testing.B, text string) {
	s := newSession(b, nil)
	u := s.open("bench.wf", text)
	s.waitDiags(u, 1)
	end := pos4(text)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		v := int32(i + 2)
		// Alternate between inserting and deleting a space at the end.
		ch := &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: end, End: end}, Text: " "}
		if i%2 == 1 {
			ch = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: end, End: protocol.Position{Line: end.Line, Character: end.Character + 1}}, Text: ""}
		}
		start := time.Now()
		require.NoError(b, s.server.DidChange(s.ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: v},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{ch}}))
		s.waitDiags(u, v)
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

func pos4(text string) protocol.Position {
	return newDocument("file:///x.wf", "", 1, text).position(len(text), protocol.PositionEncodingKindUTF16)
}

// BenchmarkCompletion measures completion round trips after `http.re` at
// the end of a 4,000-character expression.
func BenchmarkCompletion(b *testing.B) {
	s := newSession(b, nil)
	text := expr4000() + " and http.re"
	u := s.open("complete.wf", text)
	at := pos4(text)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		items := s.complete(u, at)
		lat = append(lat, time.Since(start))
		if len(items) == 0 {
			b.Fatal("no completion items")
		}
	}
	reportPercentiles(b, lat)
}

// BenchmarkOpen500 opens 500 documents, waits for all their diagnostics
// and reports the process's resident set size.
func BenchmarkOpen500(b *testing.B) {
	for range b.N {
		s := newSession(b, nil)
		base := expr4000()
		for i := range 500 {
			text := base[:1000+i*5] // distinct documents of 1,000–3,500 bytes
			u := uri.File("/work/doc" + strconv.Itoa(i) + ".wf")
			require.NoError(b, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
				URI: u, LanguageID: "wirefilter", Version: 1, Text: text}}))
		}
		seen := map[uri.URI]bool{}
		deadline := time.After(timeout)
		for len(seen) < 500 {
			select {
			case p := <-s.client.diags:
				seen[p.URI] = true
			case <-deadline:
				b.Fatalf("only %d of 500 documents got diagnostics", len(seen))
			}
		}
		runtime.GC()
		b.ReportMetric(rssMB(), "rss-MB")
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	}
}

// rssMB reads VmRSS from /proc (Linux); 0 elsewhere.
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// A mebibyte of invalid expression is analysed whole, as any other text:
// wfls no longer caps the size it analyses, since the parser's recovery is
// linear (BenchmarkDidChangeDiagnostics/invalid-1MiB times it).
func TestLargeInvalidExpressionIsAnalysed(t *testing.T) {
	s := newSession(t, nil)
	text := expr1MiB()
	u := s.open("big.wf", text)
	p := s.waitDiags(u, 1)
	codes := map[string]bool{}
	for _, d := range p.Diagnostics {
		codes[fmt.Sprint(d.Code)] = true
	}
	require.False(t, codes["input-too-large"], codes)
	require.Greater(t, len(p.Diagnostics), 1, codes)
}
