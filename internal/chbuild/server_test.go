package chbuild_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/corpus"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/chserver"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
)

// edgeLines are hand-written records for what generated logs lack: every
// IPv6 spelling, case, quotes, backslashes, NUL bytes, newlines, non-ASCII
// and invalid-looking text, empty and null values, scores outside 1..99.
var edgeLines = []string{
	`{"EdgeStartTimestamp":1717200001,"ClientIP":"2001:DB8::1","ClientASN":64500,"ClientCountry":"de","ClientRequestHost":"Shop.Example.COM","ClientRequestPath":"/a%20b+c","ClientRequestUserAgent":"it's \"quoted\" \\ back","BotScore":5,"BotScoreSrc":"Heuristics","JA3Hash":"","JA4":"t13d"}`,
	`{"EdgeStartTimestamp":1717200002,"ClientIP":"::1.2.3.4","ClientASN":0,"ClientCountry":"US","ClientRequestHost":"x\u0000y","ClientRequestPath":"/é/ü","ClientRequestUserAgent":"line1\nline2","BotScore":99,"BotScoreSrc":" Machine Learning ","ClientRequestScheme":"HTTPS"}`,
	`{"EdgeStartTimestamp":1717200003,"ClientIP":"::ffff:10.1.2.3","ClientRequestHost":"'; DROP TABLE x; --","ClientRequestPath":"/%41%zz%4","BotScore":3,"BotScoreSrc":"Not Computed"}`,
	`{"EdgeStartTimestamp":1717200003,"ClientIP":"192.0.2.1","ClientRequestHost":"unscored","BotScore":0,"BotScoreSrc":"Not Computed"}`,
	`{"ClientIP":"","ClientRequestHost":"","BotScore":50,"BotScoreSrc":"","ClientRequestUserAgent":"100% _real_ *star*"}`,
	`{"EdgeStartTimestamp":1717200004,"ClientIP":"::","ClientRequestHost":"host","BotScore":100,"ClientRequestScheme":"http"}`,
	`{"EdgeStartTimestamp":1717200005,"ClientIP":"::1:0","ClientCountry":null,"BotScore":42,"BotScoreSrc":"JS Fingerprinting","ClientRequestUserAgent":"Kelvin \u212a and long \u017f","ClientRequestScheme":"httpſ"}`,
	`{"EdgeStartTimestamp":1717200006,"ClientIP":"fe80::1:2","ClientASN":13335,"BotScore":1,"ClientRequestPath":"/A.B?x=1","ClientRequestUserAgent":"\u00c0BC"}`,
	`{"EdgeStartTimestamp":1717199999,"ClientIP":"10.0.0.255","ClientASN":-1,"BotScore":-3}`,
	// Address forms: a zone is dropped, text that is not an address is a
	// missing address (logpush.ParseClientIP), and no such value may abort
	// the query on a current ClickHouse.
	`{"EdgeStartTimestamp":1717200007,"ClientIP":"fe80::1%eth0","BotScore":7,"BotScoreSrc":"Heuristics","ClientRequestHost":"zone"}`,
	`{"EdgeStartTimestamp":1717200008,"ClientIP":"FE80::1%en0","BotScore":8,"ClientRequestHost":"zone"}`,
	`{"EdgeStartTimestamp":1717200009,"ClientIP":"fe80::2","BotScore":9,"ClientRequestHost":"zone"}`,
	`{"EdgeStartTimestamp":1717200010,"ClientIP":"1.2.3.4%eth0","BotScore":10,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200011,"ClientIP":"not-an-ip","BotScore":11,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200012,"ClientIP":"01.2.3.4","BotScore":12,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200013,"ClientIP":"[::1]","BotScore":13,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200014,"ClientIP":"fe80::1%","BotScore":14,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200015,"ClientIP":"1:2:3:4:5:6:7:8","BotScore":15,"ClientRequestHost":"odd-ip"}`,
	`{"EdgeStartTimestamp":1717200016,"ClientIP":"::FFFF:1.2.3.4","BotScore":16,"ClientRequestHost":"odd-ip"}`,
	// Timestamps: milli-, micro- and nanoseconds are told apart by
	// magnitude; before 2010 (and 0) the local reader skips the line as
	// malformed, so ClickHouse leaves the row out.
	`{"EdgeStartTimestamp":1717200017000,"ClientIP":"192.0.2.17","BotScore":17,"ClientRequestHost":"ts"}`,
	`{"EdgeStartTimestamp":1717200018000000,"ClientIP":"192.0.2.18","BotScore":18,"ClientRequestHost":"ts"}`,
	`{"EdgeStartTimestamp":1717200019000000000,"ClientIP":"192.0.2.19","BotScore":19,"ClientRequestHost":"ts"}`,
	`{"EdgeStartTimestamp":1000000000,"ClientIP":"192.0.2.20","BotScore":20,"ClientRequestHost":"ts"}`,
	`{"EdgeStartTimestamp":0,"ClientIP":"192.0.2.21","BotScore":21,"ClientRequestHost":"ts"}`,
}

// fixture is one ClickHouse engine holding the test logs in a table, and
// the same logs as an NDJSON file for the local build.
type fixture struct {
	file     string
	table    string                                            // --table
	columns  map[string]string                                 // --column
	tsFormat string                                            // --timestamp-format
	count    func() (string, error)                            // SELECT count() of the table
	exec     func(q string) (string, error)                    // any query; TabSeparated rows
	build    func(o chbuild.Options) (*feedback.Report, error) // the ClickHouse build
	requests map[string]int64                                  // by expression: the report's requests
	local    map[string]string                                 // by expression: the local report, cached
}

// at is f over another table of the same logs.
func (f *fixture) at(table string, columns map[string]string, tsFormat string) *fixture {
	g := *f
	g.table, g.columns, g.tsFormat = table, columns, tsFormat
	g.requests = map[string]int64{}
	return &g
}

// testLogs writes n generated records and the edge records to a file.
// complete leaves no field out (the generator's missing fields, and the
// edge records' missing and null values, are filled with "" and 0, a
// timestamp with a valid one), for tables whose columns are not Nullable.
func testLogs(t *testing.T, n int, complete bool) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	missing := 0.05
	if complete {
		missing = -1
	}
	require.NoError(t, loggen.Generate(&buf, loggen.Config{N: n, Seed: 16, TimeFormat: loggen.TimeUnix, MissingRate: missing}))
	for _, l := range edgeLines {
		if complete {
			if strings.Contains(l, `"EdgeStartTimestamp":0,`) {
				// A column that is not Nullable holds 0 for a missing
				// timestamp: an explicit 0 is a missing one there.
				continue
			}
			l = completeLine(t, l)
		}
		buf.WriteString(l + "\n")
	}
	file := filepath.Join(t.TempDir(), "logs.ndjson")
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o600))
	return file, buf.Bytes()
}

// completeLine fills every column of chsql.Structure that line leaves
// out or sets to null.
func completeLine(t *testing.T, line string) string {
	t.Helper()
	rec := map[string]any{}
	d := json.NewDecoder(strings.NewReader(line))
	d.UseNumber()
	require.NoError(t, d.Decode(&rec))
	for _, c := range strings.Split(chsql.Structure, ", ") {
		name, typ, _ := strings.Cut(c, " ")
		if rec[name] != nil {
			continue
		}
		switch {
		case name == "EdgeStartTimestamp":
			rec[name] = 1717200000
		case strings.Contains(typ, "Array"):
			rec[name] = []int{}
		case strings.Contains(typ, "Int"):
			rec[name] = 0
		default:
			rec[name] = ""
		}
	}
	b, err := json.Marshal(rec)
	require.NoError(t, err)
	return string(b)
}

// setup starts Debian's clickhouse-server (18.16) and loads the logs into
// http_requests (chsql.CreateTable) and, without missing values, into
// http_requests_complete.
func setup(t *testing.T, n int) (f, complete *fixture, srv *chserver.Server) {
	t.Helper()
	srv = chserver.Start(t)
	t.Logf("ClickHouse %s", srv.Version)
	load := func(table string, full bool) *fixture {
		file, data := testLogs(t, n, full)
		require.NoError(t, srv.LoadNDJSON(chsql.CreateTable, table, bytes.NewReader(data)))
		return &fixture{
			file: file, table: table, requests: map[string]int64{}, local: map[string]string{},
			count: func() (string, error) { return srv.Exec("SELECT count() FROM "+table, nil) },
			exec: func(q string) (string, error) {
				// LowCardinality is experimental in 18.16.
				return srv.Exec(q, nil, "allow_experimental_low_cardinality_type=1")
			},
			build: func(o chbuild.Options) (*feedback.Report, error) {
				// For file(…): Logpush writes fields the structure leaves out.
				o.DSN = srv.DSN() + "?input_format_skip_unknown_fields=1"
				rep, _, err := chbuild.Build(context.Background(), o)
				return rep, err
			},
		}
	}
	return load("http_requests", false), load("http_requests_complete", true), srv
}

func reportJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return string(b)
}

// same builds expr locally and in ClickHouse and requires identical JSON.
func (f *fixture) same(t *testing.T, expr string) {
	t.Helper()
	lj, ok := f.local[expr]
	if !ok {
		local, _, err := reportbuild.Build(context.Background(), reportbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Inputs: []string{f.file}})
		require.NoError(t, err, expr)
		lj = reportJSON(t, local)
		f.local[expr] = lj
	}
	o := chbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Table: f.table, Columns: f.columns, TimestampFormat: f.tsFormat}
	ch, err := f.build(o)
	require.NoError(t, err, expr)
	cj := reportJSON(t, ch)
	f.requests[expr] = ch.Requests
	if lj != cj {
		q, _, _ := chbuild.Query(o)
		t.Errorf("%s on %s: ClickHouse report differs\nlocal:\n%s\nclickhouse:\n%s\nquery (for the default table):\n%s", expr, f.table, lj, cj, q)
	}
}

// differential is the table of expressions every operator and type
// appears in; each must give the local build's report byte for byte.
var differential = []string{
	// Bytes: every comparison, sets, contains, regex, wildcards.
	`http.host eq "static.example.com"`,
	`http.host ne "static.example.com"`,
	`http.host lt "m"`, `http.host le "blog.example.com"`, `http.host gt "shop"`, `http.host ge "static.example.com"`,
	`http.host in {"blog.example.com" "shop.example.com" "x"}`,
	`not http.host in {"blog.example.com"}`,
	`http.user_agent contains "iPhone"`, `http.user_agent contains ""`,
	`http.request.uri.path matches "^/static/.*\.js$"`,
	`http.user_agent matches "(?i)curl/[0-9]+"`,
	`http.user_agent matches "(?i:mozilla)[^;]*; *CPU"`,
	`http.user_agent matches "\bbot\b|crawler|spider"`,
	`http.request.uri.path matches "^/[a-z]+$"`,
	`http.user_agent matches "line1\s"`,
	`http.host wildcard "*.EXAMPLE.com"`, `http.host strict wildcard "*.EXAMPLE.com"`,
	`http.host strict wildcard "*.example.com"`,
	`http.user_agent wildcard "100% _real_ \\*star\\*"`, `http.user_agent wildcard "100_*"`,
	`http.request.uri wildcard "/cart?q=*&page=*"`,
	`http.user_agent wildcard "*"`, `http.host wildcard ""`,
	`http.referer eq ""`, `http.request.uri.query ne ""`,
	`http.request.method in {"GET" "HEAD"}`, `http.request.version eq "HTTP/2"`,
	`cf.tls_version eq "TLSv1.3" and cf.tls_cipher contains "AES128"`,
	`cf.bot_management.ja3_hash eq "0fb223f123afae6e544abbec976b2b0c"`,
	`cf.bot_management.ja4 contains "t13d"`, `cf.verified_bot_category ne ""`,
	`cf.ray_id lt "8"`,
	// Country codes are upper-cased as the local reader does.
	`ip.src.country eq "US"`, `ip.geoip.country in {"DE" "SG" "KR"}`, `ip.src.country eq "us"`,
	// Integers.
	`cf.bot_management.score lt 30`, `cf.bot_management.score le 1`, `cf.bot_management.score eq 42`,
	`cf.bot_management.score ne 42`, `cf.bot_management.score gt 90`, `cf.bot_management.score ge 99`,
	`cf.bot_management.score in {1..9 42 90..100}`,
	`cf.bot_management.score & 1`, `not cf.bot_management.score bitwise_and 6`,
	`ip.src.asnum in {13335 4766 64500}`, `ip.geoip.asnum ge 100000`, `ip.src.asnum lt 0`,
	`http.response.code ne 200`, `cf.waf.score lt 60`,
	`http.request.timestamp.sec ge 1717200000`, `http.request.timestamp.sec lt 1717201800`,
	// IP addresses, IPv4 and IPv6, equality, order, CIDRs and ranges.
	`ip.src eq 14.169.95.100`, `ip.src ne 14.169.95.100`, `ip.src eq 2001:db8::1`,
	`ip.src lt 100.0.0.0`, `ip.src ge 100.0.0.0`, `ip.src gt ::1`, `ip.src le ::ffff:10.1.2.3`,
	`ip.src in {10.0.0.0/8 100.0.0.0/6 2001:db8::/32}`,
	`ip.src in {1.0.0.0..99.255.255.255 fe80::/10}`,
	`ip.src in {::/0}`, `ip.src in {0.0.0.0/0}`, `not ip.src in {0.0.0.0/0 ::/0}`,
	// Missing values, not, xor, bool fields.
	`ssl`, `not ssl`, `ssl and http.host ne "x"`,
	`not http.host eq "host"`, `not (http.user_agent contains "a" or ip.src.asnum eq 0)`,
	`http.host eq "host" xor ssl`, `(cf.bot_management.score lt 30) xor (http.host eq "shop.example.com") xor ssl`,
	`http.host ne "x" and ip.src ne 1.2.3.4 and cf.bot_management.score ne 0`,
	// Functions with exactly the evaluator's result.
	`lower(http.host) eq "shop.example.com"`, `upper(http.user_agent) contains "CURL"`,
	`lower(http.user_agent) contains "àbc"`, `upper(http.user_agent) eq "ÀBC"`,
	`len(http.request.uri.path) gt 10`, `len(http.host) eq 0`,
	`starts_with(http.request.uri.path, "/static")`, `ends_with(http.host, ".com")`,
	`not starts_with(http.request.uri.path, "/")`, `starts_with(http.user_agent, http.host)`,
	`url_decode(http.request.uri.path) eq "/a b c"`, `url_decode(http.request.uri.path) eq "/A%zz%4"`,
	`url_decode(http.request.uri.path) contains " "`,
	`to_string(cf.bot_management.score) eq "42"`, `to_string(ip.src.asnum) lt "2"`, `to_string(ssl) eq "false"`,
	`to_string(ip.src) in {"2001:db8::1" "::102:304" "::1:0" "::" "::ffff:10.1.2.3" "fe80::1:2" "10.0.0.255"}`,
	`to_string(ip.src) contains "::"`,
}

// TestClickHouse runs the differential and corpus tests on one server.
func TestClickHouse(t *testing.T) {
	f, complete, srv := setup(t, 3000)
	t.Run("differential", func(t *testing.T) { testDifferential(t, f) })
	t.Run("injection", func(t *testing.T) { testInjection(t, f) })
	t.Run("corpus", func(t *testing.T) { testCorpus(t, f) })
	t.Run("ip-text", func(t *testing.T) { testIPText(t, f) })
	t.Run("table-function", func(t *testing.T) {
		require.NoError(t, os.MkdirAll(srv.UserFiles(), 0o755))
		testTableFunction(t, f, func(name string, data []byte) string {
			require.NoError(t, os.WriteFile(filepath.Join(srv.UserFiles(), name), data, 0o600))
			return name
		})
	})
	t.Run("schemas", func(t *testing.T) { testMatrix(t, f, complete, false, true) })
}

// testTableFunction reads NDJSON files where they lie, through
// file(…, 'JSONEachRow', structure) as --table, with the setting that skips
// Logpush's other fields given in the DSN: the test logs, and generated
// logs with each of Logpush's timestamp formats, as Logpush writes them
// (RFC 3339 text read into a String column, Unix seconds and nanoseconds
// into Int64), without conversion.
//
// place puts a file where the engine's file() reads it and returns the
// name to give file().
func testTableFunction(t *testing.T, f *fixture, place func(name string, data []byte) string) {
	type input struct{ name, file, format string }
	inputs := []input{{"logs.ndjson", f.file, ""}}
	for _, format := range []string{loggen.TimeRFC3339, loggen.TimeUnix, loggen.TimeUnixNano} {
		var buf bytes.Buffer
		require.NoError(t, loggen.Generate(&buf, loggen.Config{N: 500, Seed: 21, TimeFormat: format}))
		file := filepath.Join(t.TempDir(), format+".ndjson")
		require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o600))
		inputs = append(inputs, input{format + ".ndjson", file, format})
	}
	// RFC 3339 text in every spelling: fractions and offsets are read to
	// the nanosecond; what is not RFC 3339 as Logpush writes it (a comma,
	// a one-digit hour, a 24-hour offset, 30 February) is a malformed line
	// to the local reader and a row left out by ClickHouse.
	var edge bytes.Buffer
	for i, ts := range []string{"2024-06-01T00:00:01.123456789Z", "2024-06-01T02:00:02.5+02:00", "2024-05-31T23:00:03.000000001-01:00",
		"2024-06-01T00:00:04.1234567891Z", "2024-06-01T00:00:05,5Z", "2024-06-01T1:00:06Z", "2024-06-01T00:00:07+24:00",
		"2024-02-30T00:00:08Z", "2023-02-29T00:00:09Z", "2024-02-29T00:00:10Z", "2009-12-31T23:59:59.999Z", "2010-01-01T00:00:00Z", ""} {
		fmt.Fprintf(&edge, `{"EdgeStartTimestamp":%q,"ClientIP":"192.0.2.%d","BotScore":%d,"ClientRequestHost":"example.com"}`+"\n", ts, i, i+1)
	}
	edgeFile := filepath.Join(t.TempDir(), "rfc3339-edge.ndjson")
	require.NoError(t, os.WriteFile(edgeFile, edge.Bytes(), 0o600))
	inputs = append(inputs, input{"rfc3339-edge.ndjson", edgeFile, loggen.TimeRFC3339})
	for _, in := range inputs {
		data, err := os.ReadFile(in.file)
		require.NoError(t, err)
		table := "file(" + chsql.String(place(in.name, data)) + ", 'JSONEachRow', " + chsql.String(chsql.StructureFor(in.format)) + ")"
		for _, expr := range []string{`cf.bot_management.score lt 30`, `http.host wildcard "*.example.com" and ip.src in {0.0.0.0/0}`} {
			ch, err := f.build(chbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Table: table})
			require.NoError(t, err, table)
			local, _, err := reportbuild.Build(context.Background(), reportbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Inputs: []string{in.file}})
			require.NoError(t, err)
			assert.Equal(t, reportJSON(t, local), reportJSON(t, ch), "%s on %s", expr, in.name)
		}
	}
	// References that are not a table or an allowed table function with
	// literal arguments never reach the server.
	for _, table := range []string{
		"numbers(10) WHERE 1 UNION ALL SELECT * FROM system.one --(x)", "http_requests; DROP TABLE http_requests",
		"http_requests -- x", "file('logs.ndjson') UNION ALL SELECT 1", "file(concat('logs', '.ndjson'))", "`http_requests` WHERE 1",
	} {
		_, err := f.build(chbuild.Options{Expression: "ssl", Schema: schema.Rules(), Type: "false_negative", Table: table})
		var te *chsql.TableError
		assert.ErrorAs(t, err, &te, table)
	}
	n, err := f.count()
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(3000+len(edgeLines)), strings.TrimSpace(n))
}

// testIPText checks that chsql.IPString writes every kind of address as
// netip.Addr.String does (the top-list key and its tie-break order).
func testIPText(t *testing.T, f *fixture) {
	addrs := []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "::", "::1", "::2", "::1:0", "::ffff", "::1.2.3.4",
		"::ffff:1.2.3.4", "::ffff:0:1.2.3.4", "64:ff9b::1.2.3.4", "2001:DB8::1", "2001:db8:0:1:1:1:1:1",
		"1:0:0:2:0:0:3:4", "0:0:1::", "1:2:3:4:5:6:7:0", "0:1:2:3:4:5:6:7", "fe80::1:2", "1::", "::a:b:0:0:0"}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		var b [16]byte
		for j := range b {
			if r.IntN(3) > 0 { // runs of zero groups are what formatting is about
				b[j] = byte(r.IntN(256))
			}
		}
		if i%3 == 0 {
			addrs = append(addrs, netip.AddrFrom4([4]byte(b[:4])).String())
		} else {
			addrs = append(addrs, netip.AddrFrom16(b).StringExpanded())
		}
	}
	lits := make([]string, len(addrs))
	for i, a := range addrs {
		lits[i] = chsql.String(a)
	}
	out, err := f.exec("SELECT x, " + chsql.IPString("x") + " FROM (SELECT arrayJoin([" + strings.Join(lits, ", ") + "]) AS x)")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(addrs))
	for _, line := range lines {
		in, got, _ := strings.Cut(line, "\t")
		assert.Equal(t, netip.MustParseAddr(in).String(), got, in)
	}
}

func testDifferential(t *testing.T, f *fixture) {
	for _, expr := range differential {
		f.same(t, expr)
		t.Logf("%6d  %s", f.requests[expr], expr)
	}
	assert.Equal(t, int64(1), f.requests[`url_decode(http.request.uri.path) eq "/A%zz%4"`])
}

// injection passes quotes, backslashes, NUL bytes and SQL through every
// literal kind (strings, raw strings, hex bytes, sets, contains, wildcard,
// strict wildcard, regex, function arguments); each must select exactly the
// one scored edge record that holds those bytes.
var injection = []string{
	`http.host eq "'; DROP TABLE x; --"`, `http.host eq r#"'; DROP TABLE x; --"#`,
	`http.host in {"'; DROP TABLE x; --" "x\"y"}`, `http.host contains "'; DROP"`,
	`http.host wildcard "'; drop table x; --"`, `http.host strict wildcard "'*--"`,
	`http.host matches "^'; DROP TABLE x; --$"`, `lower(http.host) eq "'; drop table x; --"`,
	`starts_with(http.host, "'; DROP")`, `ends_with(http.host, "--")`,
	`http.user_agent eq "it's \"quoted\" \\ back"`, `http.user_agent contains "\\"`,
	`http.user_agent matches "\\ back$"`, `http.user_agent wildcard "it's*\\\\*"`,
	"http.host eq \"x\x00y\"", "http.host eq r#\"x\x00y\"#", "http.host in {78:00:79}",
	"http.host contains \"\x00\"", "http.host matches \"x\\x00y\"",
}

func testInjection(t *testing.T, f *fixture) {
	for _, expr := range injection {
		f.same(t, expr)
		assert.Equal(t, int64(1), f.requests[expr], "%q selected other rows", expr)
	}
	// The table survived every literal.
	n, err := f.count()
	require.NoError(t, err)
	require.Equal(t, fmt.Sprint(3000+len(edgeLines)), strings.TrimSpace(n))
}

// testCorpus builds a report for every real-world corpus expression that
// uses only Logpush-mapped fields: each is either byte-identical to the
// local build or refused by the compiler with a reason.
func testCorpus(t *testing.T, f *fixture) {
	var exprs []string
	for _, expr := range corpus.RealworldExprs(t) {
		if _, _, err := reportbuild.Compile(expr, schema.Rules()); err == nil {
			exprs = append(exprs, expr)
		}
	}
	require.NotEmpty(t, exprs)
	compared := 0
	for _, expr := range exprs {
		_, _, err := chbuild.Query(chbuild.Options{Expression: expr, Schema: schema.Rules(), Table: f.table})
		var ce *check.Refusal
		if errors.As(err, &ce) && ce.Backend == chsql.Backend {
			t.Logf("refused: %s: %v", expr, err)
			continue
		}
		require.NoError(t, err, expr)
		f.same(t, expr)
		compared++
	}
	t.Logf("corpus: %d expressions use only Logpush fields; %d compared, %d refused", len(exprs), compared, len(exprs)-compared)
}
