package main

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/output"
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
			lint := func(in input) *linted {
				if in.display == "second.wf" {
					<-release
				}
				diags := diag.List{{Rule: "r-" + in.display, Severity: diag.Warning, Message: "m", Span: diag.SpanOf(0, 1)}}
				return &linted{out: &output.File{Path: in.display, Text: "x", Expressions: 1, Diagnostics: diags}, failOn: diag.Error}
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
