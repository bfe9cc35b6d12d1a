package workspace

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
)

// Each expression is analysed in its role and phase: a redirect target,
// a rewritten path and a header value are values, not conditions.
func TestLintPassesRoleAndPhase(t *testing.T) {
	tf := `resource "cloudflare_ruleset" "r" {
  phase = "http_request_late_transform"
  rules {
    action = "rewrite"
    action_parameters {
      headers {
        name       = "x-score"
        operation  = "set"
        expression = "to_string(cf.bot_management.score)"
      }
    }
    expression = "true"
  }
}
`
	f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(tf)})
	require.NoError(t, f.Err)
	assert.Equal(t, host.ContentTerraform, f.Content)
	require.Len(t, f.Rulesets, 1)
	require.Len(t, f.Exprs, 2)
	hdr := f.Exprs[0]
	assert.Equal(t, schema.RoleValue, hdr.Options.Role)
	assert.Equal(t, schema.TypeBytes, hdr.Options.ValueType)
	assert.Equal(t, "http_request_late_transform", hdr.Options.Phase)
	assert.Equal(t, schema.RoleFilter, f.Exprs[1].Options.Role)
	assert.Equal(t, "http_request_late_transform", f.Exprs[1].Options.Phase)
	assert.Empty(t, f.Diagnostics, "a value is not a condition, and to_string belongs in it")
}

// --fix reaches expressions nested in action parameters, and keeps their
// role: a fix is one the value's own analysis offers.
func TestFixNestedParameter(t *testing.T) {
	js := `{"rules":[{"action":"redirect","action_parameters":{"from_value":{"target_url":{"expression":"concat('https://a.example', http.request.uri.path)"}}},"expression":"http.host eq 'b'"}]}`
	f := New(Settings{}).Lint(Source{Name: "r.json", Text: []byte(js)})
	require.Len(t, f.Exprs, 2)
	out, edits, changed, err := f.Fix(false)
	require.NoError(t, err)
	require.True(t, changed)
	assert.Len(t, edits, 4, "each quote is its own minimal edit")
	assert.Equal(t, `{"rules":[{"action":"redirect","action_parameters":{"from_value":{"target_url":{"expression":"concat(\"https://a.example\", http.request.uri.path)"}}},"expression":"http.host eq \"b\""}]}`, string(out))
	again := New(Settings{}).Lint(Source{Name: "r.json", Text: out})
	assert.Empty(t, again.Diagnostics)
}

// A rule saved as JSON is a rule: its expression is linted under the
// rules profile and the file is not validated as a feedback report.
func TestSingleRuleIsNoReport(t *testing.T) {
	f := New(Settings{}).Lint(Source{Name: "rule.json", Text: []byte(`{"action": "block", "expression": "ip.src eq 1.1.1.1"}`)})
	assert.Equal(t, host.ContentRule, f.Content)
	assert.Empty(t, f.Diagnostics)
	rep := New(Settings{}).Lint(Source{Name: "report.json", Text: []byte(`{"expression": "ip.src eq 1.1.1.1"}`)})
	assert.Equal(t, host.ContentReport, rep.Content)
	rules := map[string]bool{}
	for _, d := range rep.Diagnostics {
		rules[d.Rule] = true
	}
	assert.True(t, rules["missing-field"], "a report is still validated: %v", rep.Diagnostics)
}

// A file with nothing to lint says so when it was named or looks like
// Cloudflare's, never when a walk meets package.json.
func TestNothingToLint(t *testing.T) {
	tests := []struct {
		name, file, text string
		named            bool
		want             string // message fragment, "" for silence
	}{
		{"package.json walked", "package.json", `{"name":"x"}`, false, ""},
		{"package.json named", "package.json", `{"name":"x"}`, true, "not a ruleset"},
		{"zone envelope walked", "zone.json", `{"result":{"id":"z"},"success":true,"errors":[]}`, false, "not a ruleset"},
		{"list without rules", "rulesets.json", `{"result":[{"id":"a","name":"n","kind":"zone","phase":"http_ratelimit"}],"success":true,"errors":[]}`, false, "fetch each ruleset"},
		{"aws tf walked", "main.tf", `resource "aws_s3_bucket" "b" {}`, false, ""},
		{"aws tf named", "main.tf", `resource "aws_s3_bucket" "b" {}`, true, "no cloudflare_ruleset"},
		{"interpolated only", "main.tf", "resource \"cloudflare_filter\" \"f\" {\n  expression = var.x\n}\n", true, ""},
		{"broken json", "x.json", `{`, true, ""},
		{"empty wf", "a.wf", ``, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New(Settings{}).Lint(Source{Name: tt.file, Text: []byte(tt.text), Named: tt.named})
			var got []diag.Diagnostic
			for _, d := range f.Diagnostics {
				if d.Rule == host.RuleNothingToLint {
					got = append(got, d)
				}
			}
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, diag.Info, got[0].Severity)
			assert.True(t, strings.Contains(got[0].Message, tt.want), got[0].Message)
		})
	}
}

// A .wf file's directives reach the analysis: a value under the rules
// profile, in its phase.
func TestWFDirectivesReachTheAnalysis(t *testing.T) {
	src := "# wflint:phase http_request_dynamic_redirect\n# wflint:role value\nconcat(\"https://a.example\", http.request.uri.path)\n"
	f := New(Settings{}).Lint(Source{Name: "t.wf", Text: []byte(src)})
	require.Len(t, f.Exprs, 1)
	e := f.Exprs[0]
	assert.Equal(t, schema.RoleValue, e.Options.Role)
	assert.Equal(t, "http_request_dynamic_redirect", e.Options.Phase)
	assert.Equal(t, schema.ProfileRules, e.Schema().Profile())
	assert.Empty(t, f.Diagnostics)
}
