package cfapi

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cftest"
)

// Environment of the child process of the kill tests.
const (
	envKillAt = "WFLINT_TEST_KILL_AT"
	envURL    = "WFLINT_TEST_URL"
	envOutbox = "WFLINT_TEST_OUTBOX"
)

// TestSubmitChild is the child of the kill tests: it submits a report,
// printing each protocol step it reaches on stdout, and sends itself
// SIGKILL at the step named by WFLINT_TEST_KILL_AT ("never": the parent
// kills it). Before submitting it prints "ready". Without that variable
// it does nothing.
func TestSubmitChild(t *testing.T) {
	at := Step(os.Getenv(envKillAt))
	if at == "" {
		t.Skip("run by the kill tests")
	}
	c, err := New(Options{BaseURL: os.Getenv(envURL), Token: NewSecret(testToken), Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	o, err := NewOutbox(os.Getenv(envOutbox))
	require.NoError(t, err)
	sub := NewSubmitter(c, o)
	sub.Trace = func(s Step) {
		fmt.Println(s)
		if s == at {
			p, _ := os.FindProcess(os.Getpid())
			_ = p.Kill() // SIGKILL: no deferred function, no cleanup runs
			select {}
		}
	}
	fmt.Println("ready")
	_, _ = sub.Submit(context.Background(), testZone, validReport())
	fmt.Println("finished")
	os.Exit(3) // the step was never reached: the parent reports it
}

// child starts TestSubmitChild against the fake API and outbox dir; its
// stdout (the steps it reached) comes line by line on the channel.
func child(t *testing.T, killAt Step, url, dir string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSubmitChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envKillAt+"="+string(killAt), envURL+"="+url, envOutbox+"="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := make(chan string, 32)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return cmd, lines
}

// recoverer is a fresh process's submitter on the same outbox, whose
// waits for the zone's list take no time.
func recoverer(t *testing.T, f *cftest.Server, dir string) (*Submitter, *[]string) {
	t.Helper()
	c, err := New(Options{BaseURL: f.URL, Token: NewSecret(testToken), HTTPClient: f.Client(), Getenv: func(string) string { return "" },
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	require.NoError(t, err)
	o, err := NewOutbox(dir)
	require.NoError(t, err)
	sub := NewSubmitter(c, o)
	var notes []string
	sub.Notify = func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	return sub, &notes
}

// TestSIGKILLAtEachStep kills a submitting process at each step of the
// protocol, against a fake API that stores reports (and for some steps
// stores and then fails), then recovers with RetryOutbox as
// "wflint report submit --retry-outbox" does, and then runs the same
// submit again, as a re-run CI job would: exactly one report, never zero
// and never two.
func TestSIGKILLAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	storeThenFail := []cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}
	tests := []struct {
		name string
		at   Step
		// storedAfterRetry is what the API holds after RetryOutbox.
		storedAfterRetry int
		// note is part of what RetryOutbox says about the run it found.
		note  string
		posts func(kill func()) []cftest.Step
	}{
		{name: "holding the lock, before the report is kept", at: StepLocked, note: "stopped before it recorded report"},
		{name: "report kept, before the zone is listed", at: StepKept, storedAfterRetry: 1},
		{name: "zone listed, before the intent record", at: StepChecked, storedAfterRetry: 1},
		{name: "after the intent record, before the POST", at: StepIntent, storedAfterRetry: 1,
			posts: func(func()) []cftest.Step { return storeThenFail }},
		{name: "after the server stored it, before it answered", at: "never", storedAfterRetry: 1, posts: func(kill func()) []cftest.Step {
			return []cftest.Step{cftest.StoreThen(func(s *cftest.Server, w http.ResponseWriter, r *http.Request, b []byte) bool {
				kill()
				return cftest.Hang(s, w, r, b)
			})}
		}},
		{name: "after a 5xx that followed storing, once listed", at: StepListed, storedAfterRetry: 1,
			posts: func(func()) []cftest.Step { return storeThenFail }},
		{name: "after the 201, before the outbox entry is removed", at: StepAnswered, storedAfterRetry: 1},
		{name: "after the outbox entry is removed", at: StepDone, storedAfterRetry: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cftest.New(t, testToken)
			dir := t.TempDir()
			killed := make(chan struct{})
			var cmd *exec.Cmd
			if tt.posts != nil {
				f.Script(tt.posts(func() { <-killed; _ = cmd.Process.Kill() }), nil)
			}
			cmd, lines := child(t, tt.at, f.URL, dir)
			close(killed)
			for range lines {
			}
			err := cmd.Wait()
			var exitErr *exec.ExitError
			require.True(t, errors.As(err, &exitErr), "child: %v", err)
			require.Equal(t, -1, exitErr.ExitCode(), "the child must die by the signal, not exit (%v)", err)

			sub, notes := recoverer(t, f, dir)
			_, err = sub.RetryOutbox(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.storedAfterRetry, f.Stored(testZone), "reports the API holds after --retry-outbox")
			if tt.note != "" {
				assert.Contains(t, strings.Join(*notes, "\n"), tt.note)
			}
			left, err := sub.Outbox.List()
			require.NoError(t, err)
			assert.Empty(t, left, "outbox after recovery")

			res, err := sub.Submit(context.Background(), testZone, validReport())
			require.NoError(t, err)
			want := OutcomeAlreadyPresent
			if tt.storedAfterRetry == 0 {
				want = OutcomeSent
			}
			assert.Equal(t, want, res.Outcome)
			assert.Equal(t, 1, f.Stored(testZone), "reports the API holds after the re-run: exactly one")
		})
	}
}

// TestSIGKILLAtRandomMoments kills a submitting process at a random moment
// of its submit (after it says "ready", within the time a whole submit
// takes), 40 times with a fixed seed, then recovers as a person or a cron
// job would: --retry-outbox, then the same submit again. Each run ends
// with exactly one stored report. The steps the kills fell after are
// logged.
func TestSIGKILLAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const runs = 40
	// How long a whole submit takes here, from "ready" to "finished".
	span := func() time.Duration {
		f := cftest.New(t, testToken)
		cmd, lines := child(t, "never", f.URL, t.TempDir())
		var start time.Time
		var took time.Duration
		for l := range lines {
			switch l {
			case "ready":
				start = time.Now()
			case "finished":
				took = time.Since(start)
			}
		}
		_ = cmd.Wait()
		require.Equal(t, 1, f.Stored(testZone))
		return took
	}()
	rng := rand.New(rand.NewPCG(21, 21))
	landed := map[string]int{}
	for i := range runs {
		f := cftest.New(t, testToken)
		dir := t.TempDir()
		cmd, lines := child(t, "never", f.URL, dir)
		last := "start"
		for l := range lines {
			if l == "ready" {
				// Up to 20% past the usual end, so some kills come late.
				d := time.Duration(rng.Int64N(int64(span) * 6 / 5))
				time.AfterFunc(d, func() { _ = cmd.Process.Kill() })
			}
			last = l
		}
		_ = cmd.Wait()
		landed[last]++

		sub, _ := recoverer(t, f, dir)
		_, err := sub.RetryOutbox(context.Background())
		require.NoError(t, err, "run %d (killed after %s)", i, last)
		require.LessOrEqual(t, f.Stored(testZone), 1, "run %d (killed after %s): never two", i, last)
		_, err = sub.Submit(context.Background(), testZone, validReport())
		require.NoError(t, err, "run %d", i)
		require.Equal(t, 1, f.Stored(testZone), "run %d (killed after %s): exactly one", i, last)
	}
	var steps []string
	for s, n := range landed {
		steps = append(steps, fmt.Sprintf("%s:%d", s, n))
	}
	sort.Strings(steps)
	t.Logf("%d kills within %s of a %s submit; last step reached: %s", runs, span*6/5, span, strings.Join(steps, " "))
}
