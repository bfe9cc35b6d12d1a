package eval

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// rec is a test record: field name to Go value; an absent key is a missing
// field.
type rec map[string]any

var testTypes = map[string]string{
	"http.host":                         "Bytes",
	"http.request.uri.path":             "Bytes",
	"http.user_agent":                   "Bytes",
	"http.cookie":                       "Bytes",
	"http.referer":                      "Bytes",
	"ip.src":                            "Ip",
	"tcp.port":                          "Int",
	"cf.bot_management.score":           "Int",
	"ssl":                               "Bool",
	"true":                              "Bool",
	"false":                             "Bool",
	"http.request.headers":              "Map<Array<Bytes>>",
	"http.request.headers.names":        "Array<Bytes>",
	"cf.bot_management.detection_ids":   "Array<Int>",
	"arr.bools":                         "Array<Bool>",
	"http.request.body.multipart.names": "Array<Array<Bytes>>",
	"map.int":                           "Map<Int>",
	"deep":                              "Array<Array<Array<Bytes>>>",
	"unbound":                           "Bytes",
}

// testSchema is the Rules schema with the test fields' types.
var testSchema = schemaWith(testTypes)

// schemaWith is the Rules schema with the given fields and display-form
// types added or replaced.
func schemaWith(types map[string]string) *schema.Schema {
	var fields []schema.Field
	for name, ts := range types {
		fields = append(fields, schema.Field{Name: name, Type: mustType(ts)})
	}
	s, err := schema.Rules().With(fields, nil, nil)
	if err != nil {
		panic(err)
	}
	return s
}

func mustType(s string) schema.Type {
	t, err := schema.ParseType(s)
	if err != nil {
		panic(err)
	}
	return t
}

// checked parses and type-checks expr under s, as callers of Compile do.
func checked(tb testing.TB, s *schema.Schema, expr string, opts check.Options) *check.Checked {
	tb.Helper()
	x, errs := grammar.Parse(expr)
	require.Empty(tb, errs, "parse %q", expr)
	c, _ := check.Check(x, s, opts)
	return c
}

func getter[T any](name string) func(rec) (T, bool) {
	return func(r rec) (T, bool) {
		v, ok := r[name].(T)
		return v, ok
	}
}

func testBinding() Fields[rec] {
	b := Fields[rec]{}
	for name, ts := range testTypes {
		if name == "unbound" || name == "true" || name == "false" {
			continue
		}
		switch mustType(ts).String() {
		case "Bytes":
			b[name] = getter[string](name)
		case "Int":
			b[name] = getter[int64](name)
		case "Bool":
			b[name] = getter[bool](name)
		case "Ip":
			b[name] = getter[netip.Addr](name)
		case "Array<Bytes>":
			b[name] = getter[[]string](name)
		case "Array<Int>":
			b[name] = getter[[]int64](name)
		case "Array<Bool>":
			b[name] = getter[[]bool](name)
		case "Array<Array<Bytes>>":
			b[name] = getter[[][]string](name)
		case "Map<Array<Bytes>>":
			b[name] = getter[map[string][]string](name)
		case "Map<Int>":
			b[name] = getter[map[string]int64](name)
		}
	}
	return b
}

var testLists = Lists{
	"office":   {"10.0.0.0/8", "192.0.2.1", "2001:db8::/32", "198.51.100.1..198.51.100.9"},
	"asns":     {"13335", "100..200"},
	"hosts":    {"a.example", "b.example"},
	"bad_ip":   {"10.0.0.1/8"},
	"cf.vpn":   {"203.0.113.0/24"},
	"empty":    {},
	"bad_int":  {"0x"},
	"bad_cidr": {"1.2.3.4/40"},
}

func compile(t testing.TB, expr string, opts ...Option) (*Program[rec], error) {
	t.Helper()
	opts = append([]Option{WithLists(testLists)}, opts...)
	return Compile[rec](checked(t, testSchema, expr, check.Options{}), testBinding(), opts...)
}

func ip(s string) netip.Addr { return netip.MustParseAddr(s) }

type tc struct {
	expr string
	rec  rec
	want bool
}

func run(t *testing.T, cases []tc, opts ...Option) {
	t.Helper()
	for _, c := range cases {
		p, err := compile(t, c.expr, opts...)
		if !assert.NoError(t, err, c.expr) {
			continue
		}
		assert.Equal(t, c.want, p.Match(c.rec), "%s on %v", c.expr, c.rec)
	}
}

func TestBytesOperators(t *testing.T) {
	h := rec{"http.host": "www.Example.com"}
	run(t, []tc{
		{`http.host eq "www.Example.com"`, h, true},
		{`http.host == "www.example.com"`, h, false},
		{`http.host ne "x"`, h, true},
		{`http.host != "www.Example.com"`, h, false},
		{`http.host lt "x"`, h, true},
		{`http.host < "www"`, h, false},
		{`http.host le "www.Example.com"`, h, true},
		{`http.host gt "www"`, h, true},
		{`http.host >= "wwx"`, h, false},
		{`http.host contains "Example"`, h, true},
		{`http.host contains ""`, h, true},
		{`http.host contains "example"`, h, false},
		{`http.host contains 45:78`, h, true}, // "Ex"
		{`http.host == 77:77:77:2e:45:78:61:6d:70:6c:65:2e:63:6f:6d`, h, true},
		{`http.host in {"a" "www.Example.com"}`, h, true},
		{`http.host in {"a" "b"}`, h, false},
		{`http.host in {}`, h, false},
		{`http.host in {"1" "2" "3" "4" "5" "6" "7" "8" "9" "www.Example.com"}`, h, true},
		{`http.host in {"1" "2" "3" "4" "5" "6" "7" "8" "9" "10"}`, h, false},
		{`http.host in $hosts`, rec{"http.host": "b.example"}, true},
		{`http.host in $hosts`, h, false},
		{`http.host == r#"a"b"#`, rec{"http.host": `a"b`}, true},
		{`http.host == "\xff"`, rec{"http.host": "\xff"}, true},
	})
}

func TestIntOperators(t *testing.T) {
	p := rec{"tcp.port": int64(443)}
	run(t, []tc{
		{`tcp.port eq 443`, p, true},
		{`tcp.port == 0x1bb`, p, true},
		{`tcp.port == 0673`, p, true},
		{`tcp.port ne 443`, p, false},
		{`tcp.port lt 444`, p, true},
		{`tcp.port le 443`, p, true},
		{`tcp.port gt 443`, p, false},
		{`tcp.port ge 443`, p, true},
		{`tcp.port & 1`, p, true},
		{`tcp.port bitwise_and 0x04`, p, false},
		{`tcp.port in {80 443}`, p, true},
		{`tcp.port in {80 440..450}`, p, true},
		{`tcp.port in {1..10 20..30 40..50 60..70 80..90 100..442 444..500}`, p, false},
		{`tcp.port in {1..10 20..30 40..50 60..70 80..90 100..443 444..500}`, p, true},
		{`tcp.port == -12`, rec{"tcp.port": int64(-12)}, true},
		{`tcp.port in {-20..-10}`, rec{"tcp.port": int64(-12)}, true},
		{`tcp.port in $asns`, rec{"tcp.port": int64(150)}, true},
		{`tcp.port in $asns`, rec{"tcp.port": int64(13336)}, false},
	})
}

func TestIPOperators(t *testing.T) {
	v4 := rec{"ip.src": ip("192.0.2.10")}
	v6 := rec{"ip.src": ip("2001:db8::1")}
	run(t, []tc{
		{`ip.src == 192.0.2.10`, v4, true},
		{`ip.src != 192.0.2.10`, v4, false},
		{`ip.src < 192.0.2.11`, v4, true},
		{`ip.src <= 192.0.2.10`, v4, true},
		{`ip.src > 192.0.2.9`, v4, true},
		{`ip.src >= 192.0.2.11`, v4, false},
		{`ip.src == 2001:db8::1`, v6, true},
		{`ip.src == 2001:0db8:0::1`, v6, true},
		{`ip.src in {192.0.2.0/24}`, v4, true},
		{`ip.src in {192.0.3.0/24 ::1}`, v4, false},
		{`ip.src in {192.0.2.5..192.0.2.20}`, v4, true},
		{`ip.src in {10.0.0.0/8 2001:db8::/32}`, v6, true},
		{`ip.src in {0.0.0.0/0}`, v6, false},
		{`ip.src in {::/0}`, v6, true},
		{`ip.src in $office`, rec{"ip.src": ip("198.51.100.5")}, true},
		{`ip.src in $office`, rec{"ip.src": ip("10.1.2.3")}, true},
		{`ip.src in $office`, rec{"ip.src": ip("11.1.2.3")}, false},
		{`ip.src in $cf.vpn`, rec{"ip.src": ip("203.0.113.7")}, true},
		{`ip.src in $empty`, v4, false},
	})
}

func TestCrossFamilyIP(t *testing.T) {
	v4 := rec{"ip.src": ip("192.0.2.10")}
	v6 := rec{"ip.src": ip("::1")}
	mapped := rec{"ip.src": ip("::ffff:192.0.2.10")}
	run(t, []tc{
		{`ip.src == ::1`, v4, false},
		{`ip.src != ::1`, v4, true},
		{`ip.src < ::1`, v4, false},
		{`ip.src <= ::ffff:ffff`, v4, false},
		{`ip.src > ::`, v4, false},
		{`ip.src >= ::`, v4, false},
		{`ip.src == 0.0.0.1`, v6, false},
		{`ip.src != 0.0.0.1`, v6, true},
		{`ip.src < 255.255.255.255`, v6, false},
		{`ip.src > 0.0.0.0`, v6, false},
		// An IPv4-mapped IPv6 value is IPv6, as in the engine.
		{`ip.src == 192.0.2.10`, mapped, false},
		{`ip.src == ::ffff:192.0.2.10`, mapped, true},
		{`ip.src in {192.0.2.0/24}`, mapped, false},
	})
}

func TestMissingValues(t *testing.T) {
	empty := rec{}
	cases := []struct {
		expr          string
		product, engn bool
	}{
		{`http.host == "a"`, false, false},
		{`http.host != "a"`, false, true},
		{`http.host contains ""`, false, false},
		{`http.host matches ".*"`, false, false},
		{`http.host wildcard "*"`, false, false},
		{`http.host in {"a"}`, false, false},
		{`not http.host == "a"`, true, true},
		{`not http.host != "a"`, true, false},
		{`tcp.port != 1`, false, true},
		{`tcp.port < 1`, false, false},
		{`ip.src != 1.1.1.1`, false, true},
		{`ip.src in {0.0.0.0/0 ::/0}`, false, false},
		{`ssl`, false, false},
		{`not ssl`, true, true},
		{`http.request.headers["a"][0] == "x"`, false, false},
		{`http.request.headers["a"][0] != "x"`, false, true},
		{`len(http.host) >= 0`, false, false},
		{`starts_with(http.host, "")`, false, false},
		{`not starts_with(http.host, "")`, true, true},
		{`any(http.request.headers.names[*] == "a")`, false, false},
		{`all(http.request.headers.names[*] == "a")`, true, true},
		{`any(arr.bools)`, false, false},
		{`all(arr.bools)`, false, false},
		{`lower(http.host) != "a"`, false, true},
	}
	for _, c := range cases {
		p, err := compile(t, c.expr)
		require.NoError(t, err, c.expr)
		assert.Equal(t, c.product, p.Match(empty), "product: %s", c.expr)
		p, err = compile(t, c.expr, WithNotEqualOnMissing(true))
		require.NoError(t, err, c.expr)
		assert.Equal(t, c.engn, p.Match(empty), "engine: %s", c.expr)
	}
	// Missing inside containers: past the end, absent key.
	h := rec{"http.request.headers": map[string][]string{"a": {"x"}}}
	run(t, []tc{
		{`http.request.headers["a"][0] == "x"`, h, true},
		{`http.request.headers["a"][1] == "x"`, h, false},
		{`http.request.headers["a"][1] != "x"`, h, false},
		{`http.request.headers["b"][0] != "x"`, h, false},
		{`len(http.request.headers["a"]) >= 0`, h, true},
		{`len(http.request.headers["b"]) >= 0`, h, false},
	})
	run(t, []tc{{`http.request.headers["a"][1] != "x"`, h, true}}, WithNotEqualOnMissing(true))
}

func TestWildcard(t *testing.T) {
	cases := []struct {
		pattern, value string
		loose, strict  bool
	}{
		{`"*"`, "", true, true},
		{`"*"`, "anything", true, true},
		{`""`, "", true, true},
		{`""`, "a", false, false},
		{`"abc"`, "ABC", true, false},
		{`"abc"`, "abcd", false, false},
		{`"*.example.com"`, "www.EXAMPLE.com", true, false},
		{`"*.example.com"`, "example.com", false, false},
		{`"/AdminTeam/*"`, "/adminteam/x", true, false},
		{`"/AdminTeam/*"`, "/AdminTeam/", true, true},
		{`"a*b*c"`, "abc", true, true},
		{`"a*b*c"`, "aXbYc", true, true},
		{`"a*b*c"`, "acb", false, false},
		{`"a*bc*bc"`, "abcbc", true, true},
		{`"a*a"`, "a", false, false},
		{`"a?c"`, "abc", false, false},
		{`"a?c"`, "a?c", true, true},
		{`r"foo*\*\\"`, `foobar*\`, true, true},
		{`r"foo*\*\\"`, `foobar\`, false, false},
		{`"\\*"`, "*", true, true},
		{`"\\*"`, "x", false, false},
		{`"\\\\"`, `\`, true, true},
		{`"É*"`, "éa", false, false}, // case folding is ASCII only
		{`"É*"`, "Éa", true, true},
		{`"*x*"`, "x", true, true},
		{`"*X*"`, "axb", true, false},
	}
	for _, c := range cases {
		r := rec{"http.host": c.value}
		for _, strict := range []bool{false, true} {
			op, want := "wildcard", c.loose
			if strict {
				op, want = "strict wildcard", c.strict
			}
			expr := `http.host ` + op + ` ` + c.pattern
			p, err := compile(t, expr)
			require.NoError(t, err, expr)
			assert.Equal(t, want, p.Match(r), "%s on %q", expr, c.value)
		}
	}
}

func TestRegex(t *testing.T) {
	run(t, []tc{
		{`http.host matches "example"`, rec{"http.host": "www.example.com"}, true},
		{`http.host ~ "^example"`, rec{"http.host": "www.example.com"}, false},
		{`http.host matches r"^www\.example\.com$"`, rec{"http.host": "www.example.com"}, true},
		{`http.host matches "\.com$"`, rec{"http.host": "www.example.com"}, true},
		{`http.host matches "(?i)EXAMPLE"`, rec{"http.host": "www.example.com"}, true},
		{`http.host matches "[a-z"\]]+\d{1,10}\""`, rec{"http.host": `ab"]12"`}, true},
		// Byte-oriented: . matches one byte, not one UTF-8 character.
		{`http.host matches "^.{2}$"`, rec{"http.host": "é"}, true},
		{`http.host matches "^.$"`, rec{"http.host": "é"}, false},
		{`http.host matches "^.$"`, rec{"http.host": "\xff"}, true},
		{`http.host matches r"^\xff$"`, rec{"http.host": "\xff"}, true},
		{`http.host matches r"^\xc3\xa9$"`, rec{"http.host": "é"}, true},
		{`http.host matches r"[\x80-\xff]"`, rec{"http.host": "aé"}, true},
		{`http.host matches r"[\x80-\xff]"`, rec{"http.host": "abc"}, false},
		// (?i) folds ASCII only: É (C3 89) and é (C3 A9) differ.
		{`http.host matches r"(?i)^\xC3\x89$"`, rec{"http.host": "é"}, false},
		{`http.host matches r"\w"`, rec{"http.host": "é"}, false},
		{`http.host matches r"^\s$"`, rec{"http.host": "\v"}, true},
		{`http.host matches r"^[\s]$"`, rec{"http.host": "\v"}, true},
		{`http.host matches r"^\S$"`, rec{"http.host": "\v"}, false},
		{`http.host matches r"a.b"`, rec{"http.host": "a\nb"}, false},
		{`http.host matches r"(?s)a.b"`, rec{"http.host": "a\nb"}, true},
		{`http.host matches r"[[:digit:]]+"`, rec{"http.host": "x1"}, true},
		{`http.host matches r"[]a]"`, rec{"http.host": "]"}, true},
	})
}

func TestSetsAndRanges(t *testing.T) {
	// Interval merging: adjacent, overlapping and contained ranges.
	for _, c := range []struct {
		v    int64
		want bool
	}{{0, false}, {1, true}, {5, true}, {6, true}, {10, true}, {11, false}, {19, false}, {20, true}, {25, true}, {26, false}, {-9223372036854775808, true}, {9223372036854775807, true}} {
		p, err := compile(t, `tcp.port in {1..5 6..8 7..10 20..25 22 -9223372036854775808 9223372036854775807}`)
		require.NoError(t, err)
		assert.Equal(t, c.want, p.Match(rec{"tcp.port": c.v}), "%d", c.v)
	}
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"10.255.255.255", true}, {"11.0.0.0", true}, {"11.0.0.1", false}, {"9.255.255.255", false},
		{"255.255.255.255", true}, {"::", true}, {"::1", false}, {"fe80::1", true}, {"febf:ffff::", true}, {"fec0::", false},
	} {
		p, err := compile(t, `ip.src in {10.0.0.0/8 11.0.0.0 255.255.255.255 :: fe80::/10}`)
		require.NoError(t, err)
		assert.Equal(t, c.want, p.Match(rec{"ip.src": ip(c.v)}), c.v)
	}
}

// TestMapStarOrder evaluates an element-wise combination of two [*] over
// one map many times: each must see the map's elements in the same order.
func TestMapStarOrder(t *testing.T) {
	r := rec{"map.int": map[string]int64{"a": 1, "b": 2, "c": 3, "d": 4}}
	cases := make([]tc, 64)
	for i := range cases {
		cases[i] = tc{`all((map.int[*] == 1 xor map.int[*] != 1))`, r, true}
	}
	run(t, cases)
}

func TestMapEach(t *testing.T) {
	r := rec{
		"http.request.headers":              map[string][]string{"accept": {"text/html", "application/json"}, "x": {"1"}},
		"http.request.headers.names":        []string{"Accept", "X-Forwarded-For"},
		"cf.bot_management.detection_ids":   []int64{5, 10, 201326593},
		"arr.bools":                         []bool{true, false},
		"http.request.body.multipart.names": [][]string{{"a", "b"}, {"c"}},
		"map.int":                           map[string]int64{"a": 1, "b": 2},
	}
	run(t, []tc{
		{`any(http.request.headers["accept"][*] == "application/json")`, r, true},
		{`all(http.request.headers["accept"][*] == "application/json")`, r, false},
		{`all(http.request.headers["accept"][*] contains "/")`, r, true},
		{`any(lower(http.request.headers.names[*])[*] == "accept")`, r, true},
		{`any(http.request.headers.names[*] == "accept")`, r, false},
		{`any(cf.bot_management.detection_ids[*] == 201326593)`, r, true},
		{`all(cf.bot_management.detection_ids[*] in {5 10 201326593})`, r, true},
		{`any(http.request.headers[*][*] == "1")`, r, true},
		{`all(len(http.request.headers[*][0])[*] >= 1)`, r, true},
		{`any(http.request.body.multipart.names[*][1] == "b")`, r, true},
		{`all(http.request.body.multipart.names[*][1] == "b")`, r, false},
		{`any(http.request.body.multipart.names[*][*] == "c")`, r, true},
		{`any(arr.bools)`, r, true},
		{`all(arr.bools)`, r, false},
		{`any(arr.bools[*])`, r, true},
		{`any(not arr.bools[*])`, r, true},
		{`all(not arr.bools[*])`, r, false},
		{`any(map.int[*] > 1)`, r, true},
		// Two [*] over one map pair its elements in one order: Go's
		// map order changes from one range to the next, so a test of
		// one run would pass by luck half the time; see TestMapStarOrder.
		{`all((map.int[*] == 1 xor map.int[*] == 2))`, r, true},
		{`all(map.int[*] > 1)`, r, false},
		{`any((http.request.headers.names[*] == "Accept" and http.request.headers.names[*] contains "A"))`, r, true},
		{`all((http.request.headers.names[*] == "Accept" or http.request.headers.names[*] contains "X-"))`, r, true},
		{`any((http.request.headers.names[*] == "Accept" xor http.request.headers.names[*] contains "A"))`, r, false},
		// Element-wise combination truncates to the shorter operand.
		{`all((arr.bools[*] or http.request.headers["x"][*] == "1"))`, r, true},
		{`any(starts_with(http.request.headers.names[*], "X-"))`, r, true},
		{`all(ends_with(http.request.headers.names[*], "For"))`, r, false},
		{`lower(http.request.headers.names[*])[1] == "x-forwarded-for"`, r, true},
		{`any(split(http.request.headers["accept"][0], "/", 2)[*] == "html")`, r, true},
		{`any(http.request.headers.names[*] == "none")`, r, false},
		{`all(http.request.headers["zzz"][*] == "x")`, r, true},
		{`any(http.request.headers["zzz"][*] != "x")`, r, false},
	})
}

func TestLogicalAndBool(t *testing.T) {
	r := rec{"ssl": true, "tcp.port": int64(80), "http.host": "a"}
	run(t, []tc{
		{`ssl`, r, true},
		{`not ssl`, r, false},
		{`!ssl`, r, false},
		{`! (not !ssl)`, r, false},
		{`ssl and tcp.port == 80`, r, true},
		{`ssl && tcp.port == 81`, r, false},
		{`not ssl or tcp.port == 80`, r, true},
		{`ssl xor tcp.port == 80`, r, false},
		{`ssl ^^ tcp.port == 80 ^^ http.host == "a"`, r, true},
		{`ssl and tcp.port == 80 and http.host == "b"`, r, false},
		{`ssl or tcp.port == 1 or http.host == "b"`, r, true},
		{`(ssl or http.host == "b") and not tcp.port in {443}`, r, true},
		{`true`, r, true},
		{`true and not ssl`, r, false},
		{`false`, r, false},
		{`not false and ssl`, r, true},
		{`false or ssl`, r, true},
	})
}

func TestFunctions(t *testing.T) {
	r := rec{
		"http.host":             "WWW.Example.com",
		"http.request.uri.path": "/a%2Fb+c%252F",
		"ip.src":                ip("192.0.2.77"),
		"tcp.port":              int64(8080),
		"ssl":                   true,
		"http.cookie":           `{"user":{"id":42,"name":"bob","tags":["x","y"]},"f":1.5}`,
		"http.request.headers":  map[string][]string{"a": {"1"}},
		"http.user_agent":       "aGVsbG8=",
	}
	run(t, []tc{
		{`lower(http.host) == "www.example.com"`, r, true},
		{`upper(http.host) == "WWW.EXAMPLE.COM"`, r, true},
		{`len(http.host) == 15`, r, true},
		{`len(http.request.headers["a"]) == 1`, r, true},
		{`starts_with(http.host, "WWW.")`, r, true},
		{`ends_with(http.host, ".COM")`, r, false},
		{`not ends_with(http.host, ".COM")`, r, true},
		{`url_decode(http.request.uri.path) == "/a/b c%2F"`, r, true},
		{`url_decode(http.request.uri.path, "r") == "/a/b c/"`, r, true},
		{`remove_bytes(http.host, "W.") == "Examplecom"`, r, true},
		{`substring(http.host, 4) == "Example.com"`, r, true},
		{`substring(http.host, 4, 11) == "Example"`, r, true},
		{`substring(http.host, -3) == "com"`, r, true},
		{`substring(http.host, 0, -4) == "WWW.Example"`, r, true},
		{`substring(http.host, 10, 2) == ""`, r, true},
		{`concat(http.host, "/", http.request.uri.path) == "WWW.Example.com//a%2Fb+c%252F"`, r, true},
		{`concat(http.referer, "x") == "x"`, r, true},
		{`to_string(tcp.port) == "8080"`, r, true},
		{`to_string(ssl) == "true"`, r, true},
		{`to_string(ip.src) == "192.0.2.77"`, r, true},
		{`cidr(ip.src, 24, 64) == 192.0.2.0`, r, true},
		{`cidr6(ip.src, 64) == 192.0.2.77`, r, true},
		{`cidr6(ip.src, 64) == 2001:db8::`, rec{"ip.src": ip("2001:db8::1234")}, true},
		{`lookup_json_string(http.cookie, "user", "name") == "bob"`, r, true},
		{`lookup_json_string(http.cookie, "user", "tags", 1) == "y"`, r, true},
		{`lookup_json_integer(http.cookie, "user", "id") == 42`, r, true},
		{`lookup_json_integer(http.cookie, "f") == 1`, r, false},
		{`lookup_json_string(http.cookie, "user", "id") == "42"`, r, false},
		{`split(http.host, ".", 2)[1] == "Example.com"`, r, true},
		{`join(split(http.host, ".", 3), "-") == "WWW-Example-com"`, r, true},
		{`has_key(http.request.headers, "a")`, r, true},
		{`has_key(http.request.headers, "b")`, r, false},
		{`decode_base64(http.user_agent) == "hello"`, r, true},
		{`encode_base64(http.host) == "V1dXLkV4YW1wbGUuY29t"`, r, true},
		{`encode_base64(sha256(http.host), "p") == "2VV0QAfCvFtXCLx8jaOhgLlgmBcbNXHMlRoY3OPRxe8="`, rec{"http.host": "x"}, false},
		{`len(encode_base64(sha256(http.host), "p")) == 44`, r, true},
	})
}

func TestCompileRefusals(t *testing.T) {
	cases := []struct {
		expr, span, msg string
	}{
		{`nope == "a"`, "nope", "unknown field"},
		{`unbound == "a"`, "unbound", "not provided by the record binding"},
		{`deep[0][0][0] == "a"`, "deep", "cannot represent"},
		{`foo(http.host) == "a"`, "foo", "unknown field or function"},
		{`bit_slice("ip", 0, 8) == 4`, "bit_slice", "packet"},
		{`regex_replace(http.host, "a", "b") == "x"`, "regex_replace", "not evaluated"},
		{`is_timed_hmac_valid_v0("k", http.host, 10, 1, 0)`, "is_timed_hmac_valid_v0", "time"},
		{`ip.src in $nolist`, "$nolist", "unknown list"},
		{`ip.src in $bad_ip`, "$bad_ip", "host part"},
		{`tcp.port in $bad_int`, "$bad_int", "bad_int"},
		{`http.host matches r"\p{Greek}"`, `r"\p{Greek}"`, "Unicode classes"},
		{`http.host matches "(?x)a b"`, `"(?x)a b"`, "flag"},
		{`http.host matches "(?u)a"`, `"(?u)a"`, "flag"},
		{`http.host matches "a{2000}"`, `"a{2000}"`, "invalid regex"},
		{`http.host matches "[a[b]]"`, `"[a[b]]"`, "nested"},
		{`http.host matches r"[a-z&&[^aeiou]]"`, `r"[a-z&&[^aeiou]]"`, "set operations"},
		{`http.host matches r"\x{100}"`, `r"\x{100}"`, "Unicode mode"},
		{`http.host matches "^é$"`, `"^é$"`, "Unicode mode"},
		{`http.host wildcard "a**b"`, `"a**b"`, "double star"},
		{`http.host wildcard r"a\b"`, `r"a\b"`, "invalid wildcard"},
		{`http.request.headers.names[*] == "a"`, `http.request.headers.names[*] == "a"`, "Array<Bool>"},
		{`http.request.headers.names == "a"`, "==", "cannot use `==` on Array<Bytes>"},
		{`ssl and http.request.headers.names[*] == "a"`, `http.request.headers.names[*] == "a"`, "cannot combine"},
		{`tcp.port contains "a"`, "contains", "does not work on Int"},
		{`http.host`, "http.host", "not a condition"},
		{`any(ssl)`, "ssl", "Array<Bool>"},
		{`http.host[0] == "a"`, "[0]", "cannot index Bytes"},
		{`http.request.headers[0][0] == "a"`, "[0]", "cannot index Map"},
		{`any(lower(http.request.headers.names[*]) == "a")`, "==", "or `[*]` inside any"},
		{`concat("a", http.request.headers.names[*]) == "a"`, `http.request.headers.names[*]`, "first argument"},
		{`lower(http.host, "a") == "a"`, `(http.host, "a")`, "expects 1 argument, got 2"},
		{`starts_with(tcp.port, "a")`, "tcp.port", "must be Bytes"},
		{`cidr(ip.src, 40, 64) == 1.1.1.1`, "40", "must be in 1..32"},
		{`split(http.host, "", 2)[0] == "a"`, `""`, "must not be empty"},
	}
	for _, c := range cases {
		_, err := compile(t, c.expr)
		var e *check.Refusal
		if !assert.ErrorAs(t, err, &e, c.expr) {
			continue
		}
		assert.Equal(t, Backend, e.Backend, c.expr)
		assert.Equal(t, c.span, e.Text, "span of %s", c.expr)
		assert.Contains(t, e.Error(), c.msg, c.expr)
	}
}

func TestCompileRefusesBadInput(t *testing.T) {
	x, _ := grammar.Parse(`http.host eq`)
	c, _ := check.Check(x, testSchema, check.Options{})
	_, err := Compile[rec](c, testBinding())
	assert.Error(t, err)
	c, _ = check.Check(&grammar.Expression{}, testSchema, check.Options{})
	_, err = Compile[rec](c, testBinding())
	assert.Error(t, err)
	_, err = Compile[rec](nil, testBinding())
	assert.Error(t, err)
	// Lists without a provider.
	_, err = Compile[rec](checked(t, testSchema, `ip.src in $office`, check.Options{}), testBinding())
	assert.ErrorContains(t, err, "no lists were supplied")
	// An accessor of the wrong Go type is refused, not called.
	b := testBinding()
	b["http.host"] = func(rec) (int64, bool) { return 0, true }
	_, err = Compile[rec](checked(t, testSchema, `http.host == "a"`, check.Options{}), b)
	assert.ErrorContains(t, err, "accessor for http.host")
}

func TestFields(t *testing.T) {
	p, err := compile(t, `http.host == "a" and (ip.src in {1.1.1.1} or lower(http.host) == "b") and any(http.request.headers.names[*] == "x")`)
	require.NoError(t, err)
	assert.Equal(t, []string{"http.host", "http.request.headers.names", "ip.src"}, p.Fields())
}

func TestGoType(t *testing.T) {
	for ts, want := range map[string]string{"Bytes": "string", "Int": "int64", "Bool": "bool", "Ip": "netip.Addr",
		"Array<Bytes>": "[]string", "Map<Array<Int>>": "map[string][]int64", "Array<Array<Bytes>>": "[][]string"} {
		got, ok := GoType(mustType(ts))
		assert.True(t, ok, ts)
		assert.Equal(t, want, got, ts)
	}
	for _, ts := range []string{"Array<Array<Array<Bytes>>>", "Map<Map<Int>>", "Array<Map<Bytes>>"} {
		_, ok := GoType(mustType(ts))
		assert.False(t, ok, ts)
	}
}
