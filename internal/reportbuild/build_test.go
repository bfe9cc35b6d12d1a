package reportbuild

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/gziptest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/schema"
)

// fixture is a record with every decoded field present.
func fixture() *logpush.Record {
	r := &logpush.Record{
		BotScore: 12, BotScoreSrc: "Heuristics", BotDetectionIDs: []int64{201326592, 33554817},
		VerifiedBotCategory: "Search Engine Crawler", JA3Hash: "3d6cbfbcfde9657bdfc92d7790d94f4f",
		JA4: "t13d1711h2_005efce96a05_6a946ec3bded", ClientIP: netip.MustParseAddr("198.51.100.7"),
		ClientASN: 64512, ClientCountry: "DE", Host: "shop.example.com", Method: "POST", Path: "/login",
		URI: "/login?next=%2F", Query: "next=%2F", Protocol: "HTTP/2", Scheme: "https",
		UserAgent: "curl/8.5.0", Referer: "https://shop.example.com/", SSLProtocol: "TLSv1.3",
		SSLCipher: "AEAD-AES128-GCM-SHA256", EdgeResponseStatus: 403,
		EdgeStartTimestamp: time.Date(2024, 6, 1, 0, 0, 10, 0, time.UTC), RayID: "8a1b2c3d4e5f6a7b",
		WAFAttackScore: 42,
	}
	for f := logpush.Field(0); f < logpush.NumFields; f++ {
		r.Present |= 1 << f
	}
	return r
}

func TestBindingCoversEveryDecodedField(t *testing.T) {
	b := Binding()
	for f := logpush.Field(0); f < logpush.NumFields; f++ {
		for _, name := range f.RulesFields() {
			_, ok := b[name]
			assert.True(t, ok, "%s (%s) is not bound", name, f)
		}
	}
}

// The workers' parsers skip every Logpush field that feeds no Rules field
// of the expression (see exprFields), so each bound name must have one.
func TestEveryBoundFieldIsDecoded(t *testing.T) {
	for name := range Binding() {
		found := false
		for f := range logpush.NumFields {
			found = found || slices.Contains(f.RulesFields(), name)
		}
		assert.True(t, found, "%s is fed by no logpush.Field", name)
	}
}

func TestBindingValues(t *testing.T) {
	// Each expression is true on the fixture; the same expression is false
	// (missing value) once the Logpush field it reads is removed.
	tests := []struct {
		expr  string
		field logpush.Field
	}{
		{`cf.bot_management.score eq 12`, logpush.FieldBotScore},
		{`cf.bot_management.ja3_hash eq "3d6cbfbcfde9657bdfc92d7790d94f4f"`, logpush.FieldJA3Hash},
		{`cf.bot_management.ja4 contains "h2_"`, logpush.FieldJA4},
		{`any(cf.bot_management.detection_ids[*] eq 33554817)`, logpush.FieldBotDetectionIDs},
		{`cf.verified_bot_category eq "Search Engine Crawler"`, logpush.FieldVerifiedBotCategory},
		{`cf.waf.score lt 50`, logpush.FieldWAFAttackScore},
		{`cf.tls_version eq "TLSv1.3"`, logpush.FieldClientSSLProtocol},
		{`cf.tls_cipher eq "AEAD-AES128-GCM-SHA256"`, logpush.FieldClientSSLCipher},
		{`cf.ray_id eq "8a1b2c3d4e5f6a7b"`, logpush.FieldRayID},
		{`ip.src in {198.51.100.0/24}`, logpush.FieldClientIP},
		{`ip.src.asnum eq 64512`, logpush.FieldClientASN},
		{`ip.geoip.asnum eq 64512`, logpush.FieldClientASN},
		{`ip.src.country eq "DE"`, logpush.FieldClientCountry},
		{`ip.geoip.country eq "DE"`, logpush.FieldClientCountry},
		{`http.host eq "shop.example.com"`, logpush.FieldClientRequestHost},
		{`http.request.method eq "POST"`, logpush.FieldClientRequestMethod},
		{`http.request.uri eq "/login?next=%2F"`, logpush.FieldClientRequestURI},
		{`http.request.uri.path eq "/login"`, logpush.FieldClientRequestPath},
		{`http.request.uri.query eq "next=%2F"`, logpush.FieldClientRequestQuery},
		{`http.request.version eq "HTTP/2"`, logpush.FieldClientRequestProtocol},
		{`http.user_agent matches "^curl/"`, logpush.FieldClientRequestUserAgent},
		{`http.referer contains "shop"`, logpush.FieldClientRequestReferer},
		{`ssl`, logpush.FieldClientRequestScheme},
		{`http.response.code eq 403`, logpush.FieldEdgeResponseStatus},
		{`http.request.timestamp.sec eq 1717200010`, logpush.FieldEdgeStartTimestamp},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			prog, _, err := Compile(tt.expr, schema.Rules())
			require.NoError(t, err)
			r := fixture()
			assert.True(t, prog.Match(r))
			// logpush leaves the member at its zero value when the field
			// is missing; [*] relies on that (a nil slice is empty).
			r.Present &^= 1 << tt.field
			if tt.field == logpush.FieldBotDetectionIDs {
				r.BotDetectionIDs = nil
			}
			assert.False(t, prog.Match(r), "missing %s must not match", tt.field)
			for _, f := range prog.Fields() {
				covered[f] = true
			}
		})
	}
	for name := range Binding() {
		assert.True(t, covered[name], "no test reads %s", name)
	}
}

func TestCompileRefusals(t *testing.T) {
	tests := []struct {
		name   string
		expr   string
		schema *schema.Schema
		rule   string // a fatal analyzer rule expected, or "" for an evaluator refusal
	}{
		{"syntax", `http.host eq`, nil, "*"},
		{"unknown field", `http.hostname eq "a"`, nil, "unknown-field"},
		{"field logpush lacks", `http.cookie contains "session"`, schema.Rules(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Compile(tt.expr, tt.schema)
			var ee *ExpressionError
			require.ErrorAs(t, err, &ee)
			if tt.rule == "" {
				require.NotNil(t, ee.Eval)
				assert.Contains(t, err.Error(), "col 1")
				require.Len(t, ee.Reasons(), 1)
				assert.Equal(t, ee.Eval.Span, ee.Reasons()[0].Span)
				assert.Contains(t, ee.Reasons()[0].Message, ee.Eval.Msg)
				return
			}
			require.Nil(t, ee.Eval)
			var rules []string
			for _, d := range ee.Reasons() {
				require.True(t, Fatal(d), "%v", d)
				rules = append(rules, d.Rule)
			}
			require.NotEmpty(t, rules)
			if tt.rule != "*" {
				assert.Contains(t, rules, tt.rule)
			}
		})
	}
	// The same Rules field compiles under the rules profile.
	_, _, err := Compile(`http.request.method eq "GET"`, schema.Rules())
	require.NoError(t, err)
}

// genLogs returns n generated lines.
func genLogs(t testing.TB, cfg loggen.Config) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, loggen.Generate(&buf, cfg))
	return buf.Bytes()
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

// reference builds the report the simple way, with logpush's sequential
// reader and one aggregator: the parallel pipeline must agree with it.
func reference(t *testing.T, opts Options) (*feedback.Report, logpush.Stats, Totals) {
	t.Helper()
	prog, _, err := Compile(opts.Expression, opts.Schema)
	require.NoError(t, err)
	m, err := logpush.OpenFiles(opts.Inputs, logpush.Options{MaxErrors: opts.MaxErrors, MaxLineBytes: opts.MaxLineBytes})
	require.NoError(t, err)
	defer m.Close()
	agg := NewAggregator(AggregatorOptions{Capacity: opts.Capacity})
	var rec logpush.Record
	for m.Next(&rec) {
		if prog.Match(&rec) {
			agg.Add(&rec)
		}
	}
	require.NoError(t, m.Err())
	res := agg.Totals(topN(opts.TopN))
	return newReport(&opts, &res), m.Stats(), res
}

func reportJSON(t testing.TB, r *feedback.Report) string {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	return string(b)
}

func TestBuildAgreesWithSequentialReader(t *testing.T) {
	dir := t.TempDir()
	a := genLogs(t, loggen.Config{N: 3000, Seed: 7, MalformedRate: 0.01, MissingRate: 0.05})
	b := genLogs(t, loggen.Config{N: 2000, Seed: 8, TimeFormat: loggen.TimeUnixNano, MalformedRate: 0.01})
	writeFile(t, dir, "a.ndjson", a)
	writeFile(t, dir, "b.ndjson.gz", gziptest.Compress(t, b))
	exprs := []string{
		`cf.bot_management.score lt 30`,
		`http.host eq "shop.example.com" and not ip.geoip.country in {"US" "CA"}`,
		`http.user_agent contains "Mozilla" or ip.geoip.asnum in {13335 16509}`,
		// Fields the report does not aggregate, which the parser skips
		// unless the expression reads them.
		`http.request.method eq "POST" or (ssl and cf.tls_cipher contains "GCM")`,
	}
	for _, expr := range exprs {
		for _, capacity := range []int{0, 4} { // 4 forces approximate top lists
			base := Options{Expression: expr, Type: feedback.FalsePositive, Description: "d",
				Inputs: []string{filepath.Join(dir, "*")}, Capacity: capacity, MaxErrors: 1000}
			want, wantSt, wantRes := reference(t, base)
			_, _, exactRes := reference(t, Options{Expression: expr, Type: feedback.FalsePositive, Description: "d",
				Inputs: base.Inputs, MaxErrors: 1000, TopN: 1000})
			for _, chunk := range []int{700, 64 << 10, 0} {
				// One worker is the reference for the others: chunks are
				// dealt in turn to a fixed number of aggregators, each fed in
				// input order, merged at the end in a fixed order, so an
				// approximate top list depends on the chunk size but never on
				// the number of workers (more workers than stripes included).
				var one string
				for _, workers := range []int{1, 2, 3, 8, stripes + 3} {
					name := fmt.Sprintf("%s/cap%d/w%d/chunk%d", expr, capacity, workers, chunk)
					t.Run(name, func(t *testing.T) {
						opts := base
						opts.Workers, opts.ChunkBytes = workers, chunk
						got, st, err := Build(context.Background(), opts)
						require.NoError(t, err)
						if workers == 1 {
							one = reportJSON(t, got)
						}
						assert.Equal(t, one, reportJSON(t, got), "the same report for 1 and %d workers", workers)
						if capacity != 0 {
							// Approximate lists keep the Misra–Gries bound
							// against the exact counts.
							checkBound(t, exactRes, st, got)
							assert.Equal(t, wantRes.Records, st.Matches)
							return
						}
						assert.Equal(t, reportJSON(t, want), reportJSON(t, got))
						assert.Equal(t, wantSt.Lines, st.Lines)
						assert.Equal(t, wantSt.Records, st.Records)
						assert.Equal(t, wantSt.Malformed, st.Malformed)
						assert.Equal(t, int64(len(a)+len(b)), st.Bytes)
						assert.Equal(t, wantRes.Records, st.Matches)
						require.Len(t, st.MalformedLines, len(wantSt.Errors))
						for i, e := range wantSt.Errors {
							assert.Equal(t, e.Error(), st.MalformedLines[i].Error())
						}
						for k, l := range wantRes.Top {
							assert.Equal(t, TopStat{Exact: l.Exact, MaxError: l.MaxError, Tracked: l.Tracked}, st.Top[k], k)
						}
					})
				}
			}
		}
	}
}

// checkBound checks an approximate run against the exact counts: every
// listed value's true count lies in [Requests, Requests+MaxError].
func checkBound(t *testing.T, exact Totals, st *Stats, got *feedback.Report) {
	t.Helper()
	for k, items := range got.RequestsByAttribute {
		truth := map[string]int64{}
		for _, it := range exact.Top[k].Items {
			truth[it.Metric] = it.Requests
		}
		for _, it := range items {
			assert.LessOrEqual(t, it.Requests, truth[it.Metric], "%s %s", k, it.Metric)
			assert.GreaterOrEqual(t, it.Requests+st.Top[k].MaxError, truth[it.Metric], "%s %s", k, it.Metric)
		}
	}
}

func TestBuildLineHandlingMatchesLogpush(t *testing.T) {
	long := `{"BotScore":5,"ClientRequestUserAgent":"` + strings.Repeat("x", 300) + `"}`
	tests := []struct {
		name  string
		input string
	}{
		{"blank and CRLF lines", "{\"BotScore\":1}\n\n  \r\n{\"BotScore\":2}\r\n\t\n{\"BotScore\":3}\n"},
		{"no final newline", "{\"BotScore\":1}\n{\"BotScore\":2}"},
		{"malformed", "{\"BotScore\":1}\n{\"BotScore\":\n{\"BotScore\":\"x\"}\nnot json\n{\"BotScore\":4}\n"},
		{"too long lines", "{\"BotScore\":1}\n" + long + "\n" + long + "\n{\"BotScore\":2}\n" + long},
		{"only a long line", long},
		{"empty", ""},
		{"only newlines", "\n\n\n"},
	}
	for _, tt := range tests {
		for _, chunk := range []int{16, 100, 0} {
			t.Run(fmt.Sprintf("%s/chunk%d", tt.name, chunk), func(t *testing.T) {
				lopts := logpush.Options{MaxLineBytes: 200, MaxErrors: 100}
				r, err := logpush.NewReader(strings.NewReader(tt.input), lopts)
				require.NoError(t, err)
				var rec logpush.Record
				var want int64
				for r.Next(&rec) {
					if rec.BotScore < 30 {
						want++
					}
				}
				require.NoError(t, r.Err())
				ws := r.Stats()

				_, st, err := Build(context.Background(), Options{
					Expression: `cf.bot_management.score lt 30`, Inputs: []string{"-"},
					Stdin: strings.NewReader(tt.input), MaxLineBytes: 200, MaxErrors: 100,
					ChunkBytes: chunk, Workers: 2, Type: feedback.FalsePositive, Description: "d",
				})
				require.NoError(t, err)
				assert.Equal(t, ws.Lines, st.Lines, "lines")
				assert.Equal(t, ws.Blank, st.Blank, "blank")
				assert.Equal(t, ws.Records, st.Records, "records")
				assert.Equal(t, ws.Malformed, st.Malformed, "malformed")
				assert.Equal(t, want, st.Matches, "matches")
				require.Len(t, st.MalformedLines, len(ws.Errors))
				for i, e := range ws.Errors {
					assert.Equal(t, e.Line, st.MalformedLines[i].Line)
					assert.Equal(t, "-", st.MalformedLines[i].File)
				}
			})
		}
	}
}

func TestBuildStrictStopsAtFirstMalformedLine(t *testing.T) {
	var in strings.Builder
	for i := 1; i <= 500; i++ {
		switch i {
		case 321, 400:
			in.WriteString("{broken\n")
		default:
			fmt.Fprintf(&in, "{\"BotScore\":%d}\n", i%99+1)
		}
	}
	for _, workers := range []int{1, 4} {
		_, st, err := Build(context.Background(), Options{
			Expression: `cf.bot_management.score ge 1`, Inputs: []string{"-"}, Stdin: strings.NewReader(in.String()),
			Strict: true, Workers: workers, ChunkBytes: 256,
		})
		var le *logpush.LineError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, int64(321), le.Line)
		assert.ErrorIs(t, err, logpush.ErrSyntax)
		assert.Equal(t, int64(320), st.Records, "records before the bad line, in input order")
	}
}

func TestBuildInputErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.ndjson", []byte("{\"BotScore\":3}\n"))
	tests := []struct {
		name   string
		inputs []string
		want   string
	}{
		{"missing file", []string{good, filepath.Join(dir, "nope.ndjson")}, "nope.ndjson"},
		{"glob without match", []string{filepath.Join(dir, "*.json")}, "matches no files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, _, err := Build(context.Background(), Options{Expression: `cf.bot_management.score ge 1`, Inputs: tt.inputs})
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestBuildOpen: with Open, the inputs are names of readers the caller
// holds, never files or globs; the report is the one the same bytes give
// as files, and the names are the ones errors show.
func TestBuildOpen(t *testing.T) {
	dir := t.TempDir()
	a := genLogs(t, loggen.Config{N: 1500, Seed: 3, MalformedRate: 0.01})
	b := gziptest.Compress(t, genLogs(t, loggen.Config{N: 1000, Seed: 4}))
	fromFiles := Options{Expression: `cf.bot_management.score lt 30`, Type: feedback.FalsePositive, Description: "d",
		Inputs: []string{writeFile(t, dir, "a.ndjson", a), writeFile(t, dir, "b.gz", b)}}
	want, wantSt, err := Build(context.Background(), fromFiles)
	require.NoError(t, err)

	readers := map[string][]byte{"first *": a, "second [x]": b} // glob characters stay names
	fromReaders := fromFiles
	fromReaders.Inputs = []string{"first *", "second [x]"}
	fromReaders.Open = func(name string) (io.Reader, error) { return bytes.NewReader(readers[name]), nil }
	got, st, err := Build(context.Background(), fromReaders)
	require.NoError(t, err)
	assert.Equal(t, reportJSON(t, want), reportJSON(t, got))
	assert.Equal(t, fromReaders.Inputs, st.Files)
	require.NotEmpty(t, st.MalformedLines)
	assert.Equal(t, "first *", st.MalformedLines[0].File)
	assert.Equal(t, wantSt.Malformed, st.Malformed)

	fromReaders.Open = func(name string) (io.Reader, error) { return nil, fmt.Errorf("%s: no such log", name) }
	_, _, err = Build(context.Background(), fromReaders)
	assert.EqualError(t, err, "first *: no such log")
}

// TestBuildCorruptGzip: a truncated or corrupt .gz is reported with its
// file, line and offset; its lines before the damage and the other files
// still count. --strict makes it fatal.
func TestBuildCorruptGzip(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.ndjson", []byte("{\"BotScore\":3,\"BotScoreSrc\":\"Heuristics\",\"EdgeStartTimestamp\":\"2024-06-01T00:00:00Z\"}\n"))
	z := gziptest.Compress(t, genLogs(t, loggen.Config{N: 2000, Seed: 1}))
	truncated := writeFile(t, dir, "trunc.gz", z[:len(z)/2])
	corrupt := append([]byte(nil), z...)
	for i := len(corrupt) / 3; i < len(corrupt)/3+64; i++ {
		corrupt[i] ^= 0x5a
	}
	bad := writeFile(t, dir, "corrupt.gz", corrupt)
	notGzip := writeFile(t, dir, "header.gz", []byte{0x1f, 0x8b, 0, 0, 0})
	opts := Options{Expression: `cf.bot_management.score ge 1`, Inputs: []string{truncated, bad, notGzip, good}, ChunkBytes: 4096}
	rep, st, err := Build(context.Background(), opts)
	require.NoError(t, err)
	require.NotNil(t, rep)
	require.Len(t, st.Corrupt, 3)
	for i, name := range []string{truncated, bad, notGzip} {
		assert.Equal(t, name, st.Corrupt[i].File)
		assert.Contains(t, st.Corrupt[i].Error(), name+":")
		assert.Contains(t, st.Corrupt[i].Error(), "compressed bytes")
	}
	assert.Greater(t, st.Corrupt[0].Line, int64(1), "lines before the damage were read")
	assert.Greater(t, st.Records, int64(500), "the lines before the damage and the good file count")

	opts.Strict = true
	_, _, err = Build(context.Background(), opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "trunc.gz")
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := genLogs(t, loggen.Config{N: 2000, Seed: 1})
	_, _, err := Build(ctx, Options{Expression: `cf.bot_management.score ge 1`, Inputs: []string{"-"},
		Stdin: bytes.NewReader(data), ChunkBytes: 1024})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestBuildProgress(t *testing.T) {
	data := genLogs(t, loggen.Config{N: 500, Seed: 3})
	var calls []Progress
	_, st, err := Build(context.Background(), Options{Expression: `cf.bot_management.score ge 1`,
		Inputs: []string{"-"}, Stdin: bytes.NewReader(data), ChunkBytes: 4096,
		ProgressInterval: time.Nanosecond, Progress: func(p Progress) { calls = append(calls, p) }})
	require.NoError(t, err)
	require.Greater(t, len(calls), 2)
	last := calls[len(calls)-1]
	assert.True(t, last.Done)
	assert.Equal(t, st.Records, last.Records)
	assert.Equal(t, int64(len(data)), last.Bytes)
	assert.Equal(t, int64(len(data)), last.InputBytes)
	for i := 1; i < len(calls); i++ {
		assert.GreaterOrEqual(t, calls[i].Bytes, calls[i-1].Bytes)
	}
}

func TestBuildReportFields(t *testing.T) {
	in := strings.Join([]string{
		`{"BotScore":5,"BotScoreSrc":"Heuristics","EdgeStartTimestamp":"2024-06-01T00:00:05Z","ClientIP":"192.0.2.1","ClientCountry":"de","ClientASN":64512}`,
		`{"BotScore":7,"BotScoreSrc":"Machine Learning","EdgeStartTimestamp":1717200100,"ClientIP":"192.0.2.1","ClientCountry":"de","ClientASN":64512}`,
		`{"BotScoreSrc":"Heuristics","ClientIP":"192.0.2.9"}`,
		`{"BotScore":0,"BotScoreSrc":"Not Computed","ClientIP":"192.0.2.9"}`,
		`{"BotScore":80,"ClientIP":"192.0.2.2"}`,
	}, "\n")
	rep, st, err := Build(context.Background(), Options{
		Expression: `ip.src in {192.0.2.0/24} and cf.bot_management.score lt 30`, Type: feedback.FalsePositive,
		Subtype: "", Description: "test", Inputs: []string{"-"}, Stdin: strings.NewReader(in)})
	require.NoError(t, err)
	assert.Equal(t, int64(2), rep.Requests)
	assert.Equal(t, feedback.Counts{"5": 1, "7": 1}, rep.RequestsByScore)
	assert.Equal(t, feedback.Counts{"heuristics": 1, "machine_learning": 1}, rep.RequestsByScoreSrc)
	assert.Equal(t, "2024-06-01T00:00:05Z", rep.FirstRequestSeenAt)
	assert.Equal(t, "2024-06-01T00:01:40Z", rep.LastRequestSeenAt)
	assert.Equal(t, []feedback.MetricRequests{{Metric: "DE", Requests: 2}}, rep.RequestsByAttribute[feedback.AttrTopCountries])
	assert.NotContains(t, rep.RequestsByAttribute, feedback.AttrTopJA3Hashes, "empty lists are left out")
	// A record without a score does not match `score lt 30` (missing
	// value); a score of 0 does, and is counted as invalid, not reported.
	assert.Equal(t, int64(3), st.Matches)
	assert.Equal(t, int64(0), st.Unscored)
	assert.Equal(t, int64(1), st.InvalidScore)
	assert.True(t, st.Top[feedback.AttrTopIPs].Exact)
}

func TestFatalIsOnlyForErrors(t *testing.T) {
	res := analyzer.Analyze(`http.host eq "a" or http.host eq "a"`, analyzer.Options{}).Diagnostics
	require.NotEmpty(t, res)
	for _, f := range res {
		assert.NotEqual(t, diag.Error, f.Severity, "%+v", f)
	}
	_, diags, err := Compile(`http.host eq "a" or http.host eq "a"`, nil)
	require.NoError(t, err)
	for _, d := range diags {
		assert.False(t, Fatal(d))
	}
	assert.False(t, errors.Is(err, context.Canceled))
}

// A field beyond the eight the feedback docs list is a warning, not a
// refusal: the report is built and the warning travels with it.
func TestCompileWarnsOnUndocumentedFeedbackField(t *testing.T) {
	prog, diags, err := Compile(`http.request.method eq "GET" and cf.bot_management.score lt 30`, nil)
	require.NoError(t, err)
	require.NotNil(t, prog)
	require.NotEmpty(t, diags)
	assert.Equal(t, "not-feedback-field", diags[0].Rule)
	assert.Equal(t, diag.Warning, diags[0].Severity)
	_, diags, err = Compile(`ip.src.asnum eq 13335 and ip.src.country eq "DE" and cf.bot_management.score lt 30`, nil)
	require.NoError(t, err)
	assert.Empty(t, diags)
}
