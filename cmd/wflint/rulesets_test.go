package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/golden"
	"github.com/wflint/wflint/internal/output"
)

const rulesetsDir = "../../testdata/rulesets"

func lintJSON(t *testing.T, args ...string) output.JSONReport {
	t.Helper()
	r := wflint(t, rulesetsDir, "", append([]string{"--format", "json"}, args...)...)
	require.NotEqual(t, exitFailure, r.code, r.stderr)
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout)
	return rep
}

// Valid transform, redirect, header, rate-limit, cache, custom and legacy
// rules, in v4 and v5 Terraform, in every JSON shape and in .wf files
// with directives, give nothing at warning or above.
func TestValidRulesetsAreClean(t *testing.T) {
	rep := lintJSON(t, "valid")
	for _, d := range rep.Diagnostics {
		sev, err := diag.ParseSeverity(d.Severity)
		require.NoError(t, err)
		assert.Less(t, int(sev), int(diag.Warning), "%s:%d: %s[%s] %s", d.Path, d.Range.Start.Line, d.Severity, d.Rule, d.Message)
	}
	entries, err := os.ReadDir(filepath.Join(rulesetsDir, "valid"))
	require.NoError(t, err)
	assert.Equal(t, len(entries), rep.Summary.Files)
	assert.GreaterOrEqual(t, rep.Summary.Expressions, 40, "every expression of every rule is read")
}

// want is one line of mistakes/want.txt.
type want struct {
	file     string
	line     int
	severity diag.Severity
	rule     string // "*" any; "!x" x must not be found
	pending  string
}

func readWants(t *testing.T) []want {
	t.Helper()
	f, err := os.Open(filepath.Join(rulesetsDir, "mistakes", "want.txt"))
	require.NoError(t, err)
	defer f.Close()
	var ws []want
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 3, line)
		file, ln, ok := strings.Cut(fields[0], ":")
		require.True(t, ok, line)
		n, err := strconv.Atoi(ln)
		require.NoError(t, err, line)
		sev, err := diag.ParseSeverity(fields[1])
		require.NoError(t, err, line)
		w := want{file: file, line: n, severity: sev, rule: fields[2]}
		if len(fields) > 3 {
			w.pending = strings.TrimPrefix(fields[3], "pending:")
		}
		ws = append(ws, w)
	}
	require.NoError(t, sc.Err())
	return ws
}

// Each mistake of issue 20's "Why" is found on its line (mistakes/want.txt).
func TestRulesetMistakesFound(t *testing.T) {
	rep := lintJSON(t, "mistakes")
	type key struct {
		file string
		line int
	}
	found := map[key][]output.JSONDiagnostic{}
	for _, d := range rep.Diagnostics {
		k := key{filepath.Base(d.Path), d.Range.Start.Line}
		found[k] = append(found[k], d)
	}
	for _, w := range readWants(t) {
		ok := false
		ds := found[key{w.file, w.line}]
		if rule, not := strings.CutPrefix(w.rule, "!"); not {
			ok = true
			for _, d := range ds {
				ok = ok && d.Rule != rule
			}
		} else {
			for _, d := range ds {
				sev, _ := diag.ParseSeverity(d.Severity)
				ok = ok || (w.rule == "*" || d.Rule == w.rule) && sev >= w.severity
			}
		}
		switch {
		case ok:
		case w.pending != "":
			t.Logf("pending (%s): %s:%d %s %s not met yet", w.pending, w.file, w.line, w.severity, w.rule)
		default:
			t.Errorf("%s:%d: want %s %s, found %v", w.file, w.line, w.severity, w.rule, ds)
		}
	}
	for _, d := range rep.Diagnostics {
		assert.NotEqual(t, "missing-field", d.Rule, "%s: a rule is never read as a feedback report", d.Path)
	}
}

func TestRulesetsGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			r := wflint(t, rulesetsDir, "", "--format", format, "valid", "mistakes")
			assert.Equal(t, exitFindings, r.code, r.stderr)
			golden.Assert(t, filepath.Join(rulesetsDir, "golden", "all."+format), versionless(r.stdout))
		})
	}
}

// --fix reaches expressions nested in action parameters, in v4 blocks, v5
// attributes and API JSON, escaped for each host.
func TestFixNestedParameters(t *testing.T) {
	dir := t.TempDir()
	files := map[string][2]string{
		"v4.tf": {
			"resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_dynamic_redirect\"\n  rules {\n    action = \"redirect\"\n    action_parameters {\n      from_value {\n        status_code = 301\n        target_url {\n          expression = \"concat('https://a.example', http.request.uri.path)\"\n        }\n      }\n    }\n    expression = \"true\"\n  }\n}\n",
			"resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_dynamic_redirect\"\n  rules {\n    action = \"redirect\"\n    action_parameters {\n      from_value {\n        status_code = 301\n        target_url {\n          expression = \"concat(\\\"https://a.example\\\", http.request.uri.path)\"\n        }\n      }\n    }\n    expression = \"true\"\n  }\n}\n",
		},
		"v5.tf": {
			"resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_late_transform\"\n  rules = [{\n    action = \"rewrite\"\n    action_parameters = { headers = { x-a = { operation = \"set\", expression = \"concat('v=', http.host)\" } } }\n    expression = \"true\"\n  }]\n}\n",
			"resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_late_transform\"\n  rules = [{\n    action = \"rewrite\"\n    action_parameters = { headers = { x-a = { operation = \"set\", expression = \"concat(\\\"v=\\\", http.host)\" } } }\n    expression = \"true\"\n  }]\n}\n",
		},
		"r.json": {
			`{"phase":"http_request_transform","rules":[{"action":"rewrite","action_parameters":{"uri":{"path":{"expression":"concat('/v2', http.request.uri.path)"}}},"expression":"true"}]}` + "\n",
			`{"phase":"http_request_transform","rules":[{"action":"rewrite","action_parameters":{"uri":{"path":{"expression":"concat(\"/v2\", http.request.uri.path)"}}},"expression":"true"}]}` + "\n",
		},
	}
	for name, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(f[0]), 0o644))
	}
	r := wflint(t, dir, "", "--fix", "v4.tf", "v5.tf", "r.json")
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	for name, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, f[1], string(got), name)
	}
}
