package chbuild_test

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/chserver"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
)

// benchExprs are the expressions BenchmarkClickHouse times: one that a
// third of the generated records match (the local build's parsing and
// ClickHouse's counting both matter), and one that few match (a report on
// one host, where reading the columns is most of ClickHouse's work).
var benchExprs = []string{
	`cf.bot_management.score lt 30 or http.user_agent contains "bot"`,
	`cf.bot_management.score lt 30 and http.host eq "shop.example.com"`,
}

// BenchmarkClickHouse compares the ClickHouse build (Debian's 18.16 server,
// MergeTree table; and a current ClickHouse through chDB when
// WFLINT_CHDB_LIB names its libchdb.so) with the local build on the same
// records as NDJSON. The builds alternate, local first, for
// WFLINT_BENCH_ROUNDS rounds (default 3) per expression, so that the load
// of a shared machine weighs on all of them alike; it logs every run, the
// median rates and their ratios, and the load average.
// WFLINT_BENCH_ROWS sets the size (default 5,000,000), WFLINT_BENCH_EXPR
// one expression in place of benchExprs; scripts/bench-clickhouse.sh runs
// it. Not part of go test ./... (it writes about 900 bytes per row to a
// temporary file).
func BenchmarkClickHouse(b *testing.B) {
	rows := benchEnv(b, "WFLINT_BENCH_ROWS", 5_000_000)
	rounds := benchEnv(b, "WFLINT_BENCH_ROUNDS", 3)
	exprs := benchExprs
	if v := os.Getenv("WFLINT_BENCH_EXPR"); v != "" {
		exprs = []string{v}
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
	builds := []benchBuild{{name: "clickhouse " + srv.Version, run: func(o chbuild.Options) (*feedback.Report, error) {
		o.DSN = srv.DSN()
		rep, _, err := chbuild.Build(ctx, o)
		return rep, err
	}}}
	if lib := os.Getenv("WFLINT_CHDB_LIB"); lib != "" {
		db := startChDB(b, lib)
		v, err := db.query("SELECT version()")
		require.NoError(b, err)
		start = time.Now()
		_, err = db.query(fmt.Sprintf(chsql.CreateTable, "http_requests"))
		require.NoError(b, err)
		_, err = db.query("INSERT INTO http_requests SELECT * FROM file(" + chsql.String(file) + ", 'JSONEachRow', " +
			chsql.String(chsql.Structure) + ") SETTINGS input_format_skip_unknown_fields = 1")
		require.NoError(b, err)
		b.Logf("loaded into chDB (ClickHouse %s) in %v", strings.TrimSpace(v), time.Since(start).Round(time.Millisecond))
		builds = append(builds, benchBuild{name: "chDB " + strings.TrimSpace(v), run: func(o chbuild.Options) (*feedback.Report, error) {
			rep, _, err := chbuild.Run(ctx, o, db)
			return rep, err
		}})
	} else {
		b.Logf("WFLINT_CHDB_LIB is not set: no current ClickHouse in this run (scripts/fetch-chdb.sh)")
	}

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, expr := range exprs {
			benchAlternate(b, file, rows, rounds, expr, builds)
		}
	}
}

type benchBuild struct {
	name  string
	run   func(chbuild.Options) (*feedback.Report, error)
	rates []float64
}

// benchAlternate runs the local build and each ClickHouse build in turn,
// rounds times, and logs their median rates and ratios.
func benchAlternate(b *testing.B, file string, rows, rounds int, expr string, builds []benchBuild) {
	ctx := context.Background()
	b.Logf("expression: %s (load average %s)", expr, loadAvg())
	var local []float64
	for i := range builds {
		builds[i].rates = nil
	}
	for r := 0; r < rounds; r++ {
		cpu0 := cpuTime()
		start := time.Now()
		lrep, lst, err := reportbuild.Build(ctx, reportbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Inputs: []string{file}})
		require.NoError(b, err)
		el, cpu := time.Since(start), cpuTime()-cpu0
		local = append(local, float64(lst.Records)/el.Seconds())
		exact := true
		for _, t := range lst.Top {
			exact = exact && t.Exact
		}
		b.Logf("round %d: local: %d records, %d matched in %v, %v CPU (%.0f rows/s, %d workers; top lists exact: %v)",
			r+1, lst.Records, lst.Matches, el.Round(time.Millisecond), cpu.Round(time.Millisecond), local[r], lst.Workers, exact)
		for i := range builds {
			bb := &builds[i]
			start = time.Now()
			crep, err := bb.run(chbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Table: "http_requests"})
			require.NoError(b, err)
			el := time.Since(start)
			bb.rates = append(bb.rates, float64(rows)/el.Seconds())
			same := "byte-identical"
			if reportJSON(b, lrep) != reportJSON(b, crep) {
				same = "differs"
				if !exact {
					same += " (the local top lists are approximate past 20,000 values)"
				}
				if lrep.Requests != crep.Requests || !maps.Equal(lrep.RequestsByScore, crep.RequestsByScore) {
					b.Fatalf("%s: the requests or the histogram differ from the local build's", bb.name)
				}
			}
			b.Logf("round %d: %s: %v (%.0f rows/s, %.2f× local); report %s", r+1, bb.name, el.Round(time.Millisecond), bb.rates[r], bb.rates[r]/local[r], same)
		}
	}
	lm := median(local)
	b.Logf("median over %d alternating rounds: local %.0f rows/s", rounds, lm)
	for _, bb := range builds {
		m := median(bb.rates)
		b.Logf("median over %d alternating rounds: %s %.0f rows/s, %.2f× local", rounds, bb.name, m, m/lm)
		b.ReportMetric(m/lm, "ratio-"+strings.Fields(bb.name)[0])
	}
	b.Logf("load average after: %s", loadAvg())
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func benchEnv(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(b, err, name)
	return n
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
