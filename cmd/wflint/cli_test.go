package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/runner"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/golden"
	"github.com/wflint/wflint/internal/output"
	"github.com/wflint/wflint/internal/runtest"
)

// bin is the wflint binary built once for all tests.
var bin string

// TestMain builds the real binary: the tests run it as users do, so exit
// codes, stdout/stderr separation and start-up are what they get. Set
// WFLINT_BIN to test a binary built elsewhere.
func TestMain(m *testing.M) {
	flag.Parse()
	if b := os.Getenv("WFLINT_BIN"); b != "" {
		bin = b
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "wflint-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bin = filepath.Join(dir, "wflint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building wflint: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const cliDir = "../../testdata/cli"

type result struct {
	stdout, stderr string
	code           int
}

// wflint runs the binary in dir with args and optional stdin.
func wflint(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "NO_COLOR=")
	stdout, stderr, code := runtest.Run(t, cmd)
	assert.NotContains(t, stderr, "goroutine ", "no panic traces")
	return result{stdout, stderr, code}
}

func assertGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Assert(t, filepath.Join(cliDir, "golden", name), got)
}

// versionless hides the tool version, which depends on the build.
func versionless(s string) string {
	return strings.ReplaceAll(s, `"version": "`+versionOf(s)+`"`, `"version": "VERSION"`)
}

func versionOf(s string) string {
	var v struct {
		Tool struct{ Version string } `json:"tool"`
		Runs []struct {
			Tool struct{ Driver struct{ Version string } }
		}
	}
	_ = json.Unmarshal([]byte(s), &v)
	if v.Tool.Version != "" {
		return v.Tool.Version
	}
	if len(v.Runs) > 0 {
		return v.Runs[0].Tool.Driver.Version
	}
	return "\x00"
}

var fixtures = []string{"waf.tf", "prod.tfvars", "ruleset.json", "report.json", "exprs.jsonl", "good.wf", "tab.wf", "broken.json", "ignored.tf", "project"}

func TestGoldenFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			r := wflint(t, cliDir, "", append([]string{"--format", format}, fixtures...)...)
			assert.Equal(t, exitFindings, r.code, r.stderr)
			assertGolden(t, "all."+format, versionless(r.stdout))
		})
	}
}

func TestAcceptanceExample(t *testing.T) {
	expr := `http.host eq 'www.example.com' and http.request.uri.path starts_with '/products'`
	r := wflint(t, ".", "", "-e", expr)
	assert.Equal(t, exitFindings, r.code)
	assertGolden(t, "acceptance.text", r.stdout)
	// Each mistake has a caret under its exact span, the suggested fix
	// (safe: it writes what Cloudflare rejects as it was meant) and where
	// to read more.
	assert.Contains(t, r.stdout, "\n  |              ^^^^^^^^^^^^^^^^^\n  = fix: Use \"www.example.com\"\n  = see: wflint explain single-quoted-string\n")
	assert.Contains(t, r.stdout, "\n  |                                                          ^^^^^^^^^^^\n  = fix: Call starts_with: `starts_with(http.request.uri.path, \"/products\")`\n")
	assert.Contains(t, r.stdout, "\n  |                                                                      ^^^^^^^^^^^\n  = fix: Use \"/products\"\n")
	assert.Contains(t, r.stdout, "3 errors, 0 warnings, 0 infos")
	assert.NotContains(t, r.stdout, "--fix", "--fix rewrites files, not -e")
}

func TestCaretUnderEscapedQuoteInTerraform(t *testing.T) {
	dir := t.TempDir()
	// The mistake is the escaped quote's string: `\"é` is 3 bytes in the
	// file but 2 characters of the expression.
	src := "resource \"cloudflare_filter\" \"f\" {\n  expression = \"http.host eq \\\"é\\\" and http.host eq 'x'\"\n}\n"
	writeFiles(t, dir, map[string]string{"main.tf": src})
	r := wflint(t, dir, "", "--format", "json", "main.tf")
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Len(t, rep.Diagnostics, 1)
	d := rep.Diagnostics[0]
	assert.Equal(t, "single-quoted-string", d.Rule)
	line := strings.Split(src, "\n")[1]
	assert.Equal(t, 2, d.Range.Start.Line)
	assert.Equal(t, strings.Index(line, "'x'")+1, d.Range.Start.ByteColumn)
	assert.Equal(t, len([]rune(line[:strings.Index(line, "'x'")]))+1, d.Range.Start.Column)
	assert.Equal(t, `\"x\"`, d.Fixes[0].Edits[0].NewText, "fix text is escaped for HCL")

	r = wflint(t, dir, "", "main.tf")
	pad := strings.Repeat(" ", len([]rune(line[:strings.Index(line, "'x'")])))
	assert.Contains(t, r.stdout, "2 | "+line+"\n  | "+pad+"^^^\n")
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) { writeFiles(t, dir, map[string]string{name: content}) }
	write("ok.wf", "http.host eq \"a.example\" and cf.bot_management.score lt 30\n")
	write("warn.wf", "ip.src in {198.51.100.1 198.51.100.1} and cf.bot_management.score lt 30\n")
	write("info.wf", "not ip.src eq 93.184.216.34 and cf.bot_management.score lt 30\n")
	write("bin.wf", "http.host\x00eq\n")
	write("latin1.wf", "http.host eq \"caf\xe9\"\n")
	big, err := os.Create(filepath.Join(dir, "huge.wf"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(runner.MaxFileSize+1)) // sparse: no real 50 MB write
	require.NoError(t, big.Close())
	write("bad.yaml", "profile: nope\n")

	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"clean", []string{"ok.wf"}, "", exitOK, ""},
		{"findings", []string{"-e", "http.host eq 'a'"}, "", exitFindings, ""},
		{"warning under fail-on error", []string{"warn.wf"}, "", exitOK, ""},
		{"warning with fail-on warning", []string{"--fail-on", "warning", "warn.wf"}, "", exitFindings, ""},
		{"info never fails by default", []string{"--fail-on", "warning", "info.wf"}, "", exitOK, ""},
		{"stdin", []string{"-"}, "http.host eq 'a'", exitFindings, ""},
		{"stdin clean", []string{"-"}, "http.host eq \"a\" and cf.bot_management.score lt 30", exitOK, ""},
		{"missing file", []string{"nope.wf", "ok.wf"}, "", exitFailure, "nope.wf: no such file or directory"},
		{"binary file", []string{"bin.wf", "ok.wf"}, "", exitFailure, "bin.wf: binary file"},
		{"invalid utf-8", []string{"latin1.wf"}, "", exitFailure, "latin1.wf: not valid UTF-8 (first invalid byte at line 1, column 18)"},
		{"huge file", []string{"huge.wf"}, "", exitFailure, "larger than the 50 MB limit"},
		{"bad flag", []string{"--nope"}, "", exitFailure, "flag provided but not defined"},
		{"bad format", []string{"--format", "xml", "ok.wf"}, "", exitFailure, `invalid value "xml" for flag --format: want text, json, sarif or github`},
		{"bad rule", []string{"--disable", "no-such-rule", "ok.wf"}, "", exitFailure, "unknown rule"},
		{"bad config", []string{"--config", "bad.yaml", "ok.wf"}, "", exitFailure, "bad.yaml:1:10: profile \"nope\""},
		{"fix needs files", []string{"--fix", "-e", "a"}, "", exitFailure, "--fix rewrites files"},
		{"unknown explain", []string{"explain", "single-quote-string"}, "", exitFailure, "did you mean \"single-quoted-string\""},
		{"version", []string{"--version"}, "", exitOK, ""},
		{"help", []string{"--help"}, "", exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := wflint(t, dir, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			if tt.stderr != "" {
				assert.Contains(t, r.stderr, tt.stderr)
			}
		})
	}
}

func TestBadConfigHasLine(t *testing.T) {
	r := wflint(t, cliDir, "", "badconfig")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "badconfig/.wflint.yaml:2:1: unknown key \"rulez\"")
}

func TestConfigExcludeAndProfile(t *testing.T) {
	r := wflint(t, cliDir, "", "--format", "json", "project")
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	assert.Equal(t, 1, rep.Summary.Files, "*.skip.wf is excluded")
	for _, d := range rep.Diagnostics {
		assert.Equal(t, "rules", d.Profile)
		assert.NotEqual(t, "unknown-list", d.Rule, "$office_ips comes from the config")
	}
	// --profile overrides the config.
	r = wflint(t, cliDir, "", "--format", "json", "--profile", "feedback", "project")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	assert.Equal(t, "feedback", rep.Diagnostics[0].Profile)
}

func TestSARIFShape(t *testing.T) {
	r := wflint(t, cliDir, "", append([]string{"--format", "sarif"}, fixtures...)...)
	var log map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log))
	// The properties GitHub code scanning requires, per its SARIF support
	// page and the 2.1.0 schema.
	assert.Equal(t, "2.1.0", log["version"])
	assert.Contains(t, log["$schema"], "sarif-2.1.0")
	runs := log["runs"].([]any)
	require.Len(t, runs, 1)
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	assert.Equal(t, "wflint", driver["name"])
	rules := driver["rules"].([]any)
	ruleIDs := map[string]int{}
	for i, x := range rules {
		rule := x.(map[string]any)
		id := rule["id"].(string)
		ruleIDs[id] = i
		assert.NotEmpty(t, rule["shortDescription"].(map[string]any)["text"], id)
		if !isHostRule(rule) {
			assert.NotEmpty(t, rule["help"].(map[string]any)["markdown"], id)
			assert.True(t, strings.HasPrefix(rule["helpUri"].(string), "https://"), id)
		}
		level := rule["defaultConfiguration"].(map[string]any)["level"]
		assert.Contains(t, []any{"error", "warning", "note"}, level)
	}
	results := run["results"].([]any)
	require.NotEmpty(t, results)
	for _, x := range results {
		res := x.(map[string]any)
		id := res["ruleId"].(string)
		assert.Equal(t, float64(ruleIDs[id]), res["ruleIndex"], id)
		assert.NotEmpty(t, res["message"].(map[string]any)["text"])
		assert.Contains(t, []any{"error", "warning", "note"}, res["level"])
		locs := res["locations"].([]any)
		require.Len(t, locs, 1)
		phys := locs[0].(map[string]any)["physicalLocation"].(map[string]any)
		uri := phys["artifactLocation"].(map[string]any)["uri"].(string)
		assert.False(t, filepath.IsAbs(uri), "URIs are relative to the checkout")
		region := phys["region"].(map[string]any)
		for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
			assert.GreaterOrEqual(t, region[k], float64(1), k)
		}
		assert.NotEmpty(t, res["partialFingerprints"])
	}
	assert.Equal(t, "utf16CodeUnits", run["columnKind"])
}

// isHostRule tells the host-file problem codes, which have no doc page,
// from analyzer rules.
func isHostRule(rule map[string]any) bool {
	tags, _ := rule["properties"].(map[string]any)["tags"].([]any)
	return len(tags) == 1 && tags[0] == "host"
}

func TestSARIFColumnsAreUTF16(t *testing.T) {
	// 😀 is one code point but two UTF-16 code units.
	r := wflint(t, ".", "", "--format", "sarif", "-e", `http.user_agent eq "😀" and http.host eq 'x'`)
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ Region struct{ StartColumn int } }
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log))
	res := log.Runs[0].Results
	require.NotEmpty(t, res)
	reg := res[0].Locations[0].PhysicalLocation.Region
	assert.Equal(t, len(`http.user_agent eq "`)+2+len(`" and http.host eq `)+1, reg.StartColumn)
}

func TestDeterministicParallelOutput(t *testing.T) {
	dir := t.TempDir()
	for i := range 60 {
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", i%7))
		require.NoError(t, os.MkdirAll(sub, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%02d.wf", i)), []byte(fmt.Sprintf("http.host eq 'h%d'\n", i)), 0o644))
	}
	first := wflint(t, dir, "", "-j", "8", ".")
	assert.Equal(t, exitFindings, first.code)
	assert.Contains(t, first.stdout, "60 errors")
	for range 3 {
		again := wflint(t, dir, "", "-j", "8", ".")
		assert.Equal(t, first.stdout, again.stdout)
	}
}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	tf := "# untouched comment\nresource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"http.host eq 'caf\\u00e9' and http.request.uri.path starts_with '/p'\" # keep\n    action = \"block\"\n  }\n}\n"
	js := "{\"rules\": [{\"expression\": \"http.host eq 'a\\u00e9'\",  \"action\": \"block\"}]}\n"
	writeFiles(t, dir, map[string]string{"main.tf": tf, "r.json": js})
	r := wflint(t, dir, "", "--fix", "main.tf", "r.json")
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "fixed main.tf")
	got, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	require.NoError(t, err)
	assert.Equal(t, "# untouched comment\nresource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"http.host eq \\\"caf\\u00e9\\\" and starts_with(http.request.uri.path, \\\"/p\\\")\" # keep\n    action = \"block\"\n  }\n}\n", string(got))
	got, err = os.ReadFile(filepath.Join(dir, "r.json"))
	require.NoError(t, err)
	assert.Equal(t, "{\"rules\": [{\"expression\": \"http.host eq \\\"a\\u00e9\\\"\",  \"action\": \"block\"}]}\n", string(got))
}

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	tf := "resource \"cloudflare_filter\" \"f\" {\n  expression = \"http.host  eq \\\"a\\\"   and(ip.src eq 192.0.2.1)\"   # keep\n}\n"
	wf := "http.host eq \"a\"and ip.src eq 192.0.2.1\n"
	writeFiles(t, dir, map[string]string{"main.tf": tf, "a.wf": wf})

	r := wflint(t, dir, "", "fmt", "--check", "main.tf", "a.wf")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.Equal(t, "main.tf\na.wf\n", r.stdout)

	r = wflint(t, dir, "", "fmt", "--diff", "main.tf")
	assert.Equal(t, exitFindings, r.code)
	assertGolden(t, "fmt.diff", r.stdout)

	r = wflint(t, dir, "", "fmt", "-w", "main.tf", "a.wf")
	assert.Equal(t, exitOK, r.code, r.stderr)
	got, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	assert.Equal(t, "resource \"cloudflare_filter\" \"f\" {\n  expression = \"http.host eq \\\"a\\\" and (ip.src eq 192.0.2.1)\"   # keep\n}\n", string(got))
	got, _ = os.ReadFile(filepath.Join(dir, "a.wf"))
	assert.Equal(t, "http.host eq \"a\" and ip.src eq 192.0.2.1\n", string(got))

	r = wflint(t, dir, "", "fmt", "--check", "main.tf", "a.wf")
	assert.Equal(t, exitOK, r.code)

	r = wflint(t, dir, "", "fmt", "-e", "ip.src  eq 192.0.2.1")
	assert.Equal(t, "ip.src eq 192.0.2.1", r.stdout)
}

func TestRulesAndExplain(t *testing.T) {
	r := wflint(t, ".", "", "rules")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "single-quoted-string")
	r = wflint(t, ".", "", "explain", "single-quoted-string")
	assert.Equal(t, exitOK, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "# single-quoted-string\n"))
	assert.Contains(t, r.stdout, "Online: https://")
}

func TestFlagsAfterPaths(t *testing.T) {
	r := wflint(t, cliDir, "", "good.wf", "--format", "json")
	assert.Equal(t, exitOK, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "{"))
	r = wflint(t, cliDir, "", "--", "--format")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "--format: no such file")
}

func TestColorOnlyWhenAsked(t *testing.T) {
	// Not a TTY (a pipe): no escape codes even without NO_COLOR.
	r := wflint(t, ".", "", "-e", "http.host eq 'a'")
	assert.NotContains(t, r.stdout, "\x1b[")
}

func TestRunNeverPanics(t *testing.T) {
	// In-process: a panicking command is turned into exit 2 and one line.
	saved := program.Root.Subs
	program.Root.Subs = append(saved[:len(saved):len(saved)], &cmdline.Command[*env]{Name: "boom", Flags: cmdline.NoFlags(func(*env, []string) int { panic("kaboom") })})
	defer func() { program.Root.Subs = saved }()
	var out, errb bytes.Buffer
	code := run([]string{"boom"}, strings.NewReader(""), &out, &errb)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errb.String(), "internal error: kaboom")
	assert.NotContains(t, errb.String(), "goroutine")
}

func TestProfileEngine2020(t *testing.T) {
	// The 2020 engine's profile is a profile like any other (it used to
	// be read as a schema file name here while the editor knew it).
	r := wflint(t, cliDir, "", "--profile", "engine2020", "--format", "json", "good.wf")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stderr)
}

func TestHelpListsEveryFlag(t *testing.T) {
	r := wflint(t, ".", "", "--help")
	for _, fl := range []string{"--profile PROFILE", "--config FILE", "--format FORMAT", "--fail-on SEVERITY", "-j, --jobs N", "-e EXPR", "--color WHEN"} {
		assert.Contains(t, r.stdout, "  "+fl+" ", fl)
	}
	program.Walk(func(path string, c *cmdline.Command[*env]) {
		assert.Contains(t, r.stdout, path+" ", path)
	})
	r = wflint(t, ".", "", "fmt", "--help")
	for _, fl := range []string{"--check", "-w", "--diff"} {
		assert.Contains(t, r.stdout, "  "+fl+" ", fl)
	}
}

// TestEveryCommandHasHelp: "wflint help CMD" and "CMD --help" exit 0 and
// show every flag in its --flag form.
func TestEveryCommandHasHelp(t *testing.T) {
	program.Walk(func(path string, c *cmdline.Command[*env]) {
		words := strings.Fields(path)[1:]
		for _, args := range [][]string{append([]string{"help"}, words...), append(words, "--help"), append(words, "-h")} {
			r := wflint(t, ".", "", args...)
			assert.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			assert.Contains(t, r.stdout, path, args)
			fs, _ := c.FlagSet(path)
			for _, d := range cmdline.FlagDocs(fs) {
				assert.Contains(t, r.stdout, "  "+d.String(), "%v", args)
				for _, n := range d.Names {
					if len(n) > 1 {
						assert.NotContains(t, r.stdout, " -"+n+" ", "single-dash long flag in %v", args)
					}
				}
			}
		}
	})
	r := wflint(t, ".", "", "help", "frobnicate")
	assert.Equal(t, exitFailure, r.code)
	r = wflint(t, ".", "", "report")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "wflint report build")
}

func TestJobsFlagForms(t *testing.T) {
	for _, args := range [][]string{{"-j2"}, {"-j", "2"}, {"--jobs=2"}, {"--jobs", "2"}, {"-j=2"}} {
		r := wflint(t, ".", "", append(args, "-e", `http.host eq "a" and cf.bot_management.score lt 30`)...)
		assert.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
	}
	// A value that looks like a short flag with a value stays a value.
	r := wflint(t, ".", "", "-e", "-j2")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	r = wflint(t, ".", "", "-jx", "-e", "x")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "Run 'wflint --help' for usage.")
}

func TestOneVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds wfls")
	}
	wfls := filepath.Join(t.TempDir(), "wfls")
	out, err := exec.Command("go", "build", "-o", wfls, "../wfls").CombinedOutput()
	require.NoError(t, err, "%s", out)
	ls, err := exec.Command(wfls, "--version").Output()
	require.NoError(t, err)
	r := wflint(t, ".", "", "--version")
	assert.Equal(t, strings.TrimPrefix(string(ls), "wfls "), strings.TrimPrefix(r.stdout, "wflint "))
	assert.Equal(t, r.stdout, wflint(t, ".", "", "version").stdout)
}

func TestColor(t *testing.T) {
	expr := []string{"-e", "http.host eq 'a'"}
	run := func(env []string, args ...string) string {
		cmd := exec.Command(bin, append(args, expr...)...)
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return string(out)
	}
	const esc = "\x1b["
	assert.NotContains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE="}), esc, "a pipe is no terminal")
	assert.Contains(t, run([]string{"NO_COLOR=1"}, "--color=always"), esc)
	assert.NotContains(t, run([]string{"NO_COLOR=1", "CLICOLOR_FORCE=1"}), esc)
	assert.Contains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE=1"}), esc)
	assert.NotContains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE=1"}, "--color", "never"), esc)
	r := wflint(t, ".", "", "--color=sometimes", "-e", "x")
	assert.Equal(t, exitFailure, r.code)
}

// completionScript writes wflint's script for a shell to a file.
func completionScript(t *testing.T, sh string) string {
	t.Helper()
	r := wflint(t, ".", "", "completion", sh)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "wflint __complete")
	script := filepath.Join(t.TempDir(), "wflint."+sh)
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o644))
	return script
}

// shellArgs run a completion in each shell, from the words typed so
// far (the last one being completed), with the shell's own script loaded
// and wflint on PATH: bash calls the completion function as bash would,
// fish uses its completion engine (complete -C), and zsh calls the
// function with compadd standing in for the completion system, which
// needs a terminal.
var shellArgs = map[string][]string{
	"bash": {"--norc", "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wflint; printf '%s\n' "${COMPREPLY[@]}"`, "bash"},
	"zsh": {"-fc", `compdef() { :; }; compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }; _files() { :; }
source "$1"; shift; words=("$@"); CURRENT=$#; _wflint`, "zsh"},
	"fish": {"--no-config", "-c", `source $argv[1]; complete -C (string join ' ' -- $argv[2..-1])`},
}

// TestCompletion sources the generated script in bash, zsh and fish
// (where installed) and completes commands, flags, profile names and rule
// IDs.
func TestCompletion(t *testing.T) {
	cases := []struct {
		words []string
		want  []string
	}{
		{[]string{"wflint", "expl"}, []string{"explain"}},
		{[]string{"wflint", "--prof"}, []string{"--profile"}},
		{[]string{"wflint", "--profile", "ru"}, []string{"rules"}},
		{[]string{"wflint", "explain", "single-"}, []string{"single-element-range", "single-equals", "single-quoted-string"}},
		{[]string{"wflint", "report", "bu"}, []string{"build"}},
		{[]string{"wflint", "report", "build", "--expr-f"}, []string{"--expr-file"}},
		{[]string{"wflint", "lint", "--format", "s"}, []string{"sarif"}},
		{[]string{"wflint", "--color", "al"}, []string{"always"}},
		{[]string{"wflint", "fmt", "--ch"}, []string{"--check"}},
		{[]string{"wflint", "completion", "z"}, []string{"zsh"}},
		{[]string{"wflint", "a.tf", "zz"}, nil}, // file names are the shell's
	}
	for _, sh := range cmdline.Shells {
		t.Run(sh, func(t *testing.T) {
			if testing.Short() {
				t.Skipf("-short: runs %s on the completion script", sh)
			}
			path, err := exec.LookPath(sh)
			if err != nil {
				t.Skipf("%s not found", sh)
			}
			script := completionScript(t, sh)
			complete := func(words []string) []string {
				t.Helper()
				cmd := exec.Command(path, append(append(append([]string(nil), shellArgs[sh]...), script), words...)...)
				cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s", out)
				return strings.Fields(string(out))
			}
			for _, c := range cases {
				assert.ElementsMatch(t, c.want, complete(c.words), "%q", c.words)
			}
			if sh == "bash" {
				// bash splits --profile=ru at "=" (COMP_WORDBREAKS).
				assert.Equal(t, []string{"rules"}, complete([]string{"wflint", "--profile", "=", "ru"}))
			} else {
				assert.Equal(t, []string{"--profile=rules"}, complete([]string{"wflint", "--profile=ru"}))
			}
		})
	}
	r := wflint(t, ".", "", "completion", "tcsh")
	assert.Equal(t, exitFailure, r.code)
}

// TestManPage renders the generated page with man -l where man exists.
func TestManPage(t *testing.T) {
	r := wflint(t, ".", "", "man")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, ".TH WFLINT 1 "))
	if testing.Short() {
		t.Skip("-short: the page is not rendered with man")
	}
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("man not found: the page is not rendered")
	}
	page := filepath.Join(t.TempDir(), "wflint.1")
	require.NoError(t, os.WriteFile(page, []byte(r.stdout), 0o644))
	cmd := exec.Command(man, "-l", page)
	cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LANG=C.UTF-8")
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("man -l: %v: %s", err, ee.Stderr)
	}
	require.NoError(t, err)
	text := string(out)
	for _, want := range []string{"NAME", "SYNOPSIS", "wflint report build", "--profile", "EXIT STATUS", "NO_COLOR"} {
		assert.Contains(t, text, want)
	}
}
