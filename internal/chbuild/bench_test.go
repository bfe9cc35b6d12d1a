package chbuild_test

import (
	"bufio"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/chserver"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
)

// BenchmarkClickHouse compares ClickHouse's scan rate (Debian's 18.16
// server, MergeTree table) with the local build on the same records as
// NDJSON. WFLINT_BENCH_ROWS sets the size (default 5,000,000);
// scripts/bench-clickhouse.sh runs it. Not part of go test ./... (it is a
// benchmark, and it writes about 850 bytes per row to a temporary file).
func BenchmarkClickHouse(b *testing.B) {
	rows := 5_000_000
	if v := os.Getenv("WFLINT_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(b, err)
		rows = n
	}
	expr := `cf.bot_management.score lt 30 or http.user_agent contains "bot"`
	if v := os.Getenv("WFLINT_BENCH_EXPR"); v != "" {
		expr = v
	}
	srv := chserver.Start(b)
	file := filepath.Join(b.TempDir(), "logs.ndjson")
	f, err := os.Create(file)
	require.NoError(b, err)
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Now()
	require.NoError(b, loggen.Generate(w, loggen.Config{N: rows, Seed: 5, TimeFormat: loggen.TimeUnix}))
	require.NoError(b, w.Flush())
	require.NoError(b, f.Close())
	st, _ := os.Stat(file)
	b.Logf("generated %d rows (%d MB) in %v", rows, st.Size()>>20, time.Since(start).Round(time.Millisecond))
	in, err := os.Open(file)
	require.NoError(b, err)
	start = time.Now()
	require.NoError(b, srv.LoadNDJSON(chsql.CreateTable, "http_requests", in))
	in.Close()
	b.Logf("loaded into ClickHouse %s in %v", srv.Version, time.Since(start).Round(time.Millisecond))

	ctx := context.Background()
	b.ResetTimer()
	var localRate, chRate float64
	for i := 0; i < b.N; i++ {
		start = time.Now()
		lrep, lst, err := reportbuild.Build(ctx, reportbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Inputs: []string{file}})
		require.NoError(b, err)
		local := time.Since(start)
		start = time.Now()
		crep, cst, err := chbuild.Build(ctx, chbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", DSN: srv.DSN(), Table: "http_requests"})
		require.NoError(b, err)
		ch := time.Since(start)
		localRate, chRate = float64(lst.Records)/local.Seconds(), float64(rows)/ch.Seconds()
		exact := true
		for _, t := range lst.Top {
			exact = exact && t.Exact
		}
		b.Logf("local: %d records, %d matched in %v (%.0f rows/s, %.0f MB/s, %d workers)", lst.Records, lst.Matches, local.Round(time.Millisecond), localRate, lst.MBPerSecond(), lst.Workers)
		b.Logf("clickhouse: %d rows read, %d matched in %v (%.0f rows/s); ratio clickhouse/local %.2f", cst.RowsRead, cst.Matches, ch.Round(time.Millisecond), chRate, chRate/localRate)
		b.Logf("same requests and histograms: %v; local top lists exact: %v", lrep.Requests == crep.Requests && maps.Equal(lrep.RequestsByScore, crep.RequestsByScore) && maps.Equal(lrep.RequestsByScoreSrc, crep.RequestsByScoreSrc), exact)
	}
	b.ReportMetric(localRate, "local-rows/s")
	b.ReportMetric(chRate, "clickhouse-rows/s")
	b.ReportMetric(chRate/localRate, "ratio")
}
