package main

// ClickHouse for "report build --clickhouse DSN --table T" and "report sql":
// flags and wiring only; chsql and chbuild do the work.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/internal/cmdline"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/reportview"
	"github.com/wflint/wflint/internal/schema"
)

// chFlags are the ClickHouse flags of report build and report sql.
type chFlags struct {
	dsn       *string
	table     *string
	columns   map[string]string
	timestamp *string
}

func addClickHouseFlags(fs *flag.FlagSet, withDSN bool) *chFlags {
	f := &chFlags{dsn: new(string)}
	if withDSN {
		f.dsn = fs.String("clickhouse", "", "build in ClickHouse: native-protocol `DSN` clickhouse://[user@]host:9000/db (password from $CLICKHOUSE_PASSWORD)")
	}
	f.table = fs.String("table", "", "ClickHouse `table` (or db.table, or a table function: "+strings.Join(chsql.TableFunctions, ", ")+") holding Logpush http_requests records")
	f.columns = cmdline.Pairs(fs, "column", "map a Logpush `field=column` of the table (repeatable, or comma-separated; also clickhouse.columns in .wflint.yaml)", "LogpushField=column")
	f.timestamp = cmdline.Choice(fs, "timestamp-format", "", "how an integer or text EdgeStartTimestamp column holds the time, as Logpush's timestamp_format names it (default: told apart value by value, as the local build does)", chsql.TimestampFormats...)
	return f
}

// columnsHint adds the flag that fixes a table without some of the
// columns the report needs.
func columnsHint(err error) error {
	var me *chsql.MissingColumnsError
	if !errors.As(err, &me) {
		return err
	}
	pairs := make([]string, len(me.Fields))
	for i, f := range me.Fields {
		pairs[i] = f + "=COLUMN"
	}
	return fmt.Errorf("%w: map each to the table's column with --column %s (or clickhouse.columns in .wflint.yaml)", err, strings.Join(pairs, ","))
}

// chBuild runs report build in ClickHouse; opts are the checked flags.
func chBuild(ctx context.Context, cmd string, f *chFlags, opts reportbuild.Options, exprName, out string, quiet bool, stdout, stderr io.Writer) int {
	if *f.table == "" {
		return usageError(stderr, cmd, "--clickhouse needs --table")
	}
	cols, err := config.ColumnMap(".", f.columns)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	o := chbuild.LocalOptions(opts, *f.dsn, *f.table, cols)
	o.TimestampFormat = *f.timestamp
	rep, st, err := chbuild.Build(ctx, o)
	if err != nil {
		return buildFailed(stderr, cmd, exprName, opts.Expression, columnsHint(err))
	}
	summary := func() { reportview.ClickHouseSummary(stderr, cmd, rep, st) }
	return emitReport(cmd, rep, out, quiet, summary, "", stdout, stderr)
}

const sqlLong = `Prints the one ClickHouse query that computes the report's numbers, for
running it yourself (clickhouse-client --query "$(wflint report sql …)").
Its rows are (g, k, n, s, t0, t1): the list (0 for the scores), the value,
its count, the rows with a timestamp, the first and last in Unix
nanoseconds; see the README section "Building reports in ClickHouse". --create-table prints the table (Logpush
field names; EdgeStartTimestamp as text with --timestamp-format rfc3339,
else as an integer) for --table, --structure its columns for s3(…) and
file(…). The query assumes that table; report build reads the real
table's columns first and adapts to them.
`

// sqlCmd defines the flags of "wflint report sql" and returns what runs it.
func sqlCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report sql"
	var (
		expr     = fs.String("expr", "", "Rules-language `expression` selecting the reported requests")
		exprFile = fs.String("expr-file", "", "read the expression from `file`")
		dialect  = cmdline.Choice(fs, "dialect", "clickhouse", "SQL `dialect`", "clickhouse")
		top      = fs.Int("top", reportbuild.DefaultTopN, "`entries` per requests_by_attribute list")
		profile  = fs.String("profile", schema.ProfileFeedback, "`schema` the expression is checked against: feedback or rules")
		ddl      = fs.Bool("create-table", false, "print the CREATE TABLE statement for --table (Logpush field names and types) instead")
		strct    = fs.Bool("structure", false, "print the column structure for table functions such as s3(…) instead")
	)
	f := addClickHouseFlags(fs, false)
	return func(e *env, rest []string) int {
		stdout, stderr := e.stdout, e.stderr
		switch {
		case *strct:
			fmt.Fprintln(stdout, chsql.StructureFor(*f.timestamp))
			return exitOK
		case *ddl:
			stmt, err := chsql.CreateTableFor(*f.table, *f.timestamp)
			if err != nil {
				return usageError(stderr, cmd, "--create-table needs --table NAME or DB.NAME: %v", err)
			}
			fmt.Fprintln(stdout, stmt)
			return exitOK
		case len(rest) > 0:
			return usageError(stderr, cmd, "unexpected argument %q", rest[0])
		case *dialect != "clickhouse":
			return usageError(stderr, cmd, "--dialect must be clickhouse")
		case (*expr == "") == (*exprFile == ""):
			return usageError(stderr, cmd, "give exactly one of --expr and --expr-file")
		case *f.table == "":
			return usageError(stderr, cmd, "--table is required")
		case *top < 1:
			return usageError(stderr, cmd, "--top must be at least 1")
		}
		sch, src, name, code := exprInput(stderr, cmd, *profile, *expr, *exprFile)
		if code >= 0 {
			return code
		}
		cols, err := config.ColumnMap(".", f.columns)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		q, _, err := chbuild.Query(chbuild.Options{Expression: src, Schema: sch, TopN: *top, Table: *f.table, Columns: cols,
			TimestampFormat: *f.timestamp})
		if err != nil {
			return buildFailed(stderr, cmd, name, src, err)
		}
		fmt.Fprintln(stdout, q)
		return exitOK
	}
}
