package cfapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cftest"
)

// gate holds a request until release is closed, after closing arrived,
// then lets the fake API answer normally.
func gate(arrived chan<- struct{}, release <-chan struct{}) cftest.Step {
	return func(*cftest.Server, http.ResponseWriter, *http.Request, []byte) bool {
		close(arrived)
		<-release
		return false
	}
}

// second is another process's submitter on the harness's API and outbox
// directory: its own client, its own open lock files. waiting is closed
// when it starts waiting for the zone's lock.
func (h *harness) second(t *testing.T) (sub *Submitter, waiting <-chan struct{}) {
	c, err := New(Options{BaseURL: h.f.URL, Token: NewSecret(testToken), HTTPClient: h.f.Client(), Getenv: func(string) string { return "" },
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	require.NoError(t, err)
	o, err := NewOutbox(h.dir)
	require.NoError(t, err)
	sub = NewSubmitter(c, o)
	w := make(chan struct{})
	sub.Notify = func(format string, args ...any) {
		if strings.HasPrefix(format, "waiting") {
			close(w)
		}
	}
	return sub, w
}

// TestConcurrentProcessesStoreOnce runs two senders at once on one outbox:
// the first is held in its POST until the second waits for the zone's
// lock, then let go. Each case ends with one stored report and an empty
// outbox.
func TestConcurrentProcessesStoreOnce(t *testing.T) {
	tests := []struct {
		name string
		// queued: the report is in the outbox (a failed run) at the start.
		queued        bool
		first, second func(ctx context.Context, s *Submitter) (Outcome, error)
		wantSecond    Outcome
	}{
		{name: "two submits", first: submitOutcome, second: submitOutcome, wantSecond: OutcomeAlreadyPresent},
		{name: "a submit and --retry-outbox", first: submitOutcome, second: retryOutcome, wantSecond: ""},
		{name: "two --retry-outbox", queued: true, first: retryOutcome, second: retryOutcome, wantSecond: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			if tt.queued {
				_, err := h.sub.Outbox.Save(testZone, validReport(), errors.New("no route to host"), false)
				require.NoError(t, err)
			}
			arrived, release := make(chan struct{}), make(chan struct{})
			h.f.Script([]cftest.Step{gate(arrived, release)}, nil)
			done := make(chan error, 1)
			go func() {
				out, err := tt.first(context.Background(), h.sub)
				if err == nil && out != OutcomeSent {
					err = fmt.Errorf("first: %s", out)
				}
				done <- err
			}()
			<-arrived
			other, waiting := h.second(t)
			got := make(chan error, 1)
			var second Outcome
			go func() {
				var err error
				second, err = tt.second(context.Background(), other)
				got <- err
			}()
			<-waiting
			close(release)
			require.NoError(t, <-done)
			require.NoError(t, <-got)
			assert.Equal(t, tt.wantSecond, second)
			assert.Equal(t, 1, h.f.Stored(testZone), "stored reports")
			assert.Equal(t, 1, h.f.Posts(), "POSTs")
			assert.Empty(t, h.outbox(t))
		})
	}
}

func submitOutcome(ctx context.Context, s *Submitter) (Outcome, error) {
	res, err := s.Submit(ctx, testZone, validReport())
	if err != nil {
		return "", err
	}
	return res.Outcome, nil
}

// retryOutcome is --retry-outbox: "sent" when it sent one, "" when it
// found nothing left to do.
func retryOutcome(ctx context.Context, s *Submitter) (Outcome, error) {
	sum, err := s.RetryOutbox(ctx)
	switch {
	case err != nil:
		return "", err
	case sum.Sent == 1 && sum.AlreadyPresent == 0 && sum.Remaining == 0:
		return OutcomeSent, nil
	case sum.Sent == 0 && sum.AlreadyPresent == 0 && sum.Remaining == 0:
		return "", nil
	}
	return "", fmt.Errorf("unexpected %+v", sum)
}

func TestLockHeldTooLong(t *testing.T) {
	h := newHarness(t, nil)
	other, err := NewOutbox(h.dir)
	require.NoError(t, err)
	held, _, err := other.lockZone(context.Background(), testZone, Holder{Command: "report submit", Report: "0123456789abcdef0123"}, time.Second, nil)
	require.NoError(t, err)
	defer held.unlock()

	var told []string
	h.sub.Notify = func(format string, args ...any) { told = append(told, fmt.Sprintf(format, args...)) }
	h.sub.LockWait = 20 * time.Millisecond
	_, err = h.sub.Submit(context.Background(), testZone, validReport())
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.Contains(t, err.Error(), "not sent: wflint report submit (pid ")
	assert.Contains(t, err.Error(), "after a wait of 20ms (lock "+filepath.Join(h.dir, testZone+".lock"))
	require.Len(t, told, 1)
	assert.Contains(t, told[0], "waiting up to 20ms for wflint report submit (pid")
	assert.Zero(t, h.f.Lists()+h.f.Posts(), "nothing asked of the API")
	assert.Empty(t, h.outbox(t), "nothing written")

	// --retry-outbox skips the zone and says who holds it.
	_, err = h.sub.Outbox.Save(testZone, validReport(), errors.New("x"), false)
	require.NoError(t, err)
	sum, err := h.sub.RetryOutbox(context.Background())
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 1, sum.Remaining)
}

func TestRerunAfterSuccess(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	res, err := h.sub.Submit(ctx, testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeSent, res.Outcome)
	id, err := entryID(testZone, validReport())
	require.NoError(t, err)
	rc := h.sub.Outbox.readReceipt(id)
	require.NotNil(t, rc, "a receipt is kept")
	assert.Equal(t, OutcomeSent, rc.Outcome)

	// The same run again, here and from another machine (another outbox).
	res, err = h.sub.Submit(ctx, testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome)
	require.NotNil(t, res.Stored)
	assert.Equal(t, "2024-06-01T00:05:24.749712Z", res.Stored.CreatedAt, "says when the stored one was created")
	elsewhere := *h.sub
	o, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	elsewhere.Outbox = o
	res, err = elsewhere.Submit(ctx, testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome)
	assert.Equal(t, 1, h.f.Stored(testZone))
	assert.Equal(t, 1, h.f.Posts())

	// Another copy on purpose: exactly one more, even through a 5xx
	// after storing.
	h.f.Script([]cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusBadGateway))}, nil)
	h.sub.AllowDuplicate = true
	res, err = h.sub.Submit(ctx, testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome, "the copy that the 502 hid was found")
	assert.Equal(t, 2, h.f.Stored(testZone))
	assert.Empty(t, h.outbox(t))
}

// TestListLag: the list shows a report 3 s after it is stored. After a
// store-then-500 the submitter looks again with backoff (by the
// harness clock: no test waits) and finds it. A list slower than
// Patience loses the run's bet, but the next run recognises the report.
func TestListLag(t *testing.T) {
	h := newHarness(t, nil)
	h.f.SetListLag(3*time.Second, h.now)
	h.f.Script([]cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}, nil)
	res, err := h.sub.Submit(context.Background(), testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome)
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second}, h.slept(), "looked at 0, 1 and 3 s")
	assert.Equal(t, 1, h.f.Stored(testZone))
	assert.Equal(t, 1, h.f.Posts())

	h = newHarness(t, func(o *Options) { o.MaxAttempts = 1 })
	h.f.SetListLag(40*time.Second, h.now)
	h.f.Script([]cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}, nil)
	_, err = h.sub.Submit(context.Background(), testZone, validReport())
	var qe *QueuedError
	require.ErrorAs(t, err, &qe, "not seen within 30 s: kept, in doubt")
	require.NoError(t, h.sub.Client.sleep(context.Background(), 15*time.Second)) // the clock moves on
	sum, err := h.sub.RetryOutbox(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, sum.AlreadyPresent)
	assert.Equal(t, 1, h.f.Stored(testZone))
}

func TestPagedList(t *testing.T) {
	h := newHarness(t, nil)
	for i := range 3 {
		r := validReport()
		r.Description = fmt.Sprintf("another %d", i)
		h.f.Store(testZone, mustJSON(t, r))
	}
	h.f.Store(testZone, mustJSON(t, validReport()))
	h.f.SetPageSize(2)
	list, err := h.c.ListFeedback(context.Background(), testZone)
	require.NoError(t, err)
	assert.Len(t, list, 4, "both pages")

	res, err := h.sub.Submit(context.Background(), testZone, validReport())
	require.NoError(t, err)
	assert.Equal(t, OutcomeAlreadyPresent, res.Outcome, "found on page 2")
	assert.Zero(t, h.f.Posts())

	// A page that fails fails the list: the report might be on it.
	h.f.Script(nil, []cftest.Step{nil, cftest.Fail(http.StatusBadRequest)})
	_, err = h.c.ListFeedback(context.Background(), testZone)
	require.ErrorContains(t, err, "page=2")
}

// TestNoRedirects: the API answers 307 to plain http on its own host, or
// to another host. The client follows neither: nothing reaches the target
// (no body, no token), nothing is stored, and the error names the target.
// A client that follows redirects (Go's default) sends the token there,
// so the test can tell.
func TestNoRedirects(t *testing.T) {
	for _, tt := range []struct{ name, host string }{{"same host, plain http", "127.0.0.1"}, {"another host", "localhost"}} {
		t.Run(tt.name, func(t *testing.T) {
			f := cftest.NewTLS(t, testToken)
			sink := cftest.Listen(t, "127.0.0.1")
			_, port, _ := strings.Cut(sink.Addr, ":")
			target := "http://" + tt.host + ":" + port
			f.Script([]cftest.Step{cftest.Redirect(http.StatusTemporaryRedirect, target+"/client/v4/zones/"+testZone+"/bot_management/feedback")}, nil)
			c, err := New(Options{BaseURL: f.URL, Token: NewSecret(testToken), HTTPClient: f.Client(), Getenv: func(string) string { return "" }})
			require.NoError(t, err)
			o, err := NewOutbox(t.TempDir())
			require.NoError(t, err)
			_, err = NewSubmitter(c, o).Submit(context.Background(), testZone, validReport())
			var re *RedirectError
			require.ErrorAs(t, err, &re)
			assert.Contains(t, err.Error(), "307 Temporary Redirect to "+target+": wflint follows no redirects, so nothing was sent there")
			assert.NotContains(t, err.Error(), testToken)
			assert.Equal(t, 0, f.Stored(testZone))
			conns, data := sink.Received()
			assert.Zero(t, conns, "nothing connected to the target")
			assert.Empty(t, data)

			// The same redirect with Go's default policy reaches the
			// target with the report (and, same host, the token).
			f.Script([]cftest.Step{cftest.Redirect(http.StatusTemporaryRedirect, target+"/x")}, nil)
			follow := f.Client()
			follow.Timeout = 10 * time.Second
			req, _ := http.NewRequest(http.MethodPost, f.URL+"/zones/"+testZone+"/bot_management/feedback", strings.NewReader(`{"description":"secret traffic"}`))
			req.Header.Set("Authorization", "Bearer "+testToken)
			if resp, err := follow.Do(req); err == nil {
				_ = resp.Body.Close()
			}
			sink.Close()
			_, data = sink.Received()
			assert.Contains(t, string(data), "secret traffic", "a following client sends the body on")
			if tt.host == "127.0.0.1" {
				assert.Contains(t, string(data), testToken, "and to the same host, the token")
			}
		})
	}
}

func TestDiskFullIsNotSent(t *testing.T) {
	for _, failAt := range []int{1, 2} { // the report kept, the intent record
		t.Run(fmt.Sprint("write ", failAt), func(t *testing.T) {
			h := newHarness(t, nil)
			n := 0
			h.sub.Outbox.fault = func(op string) error {
				if op == "write" {
					n++
					if n == failAt {
						return syscall.ENOSPC
					}
				}
				return nil
			}
			_, err := h.sub.Submit(context.Background(), testZone, validReport())
			var ns *NotSentError
			require.ErrorAs(t, err, &ns)
			assert.True(t, strings.HasPrefix(err.Error(), "not sent: the outbox at "+h.dir), err.Error())
			assert.Contains(t, err.Error(), "no space left on device")
			assert.Zero(t, h.f.Posts())
			h.outbox(t) // no temporary file left
		})
	}
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err := NewOutbox(filepath.Join(file, "outbox"))
	var ns *NotSentError
	require.ErrorAs(t, err, &ns)
	assert.Contains(t, err.Error(), "not sent: the outbox at "+filepath.Join(file, "outbox"))
}

// TestTempFilesRecovered: temporary files a killed process left are
// recovered (complete, with no entry) or removed (partial), under the
// zone's lock; one of another zone is left to that zone's lock holder.
func TestTempFilesRecovered(t *testing.T) {
	h := newHarness(t, nil)
	r := validReport()
	id, err := entryID(testZone, r)
	require.NoError(t, err)
	data := mustJSON(t, OutboxEntry{ID: id, Zone: testZone, Report: r, SavedAt: testNow})
	other := strings.Repeat("f", 32)
	files := map[string][]byte{
		".tmp-" + testZone + "-" + id + "-1":        data,               // complete: recovered
		".tmp-" + testZone + "-" + id + "-2":        data[:len(data)/2], // partial: removed
		".tmp-" + other + "-0123456789abcdef0123-3": []byte("{"),        // another zone's
		".tmp-0123456789abcdef0123-4":               []byte("{"),        // an older wflint's, new
	}
	for name, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(h.dir, name), b, 0o600))
	}
	var told []string
	h.sub.Notify = func(format string, args ...any) { told = append(told, fmt.Sprintf(format, args...)) }
	sum, err := h.sub.RetryOutbox(context.Background(), testZone)
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Sent, "the recovered report was sent")
	assert.Equal(t, 1, h.f.Stored(testZone))
	assert.Contains(t, strings.Join(told, "\n"), "recovered report "+id)
	assert.Contains(t, strings.Join(told, "\n"), "removed 1 partial temporary file(s)")
	left, _ := filepath.Glob(filepath.Join(h.dir, ".tmp-*"))
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	assert.ElementsMatch(t, []string{".tmp-" + other + "-0123456789abcdef0123-3", ".tmp-0123456789abcdef0123-4"}, left)
}
