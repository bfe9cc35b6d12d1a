// Package chbuild builds a feedback report inside ClickHouse: it compiles
// the expression with package chsql, runs the one aggregation query over
// the native protocol (github.com/ClickHouse/clickhouse-go/v2, which works
// with ClickHouse 18.16 and current versions) and turns the result into
// the same feedback.Report the local build (package reportbuild) writes.
//
// It is a package of its own, not a file of reportbuild, so that the local
// build and everything that imports it do not depend on the ClickHouse
// driver; it reuses reportbuild's expression checks, Totals and report
// assembly, so both builds share every rule after the counting.
package chbuild

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/wflint/wflint/chsql"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/logpush"
	"github.com/wflint/wflint/reportbuild"
	"github.com/wflint/wflint/schema"
)

// Options configure Build and Query.
type Options struct {
	// Expression, Schema, Type, Subtype, Description and TopN mean what
	// they mean for reportbuild.Build.
	Expression                 string
	Schema                     *schema.Schema
	Type, Subtype, Description string
	TopN                       int

	// DSN is clickhouse://[user[:password]@]host:port/database?…; the
	// user and password may come from CLICKHOUSE_USER and
	// CLICKHOUSE_PASSWORD instead. It is never printed (see RedactDSN).
	DSN string
	// Table is a table name, database.table, or a table function such as
	// s3(…) (see chsql.Table).
	Table string
	// Columns maps Logpush field names to the table's column names.
	Columns map[string]string
}

// LocalOptions are the options of the same build from logs, o, run in
// ClickHouse at dsn over table, whose columns are named as columns maps
// them: the report's expression, schema, type, subtype, description and
// list size carry over; the inputs, workers and progress of a local build
// do not apply.
func LocalOptions(o reportbuild.Options, dsn, table string, columns map[string]string) Options {
	return Options{
		Expression: o.Expression, Schema: o.Schema, Type: o.Type, Subtype: o.Subtype,
		Description: o.Description, TopN: o.TopN,
		DSN: dsn, Table: table, Columns: columns,
	}
}

// Stats describes a ClickHouse build.
type Stats struct {
	// Matches, Unscored, InvalidScore and NoTimestamp mean what they mean
	// in reportbuild.Stats.
	Matches, Unscored, InvalidScore, NoTimestamp int64
	// RowsRead and BytesRead are the server's progress counters.
	RowsRead, BytesRead uint64
	// Diagnostics are the analyzer's non-fatal findings.
	Diagnostics []diag.Diagnostic
	Elapsed     time.Duration
}

// RowsPerSecond is the scan rate.
func (s *Stats) RowsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.RowsRead) / s.Elapsed.Seconds()
}

// Query checks and compiles the expression and returns the report query
// (for `wflint report sql`). The expression must also be one the local
// build accepts: both builds refuse the same fatal findings.
func Query(opts Options) (string, []diag.Diagnostic, error) {
	acc, err := reportbuild.Accept(opts.Expression, opts.Schema)
	if err != nil {
		return "", acc.Diagnostics, err
	}
	pred, err := chsql.Compile(acc.Info, chsql.Options{Columns: opts.Columns})
	if err != nil {
		return "", acc.Diagnostics, err
	}
	q, err := chsql.ReportQuery(pred, opts.Table, reportbuild.TopN(opts.TopN), chsql.Options{Columns: opts.Columns})
	return q, acc.Diagnostics, err
}

// Row is one row of the report query's result.
type Row struct {
	A, K   string
	N      uint64
	T0, T1 int64
}

// Build runs the report query on the server at opts.DSN and returns the
// report, byte-for-byte the local build's for the same records (its top
// lists are always exact).
func Build(ctx context.Context, opts Options) (*feedback.Report, *Stats, error) {
	q, diags, err := Query(opts)
	st := &Stats{Diagnostics: diags}
	if err != nil {
		return nil, st, err
	}
	o, sc, err := options(opts.DSN)
	if err != nil {
		return nil, st, err
	}
	conn, err := clickhouse.Open(o)
	if err != nil {
		return nil, st, sc.wrap(fmt.Errorf("clickhouse: connect to %s: %w", RedactDSN(opts.DSN), err))
	}
	defer conn.Close()
	start := time.Now()
	ctx = clickhouse.Context(ctx, clickhouse.WithProgress(func(p *clickhouse.Progress) {
		st.RowsRead += p.Rows
		st.BytesRead += p.Bytes
	}))
	rows, err := conn.Query(ctx, q)
	if err != nil {
		return nil, st, sc.wrap(fmt.Errorf("clickhouse: %w", err))
	}
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.A, &r.K, &r.N, &r.T0, &r.T1); err != nil {
			rows.Close()
			return nil, st, sc.wrap(fmt.Errorf("clickhouse: %w", err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, st, sc.wrap(fmt.Errorf("clickhouse: %w", err))
	}
	rows.Close()
	st.Elapsed = time.Since(start)
	rep, err := Report(opts, out, st)
	return rep, st, err
}

// topAttr names each top list's report key.
var topAttr = map[logpush.Field]string{
	logpush.FieldClientIP:               feedback.AttrTopIPs,
	logpush.FieldClientASN:              feedback.AttrTopASNs,
	logpush.FieldClientCountry:          feedback.AttrTopCountries,
	logpush.FieldClientRequestHost:      feedback.AttrTopHosts,
	logpush.FieldClientRequestPath:      feedback.AttrTopPaths,
	logpush.FieldClientRequestUserAgent: feedback.AttrTopUserAgents,
	logpush.FieldJA3Hash:                feedback.AttrTopJA3Hashes,
	logpush.FieldJA4:                    feedback.AttrTopJA4s,
}

// Report turns the rows of the report query into the report, through
// reportbuild's Totals and report assembly. st, when not nil, gets the
// counts that are not in the report.
func Report(opts Options, rows []Row, st *Stats) (*feedback.Report, error) {
	t := reportbuild.Totals{
		RequestsByScore:    map[string]int64{},
		RequestsByScoreSrc: map[string]int64{},
		Top:                map[string]reportbuild.TopList{},
	}
	var seen int64
	tops := map[string]string{}
	for f, k := range topAttr {
		tops[chsql.TopPrefix+f.String()] = k
		t.Top[k] = reportbuild.TopList{Exact: true}
	}
	for _, r := range rows {
		n := int64(r.N)
		switch {
		case r.A == chsql.GroupMatched:
			t.Records = n
		case r.A == chsql.GroupUnscored:
			t.Unscored = n
		case r.A == chsql.GroupInvalid:
			t.InvalidScore = n
		case r.A == chsql.GroupSeen:
			seen = n
			t.FirstRequestSeenAt = time.Unix(r.T0, 0).UTC()
			t.LastRequestSeenAt = time.Unix(r.T1, 0).UTC()
		case strings.HasPrefix(r.A, chsql.ScorePrefix):
			s := strings.TrimPrefix(r.A, chsql.ScorePrefix)
			if v, err := strconv.Atoi(s); err != nil || v < 1 || v > 99 {
				return nil, fmt.Errorf("clickhouse: unexpected score group %q", r.A)
			}
			t.RequestsByScore[s] += n
			t.Requests += n
		case strings.HasPrefix(r.A, chsql.SourcePrefix):
			src := logpush.NormalizeScoreSource(strings.TrimPrefix(r.A, chsql.SourcePrefix))
			if src == "" {
				src = reportbuild.UnknownScoreSource
			}
			t.RequestsByScoreSrc[src] += n
		default:
			k, ok := tops[r.A]
			if !ok {
				return nil, fmt.Errorf("clickhouse: unexpected group %q in the result", r.A)
			}
			l := t.Top[k]
			l.Items = append(l.Items, feedback.MetricRequests{Metric: r.K, Requests: n})
			l.Tracked++
			t.Top[k] = l
		}
	}
	t.NoTimestamp = t.Requests - seen
	if st != nil {
		st.Matches, st.Unscored, st.InvalidScore, st.NoTimestamp = t.Records, t.Unscored, t.InvalidScore, t.NoTimestamp
	}
	ro := reportbuild.Options{Expression: opts.Expression, Type: opts.Type, Subtype: opts.Subtype, Description: opts.Description}
	return reportbuild.NewReport(&ro, &t), nil
}
