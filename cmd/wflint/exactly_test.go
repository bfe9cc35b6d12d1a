package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/feedback"
)

// matrixReport is the report the fault matrix submits.
func matrixReport(t *testing.T) (path string, r *feedback.Report) {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", "report", "build_fp.json"))
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	r = new(feedback.Report)
	require.NoError(t, json.Unmarshal(data, r))
	return path, r
}

// copies counts the zone's stored reports that are this report (the
// submit key), so that other reports in the zone do not count.
func copies(t *testing.T, f *cftest.Server, r *feedback.Report) int {
	t.Helper()
	f.Lock()
	defer f.Unlock()
	n := 0
	for _, raw := range f.Reports[testZone] {
		var got feedback.Report
		require.NoError(t, json.Unmarshal(raw, &got))
		if cfapi.SameReport(&got, r) {
			n++
		}
	}
	return n
}

// proc is a wflint process started in the background; its stderr comes
// line by line.
type proc struct {
	cmd    *exec.Cmd
	stderr chan string
	mu     sync.Mutex
	lines  []string
}

func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), stderr: make(chan string, 64)}
	p.cmd.Env = append(os.Environ(), "NO_COLOR=")
	pipe, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	p.cmd.Stdout = io.Discard
	require.NoError(t, p.cmd.Start())
	go func() {
		defer close(p.stderr)
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			p.stderr <- sc.Text()
		}
	}()
	return p
}

// waitFor reads stderr until a line contains s.
func (p *proc) waitFor(t *testing.T, s string) {
	t.Helper()
	for l := range p.stderr {
		if strings.Contains(l, s) {
			return
		}
	}
	t.Fatalf("the process ended without saying %q: %s", s, p.text())
}

// end waits for the process and returns its exit code and stderr.
func (p *proc) end(t *testing.T) (int, string) {
	t.Helper()
	for range p.stderr {
	}
	err := p.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, p.text()
}

func (p *proc) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// held is a POST step that stops the first POST until release is closed
// (after closing arrived), then stores and answers normally.
func held() (step cftest.Step, arrived <-chan struct{}, release func()) {
	a, r := make(chan struct{}), make(chan struct{})
	return func(*cftest.Server, http.ResponseWriter, *http.Request, []byte) bool {
		close(a)
		<-r
		return false
	}, a, func() { close(r) }
}

// TestExactlyOnceFaultMatrix is issue 21's fault matrix, against the fake
// API: concurrent processes (real wflint processes sharing one outbox),
// re-runs, a lagging and a paged list, a 201 that says success: false,
// redirects, and SIGKILL at random moments. Each case ends with exactly
// one stored copy of the report (none for the redirects) and no byte of
// the token at a redirect target; the figures are logged.
func TestExactlyOnceFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("starts wflint processes")
	}
	file, rep := matrixReport(t)
	submit := []string{"report", "submit", "--zone", testZone, file}
	retry := []string{"report", "submit", "--retry-outbox", "--reconcile-wait", "0"}
	var mu sync.Mutex
	var figures []string
	record := func(name string, stored int, note string) {
		mu.Lock()
		defer mu.Unlock()
		figures = append(figures, fmt.Sprintf("%-52s stored %d  %s", name, stored, note))
	}
	t.Cleanup(func() { t.Logf("fault matrix:\n%s", strings.Join(figures, "\n")) })
	// findsItsOwn runs the submit, whose POST the server stores and then
	// answers in doubt: the submit must find that copy and stop there.
	findsItsOwn := func(t *testing.T, f *cftest.Server, name, note string) {
		t.Helper()
		got := wflint(t, ".", "", submit...)
		assert.Equal(t, 0, got.code, got.stderr)
		assert.Contains(t, got.stderr, "already holds this report")
		n := copies(t, f, rep)
		assert.Equal(t, 1, n)
		record(name, n, note)
	}

	concurrent := []struct {
		name          string
		queued        bool
		first, second []string
		secondSays    string
	}{
		{"two submits at once", false, submit, submit, "already holds this report"},
		{"a submit in flight and --retry-outbox", false, submit, retry, "sent 0, already present 0, still in the outbox 0"},
		{"two --retry-outbox at once", true, retry, retry, "sent 0, already present 0, still in the outbox 0"},
	}
	for _, tt := range concurrent {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			if tt.queued {
				f.Script([]cftest.Step{cftest.Fail(http.StatusBadRequest)}, nil)
				got := wflint(t, ".", "", submit...)
				require.Equal(t, 2, got.code, got.stderr)
				require.Equal(t, 1, outboxFiles(t))
			}
			step, arrived, release := held()
			f.Script([]cftest.Step{step}, nil)
			a := start(t, tt.first...)
			<-arrived
			b := start(t, tt.second...)
			b.waitFor(t, "waiting up to")
			release()
			codeA, errA := a.end(t)
			codeB, errB := b.end(t)
			assert.Equal(t, 0, codeA, errA)
			assert.Equal(t, 0, codeB, errB)
			if !strings.Contains(tt.secondSays, "sent 0") {
				assert.Contains(t, errB, tt.secondSays)
			}
			n := copies(t, f, rep)
			assert.Equal(t, 1, n)
			assert.Equal(t, 0, outboxFiles(t))
			record(tt.name, n, "second waited for the lock")
		})
	}

	t.Run("a re-run after success, here and on another machine", func(t *testing.T) {
		f := newFakeAPI(t)
		for i, env := range []string{"", "", filepath.Join(t.TempDir(), "elsewhere")} {
			args := submit
			if env != "" {
				args = append([]string{"report", "submit", "--outbox", env}, submit[2:]...)
			}
			got := wflint(t, ".", "", args...)
			require.Equal(t, 0, got.code, got.stderr)
			if i > 0 {
				assert.Contains(t, got.stderr, "already holds this report (created 2024-06-01T00:05:24.749712Z): not sent again")
			}
		}
		n := copies(t, f, rep)
		assert.Equal(t, 1, n)
		assert.Equal(t, 1, f.Posts())
		got := wflint(t, ".", "", append([]string{"report", "submit", "--allow-duplicate"}, submit[2:]...)...)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, 2, copies(t, f, rep), "--allow-duplicate sends one more copy")
		record("a re-run after success (twice, and another outbox)", n, "then --allow-duplicate: 2")
	})

	t.Run("a list lagging 3 s behind a store-then-500", func(t *testing.T) {
		f := newFakeAPI(t)
		var cmu sync.Mutex
		clock := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
		now := func() time.Time { cmu.Lock(); defer cmu.Unlock(); return clock }
		var slept []time.Duration
		clientHook = func(o *cfapi.Options) {
			o.Now = now
			o.Sleep = func(ctx context.Context, d time.Duration) error {
				cmu.Lock()
				defer cmu.Unlock()
				clock = clock.Add(d)
				slept = append(slept, d)
				return ctx.Err()
			}
		}
		f.SetListLag(3*time.Second, now)
		f.Script([]cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}, nil)
		got := runCommand(runReport, "", submit[1:]...)
		assert.Equal(t, 0, got.code, got.stderr)
		assert.Contains(t, got.stderr, "list does not show the report yet; looking again for up to 30s")
		assert.Contains(t, got.stderr, "already holds this report")
		assert.Equal(t, []time.Duration{time.Second, 2 * time.Second}, slept, "looked at 0, 1 and 3 s of the test's clock")
		n := copies(t, f, rep)
		assert.Equal(t, 1, n)
		record("a list lagging 3 s behind a store-then-500", n, "found at 3 s (injected clock)")
	})

	t.Run("a two-page list and a store-then-500", func(t *testing.T) {
		f := newFakeAPI(t)
		other := *rep
		other.Description = "another report"
		b, err := json.Marshal(&other)
		require.NoError(t, err)
		f.Store(testZone, b)
		f.SetPageSize(1)
		f.Script([]cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}, nil)
		findsItsOwn(t, f, "a two-page list (total_pages 2) and a store-then-500", "found on page 2")
	})

	t.Run("201 whose body says success: false", func(t *testing.T) {
		f := newFakeAPI(t)
		f.Script([]cftest.Step{cftest.StoreThen(cftest.Respond(http.StatusCreated, nil,
			`{"success":false,"errors":[{"code":1000,"message":"something odd"}],"messages":[],"result":null}`))}, nil)
		findsItsOwn(t, f, "201 with success: false (stored)", "")
	})

	for _, tt := range []struct{ name, host string }{
		{"a 307 to plain http on the same host", "127.0.0.1"},
		{"a 307 to another host", "localhost"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			newFakeAPI(t) // environment and outbox
			f := cftest.NewTLS(t, testToken)
			t.Setenv(cfapi.EnvBaseURL, f.URL)
			certs := filepath.Join(t.TempDir(), "ca.pem")
			require.NoError(t, os.WriteFile(certs, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.Certificate().Raw}), 0o600))
			t.Setenv("SSL_CERT_FILE", certs)
			sink := cftest.Listen(t, "127.0.0.1")
			_, port, _ := strings.Cut(sink.Addr, ":")
			target := "http://" + tt.host + ":" + port
			f.Script([]cftest.Step{cftest.Redirect(http.StatusTemporaryRedirect, target+"/client/v4/zones/"+testZone+"/bot_management/feedback")}, nil)
			got := wflint(t, ".", "", submit...)
			assert.Equal(t, 2, got.code, got.stderr)
			assert.Contains(t, got.stderr, "307 Temporary Redirect to "+target+": wflint follows no redirects, so nothing was sent there")
			assert.NotContains(t, got.stdout+got.stderr, testToken)
			sink.Close()
			conns, data := sink.Received()
			assert.Zero(t, conns)
			for i := 0; i+4 <= len(testToken); i++ {
				assert.NotContains(t, string(data), testToken[i:i+4])
			}
			n := f.Stored(testZone)
			assert.Zero(t, n)
			record(tt.name, n, fmt.Sprintf("target got %d connections, %d bytes", conns, len(data)))
		})
	}

	t.Run("SIGKILL at random moments, then --retry-outbox and a re-run", func(t *testing.T) {
		const runs = 30
		f := newFakeAPI(t)
		// How long a submit process takes here, whole and from its first
		// call to the API (the protocol) to its end: the best of three.
		var span, tail time.Duration
		for range 3 {
			f.Lock()
			f.Reports = map[string][]json.RawMessage{}
			f.Unlock()
			t.Setenv(cfapi.EnvOutbox, filepath.Join(t.TempDir(), "outbox"))
			// The server's goroutines and this one meet through another
			// process, which the race detector cannot see: a mutex.
			var fmu sync.Mutex
			var first time.Time
			f.Script(nil, []cftest.Step{func(*cftest.Server, http.ResponseWriter, *http.Request, []byte) bool {
				fmu.Lock()
				defer fmu.Unlock()
				first = time.Now()
				return false
			}})
			began := time.Now()
			got := wflint(t, ".", "", submit...)
			require.Equal(t, 0, got.code, got.stderr)
			fmu.Lock()
			l := time.Since(first)
			fmu.Unlock()
			if s := time.Since(began); span == 0 || s < span {
				span, tail = s, l
			}
		}
		rng := rand.New(rand.NewPCG(21, 1))
		states := map[string]int{}
		for i := range runs {
			f.Lock()
			f.Reports = map[string][]json.RawMessage{}
			f.Unlock()
			t.Setenv(cfapi.EnvOutbox, filepath.Join(t.TempDir(), "outbox"))
			// Every other kill comes at a random moment of the whole
			// process; the others at one of its protocol, timed from
			// its first call to the API.
			var timer *time.Timer
			var tmu sync.Mutex // as fmu above
			var p *proc
			kill := func(d time.Duration) {
				tmu.Lock()
				defer tmu.Unlock()
				victim := p.cmd.Process
				timer = time.AfterFunc(d, func() { _ = victim.Kill() })
			}
			if i%2 == 1 {
				d := time.Duration(rng.Int64N(int64(tail)))
				f.Script(nil, []cftest.Step{func(*cftest.Server, http.ResponseWriter, *http.Request, []byte) bool { kill(d); return false }})
			} else {
				f.Script(nil, nil)
			}
			tmu.Lock()
			p = start(t, submit...)
			tmu.Unlock()
			if i%2 == 0 {
				kill(time.Duration(rng.Int64N(int64(span))))
			}
			_, _ = p.end(t)
			tmu.Lock()
			if timer != nil {
				timer.Stop()
			}
			tmu.Unlock()
			f.Script(nil, nil)
			state := outboxState(t, copies(t, f, rep))
			states[state]++

			got := wflint(t, ".", "", retry...)
			require.Equal(t, 0, got.code, "run %d (%s): %s", i, state, got.stderr)
			require.LessOrEqual(t, copies(t, f, rep), 1, "run %d (%s): never two", i, state)
			got = wflint(t, ".", "", submit...)
			require.Equal(t, 0, got.code, "run %d (%s): %s", i, state, got.stderr)
			require.Equal(t, 1, copies(t, f, rep), "run %d (%s): exactly one", i, state)
			require.Equal(t, 0, outboxFiles(t))
		}
		var seen []string
		for s, n := range states {
			seen = append(seen, fmt.Sprintf("%s ×%d", s, n))
		}
		sort.Strings(seen)
		record(fmt.Sprintf("SIGKILL at random moments (%d runs)", runs), 1, fmt.Sprintf("each run; kills within a %s submit (%s from its first API call) left: %s",
			span.Round(time.Millisecond), tail.Round(time.Millisecond), strings.Join(seen, ", ")))
	})
}

// outboxState says where a killed submit stopped, from what it left.
func outboxState(t *testing.T, stored int) string {
	t.Helper()
	dir := os.Getenv(cfapi.EnvOutbox)
	entries, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	lock, _ := os.ReadFile(filepath.Join(dir, testZone+".lock"))
	switch {
	case len(entries) == 0 && len(lock) == 0 && stored == 0:
		return "nothing (killed before the lock)"
	case len(entries) == 0 && stored == 0:
		return "a lock record only"
	case len(entries) == 0:
		return "stored, entry gone"
	}
	data, err := os.ReadFile(entries[0])
	require.NoError(t, err)
	var e cfapi.OutboxEntry
	require.NoError(t, json.Unmarshal(data, &e))
	switch {
	case e.InFlight && stored == 1:
		return "in flight, stored"
	case e.InFlight:
		return "in flight, not stored"
	}
	return "kept, not sent"
}
