package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the test reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var a action
	require.NoError(t, yaml.Unmarshal(data, &a))
	return &a
}

// actionRun is one run of the composite action's steps, as the runner
// would do it, on this machine: run steps are bash scripts run the way the
// runner runs them, with their env evaluated; uses steps (setup-go and the
// code-scanning upload, which need GitHub) are not run, but their if: is
// evaluated and recorded.
type actionRun struct {
	t         *testing.T
	a         *action
	inputs    map[string]string
	github    map[string]string
	env       []string // the runner's own variables (RUNNER_*, GITHUB_WORKSPACE…)
	workspace string
	temp      string                       // RUNNER_TEMP
	outputs   map[string]map[string]string // by step ID
	// ran lists the steps that ran (by name), skipped those whose if: was
	// false; logs holds each run step's output, failed the first step
	// that failed.
	ran, skipped []string
	logs         map[string]string
	failed       string
	failedCode   int
}

var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// value evaluates one operand of an expression: a context value or a
// quoted literal.
func (r *actionRun) value(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") {
		return strings.Trim(s, "'")
	}
	parts := strings.Split(s, ".")
	switch {
	case parts[0] == "inputs" && len(parts) == 2:
		v, ok := r.inputs[parts[1]]
		if !ok {
			in, known := r.a.Inputs[parts[1]]
			require.True(r.t, known, "action.yml uses an input it does not declare: %s", s)
			v = in.Default
		}
		return v
	case parts[0] == "github" && len(parts) == 2:
		v, ok := r.github[parts[1]]
		require.True(r.t, ok, "the test does not know %s", s)
		return v
	case parts[0] == "steps" && len(parts) == 4 && parts[2] == "outputs":
		return r.outputs[parts[1]][parts[3]]
	}
	r.t.Fatalf("the test cannot evaluate %q", s)
	return ""
}

// eval evaluates the expressions action.yml uses: operands joined by ||
// (the first non-empty), comparisons with == and !=, && between them,
// always().
func (r *actionRun) eval(s string) string {
	var and []string
	for _, conj := range strings.Split(s, "&&") {
		conj = strings.TrimSpace(conj)
		var v string
		switch {
		case conj == "always()":
			v = "true"
		case strings.Contains(conj, "!="):
			a, b, _ := strings.Cut(conj, "!=")
			v = boolString(r.value(a) != r.value(b))
		case strings.Contains(conj, "=="):
			a, b, _ := strings.Cut(conj, "==")
			v = boolString(r.value(a) == r.value(b))
		default:
			for _, alt := range strings.Split(conj, "||") {
				if v = r.value(alt); v != "" {
					break
				}
			}
		}
		and = append(and, v)
	}
	if len(and) == 1 {
		return and[0]
	}
	for _, v := range and {
		if v != "true" {
			return "false"
		}
	}
	return "true"
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// substitute replaces every ${{ … }} in s.
func (r *actionRun) substitute(s string) string {
	return expr.ReplaceAllStringFunc(s, func(m string) string { return r.eval(expr.FindStringSubmatch(m)[1]) })
}

// condition evaluates a step's if:, which may be written without ${{ }};
// an empty one means success(): no step before has failed.
func (r *actionRun) condition(s string) bool {
	if s == "" {
		return r.failed == ""
	}
	if m := expr.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if !strings.Contains(s, "always()") && r.failed != "" {
		return false
	}
	return r.eval(s) == "true"
}

// run runs the steps in order.
func (r *actionRun) run() {
	t := r.t
	for _, st := range r.a.Runs.Steps {
		name := st.Name
		if name == "" {
			name = st.ID
		}
		if !r.condition(st.If) {
			r.skipped = append(r.skipped, name)
			continue
		}
		r.ran = append(r.ran, name)
		if st.Uses != "" {
			for _, v := range st.With {
				r.substitute(v) // fails on what the test cannot evaluate
			}
			continue
		}
		require.Equal(t, "bash", st.Shell, name)
		require.NotContains(t, st.Run, "${{", "%s: inputs reach the script through env only", name)
		dir := t.TempDir()
		script := filepath.Join(dir, "script.sh")
		require.NoError(t, os.WriteFile(script, []byte(st.Run), 0o644))
		outFile := filepath.Join(dir, "output")
		require.NoError(t, os.WriteFile(outFile, nil, 0o644))
		// As the runner runs a bash step.
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = r.workspace
		cmd.Env = append(append(os.Environ(), r.env...), "GITHUB_OUTPUT="+outFile)
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+r.substitute(v))
		}
		out, err := cmd.CombinedOutput()
		r.logs[name] = string(out)
		outputs := map[string]string{}
		data, rerr := os.ReadFile(outFile)
		require.NoError(t, rerr)
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), "=")
			require.True(t, ok, "%s: GITHUB_OUTPUT line %q", name, sc.Text())
			outputs[k] = v
		}
		if st.ID != "" {
			r.outputs[st.ID] = outputs
		}
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			require.True(t, ok, "%s: %v", name, err)
			if r.failed == "" {
				r.failed, r.failedCode = name, ee.ExitCode()
			}
		}
	}
}

// TestAction runs action.yml's steps against a sample repository
// (testdata/action/repo): with a release (a local one that
// scripts/release.sh builds for this machine, served through file://),
// and without one, when the action builds wflint from its own source. It
// checks the SARIF log the steps leave, and how fail-on ends the action.
func TestAction(t *testing.T) {
	a := readAction(t)
	require.Equal(t, "composite", a.Runs.Using)
	for _, in := range []string{"paths", "profile", "fail-on", "args"} {
		assert.Contains(t, a.Inputs, in)
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	section := string(readme)[strings.Index(string(readme), "### GitHub Actions"):]
	section = section[:strings.Index(section, "\n## ")]
	for in := range a.Inputs {
		assert.Contains(t, section, "| `"+in+"` |", "the README's GitHub Actions section does not document input %s", in)
	}
	assert.Contains(t, section, "uses: wflint/wflint@")
	if testing.Short() {
		t.Skip("-short: builds a release archive and runs the action's steps")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not found: the install step downloads with it")
	}
	osName := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if osName == "" || arch == "" || runtime.GOOS == "windows" {
		t.Skipf("no release is built for %s/%s runners here", runtime.GOOS, runtime.GOARCH)
	}
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)

	// A releases page, as file://BASE/download/VERSION/FILE.
	releases := t.TempDir()
	const version = "v0.0.0-action"
	rel := exec.Command(filepath.Join(repo, "scripts", "release.sh"), version, filepath.Join(releases, "download", version), runtime.GOOS+"/"+runtime.GOARCH)
	rel.Dir = repo
	out, err := rel.CombinedOutput()
	require.NoError(t, err, "%s", out)

	start := func(t *testing.T, inputs, github map[string]string) *actionRun {
		workspace := filepath.Join(t.TempDir(), "repo")
		out, err := exec.Command("cp", "-R", filepath.Join(repo, "testdata", "action", "repo"), workspace).CombinedOutput()
		require.NoError(t, err, "%s", out)
		temp := t.TempDir()
		gh := map[string]string{"action_path": repo, "action_ref": version, "workspace": workspace}
		for k, v := range github {
			gh[k] = v
		}
		r := &actionRun{t: t, a: a, inputs: inputs, github: gh, workspace: workspace, temp: temp,
			outputs: map[string]map[string]string{}, logs: map[string]string{},
			env: []string{"RUNNER_OS=" + osName, "RUNNER_ARCH=" + arch, "RUNNER_TEMP=" + temp,
				"GITHUB_WORKSPACE=" + workspace, "GITHUB_PATH=" + filepath.Join(temp, "path"),
				"WFLINT_RELEASES=file://" + releases}}
		r.run()
		return r
	}
	sarif := func(t *testing.T, r *actionRun) (results []map[string]any) {
		t.Helper()
		file := r.outputs["lint"]["sarif-file"]
		require.NotEmpty(t, file, "the lint step names the SARIF file: %s", r.logs["Lint"])
		data, err := os.ReadFile(filepath.Join(r.workspace, file))
		require.NoError(t, err)
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name, Version string
					}
				}
				Results []map[string]any `json:"results"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(data, &log), "%s", data)
		assert.Equal(t, "2.1.0", log.Version)
		require.Len(t, log.Runs, 1)
		assert.Equal(t, "wflint", log.Runs[0].Tool.Driver.Name)
		return log.Runs[0].Results
	}
	where := func(res map[string]any) string {
		loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		return res["ruleId"].(string) + " " + loc["artifactLocation"].(map[string]any)["uri"].(string)
	}

	t.Run("release", func(t *testing.T) {
		r := start(t, nil, nil)
		assert.Equal(t, "true", r.outputs["install"]["installed"], r.logs["Install wflint"])
		assert.Contains(t, r.logs["Install wflint"], "OK", "the archive is checked against SHA256SUMS")
		assert.Contains(t, r.logs["Install wflint"], "wflint "+version, "the released binary runs")
		assert.Contains(t, r.skipped, "Set up Go to build wflint")
		assert.Contains(t, r.ran, "Upload to code scanning", "the SARIF log is uploaded even though the lint found errors")
		assert.Equal(t, "1", r.outputs["lint"]["exit-code"])
		var got []string
		for _, res := range sarif(t, r) {
			got = append(got, where(res))
		}
		assert.ElementsMatch(t, []string{"single-quoted-string infra/waf.tf", "regex-unescaped-metachar infra/waf.tf"}, got)
		assert.Contains(t, r.logs["Lint"], "2 findings")
		assert.Equal(t, "Verdict", r.failed, "an error fails the action, at the end")
		assert.Equal(t, 1, r.failedCode)
		assert.Contains(t, r.logs["Verdict"], "::error::wflint found problems")
		path, err := os.ReadFile(filepath.Join(r.temp, "path"))
		require.NoError(t, err)
		assert.Contains(t, string(path), "wflint_"+runtime.GOOS+"_"+runtime.GOARCH, "later steps can run wflint")
	})

	t.Run("inputs", func(t *testing.T) {
		r := start(t, map[string]string{"paths": "rules\ninfra/waf.tf", "fail-on": "none", "args": "--disable regex-unescaped-metachar  --max-per-rule 0", "profile": "rules", "sarif-file": "out/w.sarif", "upload": "false"}, nil)
		assert.Empty(t, r.failed, "fail-on none: findings never fail the action\n%s", r.logs)
		assert.Contains(t, r.skipped, "Upload to code scanning")
		var got []string
		for _, res := range sarif(t, r) {
			got = append(got, where(res))
		}
		assert.Equal(t, []string{"single-quoted-string infra/waf.tf"}, got, "--disable reached wflint")
	})

	t.Run("clean", func(t *testing.T) {
		r := start(t, map[string]string{"paths": "rules", "fail-on": "info"}, nil)
		assert.Empty(t, r.failed, "%s", r.logs)
		assert.Equal(t, "0", r.outputs["lint"]["exit-code"])
		assert.Empty(t, sarif(t, r))
	})

	t.Run("bad fail-on", func(t *testing.T) {
		r := start(t, map[string]string{"fail-on": "warnings"}, nil)
		assert.Equal(t, "Lint", r.failed)
		assert.Contains(t, r.logs["Lint"], `fail-on is "warnings"`)
		assert.Contains(t, r.skipped, "Verdict")
	})

	t.Run("missing release asked for", func(t *testing.T) {
		r := start(t, map[string]string{"version": "v9.9.9"}, nil)
		assert.Equal(t, "Install wflint", r.failed)
		assert.Contains(t, r.logs["Install wflint"], "::error::wflint: could not download")
	})

	t.Run("built from source", func(t *testing.T) {
		// At a branch, no release matches: the action sets up Go (not
		// run here: Go is on PATH) and builds its own checkout.
		r := start(t, nil, map[string]string{"action_ref": "main"})
		assert.Equal(t, "false", r.outputs["install"]["installed"])
		assert.Contains(t, r.ran, "Set up Go to build wflint")
		assert.NotEmpty(t, r.outputs["build"]["bin"], r.logs["Build wflint from the action's source"])
		assert.Len(t, sarif(t, r), 2)
		assert.Equal(t, "Verdict", r.failed)
	})
}

// TestReleaseWorkflow: the release workflow runs on version tags, builds
// with scripts/release.sh and checks the result, packs the VS Code
// extension for every platform release.sh builds, and pastes no
// expression into a script.
func TestReleaseWorkflow(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/release.yml")
	require.NoError(t, err)
	var wf struct {
		On struct {
			Push struct {
				Tags []string `yaml:"tags"`
			} `yaml:"push"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Steps []actionStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(data, &wf))
	require.NotEmpty(t, wf.On.Push.Tags)
	var scripts strings.Builder
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			assert.NotContains(t, st.Run, "${{", "%s: expressions reach scripts through env", st.Name)
			scripts.WriteString(st.Run + "\n")
		}
	}
	for _, want := range []string{"scripts/release.sh", "sha256sum -c SHA256SUMS", "cmp dist/SHA256SUMS", "package-target.sh", "gh release create"} {
		assert.Contains(t, scripts.String(), want)
	}
	release, err := os.ReadFile("../../scripts/release.sh")
	require.NoError(t, err)
	m := regexp.MustCompile(`platforms=\((linux/[^)]*)\)`).FindSubmatch(release)
	require.NotNil(t, m, "release.sh's default platforms")
	for _, p := range strings.Fields(string(m[1])) {
		assert.Regexp(t, regexp.QuoteMeta(p)+`:(linux|darwin|win32)-(x64|arm64)\b`, scripts.String(), "no VS Code package for %s", p)
	}
}
