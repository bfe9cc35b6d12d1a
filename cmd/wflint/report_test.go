package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wflint/wflint/internal/golden"
	"github.com/wflint/wflint/internal/gziptest"
	"github.com/wflint/wflint/internal/logpush"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/workspace"
)

const (
	testZone  = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken = "tok-SECRET-7c1d2e3f4a5b6c7d"
	testExpr  = `cf.bot_management.score lt 30 and http.host eq "shop.example.com"`
)

// assertReportGolden compares got with testdata/report/name, or rewrites it.
func assertReportGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Assert(t, filepath.Join("testdata", "report", name), got)
}

// cmdOutput is what a command run by runCommand returned and printed.
type cmdOutput struct {
	code           int
	stdout, stderr string
}

// runCommand runs a command with buffers and returns exit code and outputs.
// runReport runs "wflint report ARGS...": args starts with the subcommand.
func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return program.Exec(&env{stdin: stdin, stdout: stdout, stderr: stderr}, reportCommand, "wflint report", args)
}

// runConfigCmd runs "wflint config ARGS...": args starts with get or set.
func runConfigCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return program.Exec(&env{stdin: stdin, stdout: stdout, stderr: stderr}, configCommand, "wflint config", args)
}

func runCommand(run func([]string, io.Reader, io.Writer, io.Writer) int, stdin string, args ...string) cmdOutput {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return cmdOutput{code, out.String(), errb.String()}
}

// writeLogs writes generated Logpush logs (2,000 lines, 1% malformed) as a
// plain and a gzip file and returns their paths and the raw bytes.
func writeLogs(t *testing.T) (plain, gz string, data []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, loggen.Generate(&buf, loggen.Config{N: 2000, Seed: 42, MalformedRate: 0.01}))
	data = buf.Bytes()
	dir := t.TempDir()
	plain = filepath.Join(dir, "logs.ndjson")
	require.NoError(t, os.WriteFile(plain, data, 0o600))
	gz = filepath.Join(dir, "gz", "logs.ndjson.gz")
	require.NoError(t, os.MkdirAll(filepath.Dir(gz), 0o755))
	require.NoError(t, os.WriteFile(gz, gziptest.Compress(t, data), 0o600))
	return plain, gz, data
}

func TestReportBuild(t *testing.T) {
	plain, gz, data := writeLogs(t)
	dir := t.TempDir()
	exprFile := filepath.Join(dir, "expr.wf")
	require.NoError(t, os.WriteFile(exprFile, []byte(testExpr+"\n"), 0o600))
	base := []string{"--type", "false_positive", "--description", "Checkout shoppers challenged as bots", "--quiet"}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		goldenOut  string // golden file for stdout, if any
		goldenErr  string // golden file for stderr, if any
		errHas     []string
		outFile    string // the report is written here (-o) and compared with build_fp.json
		wantOutput bool
	}{
		{name: "plain file", args: append([]string{"build", "--expr", testExpr}, append(base, plain)...), goldenOut: "build_fp.json"},
		{name: "gzip glob and -o, flags after logs", args: append([]string{"build", filepath.Join(filepath.Dir(gz), "*.gz"), "--expr-file", exprFile, "-o", filepath.Join(dir, "out.json")}, base...), outFile: filepath.Join(dir, "out.json")},
		{name: "stdin", args: append([]string{"build", "--expr", testExpr, "-"}, base...), stdin: string(data), goldenOut: "build_fp.json"},
		{name: "no logs reads stdin", args: append([]string{"build", "--expr", testExpr}, base...), stdin: string(data), goldenOut: "build_fp.json"},
		{name: "nothing matches", args: append([]string{"build", "--expr", `cf.bot_management.score lt 30 and http.host eq "nowhere.invalid"`}, append(base, plain)...),
			code: 1, goldenErr: "build_nomatch.stderr"},
		{name: "fatal expression", args: append([]string{"build", "--expr", `cf.bot_management.score lt 30 and http.hots eq "a"`}, append(base, plain)...),
			code: 1, goldenErr: "build_badexpr.stderr"},
		{name: "field beyond the documented eight builds with a warning", args: append([]string{"build", "--expr", `cf.bot_management.score lt 30 and http.request.method eq "POST"`}, append(base, plain)...),
			errHas: []string{"warning", "not-feedback-field"}, wantOutput: true},
		{name: "current names of documented fields build without a warning", args: append([]string{"build", "--expr", `cf.bot_management.score lt 30 and ip.src.asnum ne 0 and not ip.src.country in {"AQ"}`}, append(base, plain)...),
			wantOutput: true},
		{name: "field logpush lacks", args: append([]string{"build", "--profile", "rules", "--expr", `cf.bot_management.score lt 30 and http.cookie contains "a"`}, append(base, plain)...),
			code: 1, errHas: []string{"error: field http.cookie (Bytes) is not provided", " --> --expr:1:35\n", "evaluator"}},
		{name: "summary and malformed lines", args: []string{"build", "--expr", testExpr, "--type", "false_positive", "--description", "d", plain},
			errHas: []string{"1,982 records in", "18 malformed lines skipped; the first 18:", "logs.ndjson:", "invalid JSON"}, wantOutput: true},
		{name: "strict", args: append([]string{"build", "--strict", "--expr", testExpr}, append(base, plain)...),
			code: 2, errHas: []string{"logs.ndjson:", "wflint report build:"}},
		{name: "missing file", args: append([]string{"build", "--expr", testExpr}, append(base, filepath.Join(dir, "nope.ndjson"))...),
			code: 2, errHas: []string{"nope.ndjson", "no such file"}},
		{name: "no expression", args: append([]string{"build"}, append(base, plain)...), code: 2, errHas: []string{"exactly one of --expr and --expr-file"}},
		{name: "two expressions", args: append([]string{"build", "--expr", "a", "--expr-file", exprFile}, append(base, plain)...), code: 2, errHas: []string{"exactly one"}},
		{name: "bad type", args: []string{"build", "--expr", testExpr, "--type", "fp", "--description", "d", plain}, code: 2, errHas: []string{"--type must be"}},
		{name: "no description", args: []string{"build", "--expr", testExpr, "--type", "false_positive", plain}, code: 2, errHas: []string{"--description is required"}},
		{name: "bad profile", args: append([]string{"build", "--profile", "x", "--expr", testExpr}, append(base, plain)...), code: 2, errHas: []string{"--profile"}},
		{name: "unknown flag", args: append([]string{"build", "--bogus"}, base...), code: 2, errHas: []string{"flag provided but not defined: --bogus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCommand(runReport, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, got.code, "stderr: %s", got.stderr)
			if tt.goldenOut != "" {
				assertReportGolden(t, tt.goldenOut, got.stdout)
				assert.Empty(t, got.stderr)
			}
			if tt.goldenErr != "" {
				assertReportGolden(t, tt.goldenErr, scrubDir(got.stderr, plain))
			}
			for _, s := range tt.errHas {
				assert.Contains(t, got.stderr, s)
			}
			if tt.outFile != "" {
				assert.Empty(t, got.stdout)
				b, err := os.ReadFile(tt.outFile)
				require.NoError(t, err)
				assertReportGolden(t, "build_fp.json", string(b))
			}
			if tt.wantOutput {
				assert.Contains(t, got.stdout, `"requests_by_score"`)
			}
			if tt.code == 2 || tt.goldenErr == "build_badexpr.stderr" {
				assert.Empty(t, got.stdout)
			}
		})
	}
}

// scrubDir replaces the temporary log path so goldens are stable.
func scrubDir(s, path string) string { return strings.ReplaceAll(s, path, "LOGS") }

func TestReportShow(t *testing.T) {
	tests := []struct {
		name, file string
		args       []string
		code       int
		golden     string
		errHas     string
	}{
		{name: "built report", file: "build_fp.json", golden: "show_fp.txt"},
		{name: "per score", file: "build_fp.json", args: []string{"--scores"}, golden: "show_fp_scores.txt"},
		{name: "invalid report still shown", file: "invalid_report.json", golden: "show_invalid.txt"},
		{name: "markdown for tickets", file: "build_fp.json", args: []string{"--format", "markdown"}, golden: "show_fp.md"},
		{name: "json", file: "build_fp.json", args: []string{"--format", "json"}, golden: "show_fp_show.json"},
		{name: "false negative with verified bots", file: "fn_verified.json", golden: "show_fn_verified.txt"},
		{name: "bad format", file: "build_fp.json", args: []string{"--format", "yaml"}, code: 2, errHas: "--format"},
		{name: "not JSON", file: "not_json.json", code: 1, errHas: "invalid-json"},
		{name: "missing", file: "nope.json", code: 2, errHas: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"show"}, tt.args...)
			got := runCommand(runReport, "", append(args, filepath.Join("testdata", "report", tt.file))...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			if tt.golden != "" {
				assertReportGolden(t, tt.golden, versionless(got.stdout))
				if !strings.HasSuffix(tt.golden, ".txt") {
					return
				}
				for _, line := range strings.Split(got.stdout, "\n") {
					assert.LessOrEqual(t, len([]rune(line)), 80, "line too wide: %q", line)
				}
			}
			if tt.errHas != "" {
				assert.Contains(t, got.stderr, tt.errHas)
			}
		})
	}
}

func TestReportValidate(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"valid", []string{"testdata/report/build_fp.json"}, 0, "validate_valid.txt"},
		{"invalid text", []string{"testdata/report/invalid_report.json"}, 1, "validate_invalid.txt"},
		{"invalid json, flag after file", []string{"testdata/report/invalid_report.json", "--format", "json"}, 1, "validate_invalid.json"},
		{"several files", []string{"testdata/report/build_fp.json", "testdata/report/not_json.json"}, 1, "validate_several.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCommand(runReport, "", append([]string{"validate"}, tt.args...)...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			assertReportGolden(t, tt.golden, versionless(got.stdout))
		})
	}
	got := runCommand(runReport, "", "validate", "--format", "yaml", "x.json")
	assert.Equal(t, 2, got.code)
	got = runCommand(runReport, "", "validate")
	assert.Equal(t, 2, got.code)
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}} {
		got := runCommand(runReport, "", args...)
		assert.Equal(t, 2, got.code)
		assert.Contains(t, got.stderr, "wflint report build")
	}
	got := runCommand(runReport, "", "help")
	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stdout, "wflint report submit [flags] REPORT.json")
	assert.Contains(t, got.stdout, "--retry-outbox")
}

// newFakeAPI starts the fake Cloudflare API and points the commands
// at it through the environment, with the outbox in a temporary directory.
func newFakeAPI(t *testing.T) *cftest.Server {
	f := cftest.New(t, testToken)
	// An Enterprise zone's shape, with a leftover from Bot Fight Mode.
	f.Config = map[string]any{
		"enable_js": true, "ai_bots_protection": "block", "using_latest_model": true, "auto_update_model": true,
		"bm_cookie_enabled": true, "stale_zone_configuration": map[string]any{"fight_mode": true},
	}
	t.Setenv(cfapi.EnvBaseURL, f.URL)
	t.Setenv(cfapi.EnvAPIToken, testToken)
	t.Setenv(cfapi.EnvEmail, "")
	t.Setenv(cfapi.EnvAPIKey, "")
	t.Setenv("WFLINT_OUTBOX", filepath.Join(t.TempDir(), "outbox"))
	// Retries must not sleep in tests; record nothing, return at once.
	clientHook = func(o *cfapi.Options) {
		o.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	t.Cleanup(func() { clientHook = nil })
	return f
}

// failingPosts scripts one failing POST per status.
func failingPosts(statuses ...int) []cftest.Step {
	var steps []cftest.Step
	for _, s := range statuses {
		steps = append(steps, cftest.Fail(s))
	}
	return steps
}

// outboxFiles counts the reports waiting in the outbox.
func outboxFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir(os.Getenv("WFLINT_OUTBOX"))
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			n++
		}
	}
	return n
}

func TestReportSubmit(t *testing.T) {
	valid := filepath.Join("testdata", "report", "build_fp.json")
	invalid := filepath.Join("testdata", "report", "invalid_report.json")
	tests := []struct {
		name        string
		posts       []int
		steps       []cftest.Step
		noToken     bool
		args        []string
		code        int
		stored      int // reports the API holds afterwards
		outbox      int // reports in the outbox afterwards
		errHas      []string
		stdoutIsRep bool // stdout is the report (--dry-run); otherwise empty
	}{
		{name: "success", args: []string{"--zone", testZone, valid}, stored: 1, errHas: []string{"submitted to zone"}},
		{name: "server error then success", posts: []int{500}, args: []string{"--zone", testZone, valid}, stored: 1},
		{name: "4xx envelope is kept in the outbox", posts: []int{400}, args: []string{"--zone", testZone, valid},
			code: 2, outbox: 1, errHas: []string{"scripted failure Bad Request", "10400", "saved to", "--retry-outbox"}},
		{name: "invalid refused", args: []string{"--zone", testZone, invalid}, code: 1,
			errHas: []string{"not submitting: the report has 4 error(s)", "invalid_report.json:"}},
		{name: "a warning is shown, not blocking", args: []string{"--zone", testZone, filepath.Join("testdata", "report", "warn_ja4.json")},
			stored: 1, errHas: []string{"warning", "not-feedback-field", "submitted to zone"}},
		{name: "--strict blocks on a warning", args: []string{"--strict", "--zone", testZone, filepath.Join("testdata", "report", "warn_ja4.json")},
			code: 1, errHas: []string{"not submitting: the report has 1 warning(s) and --strict is set"}},
		{name: "invalid forced", args: []string{"--force", "--zone", testZone, invalid}, stored: 1},
		{name: "dry run needs no zone or token", noToken: true, args: []string{"--dry-run", valid}, errHas: []string{"dry run"}, stdoutIsRep: true},
		{name: "no credentials", noToken: true, args: []string{"--zone", testZone, valid}, code: 2, errHas: []string{"CLOUDFLARE_API_TOKEN"}},
		{name: "no zone", args: []string{valid}, code: 2, errHas: []string{"--zone is required"}},
		{name: "5xx after storing is found, not sent twice", steps: []cftest.Step{cftest.StoreThen(cftest.Fail(502))},
			args: []string{"--zone", testZone, valid}, stored: 1, errHas: []string{"already holds this report (created 2024-06-01T00:05:24.749712Z): not sent again (--allow-duplicate sends another copy)"}},
		{name: "201 with an empty body is a success", steps: []cftest.Step{cftest.StoreThen(cftest.Respond(201, nil, ""))},
			args: []string{"--zone", testZone, valid}, stored: 1, errHas: []string{"submitted to zone"}},
		{name: "outbox that cannot be created: not sent", args: []string{"--zone", testZone, "--outbox", filepath.Join("testdata", "report", "build_fp.json", "outbox"), valid},
			code: 2, errHas: []string{"wflint report submit: not sent: the outbox at " + filepath.Join("testdata", "report", "build_fp.json", "outbox"), "not a directory"}},
		{name: "zone ID checked locally", args: []string{"--zone", "example.com", valid}, code: 2, errHas: []string{"not 32 hexadecimal characters"}},
		{name: "not JSON", args: []string{"--zone", testZone, filepath.Join("testdata", "report", "not_json.json")}, code: 1, errHas: []string{"not a report"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			f.PostScript = append(failingPosts(tt.posts...), tt.steps...)
			if tt.noToken {
				t.Setenv(cfapi.EnvAPIToken, "")
			}
			got := runCommand(runReport, "", append([]string{"submit"}, tt.args...)...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			assert.Equal(t, tt.stored, f.Stored(testZone))
			assert.Equal(t, tt.outbox, outboxFiles(t))
			for _, s := range tt.errHas {
				assert.Contains(t, got.stderr, s)
			}
			if tt.stdoutIsRep {
				var r feedback.Report
				require.NoError(t, json.Unmarshal([]byte(got.stdout), &r), got.stdout)
				assert.Equal(t, "false_positive", r.Type)
			} else {
				assert.Empty(t, got.stdout, "a submit prints nothing on stdout")
			}
			assert.NotContains(t, got.stdout+got.stderr, testToken)
		})
	}
}

func TestReportSubmitRetryOutbox(t *testing.T) {
	f := newFakeAPI(t)
	valid := filepath.Join("testdata", "report", "build_fp.json")
	f.PostScript = failingPosts(403, 403) // rejected: queued twice (two zones)
	other := "ffffffffffffffffffffffffffffffff"
	got := runCommand(runReport, "", "submit", "--zone", testZone, valid)
	require.Equal(t, 2, got.code, got.stderr)
	got = runCommand(runReport, "", "submit", "--zone", other, valid)
	require.Equal(t, 2, got.code, got.stderr)
	require.Equal(t, 2, outboxFiles(t))

	// Only one zone's entry is sent with --zone.
	got = runCommand(runReport, "", "submit", "--retry-outbox", "--zone", testZone)
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "sent 1, already present 0, still in the outbox 0")
	assert.Equal(t, 1, f.Stored(testZone))
	assert.Equal(t, 1, outboxFiles(t))

	// Without --zone, the rest.
	got = runCommand(runReport, "", "submit", "--retry-outbox")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "sent 1, already present 0, still in the outbox 0")
	assert.Equal(t, 1, f.Stored(other))
	assert.Equal(t, 0, outboxFiles(t))

	got = runCommand(runReport, "", "submit", "--retry-outbox", valid)
	assert.Equal(t, 2, got.code)
	assert.NotContains(t, got.stdout+got.stderr, testToken)
}

func TestReportList(t *testing.T) {
	f := newFakeAPI(t)
	got := runCommand(runReport, "", "list", "--zone", testZone)
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "no feedback reports for zone "+testZone+"\n", got.stdout)

	f.Reports[testZone] = []json.RawMessage{
		json.RawMessage(`{"type":"false_positive","description":"a","expression":"cf.bot_management.score lt 30 and http.host eq \"shop.example.com\" and http.request.uri.path contains \"/checkout\"","first_request_seen_at":"2024-06-01T00:00:00Z","last_request_seen_at":"2024-06-01T01:00:00Z","requests":1234,"requests_by_score":{"5":1234},"requests_by_score_src":{"heuristics":1234},"requests_by_attribute":{},"created_at":"2024-06-02T10:00:00Z"}`),
		json.RawMessage(`{"type":"false_negative","subtype":"Scraping","description":"b","expression":"cf.bot_management.score gt 50","first_request_seen_at":"2024-06-03T00:00:00Z","last_request_seen_at":"2024-06-03T06:00:00Z","requests":98765432,"requests_by_score":{"60":98765432},"requests_by_score_src":{"machine_learning":98765432},"requests_by_attribute":{},"created_at":"2024-06-04T08:30:00Z"}`),
	}
	for _, tt := range []struct{ format, golden string }{{"table", "list.txt"}, {"json", "list.json"}} {
		got := runCommand(runReport, "", "list", "--zone", testZone, "--format", tt.format)
		assert.Equal(t, 0, got.code, got.stderr)
		assertReportGolden(t, tt.golden, versionless(got.stdout))
	}
	for _, args := range [][]string{{"list"}, {"list", "--zone", testZone, "--format", "csv"}, {"list", "--zone", testZone, "extra"}} {
		assert.Equal(t, 2, runCommand(runReport, "", args...).code, args)
	}
	t.Setenv(cfapi.EnvAPIToken, "wrong-"+testToken)
	got = runCommand(runReport, "", "list", "--zone", testZone)
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "Authentication error")
	assert.NotContains(t, got.stdout+got.stderr, testToken)
}

// TestWflintChecksReportBodies: "wflint FILE", "wflint ." (and so the
// pre-commit hook, which runs "wflint FILE…") check a report's body as
// "report validate" does, and show every finding in the same style.
func TestWflintChecksReportBodies(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "report", "invalid_report.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.json"), data, 0o644))
	frame := regexp.MustCompile(`(?m)^(error|warning|info)\[([a-z0-9-]+)\]: .*\n(?:  .*\n)* --> r\.json:(\d+:\d+)`)
	findings := func(out string) []string {
		var got []string
		for _, m := range frame.FindAllStringSubmatch(out, -1) {
			got = append(got, m[1]+" "+m[2]+" "+m[3])
		}
		return got
	}
	validate := wflint(t, dir, "", "report", "validate", "r.json")
	require.Equal(t, 1, validate.code, validate.stderr)
	want := findings(validate.stdout)
	assert.Contains(t, want, "error score-sum-mismatch 9:24")
	assert.Contains(t, want, "error timestamp-order 7:27")
	for _, args := range [][]string{{"r.json"}, {"."}} {
		got := wflint(t, dir, "", args...)
		assert.Equal(t, 1, got.code, got.stderr)
		assert.Equal(t, want, findings(got.stdout), "wflint %v", args)
	}

	// JSON and SARIF say which findings Cloudflare rejects, so CI can
	// gate on rejection alone.
	got := wflint(t, dir, "", "--format", "json", "r.json")
	var doc struct {
		Diagnostics []struct {
			Rule     string `json:"rule"`
			Rejected bool   `json:"rejected"`
		} `json:"diagnostics"`
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &doc), got.stdout)
	rejected := map[string]bool{}
	for _, d := range doc.Diagnostics {
		rejected[d.Rule] = d.Rejected
	}
	assert.True(t, rejected["score-sum-mismatch"], "the docs say the histogram must add up")
	assert.True(t, rejected["unknown-field"], "the expression names no such field")
	assert.False(t, rejected["invalid-metric"], "a metric's format is wflint's inference")
	assert.False(t, rejected["timestamp-order"], "a reversed window is wflint's inference")
	got = wflint(t, dir, "", "--format", "sarif", "r.json")
	assert.Contains(t, got.stdout, `"rejected": true`)
	assert.Contains(t, got.stdout, `"rejected": false`)
}

// TestReportValidateJSONIsWflintJSON: report validate --format json writes
// the JSON document of wflint itself, checked against the schema the
// README links, and for the same report the same diagnostics as wflint
// --format json; only the summary's fix counts differ (report validate
// fixes nothing). A report whose expression is no string shows its type
// error as a problem of the file in both (wflint adds that it found no
// expression to lint). A file it cannot read is in errors in both.
func TestReportValidateJSONIsWflintJSON(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("..", "..", "docs", "json-output.schema.json"))
	require.NoError(t, err)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "report", "invalid_report.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.json"), data, 0o644))
	notString := strings.Replace(string(data), `"expression": "`, `"expression": 5, "x": "`, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "n.json"), []byte(notString), 0o644))

	type document struct {
		Diagnostics []json.RawMessage `json:"diagnostics"`
		Errors      []json.RawMessage `json:"errors"`
		Summary     map[string]int    `json:"summary"`
	}
	run := func(code int, args ...string) document {
		t.Helper()
		got := wflint(t, dir, "", args...)
		require.Equal(t, code, got.code, got.stderr)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(got.stdout))
		require.NoError(t, err)
		require.NoError(t, sch.Validate(doc), "wflint %v", args)
		var d document
		require.NoError(t, json.Unmarshal([]byte(got.stdout), &d))
		return d
	}
	validate := run(1, "report", "validate", "--format", "json", "r.json")
	lint := run(1, "--format", "json", "r.json")
	require.NotEmpty(t, validate.Diagnostics)
	assert.Equal(t, lint.Diagnostics, validate.Diagnostics)
	assert.Equal(t, lint.Errors, validate.Errors)
	for _, k := range []string{"fixable", "unsafeFixable"} {
		assert.Zero(t, validate.Summary[k], k)
		delete(validate.Summary, k)
		delete(lint.Summary, k)
	}
	assert.Equal(t, lint.Summary, validate.Summary)

	validate = run(1, "report", "validate", "--format", "json", "n.json")
	lint = run(1, "--format", "json", "n.json")
	mismatch := ""
	for _, d := range validate.Diagnostics {
		assert.Contains(t, lint.Diagnostics, d)
		if strings.Contains(string(d), `"rule": "type-mismatch"`) {
			mismatch = string(d)
		}
	}
	assert.Contains(t, mismatch, `"profile": ""`, "the member's type is the file's problem")
	assert.NotContains(t, mismatch, `"docs"`, "the analyzer's type-mismatch page is about something else")

	// A file that cannot be read is in errors, as wflint has it.
	validate = run(2, "report", "validate", "--format", "json", "nope.json")
	lint = run(2, "--format", "json", "nope.json")
	require.Len(t, validate.Errors, 1)
	assert.Equal(t, lint.Errors, validate.Errors)
	assert.Equal(t, 1, validate.Summary["failures"])
}

// TestReportBuildBadInput: no LOGS with a terminal on stdin is a usage
// error with a hint; a corrupt .gz is reported and the other files count;
// pre-2010 timestamps are malformed lines, not a window reaching 1970.
func TestReportBuildBadInput(t *testing.T) {
	plain, gz, data := writeLogs(t)
	base := []string{"build", "--expr", testExpr, "--type", "false_positive", "--description", "d", "--quiet"}

	stdinIsTerminal = func(io.Reader) bool { return true }
	got := runCommand(runReport, "", base...)
	stdinIsTerminal = logpush.Interactive
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "no LOGS given and standard input is a terminal")
	assert.Empty(t, got.stdout)

	z, err := os.ReadFile(gz)
	require.NoError(t, err)
	trunc := filepath.Join(t.TempDir(), "trunc.ndjson.gz")
	require.NoError(t, os.WriteFile(trunc, z[:len(z)/2], 0o600))
	got = runCommand(runReport, "", append(base[:len(base)-1:len(base)-1], trunc, plain)...)
	assert.Contains(t, got.stderr, "trunc.ndjson.gz:")
	assert.Contains(t, got.stderr, "gzip data corrupt or truncated")
	assert.Contains(t, got.stderr, "the rest of the file was skipped")
	var r feedback.Report
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &r), got.stderr)
	assert.Positive(t, r.Requests)
	got = runCommand(runReport, "", append(append([]string(nil), base...), "--strict", trunc, plain)...)
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "trunc.ndjson.gz")

	old := `{"BotScore":5,"BotScoreSrc":"Heuristics","EdgeStartTimestamp":0,"ClientRequestHost":"shop.example.com"}` + "\n" +
		`{"BotScore":5,"BotScoreSrc":"Heuristics","EdgeStartTimestamp":-5,"ClientRequestHost":"shop.example.com"}` + "\n"
	got = runCommand(runReport, old+string(data), append(append([]string(nil), base[:len(base)-1]...), "-")...)
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &r), got.stderr)
	assert.True(t, strings.HasPrefix(r.FirstRequestSeenAt, "2024-"), r.FirstRequestSeenAt)
	assert.Contains(t, got.stderr, "before 2010")
}

// TestReportShowWithBuildSummary: report build --summary keeps what the
// report cannot hold; report show --summary adds requests over time and,
// per top list, the distinct values and whether it is exact.
func TestReportShowWithBuildSummary(t *testing.T) {
	plain, _, _ := writeLogs(t)
	dir := t.TempDir()
	rep, sum := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.summary.json")
	got := runCommand(runReport, "", "build", "--expr", testExpr, "--type", "false_positive", "--description", "d", "--quiet",
		"-o", rep, "--summary", sum, plain)
	require.Equal(t, 0, got.code, got.stderr)
	got = runCommand(runReport, "", "show", "--summary", sum, rep)
	require.Equal(t, 0, got.code, got.stderr)
	assertReportGolden(t, "show_fp_summary.txt", got.stdout)
	assert.Contains(t, got.stdout, "Requests over time (UTC)")
	assert.Regexp(t, `Top IPs \(10 of \d+ distinct, exact\)`, got.stdout)
	for _, line := range strings.Split(got.stdout, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, "line too wide: %q", line)
	}
}

// TestReportSubmitSIGTERM stops a real wflint process with SIGTERM while
// its POST is in flight at a server that has already stored the report:
// the report must be in the outbox, and --retry-outbox must find it in the
// zone's list rather than send it again. Exactly one report at the end.
func TestReportSubmitSIGTERM(t *testing.T) {
	f := newFakeAPI(t)
	arrived := make(chan struct{})
	// Script takes the server's lock: the handler reads the script on
	// another goroutine, after a request from another process, which
	// the race detector cannot see.
	f.Script([]cftest.Step{cftest.StoreThen(func(s *cftest.Server, w http.ResponseWriter, r *http.Request, b []byte) bool {
		close(arrived)
		return cftest.Hang(s, w, r, b)
	})}, nil)
	cmd := exec.Command(bin, "report", "submit", "--zone", testZone, filepath.Join("testdata", "report", "build_fp.json"))
	cmd.Env = os.Environ()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	require.NoError(t, cmd.Start())
	<-arrived
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, errb.String())
	assert.Equal(t, 2, ee.ExitCode(), "handled, not killed by the signal: %s", errb.String())
	assert.Contains(t, errb.String(), "saved to")
	require.Equal(t, 1, outboxFiles(t))

	got := wflint(t, ".", "", "report", "submit", "--retry-outbox")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "sent 0, already present 1, still in the outbox 0")
	assert.Equal(t, 1, f.Stored(testZone), "exactly one report")
	assert.Equal(t, 0, outboxFiles(t))
}

// TestReportFindingsBounded: a report with 40,000 duplicate metrics gets
// 20 duplicate-metric findings and one "and 39980 more", in every output
// and in what the editor is sent (the workspace's diagnostics), and the
// output stays small (it was 15 MB).
func TestReportFindingsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"false_negative","description":"d","expression":"cf.bot_management.score ge 30",` +
		`"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T06:00:00Z",` +
		`"requests":40002,"requests_by_score":{"30":40002},"requests_by_score_src":{"heuristics":40002},"requests_by_attribute":{"topIPs":[`)
	for i := range 40002 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"metric":"203.0.113.%d","requests":1}`, i%2)
	}
	b.WriteString("]}}\n")
	dir := t.TempDir()
	name := filepath.Join(dir, "r.json")
	require.NoError(t, os.WriteFile(name, []byte(b.String()), 0o600))
	const more = "and 39980 more duplicate-metric warnings in this report (showing the first 20)"

	check := func(what, out string) {
		t.Helper()
		// Text wraps the message; the words stay in order.
		assert.Equal(t, 1, strings.Count(strings.Join(strings.Fields(out), " "), more), what)
		assert.Less(t, len(out), 64<<10, "%s: output size", what)
	}
	got := runCommand(runReport, "", "validate", name)
	check("report validate", got.stdout)
	assert.Equal(t, 21, strings.Count(got.stdout, "warning[duplicate-metric]"))
	got = runCommand(runReport, "", "validate", "--format", "json", name)
	check("report validate --format json", got.stdout)
	assert.Equal(t, 21, strings.Count(got.stdout, `"rule": "duplicate-metric"`))
	plain := wflint(t, dir, "", "r.json")
	check("wflint r.json", plain.stdout)
	assert.Equal(t, 21, strings.Count(plain.stdout, "warning[duplicate-metric]"))
	assert.Contains(t, plain.stdout, "0 errors, 21 warnings")
	js := wflint(t, dir, "", "--format", "json", "r.json")
	check("wflint --format json", js.stdout)
	all := wflint(t, dir, "", "--max-per-rule", "0", "r.json")
	assert.Equal(t, 40000, strings.Count(all.stdout, "warning[duplicate-metric]"), "--max-per-rule 0 shows all")

	// What the language server publishes comes from the workspace.
	f := workspace.New(workspace.Settings{}).Lint(workspace.Source{Path: name, Text: []byte(b.String())})
	n := 0
	for _, d := range f.Diagnostics {
		if d.Rule == feedback.RuleDuplicateMetric {
			n++
		}
	}
	assert.Equal(t, 21, n)
}
