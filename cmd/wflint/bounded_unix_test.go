//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chanWriter hands each write to the test as it happens.
type chanWriter chan string

func (c chanWriter) Write(p []byte) (int, error) { c <- string(p); return len(p), nil }

// Each file's findings are written as soon as it and the files before it
// are done, in every format: the first file's output arrives while the
// second (a pipe the test has not written yet) is still being read.
func TestOutputStreamsPerFile(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "off") // in-process: leave the test's memory limit alone
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"first.wf": "http.host eq 'first'"})
			second := filepath.Join(dir, "second.wf")
			require.NoError(t, syscall.Mkfifo(second, 0o600))
			out := make(chanWriter, 100)
			code := make(chan int)
			go func() {
				code <- run([]string{"--format", format, "-j", "2", filepath.Join(dir, "first.wf"), second}, nil, out, io.Discard)
			}()
			var got strings.Builder
			for !strings.Contains(got.String(), "first.wf") {
				got.WriteString(<-out)
			}
			assert.NotContains(t, got.String(), "second.wf")
			require.NoError(t, os.WriteFile(second, []byte("http.host eq 'second'"), 0o600))
			assert.Equal(t, exitFindings, <-code)
			close(out)
			for s := range out {
				got.WriteString(s)
			}
			assert.Contains(t, got.String(), "second.wf")
			assert.Less(t, strings.Index(got.String(), "first.wf"), strings.Index(got.String(), "second.wf"))
		})
	}
}
