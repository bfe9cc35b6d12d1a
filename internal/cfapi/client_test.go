package cfapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/feedback"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// harness wires a client and outbox to a fake API with a recording sleeper
// and a clock that only sleeping moves (from testNow), so retries and
// waits are observable and no test ever sleeps.
type harness struct {
	f      *cftest.Server
	c      *Client
	sub    *Submitter
	dir    string
	mu     sync.Mutex
	clock  time.Time
	sleeps []time.Duration
	logs   []string
}

// now is the harness clock; the fake API's list lag can use it too.
func (h *harness) now() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.clock
}

// slept is the sleeps so far.
func (h *harness) slept() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

func newHarness(t *testing.T, tweak func(*Options)) *harness {
	h := &harness{f: cftest.New(t, testToken), dir: t.TempDir(), clock: testNow}
	opts := Options{
		BaseURL:    h.f.URL + "/",
		Token:      NewSecret(testToken),
		HTTPClient: h.f.Client(),
		Timeout:    5 * time.Second,
		Getenv:     func(string) string { return "" },
		Jitter:     func() float64 { return 0 },
		Now:        h.now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.sleeps = append(h.sleeps, d)
			h.clock = h.clock.Add(d)
			return ctx.Err()
		},
		Logf: func(format string, args ...any) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.logs = append(h.logs, fmt.Sprintf(format, args...))
		},
	}
	if tweak != nil {
		tweak(&opts)
	}
	c, err := New(opts)
	require.NoError(t, err)
	o, err := NewOutbox(h.dir)
	require.NoError(t, err)
	o.now = h.now
	h.c, h.sub = c, NewSubmitter(c, o)
	return h
}

// outbox returns the entries on disk, read straight from the files, and
// fails on a temporary file left behind.
func (h *harness) outbox(t *testing.T) []OutboxEntry {
	tmp, err := filepath.Glob(filepath.Join(h.dir, ".tmp-*"))
	require.NoError(t, err)
	require.Empty(t, tmp, "leftover temp files")
	files, err := filepath.Glob(filepath.Join(h.dir, "*.json"))
	require.NoError(t, err)
	var out []OutboxEntry
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		var e OutboxEntry
		require.NoError(t, json.Unmarshal(data, &e), name)
		out = append(out, e)
	}
	return out
}

// patience is the schedule of looks at the zone's list after an outcome
// in doubt, with the default Patience and base delay: 1+2+4+8+8+7 = 30 s.
var patience = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 7 * time.Second}

// then joins sleep schedules.
func then(parts ...[]time.Duration) []time.Duration {
	var out []time.Duration
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func ms(n int) []time.Duration { return []time.Duration{time.Duration(n) * time.Millisecond} }

func TestSubmitScenarios(t *testing.T) {
	tests := []struct {
		name        string
		tweak       func(*Options)
		posts       []cftest.Step
		lists       []cftest.Step
		wantOutcome Outcome
		wantErr     []string // substrings of the error the caller sees
		wantStored  int      // reports the fake API holds afterwards
		wantPosts   int
		wantSleeps  []time.Duration
		wantOutbox  bool // a report is left in the outbox
		wantAmbig   bool
		stored      bool // the zone holds the report before the submit
	}{
		{
			name: "success", wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 1,
		},
		{
			name: "4xx envelope with errors",
			posts: []cftest.Step{cftest.APIErrors(http.StatusBadRequest,
				cftest.Message{Code: 1001, Message: "Invalid expression", Source: &cftest.Source{Pointer: "/expression"}},
				cftest.Message{Code: 1002, Message: "requests_by_score does not sum to requests"})},
			wantOutcome: OutcomeQueued, wantPosts: 1, wantOutbox: true,
			wantErr: []string{"saved to " + "", "POST /zones/" + testZone + "/bot_management/feedback: 400 Bad Request",
				"[1001] Invalid expression (at /expression); [1002] requests_by_score does not sum to requests"},
		},
		{
			name:        "429 with Retry-After seconds",
			posts:       []cftest.Step{cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "7"}, `{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}],"messages":[],"result":null}`)},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2, wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name:        "429 with Retry-After date",
			posts:       []cftest.Step{cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": testNow.Add(90 * time.Second).Format(http.TimeFormat)}, "")},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2, wantSleeps: []time.Duration{90 * time.Second},
		},
		{
			name:        "429 asking for too long a wait",
			posts:       []cftest.Step{cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "3600"}, "")},
			wantOutcome: OutcomeQueued, wantPosts: 1, wantOutbox: true,
			wantErr: []string{"429 Too Many Requests", "retry after 1h0m0s, longer than the 5m0s limit"},
		},
		{
			name:        "500 then success",
			posts:       []cftest.Step{cftest.APIErrors(http.StatusInternalServerError, cftest.Message{Code: 10001, Message: "Internal error"})},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2, wantSleeps: then(patience, ms(500)),
		},
		{
			name: "503 until attempts run out",
			posts: []cftest.Step{
				cftest.Respond(http.StatusServiceUnavailable, nil, "<html>upstream down</html>"),
				cftest.Respond(http.StatusServiceUnavailable, nil, "<html>upstream down</html>"),
				cftest.Respond(http.StatusServiceUnavailable, nil, "<html>upstream down</html>"),
				cftest.Respond(http.StatusServiceUnavailable, nil, "<html>upstream down</html>"),
			},
			// Each 5xx may have acted: the zone is listed (not there)
			// before every resend, and after the last the report waits
			// in the outbox, still to be checked before any resend.
			wantOutcome: OutcomeQueued, wantStored: 0, wantPosts: 4, wantOutbox: true, wantAmbig: true,
			wantSleeps: then(patience, ms(500), patience, ms(1000), patience, ms(2000), patience),
			wantErr:    []string{"503 Service Unavailable"},
		},
		{
			name:        "5xx after the server stored it, found and not resent",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusBadGateway))},
			wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "201 with an empty body",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, nil, ""))},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "201 with an empty body, never in the list: not sent again",
			posts:       []cftest.Step{cftest.Respond(http.StatusCreated, nil, "")},
			wantOutcome: OutcomeSent, wantStored: 0, wantPosts: 1, wantSleeps: patience,
		},
		{
			name:        "201 with {}",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, map[string]string{"Content-Type": "application/json"}, "{}\n"))},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "connection reset before storing, resent once",
			posts:       []cftest.Step{cftest.Reset},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2, wantSleeps: then(patience, ms(500)),
		},
		{
			name:  "timeout after the body was received, report exists",
			tweak: func(o *Options) { o.Timeout = 300 * time.Millisecond },
			posts: []cftest.Step{cftest.StoreThen(cftest.Hang)}, wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:  "timeout before the server stored it, resent once",
			tweak: func(o *Options) { o.Timeout = 300 * time.Millisecond },
			posts: []cftest.Step{cftest.Hang}, wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2,
			wantSleeps: then(patience, ms(500)),
		},
		{
			name:  "connection reset after writing, report exists",
			posts: []cftest.Step{cftest.StoreThen(cftest.Reset)}, wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "malformed JSON response, report exists",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, nil, `{"success":tru`))},
			wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "malformed JSON response and listing fails",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, nil, `<<not json>>`))},
			lists:       []cftest.Step{nil, cftest.Respond(http.StatusOK, nil, `{"result":`)},
			wantOutcome: OutcomeQueued, wantStored: 1, wantPosts: 1, wantOutbox: true, wantAmbig: true,
			wantErr: []string{"201 Created: malformed API response", `"<<not json>>"`, "checking whether the report was stored failed", "GET /zones/"},
		},
		{
			name:        "huge success body",
			tweak:       func(o *Options) { o.MaxBodyBytes = 1024 },
			posts:       []cftest.Step{cftest.StoreThen(cftest.Huge(http.StatusCreated, 4096))},
			wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "huge error body",
			tweak:       func(o *Options) { o.MaxBodyBytes = 1024 },
			posts:       []cftest.Step{cftest.Huge(http.StatusBadRequest, 4096)},
			wantOutcome: OutcomeQueued, wantPosts: 1, wantOutbox: true,
			wantErr: []string{"400 Bad Request: response body too large: more than 1024 bytes"},
		},
		{
			name:        "bad credentials",
			tweak:       func(o *Options) { o.Token = NewSecret("wrong-token-0000") },
			wantOutcome: OutcomeQueued, wantPosts: 0, wantOutbox: true,
			wantErr: []string{"not sent: checking the zone's reports for this one first failed", "403 Forbidden: [10000] Authentication error",
				`the API token needs the "Bot Management Feedback Report Read" permission`},
		},
		{
			name:        "201 whose body says success: false, stored",
			posts:       []cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, nil, `{"success":false,"errors":[{"code":1,"message":"odd"}],"messages":[],"result":null}`))},
			wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 1,
		},
		{
			name:        "201 whose body says success: false, not stored",
			posts:       []cftest.Step{cftest.Respond(http.StatusCreated, nil, `{"success":false,"errors":[{"code":1,"message":"odd"}],"messages":[],"result":null}`)},
			wantOutcome: OutcomeSent, wantStored: 1, wantPosts: 2, wantSleeps: then(patience, ms(500)),
		},
		{
			name:        "already stored before the first POST",
			stored:      true,
			wantOutcome: OutcomeAlreadyPresent, wantStored: 1, wantPosts: 0,
		},
		{
			name:        "307 to plain http on the same host",
			posts:       []cftest.Step{cftest.Redirect(http.StatusTemporaryRedirect, "http://127.0.0.1:1/client/v4/x")},
			wantOutcome: OutcomeQueued, wantPosts: 1, wantOutbox: true,
			wantErr: []string{"307 Temporary Redirect to http://127.0.0.1:1", "follows no redirects, so nothing was sent there"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.tweak)
			h.f.PostScript, h.f.ListScript = tt.posts, tt.lists
			r := validReport()
			if tt.stored {
				h.f.Store(testZone, mustJSON(t, r))
			}

			res, err := h.sub.Submit(context.Background(), testZone, r)

			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				for _, s := range tt.wantErr {
					assert.Contains(t, err.Error(), s)
				}
			}
			require.NotNil(t, res)
			assert.Equal(t, tt.wantOutcome, res.Outcome)
			assert.Equal(t, tt.wantStored, h.f.Stored(testZone), "reports held by the API")
			if tt.name != "bad credentials" {
				assert.Equal(t, tt.wantPosts, h.f.Posts(), "POST requests")
			}
			assert.Equal(t, tt.wantSleeps, h.slept())

			entries := h.outbox(t)
			if !tt.wantOutbox {
				assert.Empty(t, entries)
				return
			}
			require.Len(t, entries, 1)
			e := entries[0]
			var qe *QueuedError
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, h.sub.Outbox.Path(e.ID), qe.Path)
			assert.Equal(t, testZone, e.Zone)
			assert.Equal(t, qe.Err.Error(), e.Reason)
			assert.Equal(t, tt.wantAmbig, e.Ambiguous)
			assert.Equal(t, 1, e.Attempts)
			assert.True(t, SameReport(r, e.Report))
			assert.Equal(t, r.RequestsByScore, e.Report.RequestsByScore)
		})
	}
}

func TestRetryOutbox(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	sent, present, failing := validReport(), validReport(), validReport()
	present.Description = "already filed by an attempt whose answer was lost"
	failing.Description = "rejected"

	// Queue three reports: one plain failure, one ambiguous one that in
	// fact reached the API, one that will keep failing.
	_, err := h.sub.Outbox.Save(testZone, sent, errors.New("503"), false)
	require.NoError(t, err)
	h.f.Store(testZone, mustJSON(t, present))
	_, err = h.sub.Outbox.Save(testZone, present, errors.New("timeout"), true)
	require.NoError(t, err)
	_, err = h.sub.Outbox.Save(testZone, failing, errors.New("first failure"), false)
	require.NoError(t, err)

	h.f.PostScript = []cftest.Step{
		nil, // the first POST (report "sent") goes through
		cftest.APIErrors(http.StatusBadRequest, cftest.Message{Code: 1001, Message: "Invalid expression"}),
	}
	// The outbox is ordered by SavedAt then ID; make the order explicit.
	entries, err := h.sub.Outbox.List()
	require.NoError(t, err)
	require.Len(t, entries, 3)

	sum, err := h.sub.RetryOutbox(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "[1001] Invalid expression")
	assert.Equal(t, RetrySummary{Sent: 1, AlreadyPresent: 1, Remaining: 1}, sum)
	assert.Equal(t, 2, h.f.Stored(testZone), "the ambiguous report was not sent twice")

	left := h.outbox(t)
	require.Len(t, left, 1)
	assert.Equal(t, "rejected", left[0].Report.Description)
	assert.Equal(t, 2, left[0].Attempts)
	assert.Contains(t, left[0].Reason, "400 Bad Request")

	// Once the API accepts it, the outbox empties.
	sum, err = h.sub.RetryOutbox(ctx)
	require.NoError(t, err)
	assert.Equal(t, RetrySummary{Sent: 1}, sum)
	assert.Empty(t, h.outbox(t))
	assert.Equal(t, 3, h.f.Stored(testZone))
}

// TestPostScriptOrderIndependent keeps TestRetryOutbox honest: whichever
// order the outbox yields, nil steps fall through to normal behaviour.
func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestSubmitAfterAmbiguousQueueChecksFirst(t *testing.T) {
	h := newHarness(t, nil)
	r := validReport()
	// An earlier run lost the answer; the report is queued as ambiguous
	// but did reach the API.
	h.f.Store(testZone, mustJSON(t, r))
	_, err := h.sub.Outbox.Save(testZone, r, errors.New("timeout"), true)
	require.NoError(t, err)

	res, err := h.sub.Submit(context.Background(), testZone, r)
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome)
	assert.Equal(t, 0, h.f.Posts())
	assert.Equal(t, 1, h.f.Stored(testZone))
	assert.Empty(t, h.outbox(t))
}

func TestSubmitTwiceFailingKeepsOneEntry(t *testing.T) {
	h := newHarness(t, nil)
	h.f.PostScript = []cftest.Step{
		cftest.APIErrors(http.StatusBadRequest, cftest.Message{Code: 1, Message: "first"}),
		cftest.APIErrors(http.StatusBadRequest, cftest.Message{Code: 2, Message: "second"}),
	}
	r := validReport()
	_, err := h.sub.Submit(context.Background(), testZone, r)
	require.Error(t, err)
	_, err = h.sub.Submit(context.Background(), testZone, r)
	require.Error(t, err)
	entries := h.outbox(t)
	require.Len(t, entries, 1)
	assert.Equal(t, 2, entries[0].Attempts)
	assert.Contains(t, entries[0].Reason, "[2] second")
}

func TestCancelledContextQueues(t *testing.T) {
	h := newHarness(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := h.sub.Submit(ctx, testZone, validReport())
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, OutcomeQueued, res.Outcome)
	assert.Len(t, h.outbox(t), 1)
}

func TestListFeedback(t *testing.T) {
	h := newHarness(t, nil)
	h.f.Store(testZone, mustJSON(t, validReport()))
	list, err := h.c.ListFeedback(context.Background(), testZone)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "2024-06-01T00:05:24.749712Z", list[0].CreatedAt)
	assert.True(t, SameReport(validReport(), &list[0]), "timestamps compared as instants")

	// The docs show a bare array; accept it too.
	h.f.ListScript = []cftest.Step{cftest.Respond(http.StatusOK, nil, `[{"type":"false_positive","requests":1}]`)}
	list, err = h.c.ListFeedback(context.Background(), testZone)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, feedback.FalsePositive, list[0].Type)

	// 200 with success false is still a failure.
	h.f.ListScript = []cftest.Step{cftest.Respond(http.StatusOK, nil, `{"success":false,"errors":[{"code":9,"message":"nope"}],"messages":[],"result":null}`)}
	_, err = h.c.ListFeedback(context.Background(), testZone)
	require.ErrorContains(t, err, "[9] nope")

	// GET is idempotent, so a reset connection is simply retried.
	h.f.ListScript = []cftest.Step{cftest.Reset}
	_, err = h.c.ListFeedback(context.Background(), testZone)
	require.NoError(t, err)

	_, err = h.c.ListFeedback(context.Background(), " ")
	require.ErrorContains(t, err, "zone ID is empty")
}

func TestConfig(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	cfg, err := h.c.GetConfig(ctx, testZone)
	require.NoError(t, err)
	assert.Equal(t, AIBotsBlock, *cfg.AIBotsProtection)
	assert.True(t, *cfg.FightMode)
	assert.Equal(t, "false", *cfg.StaleZoneConfiguration.SBFMStaticResourceProtection)
	assert.True(t, *cfg.UsingLatestModel)

	// Editing a fetched config sends back only settable fields.
	cfg.EnableJS = Ptr(false)
	_, err = h.c.UpdateConfig(ctx, testZone, cfg)
	require.NoError(t, err)
	assert.NotContains(t, string(h.f.LastPut()), "stale_zone_configuration")
	assert.NotContains(t, string(h.f.LastPut()), "using_latest_model")
	assert.Contains(t, string(h.f.LastPut()), `"enable_js":false`)

	_, err = h.c.UpdateConfig(ctx, testZone, &Config{SBFMVerifiedBots: Ptr(SBFMManagedChallenge)})
	require.ErrorContains(t, err, `sbfm_verified_bots "managed_challenge" (want allow, block)`)
}

func TestCleanupPresets(t *testing.T) {
	want := map[Plan]string{
		PlanBotFightMode: `{"sbfm_likely_automated":"allow","sbfm_definitely_automated":"allow","sbfm_verified_bots":"allow","sbfm_static_resource_protection":false,"optimize_wordpress":false,"suppress_session_score":false}`,
		PlanSBFMPro:      `{"sbfm_likely_automated":"allow","fight_mode":false}`,
		PlanSBFMBusiness: `{"fight_mode":false}`,
		PlanBMEnterprise: `{"sbfm_likely_automated":"allow","sbfm_definitely_automated":"allow","sbfm_verified_bots":"allow","sbfm_static_resource_protection":false,"optimize_wordpress":false,"fight_mode":false}`,
	}
	require.Len(t, Plans, len(want))
	for _, p := range Plans {
		cfg, err := CleanupPreset(p)
		require.NoError(t, err)
		require.NoError(t, cfg.Validate())
		assert.JSONEq(t, want[p], string(mustJSON(t, cfg)), p)
	}
	_, err := CleanupPreset("gold")
	require.ErrorContains(t, err, `unknown plan "gold"`)
}

func TestNewOptions(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name    string
		opts    Options
		wantErr string
		check   func(t *testing.T, c *Client)
	}{
		{"token from env", Options{Getenv: env(map[string]string{EnvAPIToken: testToken})}, "", func(t *testing.T, c *Client) {
			assert.Equal(t, testToken, c.token.value())
			assert.Equal(t, DefaultBaseURL, c.base.String())
		}},
		{"global key from env", Options{Getenv: env(map[string]string{EnvEmail: "me@example.com", EnvAPIKey: testToken})}, "", func(t *testing.T, c *Client) {
			assert.Equal(t, "me@example.com", c.email)
			assert.Equal(t, testToken, c.key.value())
		}},
		{"option beats env", Options{Token: NewSecret("opt-token-123456"), Getenv: env(map[string]string{EnvAPIToken: testToken})}, "", func(t *testing.T, c *Client) {
			assert.Equal(t, "opt-token-123456", c.token.value())
		}},
		{"base URL from env", Options{Getenv: env(map[string]string{EnvAPIToken: "x", EnvBaseURL: "https://proxy.example/v4/"})}, "", func(t *testing.T, c *Client) {
			assert.Equal(t, "https://proxy.example/v4", c.base.String())
		}},
		{"no credentials", Options{Getenv: env(nil)}, ErrNoCredentials.Error(), nil},
		{"key without email", Options{Getenv: env(map[string]string{EnvAPIKey: "k"})}, "needs the account email", nil},
		{"email without key", Options{Getenv: env(map[string]string{EnvEmail: "me@example.com"})}, "needs the global API key", nil},
		{"plain http refused", Options{Token: NewSecret("t"), BaseURL: "http://api.example.com/client/v4"}, "refusing plain http", nil},
		{"http on loopback allowed", Options{Token: NewSecret("t"), BaseURL: "http://[::1]:8080/v4"}, "", nil},
		{"http on localhost allowed", Options{Token: NewSecret("t"), BaseURL: "http://localhost:8080"}, "", nil},
		{"userinfo refused", Options{Token: NewSecret("t"), BaseURL: "https://u:p@api.example.com"}, "must not contain credentials", nil},
		{"other scheme refused", Options{Token: NewSecret("t"), BaseURL: "ftp://api.example.com"}, "unsupported base URL scheme", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opts)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestGlobalKeyHeaders(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Token = Secret{}
		o.Email, o.APIKey = "me@example.com", NewSecret(testToken)
	})
	_, err := h.c.ListFeedback(context.Background(), testZone)
	require.NoError(t, err)
	got := h.f.Headers()[0]
	assert.Empty(t, got.Get("Authorization"))
	assert.Equal(t, "me@example.com", got.Get("X-Auth-Email"))
	assert.Equal(t, testToken, got.Get("X-Auth-Key"))
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	c, err := New(Options{Token: NewSecret("t"), Jitter: func() float64 { return 0.5 }, RetryBaseDelay: time.Second, RetryMaxDelay: 8 * time.Second})
	require.NoError(t, err)
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, c.backoff(n))
	}
	// half fixed + half × jitter: 0.75 × 1s, 2s, 4s, 8s, 8s, 8s
	assert.Equal(t, []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 6 * time.Second, 6 * time.Second}, got)
}

func TestRetryAfterParsing(t *testing.T) {
	c, err := New(Options{Token: NewSecret("t"), Now: fixedClock})
	require.NoError(t, err)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false}, {"5", 5 * time.Second, true}, {" 0 ", 0, true}, {"-1", 0, false}, {"soon", 0, false},
		{testNow.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{testNow.Add(2 * time.Minute).Format(http.TimeFormat), 2 * time.Minute, true},
		{"99999999999999", 24 * time.Hour, true},
	}
	for _, tt := range tests {
		d, ok := c.retryAfter(http.Header{"Retry-After": {tt.in}})
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, d, tt.in)
	}
}

func TestDefaultBodyLimit(t *testing.T) {
	h := newHarness(t, nil)
	h.f.ListScript = []cftest.Step{cftest.Huge(http.StatusOK, DefaultMaxBodyBytes+1)}
	_, err := h.c.ListFeedback(context.Background(), testZone)
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Contains(t, err.Error(), "more than 10 MiB")
}

// TestCredentialsNeverLeak runs every kind of failure and greps everything
// the caller can see (errors, logs, dumps, outbox files) for the token.
func TestCredentialsNeverLeak(t *testing.T) {
	var seen bytes.Buffer
	record := func(vs ...any) {
		for _, v := range vs {
			fmt.Fprintf(&seen, "%v|%+v|%#v|%s|%q|%x|%X\n", v, v, v, v, v, v, v)
		}
	}
	echo := func(_ *cftest.Server, w http.ResponseWriter, r *http.Request, _ []byte) bool {
		// A misbehaving server that echoes the credential back.
		cftest.WriteEnvelope(w, http.StatusBadRequest, map[string]any{},
			cftest.Message{Code: 1, Message: "bad header " + r.Header.Get("Authorization") + r.Header.Get("X-Auth-Key")})
		return true
	}
	for _, global := range []bool{false, true} {
		h := newHarness(t, func(o *Options) {
			if global {
				o.Token = Secret{}
				o.Email, o.APIKey = "me@example.com", NewSecret(testToken)
			}
			o.Timeout = 300 * time.Millisecond
		})
		h.f.PostScript = []cftest.Step{
			echo,
			cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}, "token "+testToken),
			cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}, "token "+testToken),
			cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}, "token "+testToken),
			cftest.Respond(http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}, "token "+testToken),
			cftest.StoreThen(cftest.Respond(http.StatusCreated, nil, "garbage "+testToken)),
		}
		h.f.ListScript = []cftest.Step{nil, cftest.Respond(http.StatusOK, nil, "{ "+testToken)}
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			res, err := h.sub.Submit(ctx, testZone, validReport())
			record(res, err)
			if err != nil {
				record(err.Error())
			}
		}
		dumpOutbox := func() int {
			files, _ := filepath.Glob(filepath.Join(h.dir, "*.json"))
			receipts, _ := filepath.Glob(filepath.Join(h.dir, receiptDir, "*"))
			locks, _ := filepath.Glob(filepath.Join(h.dir, "*"+lockExt))
			files = append(append(files, receipts...), locks...)
			for _, f := range files {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				seen.Write(data)
			}
			return len(files)
		}
		require.NotZero(t, dumpOutbox(), "the scenario should leave something in the outbox")
		sum, err := h.sub.RetryOutbox(ctx)
		record(sum, err)
		assert.Equal(t, RetrySummary{AlreadyPresent: 1}, sum)
		dumpOutbox()
		record(h.c, *h.c, h.sub, h.c.token, h.c.key)
		opts := Options{Token: NewSecret(testToken), APIKey: NewSecret(testToken)}
		record(opts, &opts)
		js, err := json.Marshal(struct{ Token, Key Secret }{opts.Token, opts.APIKey})
		require.NoError(t, err)
		seen.Write(js)
		seen.WriteString(strings.Join(h.logs, "\n"))
		require.NotEmpty(t, h.logs)
	}
	assert.Contains(t, seen.String(), redacted, "the scrubber was exercised")
	assert.NotContains(t, seen.String(), testToken)
	assert.NotContains(t, seen.String(), fmt.Sprintf("%x", testToken))
}

func TestSecretFormatting(t *testing.T) {
	s := NewSecret(testToken)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s"} {
		assert.NotContains(t, fmt.Sprintf(verb, s), testToken, verb)
		assert.NotContains(t, fmt.Sprintf(verb, struct{ s Secret }{s}), testToken, verb)
	}
	assert.Equal(t, `cfapi.Secret("[REDACTED]")`, fmt.Sprintf("%#v", s))
	assert.Equal(t, "", Secret{}.String())
	assert.True(t, Secret{}.IsZero())
	assert.True(t, NewSecret("").IsZero())
}

func TestConfigSetAndDecode(t *testing.T) {
	cfg := &Config{}
	require.NoError(t, cfg.Set("fight_mode", "true"))
	require.NoError(t, cfg.Set("sbfm_likely_automated", "managed_challenge"))
	assert.True(t, *cfg.FightMode)
	assert.Equal(t, SBFMManagedChallenge, *cfg.SBFMLikelyAutomated)
	assert.ErrorContains(t, cfg.Set("enable_js", "maybe"), "true or false")
	assert.ErrorContains(t, cfg.Set("using_latest_model", "true"), "read-only")
	assert.ErrorContains(t, cfg.Set("fightmode", "true"), `unknown setting "fightmode"; settings: ai_bots_protection`)

	got, err := DecodeConfig([]byte(`{"enable_js": false}`))
	require.NoError(t, err)
	assert.False(t, *got.EnableJS)
	_, err = DecodeConfig([]byte(`{"enable_jss": false}`))
	assert.ErrorContains(t, err, "enable_jss")
}

func TestConfigSetPairs(t *testing.T) {
	cfg := &Config{}
	require.NoError(t, cfg.SetPairs([]string{" fight_mode =true", "sbfm_likely_automated=block"}))
	assert.True(t, *cfg.FightMode)
	assert.Equal(t, SBFMBlock, *cfg.SBFMLikelyAutomated)
	assert.EqualError(t, cfg.SetPairs([]string{"fight_mode"}), "fight_mode: want key=value")
	assert.EqualError(t, cfg.SetPairs([]string{"=true"}), "=true: want key=value")
	assert.EqualError(t, cfg.SetPairs([]string{"enable_js=maybe"}), `enable_js=maybe: enable_js takes true or false, not "maybe"`)
}

func TestChange(t *testing.T) {
	body := filepath.Join(t.TempDir(), "body.json")
	require.NoError(t, os.WriteFile(body, []byte(`{"enable_js": false}`), 0o600))
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"enable_jss": false}`), 0o600))

	cfg, err := Change(body, "", []string{"fight_mode=true"})
	require.NoError(t, err)
	assert.False(t, *cfg.EnableJS)
	assert.True(t, *cfg.FightMode)
	cfg, err = Change("", PlanSBFMBusiness, nil)
	require.NoError(t, err)
	assert.False(t, *cfg.FightMode)

	for _, tc := range []struct {
		name, file string
		preset     Plan
		pairs      []string
		arg, msg   string
	}{
		{name: "file does not decode", file: bad, msg: bad + `: json: unknown field "enable_jss"`},
		{name: "unknown plan", preset: "free", arg: "preset", msg: `unknown plan "free"`},
		{name: "malformed pair", pairs: []string{"fight_mode"}, arg: "pairs", msg: "fight_mode: want key=value"},
		{name: "invalid value", pairs: []string{"sbfm_verified_bots=managed_challenge"}, msg: "sbfm_verified_bots"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Change(tc.file, tc.preset, tc.pairs)
			var ce *ChangeError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.arg, ce.Arg)
			assert.ErrorContains(t, err, tc.msg)
		})
	}
	_, err = Change(filepath.Join(t.TempDir(), "missing.json"), "", nil)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestCheckChange(t *testing.T) {
	pro := &Config{SBFMDefinitelyAutomated: Ptr(SBFMBlock)}
	assert.Equal(t, CheckPlan(PlanSBFMPro, &Config{FightMode: Ptr(true)}), CheckChange(pro, &Config{FightMode: Ptr(true)}))
	assert.NotEmpty(t, CheckChange(pro, &Config{FightMode: Ptr(true)}))
	assert.Empty(t, CheckChange(pro, &Config{FightMode: Ptr(false)}))
	assert.Empty(t, CheckChange(&Config{EnableJS: Ptr(true)}, &Config{FightMode: Ptr(true)}), "shape tells no plan")
}

func TestOutboxDir(t *testing.T) {
	t.Setenv(EnvOutbox, "/from/env")
	t.Setenv("XDG_STATE_HOME", "/state")
	dir, err := OutboxDir("/from/flag")
	require.NoError(t, err)
	assert.Equal(t, "/from/flag", dir)
	dir, _ = OutboxDir("")
	assert.Equal(t, "/from/env", dir)
	t.Setenv(EnvOutbox, "")
	dir, _ = OutboxDir("")
	assert.Equal(t, filepath.Join("/state", "wflint", "outbox"), dir)
}

func TestRetryOutboxForOneZone(t *testing.T) {
	h := newHarness(t, nil)
	other := "ffffffffffffffffffffffffffffffff"
	_, err := h.sub.Outbox.Save(testZone, validReport(), errors.New("503"), false)
	require.NoError(t, err)
	r := validReport()
	r.Description = "another"
	_, err = h.sub.Outbox.Save(other, r, errors.New("503"), false)
	require.NoError(t, err)
	sum, err := h.sub.RetryOutbox(context.Background(), testZone)
	require.NoError(t, err)
	assert.Equal(t, RetrySummary{Sent: 1}, sum)
	assert.Equal(t, 1, h.f.Stored(testZone))
	assert.Equal(t, 0, h.f.Stored(other))
	left := h.outbox(t)
	require.Len(t, left, 1)
	assert.Equal(t, other, left[0].Zone)
}

func TestOutgoing(t *testing.T) {
	r := validReport()
	r.CreatedAt = "2026-01-01T00:00:00Z"
	assert.Same(t, r, Outgoing(r, true))
	assert.Equal(t, r.Submission(), Outgoing(r, false))
	assert.Empty(t, Outgoing(r, false).CreatedAt)
}
