package lsp

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/internal/output"
	"github.com/wflint/wflint/internal/schema"
)

// finding is a diagnostic as both front ends can show it: positions are
// 0-based lines and UTF-16 columns, as the protocol counts them.
type finding struct {
	Rule, Severity, Message string
	Range                   [4]int
	Fixes                   []fixView
	Related                 []relatedView
}

type relatedView struct {
	Message string
	Range   [4]int
}

type fixView struct {
	Title string
	// Unsafe marks an expression's fix that changes what it matches: the
	// CLI's JSON says so with "safe", the server in the fix's title.
	Unsafe bool
	Edits  []editView
}

type editView struct {
	Range [4]int
	New   string
}

func (f finding) key() string {
	b, _ := json.Marshal(f)
	return string(b)
}

// parityFiles are the CLI's test files: every host kind (.wf, .tf,
// .tfvars, a ruleset .json, a report .json, .jsonl, a broken .json) and a
// directory with a .wflint.yaml (profile, severities, lists).
var parityFiles = []string{"good.wf", "tab.wf", "waf.tf", "prod.tfvars", "ruleset.json", "report.json", "exprs.jsonl", "broken.json", "ignored.tf", "project/sub/rule.wf"}

// parityRulesets are the ruleset fixtures (../testdata/rulesets): v4 and
// v5 Terraform, legacy rules, every JSON shape, .wf directives, and the
// mistakes of issue 20 (value roles, unclassified files, neighbours).
var parityRulesets = []string{"valid/v4.tf", "valid/v5.tf", "valid/legacy.tf", "valid/envelope.json", "valid/rulesets.json",
	"valid/rules.json", "valid/rule.json", "valid/legacy-rules.json", "valid/legacy-filters.json", "valid/redirect-target.wf",
	"mistakes/values.tf", "mistakes/values-v5.tf", "mistakes/misspelt.json", "mistakes/legacy-export.json", "mistakes/rule.json",
	"mistakes/directive.wf", "mistakes/unclassified.json", "mistakes/neighbours.tf", "mistakes/phase.tf"}

// TestCLIAndServerAgree runs the command line's path (the wflint binary,
// --format json) and the language server's (diagnostics and quick fixes)
// over the same files under the same configuration, and requires the
// same diagnostics: rule, severity, range, message and fixes.
func TestCLIAndServerAgree(t *testing.T) {
	bin := buildWflint(t)
	dir, err := filepath.Abs("../../testdata/cli")
	require.NoError(t, err)
	rulesets, err := filepath.Abs("../../testdata/rulesets")
	require.NoError(t, err)

	schemaFile := filepath.Join(t.TempDir(), "schema.json")
	require.NoError(t, os.WriteFile(schemaFile, []byte(`{"base": "rules", "fields":[{"name":"my.field","type":"Int"}]}`), 0o644))
	if _, err := schema.LoadFile(schemaFile); err != nil {
		t.Fatalf("test schema: %v", err)
	}

	for _, profile := range []string{"", schema.ProfileFeedback, schema.ProfileRules, schema.ProfileEngine2020, schemaFile} {
		t.Run("profile="+filepath.Base(profile), func(t *testing.T) {
			s := newSession(t, &protocol.InitializeParams{InitializationOptions: settingsJSON(Settings{Profile: profile})})
			total := 0
			for _, name := range parityFiles {
				cli := cliFindings(t, bin, dir, profile, name)
				srv := serverFindings(t, s, filepath.Join(dir, name))
				assert.Equal(t, cli, srv, "%s: the CLI (expected) and the server (actual) disagree", name)
				total += len(cli)
			}
			assert.Greater(t, total, 10, "the fixtures produce findings")
			if profile != "" {
				return // the rulesets' own profile policy is what is compared
			}
			kinds := map[string]bool{}
			for _, name := range parityRulesets {
				cli := cliFindings(t, bin, rulesets, profile, name)
				srv := serverFindings(t, s, filepath.Join(rulesets, name))
				assert.Equal(t, cli, srv, "%s: the CLI (expected) and the server (actual) disagree", name)
				for _, f := range cli {
					kinds[f.Rule] = true
				}
			}
			for _, rule := range []string{"unknown-field", "type-mismatch", "missing-operator", "interpolated-expression", "directive", "nothing-to-lint", "single-quoted-string"} {
				assert.True(t, kinds[rule], "the ruleset fixtures give %s", rule)
			}
		})
	}
}

// TestCLIAndServerAgreeUnderWflintYAML does the same in a project whose
// .wflint.yaml names a schema file (relative to itself), adds a field and
// a list, and overrides a severity.
func TestCLIAndServerAgreeUnderWflintYAML(t *testing.T) {
	bin := buildWflint(t)
	dir := t.TempDir()
	files := map[string]string{
		"schema.json":  `{"base": "rules", "fields":[{"name":"my.field","type":"Int"}]}`,
		".wflint.yaml": "profile: schema.json\nrules:\n  duplicate-set-item: info\nfields:\n  - name: http.request.x_custom\n    type: Bytes\nlists:\n  - name: $office_ips\n    kind: ip\n",
		"a.wf":         "my.field eq 1 and http.request.x_custom eq 'x' and ip.src in $office_ips and ip.src in {1.1.1.1 1.1.1.1} and my.unknown eq 1\n",
		"main.tf":      "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"my.field eq 010 and ip.src in $nope and http.host eq 'h'\"\n  }\n}\n",
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	s := newSession(t, nil)
	total := 0
	seen := map[string]int{}
	for _, name := range []string{"a.wf", "main.tf"} {
		cli := cliFindings(t, bin, dir, "", name)
		srv := serverFindings(t, s, filepath.Join(dir, name))
		assert.Equal(t, cli, srv, "%s: the CLI (expected) and the server (actual) disagree", name)
		total += len(cli)
		for _, f := range cli {
			assert.NotEqual(t, "config", f.Rule, f.Message)
			seen[f.Rule]++
			if f.Rule == "unknown-field" {
				assert.Contains(t, f.Message, "my.unknown", "my.field (schema file) and http.request.x_custom (fields) are known")
			}
			if f.Rule == "duplicate-set-item" {
				assert.Equal(t, "info", f.Severity, "the .wflint.yaml severity applies")
			}
		}
	}
	assert.Greater(t, total, 3)
	assert.Equal(t, 1, seen["unknown-field"])
	assert.Equal(t, 1, seen["duplicate-set-item"])
}

// buildWflint builds the command line tool once per test; it is the CLI's
// whole path, flags included, that is compared.
func buildWflint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the wflint binary")
	}
	bin := filepath.Join(t.TempDir(), "wflint")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/wflint").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

func cliFindings(t *testing.T, bin, dir, profile, name string) []finding {
	t.Helper()
	args := []string{"--format", "json"}
	if profile != "" {
		args = append(args, "--profile", profile)
	}
	cmd := exec.Command(bin, append(args, name)...)
	cmd.Dir = dir
	stdout, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 {
		t.Fatalf("wflint %s: %s", name, ee.Stderr)
	}
	var rep output.JSONReport
	require.NoError(t, json.Unmarshal(stdout, &rep), "%s", stdout)
	rng := func(r output.JSONRange) [4]int {
		return [4]int{r.Start.Line - 1, r.Start.UTF16Column - 1, r.End.Line - 1, r.End.UTF16Column - 1}
	}
	out := []finding{}
	for _, d := range rep.Diagnostics {
		f := finding{Rule: d.Rule, Severity: d.Severity, Message: d.Message, Range: rng(d.Range)}
		for _, r := range d.Related {
			f.Related = append(f.Related, relatedView{r.Message, rng(r.Range)})
		}
		for _, fx := range d.Fixes {
			fv := fixView{Title: fx.Title, Unsafe: !fx.Safe && d.Profile != ""}
			for _, e := range fx.Edits {
				fv.Edits = append(fv.Edits, editView{rng(e.Range), e.NewText})
			}
			f.Fixes = append(f.Fixes, fv)
		}
		out = append(out, f)
	}
	sortFindings(out)
	return out
}

func serverFindings(t *testing.T, s *session, path string) []finding {
	t.Helper()
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	u := uri.File(path)
	require.NoError(t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "plaintext", Version: 1, Text: string(text)}}))
	defer func() {
		_ = s.server.DidClose(s.ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	}()
	p := s.waitDiags(u, 1)
	rng := func(r protocol.Range) [4]int {
		return [4]int{int(r.Start.Line), int(r.Start.Character), int(r.End.Line), int(r.End.Character)}
	}
	sev := map[protocol.DiagnosticSeverity]string{protocol.DiagnosticSeverityError: "error", protocol.DiagnosticSeverityWarning: "warning", protocol.DiagnosticSeverityInformation: "info"}
	out := []finding{}
	for _, d := range p.Diagnostics {
		code, _ := d.Code.(protocol.String)
		msg, _ := d.Message.(protocol.String)
		f := finding{Rule: string(code), Severity: sev[d.Severity], Message: string(msg), Range: rng(d.Range)}
		for _, r := range d.RelatedInformation {
			f.Related = append(f.Related, relatedView{r.Message, rng(r.Location.Range)})
		}
		acts, err := s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
			Range: d.Range, Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}})
		require.NoError(t, err)
		for _, a := range acts {
			ca, ok := a.(*protocol.CodeAction)
			if !ok || ca.Kind == nil || *ca.Kind != protocol.CodeActionKindQuickFix || len(ca.Diagnostics) != 1 {
				continue
			}
			if cd := ca.Diagnostics[0]; cd.Range != d.Range || cd.Code != d.Code || cd.Message != d.Message {
				continue
			}
			if strings.HasPrefix(ca.Title, "Ignore ") && strings.HasSuffix(ca.Title, " here") {
				continue // the server's own action, no fix of the finding
			}
			title, unsafe := strings.CutSuffix(ca.Title, unsafeTitle)
			fv := fixView{Title: title, Unsafe: unsafe}
			for _, e := range ca.Edit.Changes[u] {
				fv.Edits = append(fv.Edits, editView{rng(e.Range), e.NewText})
			}
			f.Fixes = append(f.Fixes, fv)
		}
		out = append(out, f)
	}
	sortFindings(out)
	return out
}

// sortFindings orders by position and then by content; two front ends
// may list diagnostics at one place in different orders.
func sortFindings(fs []finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Range != fs[j].Range {
			a, b := fs[i].Range, fs[j].Range
			for k := range a {
				if a[k] != b[k] {
					return a[k] < b[k]
				}
			}
		}
		return strings.Compare(fs[i].key(), fs[j].key()) < 0
	})
}
