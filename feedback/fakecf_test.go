package feedback

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	testZone  = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken = "tok-SECRET-5b2f0c1e9a7d4e3f"
)

// step scripts one response of the fake API. It returns true when it has
// answered; false falls through to the normal behaviour.
type step func(f *fakeCF, w http.ResponseWriter, r *http.Request, body []byte) bool

// fakeCF is an in-memory Cloudflare API with scripted failures.
type fakeCF struct {
	t          *testing.T
	mu         sync.Mutex
	reports    map[string][]json.RawMessage
	config     map[string]json.RawMessage
	postScript []step
	listScript []step
	posts      int
	lists      int
	lastPut    []byte
	headers    []http.Header
	srv        *httptest.Server
}

func newFakeCF(t *testing.T) *fakeCF {
	f := &fakeCF{t: t, reports: map[string][]json.RawMessage{}, config: map[string]json.RawMessage{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeCF) stored(zone string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reports[zone])
}

func (f *fakeCF) store(zone string, body []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var m map[string]any
	require.NoError(f.t, json.Unmarshal(body, &m))
	// The real API adds created_at and may reformat timestamps; do the
	// same so the duplicate check is exercised realistically.
	m["created_at"] = "2024-06-01T00:05:24.749712Z"
	if s, ok := m["first_request_seen_at"].(string); ok {
		m["first_request_seen_at"] = strings.Replace(s, "Z", ".000Z", 1)
	}
	out, _ := json.Marshal(m)
	f.reports[zone] = append(f.reports[zone], out)
}

func writeEnvelope(w http.ResponseWriter, status int, result any, errs ...Message) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if errs == nil {
		errs = []Message{}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"success": status/100 == 2, "errors": errs, "messages": []Message{}, "result": result,
	})
}

func (f *fakeCF) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+testToken &&
		!(r.Header.Get("X-Auth-Email") == "me@example.com" && r.Header.Get("X-Auth-Key") == testToken) {
		writeEnvelope(w, http.StatusForbidden, map[string]any{}, Message{Code: 10000, Message: "Authentication error"})
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
		f.mu.Lock()
		f.posts++
		var s step
		if len(f.postScript) > 0 {
			s, f.postScript = f.postScript[0], f.postScript[1:]
		}
		f.mu.Unlock()
		if s != nil && s(f, w, r, body) {
			return
		}
		f.store(zone, body)
		writeEnvelope(w, http.StatusCreated, map[string]any{})
	case rest == "bot_management/feedback" && r.Method == http.MethodGet:
		f.mu.Lock()
		f.lists++
		var s step
		if len(f.listScript) > 0 {
			s, f.listScript = f.listScript[0], f.listScript[1:]
		}
		list := append([]json.RawMessage{}, f.reports[zone]...)
		f.mu.Unlock()
		if s != nil && s(f, w, r, body) {
			return
		}
		writeEnvelope(w, http.StatusOK, list)
	case rest == "bot_management" && r.Method == http.MethodGet:
		writeEnvelope(w, http.StatusOK, json.RawMessage(`{"ai_bots_protection":"block","cf_robots_variant":"policy_only",`+
			`"content_bots_protection":"disabled","crawler_protection":"enabled","enable_js":true,"fight_mode":true,`+
			`"is_robots_txt_managed":false,"stale_zone_configuration":{"sbfm_static_resource_protection":"false","optimize_wordpress":true},"using_latest_model":true}`))
	case rest == "bot_management" && r.Method == http.MethodPut:
		f.mu.Lock()
		f.lastPut = body
		f.mu.Unlock()
		writeEnvelope(w, http.StatusOK, json.RawMessage(body))
	default:
		writeEnvelope(w, http.StatusNotFound, map[string]any{}, Message{Code: 7003, Message: "Could not route to " + r.URL.Path})
	}
}

// Scripted behaviours.

func respond(status int, header map[string]string, body string) step {
	return func(f *fakeCF, w http.ResponseWriter, r *http.Request, _ []byte) bool {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
		return true
	}
}

func apiErrors(status int, errs ...Message) step {
	return func(f *fakeCF, w http.ResponseWriter, r *http.Request, _ []byte) bool {
		writeEnvelope(w, status, map[string]any{}, errs...)
		return true
	}
}

// storeThen files the report and then misbehaves, the way a lost answer
// looks from the client.
func storeThen(s step) step {
	return func(f *fakeCF, w http.ResponseWriter, r *http.Request, body []byte) bool {
		zone, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/client/v4/zones/"), "/")
		f.store(zone, body)
		return s(f, w, r, body)
	}
}

// hang waits until the client gives up. No sleeping: it blocks on the
// request context, which is cancelled when the client disconnects.
func hang(f *fakeCF, w http.ResponseWriter, r *http.Request, _ []byte) bool {
	<-r.Context().Done()
	return true
}

// reset drops the connection without answering.
func reset(f *fakeCF, w http.ResponseWriter, r *http.Request, _ []byte) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	require.NoError(f.t, err)
	_ = conn.Close()
	return true
}

func huge(status int, n int) step {
	return respond(status, map[string]string{"Content-Type": "application/json"}, `{"success":true,"errors":[],"messages":[],"result":"`+strings.Repeat("x", n)+`"}`)
}
