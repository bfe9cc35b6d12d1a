package chbuild_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chsql"
)

// variant is a table holding the test logs in a schema other than
// chsql.CreateTable's, as teams load Logpush data: EdgeStartTimestamp in
// every type Logpush's timestamp formats end up in, columns Nullable or
// not, narrower integers, LowCardinality strings, other column names.
type variant struct {
	name     string
	complete bool              // non-Nullable columns: the logs without missing values
	chdbOnly bool              // a type 18.16 does not have
	types    map[string]string // column types that differ from chsql.Structure's
	values   map[string]string // how each such column is filled from the Nullable(Int64) table
	rename   map[string]string // Logpush field → column name (--column)
	tsFormat string            // --timestamp-format
}

// secs is the base table's EdgeStartTimestamp in Unix seconds, whatever
// unit each value is in (as the local reader tells them apart).
const secs = "multiIf(abs(EdgeStartTimestamp) < 100000000000, EdgeStartTimestamp, abs(EdgeStartTimestamp) < 100000000000000, intDiv(EdgeStartTimestamp, 1000), " +
	"abs(EdgeStartTimestamp) < 100000000000000000, intDiv(EdgeStartTimestamp, 1000000), intDiv(EdgeStartTimestamp, 1000000000))"

var variants = []variant{
	{name: "ts-unixnano", types: map[string]string{"EdgeStartTimestamp": "Nullable(Int64)"},
		values: map[string]string{"EdgeStartTimestamp": secs + " * 1000000000"}, tsFormat: chsql.TimestampUnixNano},
	{name: "ts-unixnano-detected", types: map[string]string{"EdgeStartTimestamp": "Nullable(Int64)"},
		values: map[string]string{"EdgeStartTimestamp": secs + " * 1000000000"}},
	{name: "ts-rfc3339", types: map[string]string{"EdgeStartTimestamp": "Nullable(String)"},
		values: map[string]string{"EdgeStartTimestamp": "concat(replaceOne(toString(toDateTime(" + secs + ", 'UTC')), ' ', 'T'), 'Z')"}},
	{name: "ts-unix-text", types: map[string]string{"EdgeStartTimestamp": "Nullable(String)"},
		values: map[string]string{"EdgeStartTimestamp": "toString(" + secs + ")"}, tsFormat: chsql.TimestampUnix},
	{name: "ts-datetime", types: map[string]string{"EdgeStartTimestamp": "Nullable(DateTime)"},
		values: map[string]string{"EdgeStartTimestamp": "toDateTime(" + secs + ", 'UTC')"}},
	{name: "ts-datetime64", chdbOnly: true, types: map[string]string{"EdgeStartTimestamp": "Nullable(DateTime64(3))"},
		values: map[string]string{"EdgeStartTimestamp": "toDateTime64(" + secs + ", 3, 'UTC')"}},
	{name: "narrow-lowcardinality-renamed",
		types: map[string]string{"EdgeStartTimestamp": "Nullable(UInt32)", "BotScore": "Nullable(Int16)", "ClientASN": "Nullable(Int32)",
			"EdgeResponseStatus": "Nullable(UInt16)", "WAFAttackScore": "Nullable(Int8)", "BotScoreSrc": "LowCardinality(Nullable(String))",
			"ClientCountry": "LowCardinality(Nullable(String))", "JA4": "LowCardinality(Nullable(String))", "ClientIP": "LowCardinality(Nullable(String))"},
		values: map[string]string{"EdgeStartTimestamp": secs},
		rename: map[string]string{"ClientIP": "client_ip", "BotScore": "score", "EdgeStartTimestamp": "ts", "ClientCountry": "country"}},
	{name: "complete-int64", complete: true},
	{name: "complete-ts-rfc3339", complete: true, types: map[string]string{"EdgeStartTimestamp": "String"},
		values:   map[string]string{"EdgeStartTimestamp": "concat(replaceOne(toString(toDateTime(" + secs + ", 'UTC')), ' ', 'T'), 'Z')"},
		tsFormat: chsql.TimestampRFC3339},
	{name: "complete-ts-datetime", complete: true, types: map[string]string{"EdgeStartTimestamp": "DateTime"},
		values: map[string]string{"EdgeStartTimestamp": "toDateTime(" + secs + ", 'UTC')"}},
	{name: "complete-ts-unixnano", complete: true, types: map[string]string{"EdgeStartTimestamp": "UInt64"},
		values: map[string]string{"EdgeStartTimestamp": secs + " * 1000000000"}},
	{name: "complete-ts-datetime64", complete: true, chdbOnly: true, types: map[string]string{"EdgeStartTimestamp": "DateTime64(6)"},
		values: map[string]string{"EdgeStartTimestamp": "toDateTime64(" + secs + ", 6, 'UTC')"}},
	{name: "complete-lowcardinality", complete: true,
		types: map[string]string{"ClientRequestHost": "LowCardinality(String)", "BotScore": "Int8", "ClientASN": "Int32", "EdgeResponseStatus": "UInt16"}},
}

// create makes v's table from the base table (chsql.CreateTable, the same
// logs) with exec, and returns the fixture that reads it.
func (v variant) create(t *testing.T, base *fixture) *fixture {
	t.Helper()
	table := "v_" + strings.ReplaceAll(v.name, "-", "_")
	var cols, sel []string
	for _, c := range strings.Split(chsql.Structure, ", ") {
		name, typ, _ := strings.Cut(c, " ")
		if tt, ok := v.types[name]; ok {
			typ = tt
		} else if inner, ok := strings.CutPrefix(typ, "Nullable("); ok && v.complete {
			typ = strings.TrimSuffix(inner, ")")
		}
		val := name
		if e, ok := v.values[name]; ok {
			val = e
		}
		if v.complete {
			val = "assumeNotNull(" + val + ")"
		}
		col := name
		if r, ok := v.rename[name]; ok {
			col = r
		}
		cols = append(cols, col+" "+typ)
		sel = append(sel, val)
	}
	_, err := base.exec(fmt.Sprintf("CREATE TABLE %s (%s) ENGINE = MergeTree() ORDER BY tuple()", table, strings.Join(cols, ", ")))
	require.NoError(t, err)
	_, err = base.exec(fmt.Sprintf("INSERT INTO %s SELECT %s FROM %s", table, strings.Join(sel, ", "), base.table))
	require.NoError(t, err)
	return base.at(table, v.rename, v.tsFormat)
}

// testMatrix runs the differential table on every variant's table (the
// corpus too, when corpus is set): byte-identical reports, whatever the
// schema.
func testMatrix(t *testing.T, f, complete *fixture, chdb, corpus bool) {
	for _, v := range variants {
		if v.chdbOnly && !chdb {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			base := f
			if v.complete {
				base = complete
			}
			g := v.create(t, base)
			testDifferential(t, g)
			if corpus {
				testCorpus(t, g)
			}
		})
	}
}
