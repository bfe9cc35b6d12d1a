package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/output"
	"github.com/wflint/wflint/workspace"
)

// A file nested a million levels deep is one error for that file; the
// other files of the run are still linted and reported.
func TestDeepFilesDoNotStopTheRun(t *testing.T) {
	dir := t.TempDir()
	const n = 1_000_000
	writeFiles(t, dir, map[string]string{
		"deep_brackets.tf":   "x = " + strings.Repeat("[", n),
		"deep_braces.tfvars": "x = " + strings.Repeat("{", n),
		"deep_parens.tf":     "x = " + strings.Repeat("(", n),
		"deep.json":          strings.Repeat("[", n),
		"good.tf":            `resource "cloudflare_filter" "f" { expression = "http.host eq 'x'" }`,
	})
	r := wflint(t, dir, "", "--format", "json", ".")
	assert.Equal(t, 1, r.code, r.stderr)
	for _, name := range []string{"deep_brackets.tf", "deep_braces.tfvars", "deep_parens.tf", "deep.json"} {
		assert.Contains(t, r.stdout, `"path": "`+name+`"`)
	}
	assert.Contains(t, r.stdout, `"path": "good.tf"`)
	assert.Contains(t, r.stdout, `"rule": "single-quoted-string"`)
	assert.Less(t, len(r.stdout), 64<<10, "output must not echo the deep lines")
}

// chanWriter hands each write to the test as it happens.
type chanWriter chan string

func (c chanWriter) Write(p []byte) (int, error) { c <- string(p); return len(p), nil }

// Each file's findings are written as soon as it and the files before it
// are done, in every format: the first file's output arrives while the
// second is still being linted.
func TestOutputStreamsPerFile(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			out := make(chanWriter, 100)
			e := &env{stdout: out, stderr: io.Discard}
			f := &lintFlags{format: format, jobs: 2}
			release := make(chan struct{})
			lint := func(in input, publish func(*linted)) {
				if in.display == "second.wf" {
					<-release
				}
				diags := diag.List{{Rule: "r-" + in.display, Severity: diag.Warning, Message: "m", Span: diag.SpanOf(0, 1)}}
				publish(&linted{out: &output.File{Path: in.display, Text: "x", Expressions: 1, Diagnostics: diags}, failOn: diag.Error})
			}
			code := make(chan int)
			go func() { code <- report(e, f, nil, []input{{display: "first.wf"}, {display: "second.wf"}}, lint) }()
			var got strings.Builder
			for !strings.Contains(got.String(), "r-first.wf") {
				got.WriteString(<-out)
			}
			assert.NotContains(t, got.String(), "r-second.wf")
			close(release)
			assert.Equal(t, exitOK, <-code)
			close(out)
			for s := range out {
				got.WriteString(s)
			}
			assert.Contains(t, got.String(), "r-second.wf")
			assert.Less(t, strings.Index(got.String(), "r-first.wf"), strings.Index(got.String(), "r-second.wf"))
		})
	}
}

// A large file's findings are written while it is still being linted:
// the first batch arrives before the last expression is analysed.
func TestLargeFileStreamsWhileLinted(t *testing.T) {
	var jsonl strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&jsonl, "\"http.host eq 'h%d'\"\n", i)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"big.jsonl": jsonl.String()})
	for _, format := range []string{"text", "json", "sarif", "github"} {
		out := make(chanWriter, 1000)
		e := &env{stdout: out, stderr: io.Discard}
		f := &lintFlags{format: format, jobs: 2}
		ws := workspace.New(workspace.Settings{Jobs: 2, DiagnosticsOnly: true})
		code := make(chan int)
		release := make(chan struct{})
		go func() {
			code <- report(e, f, nil, []input{{path: filepath.Join(dir, "big.jsonl"), display: "big.jsonl"}}, func(in input, publish func(*linted)) {
				lintStreamed(ws, f, in, func(r *linted) {
					// Hold the last batch back until the first is out.
					parts := r.parts
					r.parts = make(chan part)
					go func() {
						var held []part
						for p := range parts {
							held = append(held, p)
						}
						r.parts <- held[0]
						<-release
						for _, p := range held[1:] {
							r.parts <- p
						}
						close(r.parts)
					}()
					publish(r)
				})
			})
		}()
		var got strings.Builder
		for !strings.Contains(got.String(), "single-quoted-string") {
			got.WriteString(<-out)
		}
		assert.NotContains(t, got.String(), "h1999", format)
		close(release)
		assert.Equal(t, exitFindings, <-code)
		close(out)
		for s := range out {
			got.WriteString(s)
		}
		assert.Contains(t, got.String(), "h1999", format)
	}
}
