// Package cftest is an in-memory Cloudflare v4 API for tests: the Bot
// Management feedback endpoints and the zone's Bot Management config, with
// scripted failures. Package cfapi's tests and the report and config
// commands' tests share it, so both exercise the client against the same
// server behaviour.
package cftest

import (
	"crypto/x509"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Email is the account email the server accepts with the global API key
// (X-Auth-Email / X-Auth-Key); the key is the server's Token.
const Email = "me@example.com"

// Message is one item of the v4 envelope's errors array. It mirrors
// cfapi.Message; cftest does not import cfapi so that cfapi's own tests can
// use it.
type Message struct {
	Code    int     `json:"code"`
	Message string  `json:"message"`
	Source  *Source `json:"source,omitempty"`
}

// Source says which request member an error is about.
type Source struct {
	Pointer string `json:"pointer"`
}

// Step scripts one response. It returns true when it has answered; false
// falls through to the normal behaviour.
type Step func(s *Server, w http.ResponseWriter, r *http.Request, body []byte) bool

// Server is the fake API. Set the exported fields before the first request
// or under Lock.
type Server struct {
	// URL is the API base URL, ending in /client/v4.
	URL string
	// Token is the API token (Bearer) or global key the server accepts.
	Token string
	// Config is the zone Bot Management config that GET returns; PUT merges
	// its body into it and returns the result.
	Config map[string]any
	// PostScript and ListScript answer the next POST or GET of
	// /bot_management/feedback, one step per request.
	PostScript, ListScript []Step
	// Reports holds the stored reports per zone, as GET lists them.
	Reports map[string][]json.RawMessage
	// PageSize, when positive, splits the list into pages of that many
	// reports, with the v4 envelope's result_info (page, per_page, count,
	// total_count, total_pages) and a ?page= parameter, as Cloudflare's
	// paginated collections do. Zero lists everything at once, as the
	// feedback list is documented.
	PageSize int
	// ListLag hides a report from the list until this long after it was
	// stored, by Now: an eventually consistent list.
	ListLag time.Duration
	// Now is the server's clock for ListLag; time.Now when nil.
	Now func() time.Time

	t        testing.TB
	mu       sync.Mutex
	posts    int
	lists    int
	lastPut  []byte
	headers  []http.Header
	storedAt map[string][]time.Time
	srv      *httptest.Server
}

// New starts a server accepting token, closed when the test ends.
func New(t testing.TB, token string) *Server {
	s := Start(token)
	s.t = t
	t.Cleanup(s.Close)
	return s
}

// NewTLS is New over HTTPS (a self-signed certificate that Client
// trusts), for tests of what happens on the way from https to http.
func NewTLS(t testing.TB, token string) *Server {
	s := &Server{Token: token, Reports: map[string][]json.RawMessage{}, Config: DefaultConfig(), t: t}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/client/v4"
	t.Cleanup(s.Close)
	return s
}

// Start starts a server accepting token for code without a testing.TB,
// such as examples; the caller closes it.
func Start(token string) *Server {
	s := &Server{Token: token, Reports: map[string][]json.RawMessage{}, Config: DefaultConfig()}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/client/v4"
	return s
}

// Script sets the steps that answer the next POSTs and GETs of the
// feedback endpoint, under the lock: a test that sets them while a
// request may be in flight (another process's, say) must use it.
func (s *Server) Script(posts, lists []Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.PostScript, s.ListScript = posts, lists
}

// SetListLag sets ListLag and the clock it is measured by, under the lock.
func (s *Server) SetListLag(lag time.Duration, now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ListLag, s.Now = lag, now
}

// SetPageSize sets PageSize under the lock.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.PageSize = n
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// errorf reports a broken test setup to the test, if there is one.
func (s *Server) errorf(format string, args ...any) {
	if s.t != nil {
		s.t.Errorf(format, args...)
	}
}

// DefaultConfig is the Bot Management config a new server holds: some
// settable fields, the read-only using_latest_model and a
// stale_zone_configuration, as the real API returns them.
func DefaultConfig() map[string]any {
	return map[string]any{
		"ai_bots_protection": "block", "cf_robots_variant": "policy_only", "content_bots_protection": "disabled",
		"crawler_protection": "enabled", "enable_js": true, "fight_mode": true, "is_robots_txt_managed": false,
		"stale_zone_configuration": map[string]any{"sbfm_static_resource_protection": "false", "optimize_wordpress": true},
		"using_latest_model":       true,
	}
}

// Certificate is the server's TLS certificate (NewTLS), nil over http:
// a process that should trust the server gets it as SSL_CERT_FILE.
func (s *Server) Certificate() *x509.Certificate { return s.srv.Certificate() }

// Client is an HTTP client that trusts the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Lock and Unlock guard the exported fields while requests are in flight.
func (s *Server) Lock() { s.mu.Lock() }

// Unlock releases Lock.
func (s *Server) Unlock() { s.mu.Unlock() }

// Stored is the number of reports the zone holds.
func (s *Server) Stored(zone string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.Reports[zone])
}

// Posts and Lists count the feedback POST and GET requests.
func (s *Server) Posts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

// Lists counts the feedback GET requests.
func (s *Server) Lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists
}

// LastPut is the body of the last config PUT, nil if there was none.
func (s *Server) LastPut() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastPut
}

// LastPutJSON is LastPut decoded, nil if there was none.
func (s *Server) LastPutJSON() map[string]any {
	b := s.LastPut()
	if b == nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// Headers are the headers of every request so far.
func (s *Server) Headers() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.headers...)
}

// Store files a report body for zone the way the real API does: it adds
// created_at (2024-06-01T00:05:24.749712Z for the first report, a
// microsecond later for each next one) and reformats
// first_request_seen_at, so duplicate checks are exercised realistically.
func (s *Server) Store(zone string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		s.errorf("cftest: stored body is not a JSON object: %v", err)
		return
	}
	// Each stored report gets its own created_at, a microsecond apart.
	n := 0
	for _, rs := range s.Reports {
		n += len(rs)
	}
	m["created_at"] = time.Date(2024, 6, 1, 0, 5, 24, 749712000+n*1000, time.UTC).Format(time.RFC3339Nano)
	if v, ok := m["first_request_seen_at"].(string); ok {
		m["first_request_seen_at"] = strings.Replace(v, "Z", ".000Z", 1)
	}
	out, _ := json.Marshal(m)
	if s.storedAt == nil {
		s.storedAt = map[string][]time.Time{}
	}
	// Reports set by a test directly have no time: they are visible.
	for len(s.storedAt[zone]) < len(s.Reports[zone]) {
		s.storedAt[zone] = append(s.storedAt[zone], time.Time{})
	}
	s.Reports[zone] = append(s.Reports[zone], out)
	s.storedAt[zone] = append(s.storedAt[zone], s.now())
}

// now is the server's clock; the caller holds mu.
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// visible is the zone's list as GET shows it now: without the reports
// stored less than ListLag ago. The caller holds mu.
func (s *Server) visible(zone string) []json.RawMessage {
	out := []json.RawMessage{}
	now := s.now()
	for i, r := range s.Reports[zone] {
		if i < len(s.storedAt[zone]) && !s.storedAt[zone][i].IsZero() && now.Before(s.storedAt[zone][i].Add(s.ListLag)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// WriteEnvelope answers with a v4 envelope.
func WriteEnvelope(w http.ResponseWriter, status int, result any, errs ...Message) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if errs == nil {
		errs = []Message{}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"success": status/100 == 2, "errors": errs, "messages": []Message{}, "result": result,
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-request: nothing arrived
	}
	s.mu.Lock()
	s.headers = append(s.headers, r.Header.Clone())
	token := s.Token
	s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+token &&
		!(r.Header.Get("X-Auth-Email") == Email && r.Header.Get("X-Auth-Key") == token) {
		WriteEnvelope(w, http.StatusForbidden, map[string]any{}, Message{Code: 10000, Message: "Authentication error"})
		return
	}
	const prefix = "/client/v4/zones/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		http.NotFound(w, r)
		return
	}
	zone, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, prefix), "/")
	switch {
	case rest == "bot_management/feedback" && r.Method == http.MethodPost:
		s.mu.Lock()
		s.posts++
		step := pop(&s.PostScript)
		s.mu.Unlock()
		if step != nil && step(s, w, r, body) {
			return
		}
		s.Store(zone, body)
		WriteEnvelope(w, http.StatusCreated, map[string]any{})
	case rest == "bot_management/feedback" && r.Method == http.MethodGet:
		s.mu.Lock()
		s.lists++
		step := pop(&s.ListScript)
		list := s.visible(zone)
		size := s.PageSize
		s.mu.Unlock()
		if step != nil && step(s, w, r, body) {
			return
		}
		if size <= 0 {
			WriteEnvelope(w, http.StatusOK, list)
			return
		}
		writePage(w, r, list, size)
	case rest == "bot_management" && r.Method == http.MethodGet:
		s.mu.Lock()
		cfg, _ := json.Marshal(s.Config)
		s.mu.Unlock()
		WriteEnvelope(w, http.StatusOK, json.RawMessage(cfg))
	case rest == "bot_management" && r.Method == http.MethodPut:
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		s.mu.Lock()
		s.lastPut = body
		for k, v := range m {
			s.Config[k] = v
		}
		cfg, _ := json.Marshal(s.Config)
		s.mu.Unlock()
		WriteEnvelope(w, http.StatusOK, json.RawMessage(cfg))
	default:
		WriteEnvelope(w, http.StatusNotFound, map[string]any{}, Message{Code: 7003, Message: "Could not route to " + r.URL.Path})
	}
}

// writePage answers with the ?page= page of list, size reports a page,
// and result_info as Cloudflare's paginated collections carry it.
func writePage(w http.ResponseWriter, r *http.Request, list []json.RawMessage, size int) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	pages := max(1, (len(list)+size-1)/size)
	from, to := min(len(list), (page-1)*size), min(len(list), page*size)
	items := list[from:to]
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"success": true, "errors": []Message{}, "messages": []Message{}, "result": items,
		"result_info": map[string]int{"page": page, "per_page": size, "count": len(items), "total_count": len(list), "total_pages": pages},
	})
}

// Redirect answers with status (a 3xx) and a Location header.
func Redirect(status int, location string) Step {
	return Respond(status, map[string]string{"Location": location}, "")
}

// Respond answers with a raw status, headers and body.
func Respond(status int, header map[string]string, body string) Step {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
		return true
	}
}

// APIErrors answers with an envelope carrying errs.
func APIErrors(status int, errs ...Message) Step {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
		WriteEnvelope(w, status, map[string]any{}, errs...)
		return true
	}
}

// Fail answers with status and one error, code 10400+status%100 and
// message "scripted failure <status text>", so tests can find both in the
// output.
func Fail(status int) Step {
	return APIErrors(status, Message{Code: 10400 + status%100, Message: "scripted failure " + http.StatusText(status)})
}

// StoreThen files the report and then behaves as next, the way a lost
// answer looks from the client.
func StoreThen(next Step) Step {
	return func(s *Server, w http.ResponseWriter, r *http.Request, body []byte) bool {
		zone, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/client/v4/zones/"), "/")
		s.Store(zone, body)
		return next(s, w, r, body)
	}
}

// Hang waits until the client gives up. It blocks on the request context,
// which is cancelled when the client disconnects, so no test sleeps.
func Hang(_ *Server, _ http.ResponseWriter, r *http.Request, _ []byte) bool {
	<-r.Context().Done()
	return true
}

// Reset drops the connection without answering.
func Reset(s *Server, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		s.errorf("cftest: hijack: %v", err)
		return true
	}
	_ = conn.Close()
	return true
}

// Huge answers with a well-formed envelope whose result is an n-byte string.
func Huge(status int, n int) Step {
	return Respond(status, map[string]string{"Content-Type": "application/json"},
		`{"success":true,"errors":[],"messages":[],"result":"`+strings.Repeat("x", n)+`"}`)
}

// Sink is a TCP listener that records every byte sent to it, on any
// connection, and answers nothing: the target of a redirect, to prove that
// nothing (no body, no credential) reached it.
type Sink struct {
	// Addr is host:port.
	Addr  string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	data  []byte
	wg    sync.WaitGroup
}

// Listen starts a Sink on host (an IP address), closed when the test ends.
func Listen(t testing.TB, host string) *Sink {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("cftest: listen: %v", err)
	}
	k := &Sink{Addr: ln.Addr().String(), ln: ln}
	k.wg.Add(1)
	go k.accept()
	t.Cleanup(k.Close)
	return k
}

func (k *Sink) accept() {
	defer k.wg.Done()
	for {
		c, err := k.ln.Accept()
		if err != nil {
			return
		}
		k.mu.Lock()
		k.conns = append(k.conns, c)
		k.mu.Unlock()
		k.wg.Add(1)
		go func() {
			defer k.wg.Done()
			defer c.Close()
			var got []byte
			buf := make([]byte, 4096)
			for {
				n, err := c.Read(buf)
				got = append(got, buf[:n]...)
				k.mu.Lock()
				k.data = append(k.data, buf[:n]...)
				k.mu.Unlock()
				if err != nil {
					return
				}
				if wholeRequest(got) {
					// Answer, so a client that came here does not wait.
					_, _ = io.WriteString(c, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
					return
				}
			}
		}()
	}
}

// wholeRequest says whether b holds an HTTP request's head and as much
// body as its Content-Length says.
func wholeRequest(b []byte) bool {
	head, body, ok := strings.Cut(string(b), "\r\n\r\n")
	if !ok {
		return false
	}
	for _, line := range strings.Split(head, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			return err != nil || len(body) >= n
		}
	}
	return true
}

// Close stops listening, drops the connections and waits for their
// readers to end.
func (k *Sink) Close() {
	_ = k.ln.Close()
	k.mu.Lock()
	for _, c := range k.conns {
		_ = c.Close()
	}
	k.mu.Unlock()
	k.wg.Wait()
}

// Received returns the number of connections and every byte read so far.
func (k *Sink) Received() (conns int, data []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.conns), append([]byte(nil), k.data...)
}

// pop takes the next step off a script; nil when the script is done.
func pop(script *[]Step) Step {
	if len(*script) == 0 {
		return nil
	}
	step := (*script)[0]
	*script = (*script)[1:]
	return step
}

// ValidReport is the body of a feedback report that passes every check of
// package feedback: the fixture that tests of the report model, the client
// and the commands break one field at a time.
const ValidReport = `{
  "type": "false_negative",
  "subtype": "Scraping",
  "description": "Price scraper scored likely human.",
  "expression": "cf.bot_management.score ge 30 and http.host eq \"shop.example.com\"",
  "first_request_seen_at": "2024-05-01T00:00:00Z",
  "last_request_seen_at": "2024-05-01T06:00:00Z",
  "requests": 2000,
  "requests_by_score": {"30": 800, "40": 700, "50": 500},
  "requests_by_score_src": {"heuristics": 200, "machine_learning": 1800},
  "requests_by_attribute": {
    "topIPs": [{"metric": "203.0.113.10", "requests": 400}, {"metric": "2001:db8::1", "requests": 300}],
    "topCountries": [{"metric": "US", "requests": 2000}]
  }
}`
