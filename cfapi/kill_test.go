package cfapi

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cftest"
)

// Environment of the child process of TestSIGKILLAtEachStep.
const (
	envKillAt = "WFLINT_TEST_KILL_AT"
	envURL    = "WFLINT_TEST_URL"
	envOutbox = "WFLINT_TEST_OUTBOX"
)

// TestSubmitChild is the child of TestSIGKILLAtEachStep: it submits a
// report and sends itself SIGKILL at the protocol step named by
// WFLINT_TEST_KILL_AT. Without that variable it does nothing.
func TestSubmitChild(t *testing.T) {
	at := Step(os.Getenv(envKillAt))
	if at == "" {
		t.Skip("run by TestSIGKILLAtEachStep")
	}
	c, err := New(Options{BaseURL: os.Getenv(envURL), Token: NewSecret(testToken), Getenv: func(string) string { return "" }})
	require.NoError(t, err)
	o, err := NewOutbox(os.Getenv(envOutbox))
	require.NoError(t, err)
	sub := NewSubmitter(c, o)
	sub.Trace = func(s Step) {
		if s == at {
			p, _ := os.FindProcess(os.Getpid())
			_ = p.Kill() // SIGKILL: no deferred function, no cleanup runs
			select {}
		}
	}
	_, _ = sub.Submit(context.Background(), testZone, validReport())
	os.Exit(3) // the step was never reached: the parent reports it
}

// TestSIGKILLAtEachStep kills a submitting process at each step of the
// protocol, against a fake API that stores reports (and for some steps
// stores and then fails), then recovers with RetryOutbox as
// "wflint report submit --retry-outbox" does, and asserts that exactly one
// report exists: never zero, never two.
func TestSIGKILLAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	storeThenFail := []cftest.Step{cftest.StoreThen(cftest.Fail(http.StatusInternalServerError))}
	tests := []struct {
		name  string
		at    Step
		posts func(kill func()) []cftest.Step
	}{
		{"after the intent record, before the POST", StepIntent, func(func()) []cftest.Step { return storeThenFail }},
		{"after the server stored it, before it answered", "server", func(kill func()) []cftest.Step {
			return []cftest.Step{cftest.StoreThen(func(s *cftest.Server, w http.ResponseWriter, r *http.Request, b []byte) bool {
				kill()
				return cftest.Hang(s, w, r, b)
			})}
		}},
		{"after a 5xx that followed storing, once listed", StepListed, func(func()) []cftest.Step { return storeThenFail }},
		{"after the 201, before the outbox entry is removed", StepAnswered, func(func()) []cftest.Step { return nil }},
		{"after the outbox entry is removed", StepDone, func(func()) []cftest.Step { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cftest.New(t, testToken)
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestSubmitChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), envKillAt+"="+string(tt.at), envURL+"="+f.URL, envOutbox+"="+dir)
			if tt.at == "server" {
				cmd.Env = append(os.Environ(), envKillAt+"=never", envURL+"="+f.URL, envOutbox+"="+dir)
			}
			started := make(chan struct{})
			f.PostScript = tt.posts(func() {
				<-started
				_ = cmd.Process.Kill()
			})
			require.NoError(t, cmd.Start())
			close(started)
			err := cmd.Wait()
			var exitErr *exec.ExitError
			require.True(t, errors.As(err, &exitErr), "child: %v", err)
			require.Equal(t, -1, exitErr.ExitCode(), "the child must die by the signal, not exit (%v)", err)

			// Recover as --retry-outbox does, with a fresh process state.
			c, err := New(Options{BaseURL: f.URL, Token: NewSecret(testToken), HTTPClient: f.Client(), Getenv: func(string) string { return "" }})
			require.NoError(t, err)
			o, err := NewOutbox(dir)
			require.NoError(t, err)
			sub := NewSubmitter(c, o)
			_, err = sub.RetryOutbox(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 1, f.Stored(testZone), "reports the API holds: exactly one")
			left, err := o.List()
			require.NoError(t, err)
			assert.Empty(t, left, "outbox after recovery")
		})
	}
}
