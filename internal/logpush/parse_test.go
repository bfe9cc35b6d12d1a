package logpush

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldsLine has every decoded field and a nested unknown one.
const fieldsLine = `{"BotScore":12,"BotScoreSrc":"Machine Learning","BotDetectionIDs":[33554817, 2],` +
	`"BotDetectionTags":["api"],"BotTags":["google","bing"],"VerifiedBotCategory":"Search Engine Crawler",` +
	`"JA3Hash":"3fed133de60c35724739b913924b6c24","JA4":"t13d1516h2_8daaf6152771_b186095e22b6",` +
	`"ClientIP":"2001:db8::1","ClientASN":132892,"ClientCountry":"us","ClientRequestHost":"api.example.com",` +
	`"ClientRequestMethod":"POST","ClientRequestPath":"/login","ClientRequestURI":"/login?a=1",` +
	`"ClientRequestQuery":"a=1","ClientRequestProtocol":"HTTP/2","ClientRequestScheme":"https",` +
	`"ClientRequestUserAgent":"curl/7.68.0","ClientRequestReferer":"https://example.com/",` +
	`"ClientSSLProtocol":"TLSv1.3","ClientSSLCipher":"AEAD-AES128-GCM-SHA256","EdgeResponseStatus":403,` +
	`"EdgeStartTimestamp":"2024-06-01T10:20:30Z","RayID":"8a1b2c3d4e5f6a7b","WAFAttackScore":87,` +
	`"Unknown":{"nested":[1,2,{"x":null}],"b":true},"ZoneName":"example.com"}`

func TestParseFields(t *testing.T) {
	var rec Record
	require.NoError(t, ParseLine([]byte(fieldsLine), &rec))
	assert.Equal(t, Record{
		Present:             FieldSet(1<<NumFields - 1),
		BotScore:            12,
		BotScoreSrc:         "Machine Learning",
		BotDetectionIDs:     []int64{33554817, 2},
		BotDetectionTags:    []string{"api"},
		BotTags:             []string{"google", "bing"},
		VerifiedBotCategory: "Search Engine Crawler",
		JA3Hash:             "3fed133de60c35724739b913924b6c24",
		JA4:                 "t13d1516h2_8daaf6152771_b186095e22b6",
		ClientIP:            netip.MustParseAddr("2001:db8::1"),
		ClientASN:           132892,
		ClientCountry:       "US",
		Host:                "api.example.com",
		Method:              "POST",
		Path:                "/login",
		URI:                 "/login?a=1",
		Query:               "a=1",
		Protocol:            "HTTP/2",
		Scheme:              "https",
		UserAgent:           "curl/7.68.0",
		Referer:             "https://example.com/",
		SSLProtocol:         "TLSv1.3",
		SSLCipher:           "AEAD-AES128-GCM-SHA256",
		EdgeResponseStatus:  403,
		EdgeStartTimestamp:  time.Date(2024, 6, 1, 10, 20, 30, 0, time.UTC),
		RayID:               "8a1b2c3d4e5f6a7b",
		WAFAttackScore:      87,
	}, rec)
	ssl, ok := rec.SSL()
	assert.True(t, ssl)
	assert.True(t, ok)
	src, ok := rec.ScoreSource()
	assert.Equal(t, "machine_learning", src)
	assert.True(t, ok)
}

func TestParserSkip(t *testing.T) {
	var full, got Record
	require.NoError(t, ParseLine([]byte(fieldsLine), &full))
	var p Parser
	// ClientIP and BotScore are not plain strings: they stay decoded.
	p.Skip(1<<FieldClientRequestHost | 1<<FieldClientRequestUserAgent | 1<<FieldRayID |
		1<<FieldClientIP | 1<<FieldBotScore)
	require.NoError(t, p.Parse([]byte(fieldsLine), &got))
	want := full
	want.Host, want.UserAgent, want.RayID = "", "", ""
	want.Present.clear(FieldClientRequestHost)
	want.Present.clear(FieldClientRequestUserAgent)
	want.Present.clear(FieldRayID)
	assert.Equal(t, want, got)

	p.Skip(0)
	require.NoError(t, p.Parse([]byte(fieldsLine), &got))
	assert.Equal(t, full, got)
}

// A skipped field is still checked, so the same lines are malformed.
func TestParserSkipStillChecks(t *testing.T) {
	var p Parser
	p.Skip(1 << FieldRayID)
	var rec Record
	assert.ErrorIs(t, p.Parse([]byte(`{"RayID":5}`), &rec), ErrFieldType)
	assert.ErrorIs(t, p.Parse([]byte("{\"RayID\":\"a\x01\"}"), &rec), ErrSyntax)
	assert.ErrorIs(t, p.Parse([]byte(`{"RayID":"a\q"}`), &rec), ErrSyntax)
	require.NoError(t, p.Parse([]byte(`{"RayID":null,"BotScore":3}`), &rec))
	assert.Equal(t, Record{Present: 1 << FieldBotScore, BotScore: 3}, rec)
}

// One Parser remembers which key followed which; lines whose keys differ
// from that in order, spelling or escaping, or that have more unknown keys
// than it remembers, must decode as a fresh Parser decodes them.
func TestParserKeyPrediction(t *testing.T) {
	var many strings.Builder
	many.WriteString(`{`)
	for i := range maxUnknownKeys + 10 {
		fmt.Fprintf(&many, `"K%d":%d,`, i, i)
	}
	many.WriteString(`"BotScore":3,"JA4":"x"}`)
	lines := []string{
		many.String(),
		many.String(),
		fieldsLine,
		fieldsLine,
		`{"BotScore":1,"JA4":"a","X":2}`,
		`{"JA4":"b","BotScore":2,"X":3}`,
		`{"BotScor":7,"JA4X":"c","X":3}`,
		`{"BotScoreSrc":"Heuristics","JA4":"d"}`,
		`{"Bot\u0053core":4,"JA4":"e","X":{"BotScore":5}}`,
		`{"BotScore":6,"JA4":"f","X":1,"Y":2,"Z":3}`,
		`{"BotScore":8,"JA4":"g","X":1,"Y":2,"Z":3}`,
		`{"BotScore" :9, "JA4":"h"}`,
		`{}`,
		`{"BotScore":10,"JA4":"i","X":1}`,
		fieldsLine,
		many.String(),
		`{"BotScore":11,"":1,"JA4":"j"}`,
		`{"BotScore":12,"":1,"JA4":"k"}`,
	}
	var p Parser
	for _, line := range lines {
		var got, want Record
		require.NoError(t, ParseLine([]byte(line), &want), line)
		require.NoError(t, p.Parse([]byte(line), &got), line)
		assert.Equal(t, want, got, line)
	}
	// A key that differs from the remembered one only past its end, or
	// that is cut short, is not taken for it.
	require.NoError(t, p.Parse([]byte(`{"BotScore":1}`), new(Record)))
	var rec Record
	require.NoError(t, p.Parse([]byte(`{"BotScoreSrc":"Heuristics"}`), &rec))
	assert.Equal(t, "Heuristics", rec.BotScoreSrc)
	assert.ErrorIs(t, p.Parse([]byte(`{"BotScore`), &rec), ErrSyntax)
}

func TestParseStrings(t *testing.T) {
	tests := []struct {
		name string
		json string // the JSON string literal, quotes included
		want string
	}{
		{"plain", `"Mozilla/5.0"`, "Mozilla/5.0"},
		{"empty", `""`, ""},
		{"quote and backslash", `"a\"b\\c"`, `a"b\c`},
		{"solidus", `"http:\/\/x\/"`, "http://x/"},
		{"control escapes", `"\b\f\n\r\t"`, "\b\f\n\r\t"},
		{"unicode BMP", `"caf\u00e9 \u20AC"`, "café €"},
		{"surrogate pair", `"\ud83d\ude00"`, "😀"},
		{"lone high surrogate", `"a\ud83dz"`, "a\uFFFDz"},
		{"lone low surrogate", `"\ude00"`, "\uFFFD"},
		{"high then non-low escape", `"\ud83d\u0041"`, "\uFFFDA"},
		{"nul", `"a\u0000b"`, "a\x00b"},
		{"raw utf8", `"menü"`, "menü"},
		{"invalid utf8 kept", "\"a\xffb\"", "a\xffb"},
		{"escape after run", `"abc\ndef"`, "abc\ndef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Record
			require.NoError(t, ParseLine([]byte(`{"ClientRequestUserAgent":`+tt.json+`}`), &rec))
			assert.True(t, rec.Has(FieldClientRequestUserAgent))
			assert.Equal(t, tt.want, rec.UserAgent)
		})
	}
}

func TestParseTimestamp(t *testing.T) {
	want := time.Date(2024, 6, 1, 10, 20, 30, 0, time.UTC)
	wantNano := time.Date(2024, 6, 1, 10, 20, 30, 123456789, time.UTC)
	tests := []struct {
		name, value string
		want        time.Time
	}{
		{"rfc3339", `"2024-06-01T10:20:30Z"`, want},
		{"rfc3339 offset", `"2024-06-01T12:20:30+02:00"`, want},
		{"rfc3339 nano", `"2024-06-01T10:20:30.123456789Z"`, wantNano},
		{"unix seconds", `1717237230`, want},
		{"unix seconds string", `"1717237230"`, want},
		{"unix nanos", `1717237230123456789`, wantNano},
		{"unix nanos string", `"1717237230123456789"`, wantNano},
		{"unix millis", `1717237230000`, want},
		{"unix micros", `1717237230000000`, want},
		{"unix seconds float", `1717237230.5`, want.Add(500 * time.Millisecond)},
		{"exponent", `1.71723723e9`, want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Record
			require.NoError(t, ParseLine([]byte(`{"EdgeStartTimestamp":`+tt.value+`}`), &rec))
			require.True(t, rec.Has(FieldEdgeStartTimestamp))
			assert.True(t, tt.want.Equal(rec.EdgeStartTimestamp), "got %v", rec.EdgeStartTimestamp)
			assert.Equal(t, time.UTC, rec.EdgeStartTimestamp.Location())
		})
	}
}

// The fast path for Logpush's own timestamp form agrees with time.Parse,
// and leaves every form or value it does not handle to it.
func TestFastRFC3339(t *testing.T) {
	cases := map[string]bool{
		"2024-06-01T00:18:44Z":      true,
		"2024-02-29T23:59:59Z":      true,
		"2000-02-29T00:00:00Z":      true,
		"2024-12-31T12:00:00Z":      true,
		"2023-02-29T00:00:00Z":      false,
		"1900-02-29T00:00:00Z":      false,
		"2024-04-31T00:00:00Z":      false,
		"2024-13-01T00:00:00Z":      false,
		"2024-00-01T00:00:00Z":      false,
		"2024-06-00T00:00:00Z":      false,
		"2024-06-01T24:00:00Z":      false,
		"2024-06-01T00:60:00Z":      false,
		"2024-06-01T00:00:60Z":      false,
		"2024-06-01t00:00:00Z":      false,
		"2024-06-01T00:00:00z":      false,
		"2024-06-01T00:00:00.5Z":    false,
		"2024-06-01T00:00:00+02:00": false,
		"2024-06-0aT00:00:00Z":      false,
		"+024-06-01T00:00:00Z":      false,
	}
	utc := func(v string) (time.Time, error) {
		t, err := time.Parse(time.RFC3339Nano, v)
		return t.UTC(), err
	}
	checkFastPath(t, cases, fastRFC3339, utc)
	for in := range cases {
		// Either way stringTime gives what time.Parse gives.
		want, err := utc(in)
		st, serr := stringTime(in)
		if err != nil {
			assert.Error(t, serr, in)
		} else {
			assert.Equal(t, want, st, in)
		}
	}
}

// checkFastPath checks a fast path against the function it stands in for:
// it answers for exactly the cases marked true, and its answers are slow's.
func checkFastPath[T any](t *testing.T, cases map[string]bool, fast func(string) (T, bool), slow func(string) (T, error)) {
	t.Helper()
	for in, wantOK := range cases {
		got, ok := fast(in)
		require.Equal(t, wantOK, ok, in)
		if ok {
			want, err := slow(in)
			require.NoError(t, err, in)
			assert.Equal(t, want, got, in)
		}
	}
}

// The IPv4 fast path agrees with netip.ParseAddr wherever it answers, and
// answers for every address Logpush writes.
func TestParseIPv4(t *testing.T) {
	cases := map[string]bool{
		"1.2.3.4":         true,
		"0.0.0.0":         true,
		"255.255.255.255": true,
		"10.0.100.1":      true,
		"256.1.1.1":       false,
		"1.2.3":           false,
		"1.2.3.4.5":       false,
		"01.2.3.4":        false,
		"1.2.3.00":        false,
		"1..3.4":          false,
		".1.2.3":          false,
		"1.2.3.":          false,
		"1.2.3.4 ":        false,
		"::1":             false,
		"::ffff:1.2.3.4":  false,
		"1.2.3.4%eth0":    false,
		"1000.2.3.4":      false,
		"":                false,
	}
	checkFastPath(t, cases, parseIPv4, netip.ParseAddr)
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		// Random short strings over the characters that matter, and
		// dotted numbers, some out of range or with leading zeros.
		b := make([]byte, 1+r.Intn(16))
		for i := range b {
			b[i] = "0123456789..a:"[r.Intn(14)]
		}
		if r.Intn(2) == 0 {
			b = fmt.Appendf(nil, "%0*d.%d.%d.%d", 1+r.Intn(3), r.Intn(300), r.Intn(300), r.Intn(300), r.Intn(300))
		}
		got, ok := parseIPv4(string(b))
		want, err := netip.ParseAddr(string(b))
		if ok {
			require.NoError(t, err, "%q", b)
			assert.Equal(t, want, got, "%q", b)
		} else if err == nil {
			assert.False(t, want.Is4(), "%q is IPv4 and left to netip", b)
		}
	}
}

func TestParseMissingAndNull(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		present []Field
	}{
		{"empty object", `{}`, nil},
		{"only score", `{"BotScore":0}`, []Field{FieldBotScore}},
		{"null is missing", `{"BotScore":null,"ClientIP":null,"BotTags":null}`, nil},
		{"later null clears", `{"BotScore":5,"BotScore":null}`, nil},
		{"empty ClientIP is missing", `{"ClientIP":"","ClientCountry":""}`, []Field{FieldClientCountry}},
		{"unreadable ClientIP is missing", `{"ClientIP":"not-an-ip","JA4":"x"}`, []Field{FieldJA4}},
		{"IPv4 with a zone is missing", `{"ClientIP":"1.2.3.4%eth0"}`, nil},
		{"empty timestamp is missing", `{"EdgeStartTimestamp":""}`, nil},
		{"empty arrays are present", `{"BotTags":[],"BotDetectionIDs":[]}`, []Field{FieldBotTags, FieldBotDetectionIDs}},
		{"whitespace everywhere", " \t{ \"JA4\" : \"x\" , \"ClientASN\" :\t0 } \r", []Field{FieldJA4, FieldClientASN}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Record
			require.NoError(t, ParseLine([]byte(tt.line), &rec))
			var want FieldSet
			for _, f := range tt.present {
				want.add(f)
			}
			assert.Equal(t, want, rec.Present)
		})
	}
}

func TestParseDuplicateKeysLastWins(t *testing.T) {
	var rec Record
	require.NoError(t, ParseLine([]byte(`{"BotScore":5,"JA4":"a","BotScore":7,"JA4":"b","BotTags":["x"],"BotTags":["y","z"],"EdgeStartTimestamp":1717200001,"EdgeStartTimestamp":"2024-06-01T00:00:02Z"}`), &rec))
	assert.Equal(t, int64(7), rec.BotScore)
	assert.Equal(t, "b", rec.JA4)
	assert.Equal(t, []string{"y", "z"}, rec.BotTags)
	assert.Equal(t, int64(1717200002), rec.EdgeStartTimestamp.Unix())
}

// TestParseTimestampsBefore2010AreMalformed: 0, negative and pre-2010
// timestamps would stretch a report's window back to 1970.
func TestParseTimestampsBefore2010AreMalformed(t *testing.T) {
	for _, v := range []string{`0`, `-1`, `-1717200000`, `"1970-01-01T00:00:00Z"`, `"2009-12-31T23:59:59Z"`, `1262303999`, `"0"`} {
		var rec Record
		err := ParseLine([]byte(`{"BotScore":5,"EdgeStartTimestamp":`+v+`}`), &rec)
		require.Error(t, err, v)
		assert.Contains(t, err.Error(), "before 2010", v)
	}
	var rec Record
	require.NoError(t, ParseLine([]byte(`{"BotScore":5,"EdgeStartTimestamp":1262304000}`), &rec))
	assert.Equal(t, MinTimestamp, rec.EdgeStartTimestamp)
}

func TestParseEscapedKey(t *testing.T) {
	var rec Record
	require.NoError(t, ParseLine([]byte(`{"Bot\u0053core":42}`), &rec))
	assert.Equal(t, int64(42), rec.BotScore)
}

func TestParseIntegralFloats(t *testing.T) {
	var rec Record
	require.NoError(t, ParseLine([]byte(`{"BotScore":4.0e1,"ClientASN":-0}`), &rec))
	assert.Equal(t, int64(40), rec.BotScore)
	assert.Equal(t, int64(0), rec.ClientASN)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		line string
		want error
	}{
		{"not an object", `[1,2]`, ErrSyntax}, // valid JSON, but not a log line
		{"text", `hello`, ErrSyntax},
		{"truncated", `{"BotScore":5`, ErrSyntax},
		{"trailing comma", `{"BotScore":5,}`, ErrSyntax},
		{"trailing data", `{"BotScore":5} x`, ErrSyntax},
		{"two objects", `{}{}`, ErrSyntax},
		{"unterminated string", `{"JA4":"abc`, ErrSyntax},
		{"bad escape", `{"JA4":"a\qb"}`, ErrSyntax},
		{"short unicode escape", `{"JA4":"\u12"}`, ErrSyntax},
		{"raw control char", "{\"JA4\":\"a\tb\"}", ErrSyntax},
		{"bad number", `{"BotScore":01}`, ErrSyntax},
		{"bad number in unknown", `{"X":-}`, ErrSyntax},
		{"bad literal", `{"X":tru}`, ErrSyntax},
		{"missing colon", `{"X" 1}`, ErrSyntax},
		{"unquoted key", `{X:1}`, ErrSyntax},
		{"deep nesting", `{"X":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`, ErrSyntax},
		{"broken value of wrong type", `{"BotScore":"abc}`, ErrSyntax},
		{"score as string", `{"BotScore":"high"}`, ErrFieldType},
		{"score as bool", `{"BotScore":true}`, ErrFieldType},
		{"score fraction", `{"BotScore":1.5}`, ErrFieldType},
		{"score overflow", `{"BotScore":99999999999999999999}`, ErrFieldType},
		{"host as number", `{"ClientRequestHost":5}`, ErrFieldType},
		{"timestamp bool", `{"EdgeStartTimestamp":true}`, ErrFieldType},
		{"timestamp bad string", `{"EdgeStartTimestamp":"yesterday"}`, ErrFieldType},
		{"ids not array", `{"BotDetectionIDs":5}`, ErrFieldType},
		{"ids with string", `{"BotDetectionIDs":[1,"2"]}`, ErrFieldType},
		{"tags with number", `{"BotTags":["a",1]}`, ErrFieldType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Record
			err := ParseLine([]byte(tt.line), &rec)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.want), "got %v", err)
			// Apart from the two cases that are valid JSON yet not
			// acceptable lines, syntax errors must agree with encoding/json.
			if tt.want == ErrSyntax && tt.name != "not an object" && tt.name != "deep nesting" {
				assert.False(t, json.Valid([]byte(tt.line)), "encoding/json accepts %s", tt.line)
			}
		})
	}
}

func TestParserReuseDoesNotAlias(t *testing.T) {
	var p Parser
	var a, b Record
	require.NoError(t, p.Parse([]byte(`{"JA4":"first","BotDetectionIDs":[1],"BotTags":["t1"]}`), &a))
	require.NoError(t, p.Parse([]byte(`{"JA4":"second","BotDetectionIDs":[2],"BotTags":["t2"]}`), &b))
	assert.Equal(t, "first", a.JA4)
	assert.Equal(t, []int64{1}, a.BotDetectionIDs)
	assert.Equal(t, []string{"t1"}, a.BotTags)
	assert.Equal(t, "second", b.JA4)
}

func TestNormalizeScoreSource(t *testing.T) {
	tests := map[string]string{
		"Machine Learning":    "machine_learning",
		"Heuristics":          "heuristics",
		"JS Fingerprinting":   "js_fingerprinting",
		"Verified Bot":        "verified_bot",
		"Not Computed":        "not_computed",
		"Behavioral Analysis": "behavioral_analysis",
		"Cloudflare Service":  "cloudflare_service",
		"Some New Engine":     "some_new_engine",
		" Padded ":            "padded",
		"already_snake":       "already_snake",
		"":                    "",
	}
	for in, want := range tests {
		got := NormalizeScoreSource(in)
		assert.Equal(t, want, got, in)
		if got != "" {
			// Callers keep the result as a map key without copying it.
			assert.NotEqual(t, uintptr(unsafe.Pointer(unsafe.StringData(in))), uintptr(unsafe.Pointer(unsafe.StringData(got))), in)
		}
	}
}

func TestFieldNames(t *testing.T) {
	for f := Field(0); f < NumFields; f++ {
		got, ok := LookupField(f.String())
		require.True(t, ok, f.String())
		assert.Equal(t, f, got)
	}
	_, ok := LookupField("botscore")
	assert.False(t, ok)
	assert.Equal(t, []string{"ip.src.asnum", "ip.geoip.asnum"}, FieldClientASN.RulesFields())
}

func TestParseClientIP(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3.4": "1.2.3.4", "2001:DB8::1": "2001:db8::1", "fe80::1%eth0": "fe80::1", "::ffff:1.2.3.4": "::ffff:1.2.3.4",
		"": "", "nope": "", "01.2.3.4": "", "1.2.3.4%eth0": "", "fe80::1%": "", "[::1]": "",
	} {
		a, ok := ParseClientIP(in)
		assert.Equal(t, want != "", ok, in)
		if ok {
			assert.Equal(t, want, a.String(), in)
		}
	}
	var rec Record
	require.NoError(t, ParseLine([]byte(`{"ClientIP":"fe80::1%eth0"}`), &rec))
	assert.Equal(t, netip.MustParseAddr("fe80::1"), rec.ClientIP)
}

// TestRFC3339Shape: the strict shape is RFC 3339 as Logpush writes it; the
// spellings time.Parse also takes are malformed lines (ClickHouse reads the
// same shape).
func TestRFC3339Shape(t *testing.T) {
	for in, want := range map[string]bool{
		"2024-06-01T00:00:03Z": true, "2024-06-01T00:00:03.5Z": true, "2024-06-01T00:00:03.1234567891Z": true,
		"2024-06-01T00:00:03+02:00": true, "2024-06-01T23:59:59-23:59": true, "2024-12-31T00:00:00.0+00:00": true,
		"2024-06-01T00:00:03,5Z": false, "2024-06-01T1:00:03Z": false, "2024-06-01T00:00:03+24:00": false,
		"2024-06-01t00:00:03Z": false, "2024-06-01T00:00:03z": false, "2024-06-01T24:00:00Z": false, "2024-06-01T00:60:00Z": false,
		"2024-00-01T00:00:00Z": false, "2024-13-01T00:00:00Z": false, "2024-06-32T00:00:00Z": false, "2024-06-01T00:00:03.Z": false,
		"2024-06-01T00:00:03": false, "2024-06-01T00:00:03+0200": false, "2024-06-01 00:00:03Z": false, "2024-06-01T00:00:03Z ": false,
	} {
		assert.Equal(t, want, rfc3339Shape(in), in)
		var rec Record
		err := ParseLine([]byte(`{"EdgeStartTimestamp":"`+in+`"}`), &rec)
		if !want {
			assert.ErrorIs(t, err, ErrFieldType, in)
		}
	}
}
