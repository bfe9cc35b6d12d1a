// Package loggen generates realistic, deterministic Cloudflare Logpush
// http_requests NDJSON for tests and benchmarks (the command
// testdata/gen-logs wraps it).
//
// The traffic model: a Zipf-distributed client population (IPv4 and some
// IPv6), where each client has a fixed ASN, country and TLS stack (JA3/JA4),
// split into humans (scores mostly 30–99, "Machine Learning" or
// "JS Fingerprinting"), unverified bots (scores 1–29, "Heuristics" gives 1)
// and verified bots (score 1, "Verified Bot"). Hosts, paths and user agents
// are Zipf-distributed too. Countries are lower-case as Logpush writes them.
// The same Config always yields the same bytes.
package loggen

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"time"
	"unicode/utf8"
)

// Timestamp formats for Config.TimeFormat, named after Logpush's
// timestamp_format option.
const (
	TimeRFC3339  = "rfc3339"
	TimeUnix     = "unix"
	TimeUnixNano = "unixnano"
)

// Config controls generation. The zero value of each field except N means
// its default.
type Config struct {
	N          int       // lines to write
	Seed       uint64    // same seed, same output
	TimeFormat string    // TimeRFC3339 (default), TimeUnix or TimeUnixNano
	Start      time.Time // start of the window; default 2024-06-01T00:00:00Z
	Window     time.Duration
	// MissingRate is the probability that a line drops one optional field
	// (BotScore included). Default 0.01; negative disables.
	MissingRate float64
	// MalformedRate is the probability that a line is replaced by a
	// malformed one (broken JSON or a wrongly typed field). Default 0.
	MalformedRate float64
	// Clients is the number of distinct clients (IPs); default N/4, at
	// least 50.
	Clients int
}

func (c *Config) defaults() {
	if c.TimeFormat == "" {
		c.TimeFormat = TimeRFC3339
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Window <= 0 {
		c.Window = time.Hour
	}
	if c.MissingRate == 0 {
		c.MissingRate = 0.01
	}
	if c.Clients <= 0 {
		c.Clients = max(50, c.N/4)
	}
}

type population uint8

const (
	human population = iota
	bot
	verifiedBot
)

type asn struct {
	num     int64
	country string
}

// Eyeball networks for humans, hosting networks for bots.
var (
	eyeballASNs = []asn{
		{7922, "us"}, {701, "us"}, {7018, "us"}, {20115, "us"}, {3320, "de"},
		{3215, "fr"}, {12322, "fr"}, {2856, "gb"}, {5089, "gb"}, {4766, "kr"},
		{17676, "jp"}, {55836, "in"}, {28573, "br"}, {812, "ca"}, {1136, "nl"},
		{4134, "cn"}, {9808, "cn"}, {6830, "at"}, {3352, "es"}, {1221, "au"},
	}
	hostingASNs = []asn{
		{16509, "us"}, {14061, "us"}, {24940, "de"}, {16276, "fr"}, {45090, "cn"},
		{132203, "sg"}, {8075, "us"}, {63949, "us"}, {14618, "us"}, {9009, "ro"},
		{132892, "hk"},
	}
	verifiedASNs = []asn{{15169, "us"}, {8075, "us"}, {13238, "ru"}}
)

var hosts = []string{
	"www.example.com", "api.example.com", "shop.example.com", "static.example.com",
	"login.example.com", "blog.example.com", "cdn.example.com", "m.example.com",
	"docs.example.com", "status.example.com",
}

var humanUAs = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.113 Mobile Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
	"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1",
}

var botUAs = []string{
	"python-requests/2.31.0",
	"curl/8.4.0",
	"Go-http-client/1.1",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36",
	"Scrapy/2.11.1 (+https://scrapy.org)",
	"okhttp/4.12.0",
	"axios/1.6.8",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
	"Java/17.0.10",
	"node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
	"", // bots often send no User-Agent
}

var verifiedUAs = []struct{ ua, category, tag string }{
	{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Search Engine Crawler", "google"},
	{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "Search Engine Crawler", "bing"},
	{"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "Search Engine Crawler", "yandex"},
}

// tlsStack is one client TLS implementation: its JA3 and JA4 fingerprints.
type tlsStack struct{ ja3, ja4 string }

// tlsStacks are derived from the seed-independent profile names so that the
// same browser always has the same fingerprint across runs and seeds.
var tlsStacks = func() []tlsStack {
	out := make([]tlsStack, 40)
	for i := range out {
		sum := md5.Sum([]byte("ja3-profile-" + strconv.Itoa(i)))
		ja3 := hex.EncodeToString(sum[:])
		a := md5.Sum([]byte("ja4-ciphers-" + strconv.Itoa(i)))
		b := md5.Sum([]byte("ja4-exts-" + strconv.Itoa(i)))
		proto, ver, alpn := "t", "13", "h2"
		switch i % 7 {
		case 3:
			ver = "12"
		case 5:
			alpn = "h1"
		case 6:
			proto, alpn = "q", "h3"
		}
		ja4 := fmt.Sprintf("%s%sd%02d%02d%s_%s_%s", proto, ver, 8+i%12, 10+i%8, alpn,
			hex.EncodeToString(a[:6]), hex.EncodeToString(b[:6]))
		out[i] = tlsStack{ja3, ja4}
	}
	return out
}()

type client struct {
	ip  string
	asn asn
	pop population
	tls tlsStack
	ua  int // index into the population's UA list
	vb  int // index into verifiedUAs
}

type gen struct {
	cfg     Config
	r       *rand.Rand
	clients []client
	clientZ *rand.Zipf
	hostZ   *rand.Zipf
	pathZ   *rand.Zipf
	uaZ     *rand.Zipf
	paths   []string
}

// Generate writes cfg.N lines of NDJSON to w.
func Generate(w io.Writer, cfg Config) error {
	cfg.defaults()
	switch cfg.TimeFormat {
	case TimeRFC3339, TimeUnix, TimeUnixNano:
	default:
		return fmt.Errorf("loggen: unknown time format %q", cfg.TimeFormat)
	}
	g := newGen(cfg)
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for i := 0; i < cfg.N; i++ {
		line = g.line(line[:0], i)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func newGen(cfg Config) *gen {
	r := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	g := &gen{cfg: cfg, r: r}
	g.clients = make([]client, cfg.Clients)
	for i := range g.clients {
		c := &g.clients[i]
		switch p := r.Float64(); {
		case p < 0.70:
			c.pop = human
			c.asn = eyeballASNs[r.IntN(len(eyeballASNs))]
			c.ua = r.IntN(len(humanUAs))
			c.tls = tlsStacks[r.IntN(12)] // browsers share few stacks
		case p < 0.97:
			c.pop = bot
			c.asn = hostingASNs[r.IntN(len(hostingASNs))]
			c.ua = r.IntN(len(botUAs))
			c.tls = tlsStacks[12+r.IntN(len(tlsStacks)-12)]
		default:
			c.pop = verifiedBot
			c.vb = r.IntN(len(verifiedUAs))
			c.asn = verifiedASNs[c.vb%len(verifiedASNs)]
			c.tls = tlsStacks[30+c.vb]
		}
		c.ip = randIP(r)
	}
	// Zipf with s slightly above 1: a few heavy hitters and a long tail,
	// as in real traffic.
	g.clientZ = rand.NewZipf(r, 1.1, 1, uint64(len(g.clients)-1))
	g.hostZ = rand.NewZipf(r, 1.3, 1, uint64(len(hosts)-1))
	g.uaZ = rand.NewZipf(r, 1.2, 1, uint64(len(humanUAs)-1))
	g.paths = makePaths(r)
	g.pathZ = rand.NewZipf(r, 1.1, 1, uint64(len(g.paths)-1))
	return g
}

func randIP(r *rand.Rand) string {
	if r.Float64() < 0.15 {
		var b [16]byte
		b[0], b[1] = 0x20, 0x01
		b[2], b[3] = 0x0d, 0xb8 // documentation prefix 2001:db8::/32
		for i := 4; i < 16; i++ {
			if i < 8 || r.Float64() < 0.5 {
				b[i] = byte(r.IntN(256))
			}
		}
		return netip.AddrFrom16(b).String()
	}
	// Avoid 0.x, 10.x, 127.x and multicast so addresses look public.
	a := []byte{byte(1 + r.IntN(222)), byte(r.IntN(256)), byte(r.IntN(256)), byte(1 + r.IntN(254))}
	if a[0] == 10 || a[0] == 127 {
		a[0]++
	}
	return netip.AddrFrom4([4]byte(a)).String()
}

func makePaths(r *rand.Rand) []string {
	p := []string{"/", "/login", "/cart", "/checkout", "/search", "/api/v1/session",
		"/favicon.ico", "/robots.txt", "/sitemap.xml", "/wp-login.php", "/.env",
		"/api/v1/products", "/account", "/signup", "/café/menü", "/static/app.9f8e7d.js"}
	for i := 0; i < 120; i++ {
		switch i % 4 {
		case 0:
			p = append(p, "/products/"+strconv.Itoa(1000+r.IntN(9000)))
		case 1:
			p = append(p, "/api/v1/items/"+strconv.Itoa(r.IntN(100000)))
		case 2:
			p = append(p, "/blog/"+strconv.Itoa(2020+i%5)+"/post-"+strconv.Itoa(i))
		default:
			p = append(p, "/static/img/"+strconv.Itoa(r.IntN(500))+".webp")
		}
	}
	return p
}

var methods = []string{"GET", "GET", "GET", "GET", "GET", "POST", "POST", "HEAD", "PUT", "OPTIONS"}

// line appends one log line (with newline) to b.
func (g *gen) line(b []byte, i int) []byte {
	r := g.r
	if g.cfg.MalformedRate > 0 && r.Float64() < g.cfg.MalformedRate {
		return g.malformed(b)
	}
	c := &g.clients[g.clientZ.Uint64()]
	host := hosts[g.hostZ.Uint64()]
	path := g.paths[g.pathZ.Uint64()]
	query := ""
	if r.Float64() < 0.2 {
		query = "q=" + strconv.Itoa(r.IntN(1000)) + "&page=" + strconv.Itoa(1+r.IntN(5))
	}
	uri := path
	if query != "" {
		uri += "?" + query
	}

	var score int64
	var src, ua, vbCat string
	var tags []string
	var ids []int64
	switch c.pop {
	case human:
		ua = humanUAs[(c.ua+int(g.uaZ.Uint64()))%len(humanUAs)]
		if r.Float64() < 0.08 {
			score = 10 + int64(r.IntN(20)) // some humans look automated
		} else {
			score = 30 + int64(r.IntN(70))
			if r.Float64() < 0.5 {
				score = 80 + int64(r.IntN(20))
			}
		}
		switch p := r.Float64(); {
		case p < 0.85:
			src = "Machine Learning"
		case p < 0.95:
			src = "JS Fingerprinting"
		default:
			src = "Behavioral Analysis"
		}
	case bot:
		ua = botUAs[c.ua]
		if r.Float64() < 0.35 {
			score, src = 1, "Heuristics"
			ids = []int64{33554817 + int64(r.IntN(40))}
		} else {
			score, src = 2+int64(r.IntN(28)), "Machine Learning"
		}
		if r.Float64() < 0.05 {
			score = 30 + int64(r.IntN(20)) // a few bots slip through
		}
	case verifiedBot:
		v := verifiedUAs[c.vb]
		ua, vbCat, src, score = v.ua, v.category, "Verified Bot", 1
		tags = []string{v.tag}
	}
	if r.Float64() < 0.005 {
		score, src = 0, "Not Computed"
	}

	ts := g.cfg.Start.Add(time.Duration(float64(g.cfg.Window) * (float64(i) + r.Float64()) / float64(g.cfg.N)))
	status := int64(200)
	switch p := r.Float64(); {
	case p < 0.05:
		status = 404
	case p < 0.07:
		status = 403
	case p < 0.09:
		status = 304
	case p < 0.10:
		status = 500
	}
	scheme, sslProto, cipher := "https", "TLSv1.3", "AEAD-AES128-GCM-SHA256"
	if c.tls.ja4[1:3] == "12" {
		sslProto, cipher = "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"
	}
	proto := "HTTP/2"
	switch c.tls.ja4[8:10] {
	case "h1":
		proto = "HTTP/1.1"
	case "h3":
		proto = "HTTP/3"
	}
	ja3, ja4 := c.tls.ja3, c.tls.ja4
	if r.Float64() < 0.02 {
		scheme, sslProto, cipher, ja3, ja4, proto = "http", "none", "NONE", "", "", "HTTP/1.1"
	}
	referer := ""
	if c.pop == human && r.Float64() < 0.6 {
		referer = "https://" + host + "/"
	}

	drop := ""
	if g.cfg.MissingRate > 0 && r.Float64() < g.cfg.MissingRate {
		drop = dropable[r.IntN(len(dropable))]
	}
	w := writer{b: append(b, '{'), drop: drop}
	w.str("RayID", fmt.Sprintf("%016x", r.Uint64()))
	w.timestamp("EdgeStartTimestamp", ts, g.cfg.TimeFormat)
	w.str("ClientIP", c.ip)
	w.num("ClientASN", c.asn.num)
	w.strPairs(
		"ClientCountry", c.asn.country,
		"ClientRequestHost", host,
		"ClientRequestMethod", methods[r.IntN(len(methods))],
		"ClientRequestPath", path,
		"ClientRequestURI", uri,
		"ClientRequestQuery", query,
		"ClientRequestProtocol", proto,
		"ClientRequestScheme", scheme,
		"ClientRequestUserAgent", ua,
		"ClientRequestReferer", referer,
		"ClientSSLProtocol", sslProto,
		"ClientSSLCipher", cipher)
	w.num("EdgeResponseStatus", status)
	w.num("EdgeResponseBytes", int64(200+r.IntN(50000)))
	w.str("CacheCacheStatus", []string{"hit", "miss", "dynamic", "expired"}[r.IntN(4)])
	w.num("BotScore", score)
	w.str("BotScoreSrc", src)
	w.ints("BotDetectionIDs", ids)
	w.strs("BotTags", tags)
	w.strPairs("VerifiedBotCategory", vbCat, "JA3Hash", ja3, "JA4", ja4)
	w.num("WAFAttackScore", int64(50+r.IntN(50)))
	w.str("ZoneName", "example.com")
	w.b = append(w.b, '}', '\n')
	return w.b
}

// dropable fields may be omitted to exercise missing-value handling.
var dropable = []string{"BotScore", "BotScoreSrc", "JA3Hash", "JA4", "ClientIP",
	"ClientASN", "ClientCountry", "ClientRequestUserAgent", "EdgeStartTimestamp",
	"ClientRequestPath", "ClientRequestHost"}

func (g *gen) malformed(b []byte) []byte {
	switch g.r.IntN(5) {
	case 0:
		return append(b, `{"ClientIP":"192.0.2.1","BotScore":5`+"\n"...) // truncated
	case 1:
		return append(b, `{"ClientIP":"192.0.2.1","BotScore":"high"}`+"\n"...) // wrong type
	case 2:
		return append(b, "this is not json\n"...)
	case 3:
		return append(b, `{"ClientIP":12345,"BotScore":5}`+"\n"...) // an address that is not text
	default:
		return append(b, `{"ClientASN":13335,"EdgeStartTimestamp":true}`+"\n"...)
	}
}

// writer appends JSON members, skipping the one named drop.
type writer struct {
	b    []byte
	drop string
}

func (w *writer) key(k string) bool {
	if k == w.drop {
		return false
	}
	if len(w.b) > 0 && w.b[len(w.b)-1] != '{' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
	return true
}

func (w *writer) str(k, v string) {
	if w.key(k) {
		w.b = appendJSONString(w.b, v)
	}
}

// strPairs writes string members given as key, value, key, value …
func (w *writer) strPairs(kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		w.str(kv[i], kv[i+1])
	}
}

func (w *writer) num(k string, v int64) {
	if w.key(k) {
		w.b = strconv.AppendInt(w.b, v, 10)
	}
}

func (w *writer) ints(k string, v []int64) {
	if w.key(k) {
		w.b = appendArray(w.b, v, func(b []byte, x int64) []byte { return strconv.AppendInt(b, x, 10) })
	}
}

func (w *writer) strs(k string, v []string) {
	if w.key(k) {
		w.b = appendArray(w.b, v, appendJSONString)
	}
}

// appendArray appends v to b as a JSON array, each element by elem.
func appendArray[T any](b []byte, v []T, elem func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, x)
	}
	return append(b, ']')
}

func (w *writer) timestamp(k string, t time.Time, format string) {
	if !w.key(k) {
		return
	}
	switch format {
	case TimeUnix:
		w.b = strconv.AppendInt(w.b, t.Unix(), 10)
	case TimeUnixNano:
		w.b = strconv.AppendInt(w.b, t.UnixNano(), 10)
	default:
		w.b = append(w.b, '"')
		w.b = t.UTC().AppendFormat(w.b, time.RFC3339)
		w.b = append(w.b, '"')
	}
}

// appendJSONString quotes s as valid JSON: quote, backslash and control
// characters are escaped, and non-ASCII is written as \uXXXX escapes
// (surrogate pairs beyond the BMP) so that readers' escape decoding is
// exercised by ordinary generated data.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < utf8.RuneSelf && r >= 0x20:
			b = append(b, byte(r))
		case r > 0xffff:
			r1, r2 := surrogates(r)
			b = appendU4(appendU4(b, r1), r2)
		default: // control characters and the rest of the BMP
			b = appendU4(b, r)
		}
	}
	return append(b, '"')
}

// appendU4 appends the escape \uXXXX of a rune of the BMP (or of one half
// of a surrogate pair).
func appendU4(b []byte, r rune) []byte {
	const hexd = "0123456789abcdef"
	return append(b, '\\', 'u', hexd[r>>12&0xf], hexd[r>>8&0xf], hexd[r>>4&0xf], hexd[r&0xf])
}

func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
