package eval

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
)

// benchRec stands in for a decoded log record (as logpush.Record will be):
// plain struct fields and a presence bit set.
type benchRec struct {
	present uint32
	host    string
	path    string
	ua      string
	ip      netip.Addr
	score   int64
	asn     int64
	ssl     bool
	names   []string
	headers map[string][]string
}

var benchBinding = Fields[*benchRec]{
	"http.host":                  func(r *benchRec) (string, bool) { return r.host, r.present&1 != 0 },
	"http.request.uri.path":      func(r *benchRec) (string, bool) { return r.path, r.present&2 != 0 },
	"http.user_agent":            func(r *benchRec) (string, bool) { return r.ua, r.present&4 != 0 },
	"ip.src":                     func(r *benchRec) (netip.Addr, bool) { return r.ip, r.present&8 != 0 },
	"cf.bot_management.score":    func(r *benchRec) (int64, bool) { return r.score, r.present&16 != 0 },
	"ip.src.asnum":               func(r *benchRec) (int64, bool) { return r.asn, r.present&32 != 0 },
	"ssl":                        func(r *benchRec) (bool, bool) { return r.ssl, r.present&64 != 0 },
	"http.request.headers.names": func(r *benchRec) ([]string, bool) { return r.names, r.present&128 != 0 },
	"http.request.headers":       func(r *benchRec) (map[string][]string, bool) { return r.headers, r.present&256 != 0 },
}

var benchTypes = map[string]string{
	"http.host": "Bytes", "http.request.uri.path": "Bytes", "http.user_agent": "Bytes", "ip.src": "Ip",
	"cf.bot_management.score": "Int", "ip.src.asnum": "Int", "ssl": "Bool",
	"http.request.headers.names": "Array<Bytes>", "http.request.headers": "Map<Array<Bytes>>",
}

var benchSchema = schemaWith(benchTypes)

var benchRecord = &benchRec{
	present: 0x1ff,
	host:    "www.example.com",
	path:    "/api/v1/login",
	ua:      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
	ip:      netip.MustParseAddr("198.51.100.23"),
	score:   12,
	asn:     64512,
	ssl:     true,
	names:   []string{"host", "user-agent", "accept", "accept-language", "cookie", "x-requested-with"},
	headers: map[string][]string{"accept": {"application/json"}, "x-requested-with": {"XMLHttpRequest"}},
}

var benchExprs = []struct{ name, expr string }{
	{"bot-score", `cf.bot_management.score lt 30 and ssl`},
	{"host-path", `http.host eq "www.example.com" and starts_with(http.request.uri.path, "/api/")`},
	{"ip-set", `ip.src in {10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 198.51.100.0/24 2001:db8::/32} and ip.src.asnum in {13335 64512..65534}`},
	{"wildcard", `http.request.uri.path wildcard "/API/*/login" or http.host strict wildcard "*.example.org"`},
	{"regex", `http.user_agent matches "(?i)(curl|python-requests|go-http-client)/" or http.request.uri.path matches "^/wp-(admin|login)"`},
	{"any-headers", `any(http.request.headers.names[*] == "x-requested-with") and any(http.request.headers["accept"][*] contains "json")`},
	{"mixed", `(http.host in {"a.example.com" "b.example.com" "www.example.com"} and cf.bot_management.score le 29) or (ip.src in $office and not http.request.uri.path contains "/health")`},
}

func BenchmarkMatch(b *testing.B) {
	lists := Lists{"office": {"203.0.113.0/24", "198.51.100.0/25"}}
	for _, e := range benchExprs {
		p, err := Compile[*benchRec](checked(b, benchSchema, e.expr, check.Options{}), benchBinding, WithLists(lists))
		require.NoError(b, err, e.expr)
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Match(benchRecord)
			}
		})
	}
}

func TestBenchExpressionsDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates; allocation counts mean nothing under -race")
	}
	lists := Lists{"office": {"203.0.113.0/24", "198.51.100.0/25"}}
	for _, e := range benchExprs {
		p, err := Compile[*benchRec](checked(t, benchSchema, e.expr, check.Options{}), benchBinding, WithLists(lists))
		require.NoError(t, err, e.expr)
		allocs := testing.AllocsPerRun(100, func() { p.Match(benchRecord) })
		require.Zero(t, allocs, e.expr)
	}
}
