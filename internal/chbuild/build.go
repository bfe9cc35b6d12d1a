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
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
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
	// Table is a table name, database.table, or an allowed table function
	// such as s3(…) (see chsql.ParseTable).
	Table string
	// Columns maps Logpush field names to the table's column names.
	Columns map[string]string
	// TimestampFormat is how an integer or text EdgeStartTimestamp column
	// is read (chsql.TimestampAuto and the others).
	TimestampFormat string
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

// DB is what a build needs from ClickHouse. Build uses the native protocol;
// tests also drive chDB through it.
type DB interface {
	// Describe returns the columns of table (the FROM clause of a
	// chsql.TableRef), as DESCRIBE TABLE lists them.
	Describe(ctx context.Context, table string) ([]chsql.Column, error)
	// Rows runs the report query.
	Rows(ctx context.Context, query string) ([]Row, error)
}

// Query checks and compiles the expression and returns the report query
// (for `wflint report sql`), for a table shaped as chsql.CreateTable makes
// it, with the columns named as opts.Columns says. The expression must be
// one the local build accepts (reportbuild.Accept decides for both).
func Query(opts Options) (string, []diag.Diagnostic, error) {
	layout, err := chsql.DefaultLayout(opts.Columns, opts.TimestampFormat)
	if err != nil {
		return "", nil, err
	}
	ref, err := chsql.ParseTable(opts.Table)
	if err != nil {
		return "", nil, err
	}
	return query(opts, ref, layout)
}

// query compiles the expression for layout and writes the report query.
func query(opts Options, ref *chsql.TableRef, layout *chsql.Layout) (string, []diag.Diagnostic, error) {
	acc, err := reportbuild.Accept(opts.Expression, opts.Schema)
	if err != nil {
		return "", acc.Diagnostics, err
	}
	co := chsql.Options{Layout: layout}
	pred, err := chsql.Compile(acc.Info, co)
	if err != nil {
		return "", acc.Diagnostics, err
	}
	q, err := chsql.ReportQuery(pred, ref, reportbuild.TopN(opts.TopN), co)
	return q, acc.Diagnostics, err
}

// Row is one row of the report query's result (see chsql.ReportQuery).
type Row struct {
	G      uint8
	K      string
	N, S   uint64
	T0, T1 int64
}

// Run builds the report with db: it reads the table's columns, compiles
// the expression for them, runs the one report query and assembles the
// report, byte-for-byte the local build's for the same records.
func Run(ctx context.Context, opts Options, db DB) (*feedback.Report, *Stats, error) {
	st := &Stats{}
	acc, err := reportbuild.Accept(opts.Expression, opts.Schema)
	if acc != nil {
		st.Diagnostics = acc.Diagnostics
	}
	if err != nil {
		return nil, st, err
	}
	ref, err := chsql.ParseTable(opts.Table)
	if err != nil {
		return nil, st, err
	}
	cols, err := db.Describe(ctx, ref.String())
	if err != nil {
		return nil, st, err
	}
	layout, err := chsql.NewLayout(cols, opts.Columns, opts.TimestampFormat)
	if err != nil {
		return nil, st, fmt.Errorf("clickhouse: %s: %w", ref.String(), err)
	}
	q, _, err := query(opts, ref, layout)
	if err != nil {
		return nil, st, err
	}
	start := time.Now()
	rows, err := db.Rows(ctx, q)
	if err != nil {
		return nil, st, err
	}
	st.Elapsed = time.Since(start)
	rep, err := Report(opts, rows, st)
	return rep, st, err
}

// Build runs the report query on the server at opts.DSN and returns the
// report, byte-for-byte the local build's for the same records (its top
// lists are always exact). Every query runs with the setting readonly = 2
// (reads only) unless the user's profile is read-only already.
func Build(ctx context.Context, opts Options) (*feedback.Report, *Stats, error) {
	o, sc, err := options(opts.DSN)
	if err != nil {
		return nil, &Stats{}, err
	}
	if ref, perr := chsql.ParseTable(opts.Table); perr == nil {
		sc = append(sc, ref.Secrets()...)
	}
	conn, err := clickhouse.Open(o)
	if err != nil {
		return nil, &Stats{}, sc.wrap(fmt.Errorf("clickhouse: connect to %s: %w", RedactDSN(opts.DSN), err))
	}
	defer conn.Close()
	db := &native{conn: conn, sc: sc}
	rep, st, err := Run(ctx, opts, db)
	st.RowsRead, st.BytesRead = db.rows, db.bytes
	return rep, st, err
}

// native is a DB over clickhouse-go.
type native struct {
	conn        driver.Conn
	sc          scrubber
	rows, bytes uint64
	// noReadonly is set once the server refused readonly = 2 because
	// the user's profile is read-only already.
	noReadonly bool
}

// codeReadonly is ClickHouse's READONLY error: the profile is read-only
// and the setting cannot be changed.
const codeReadonly = 164

// query runs q read-only, with the progress counters.
func (n *native) query(ctx context.Context, q string) (driver.Rows, error) {
	for {
		opts := []clickhouse.QueryOption{clickhouse.WithProgress(func(p *clickhouse.Progress) {
			n.rows += p.Rows
			n.bytes += p.Bytes
		})}
		if !n.noReadonly {
			opts = append(opts, clickhouse.WithSettings(clickhouse.Settings{"readonly": 2}))
		}
		rows, err := n.conn.Query(clickhouse.Context(ctx, opts...), q)
		var ex *clickhouse.Exception
		if err != nil && !n.noReadonly && errors.As(err, &ex) && ex.Code == codeReadonly {
			n.noReadonly = true
			continue
		}
		if err != nil {
			return nil, n.sc.wrap(fmt.Errorf("clickhouse: %w", err))
		}
		return rows, nil
	}
}

func (n *native) Describe(ctx context.Context, table string) ([]chsql.Column, error) {
	rows, err := n.query(ctx, "DESCRIBE TABLE "+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []chsql.Column
	width := len(rows.Columns())
	for rows.Next() {
		vals := make([]string, width)
		ptrs := make([]any, width)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, n.sc.wrap(fmt.Errorf("clickhouse: %w", err))
		}
		if width >= 2 {
			cols = append(cols, chsql.Column{Name: vals[0], Type: vals[1]})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, n.sc.wrap(fmt.Errorf("clickhouse: %w", err))
	}
	return cols, nil
}

func (n *native) Rows(ctx context.Context, q string) ([]Row, error) {
	rows, err := n.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.G, &r.K, &r.N, &r.S, &r.T0, &r.T1); err != nil {
			return nil, n.sc.wrap(fmt.Errorf("clickhouse: %w", err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, n.sc.wrap(fmt.Errorf("clickhouse: %w", err))
	}
	return out, nil
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
	for _, k := range topAttr {
		t.Top[k] = reportbuild.TopList{Exact: true}
	}
	var seen int64
	topN := reportbuild.TopN(opts.TopN)
	for _, r := range rows {
		n := int64(r.N)
		if r.G != chsql.GroupStats {
			if int(r.G) > len(chsql.TopFields) {
				return nil, fmt.Errorf("clickhouse: unexpected group %d in the result", r.G)
			}
			k := topAttr[chsql.TopFields[r.G-1]]
			l := t.Top[k]
			if r.K == "" || (topN > 0 && len(l.Items) == topN) {
				continue // missing values; the row beyond the list
			}
			l.Items = append(l.Items, feedback.MetricRequests{Metric: r.K, Requests: n})
			l.Tracked++
			t.Top[k] = l
			continue
		}
		t.Records += n
		score, src, ok := strings.Cut(r.K, " ")
		if !ok {
			return nil, fmt.Errorf("clickhouse: unexpected score key %q", r.K)
		}
		if score == "" {
			t.Unscored += n
			continue
		}
		v, err := strconv.ParseInt(score, 10, 64)
		switch {
		case err != nil:
			return nil, fmt.Errorf("clickhouse: unexpected score key %q", r.K)
		case v < 1 || v > 99:
			t.InvalidScore += n
			continue
		}
		t.RequestsByScore[score] += n
		t.Requests += n
		if src = logpush.NormalizeScoreSource(src); src == "" {
			src = reportbuild.UnknownScoreSource
		}
		t.RequestsByScoreSrc[src] += n
		if r.S > 0 {
			seen += int64(r.S)
			first, last := time.Unix(0, r.T0).UTC(), time.Unix(0, r.T1).UTC()
			if t.FirstRequestSeenAt.IsZero() || first.Before(t.FirstRequestSeenAt) {
				t.FirstRequestSeenAt = first
			}
			if last.After(t.LastRequestSeenAt) {
				t.LastRequestSeenAt = last
			}
		}
	}
	t.NoTimestamp = t.Requests - seen
	if st != nil {
		st.Matches, st.Unscored, st.InvalidScore, st.NoTimestamp = t.Records, t.Unscored, t.InvalidScore, t.NoTimestamp
	}
	ro := reportbuild.Options{Expression: opts.Expression, Type: opts.Type, Subtype: opts.Subtype, Description: opts.Description}
	return reportbuild.NewReport(&ro, &t), nil
}
