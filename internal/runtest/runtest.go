// Package runtest runs a built command for the tests of cmd/wflint and
// cmd/wfls, which run their binaries as users do.
package runtest

import (
	"bytes"
	"errors"
	"os/exec"
	"testing"
)

// Run runs cmd and returns its standard output, standard error and exit
// status; it fails the test when cmd cannot run at all.
func Run(tb testing.TB, cmd *exec.Cmd) (stdout, stderr string, code int) {
	tb.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		tb.Fatalf("running %s: %v", cmd.Path, err)
	}
	return out.String(), errb.String(), code
}
