package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruledoc"
)

// rulesOf lists the rules of diagnostics, in order.
func rulesOf(ds diag.List) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Rule)
	}
	return out
}

func suppressedRules(ss []diag.Suppressed) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Rule)
	}
	return out
}

const ignoredTF = `resource "cloudflare_ruleset" "waf" {
  phase = "http_request_firewall_custom"
  rules {
    action = "log"
    # wflint:ignore bogon-ip -- the office tunnel's range
    expression = "not ip.src in {10.8.0.0/16}"
  }
  rules {
    action = "block"
    expression = "ip.src in {192.168.0.0/16}" # wflint:ignore bogon-ip, case-never-matches
  }
  rules {
    action = "block"
    # wflint:ignore single-quoted-string
    expression = "http.host eq 'a'"
  }
  rules {
    action = "block"
    expression = "ip.src in {172.16.0.0/12}"
  }
}
`

func TestIgnoreComments(t *testing.T) {
	f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(ignoredTF)})
	require.NoError(t, f.Err)
	assert.Equal(t, []string{"bogon-ip", "bogon-ip"}, suppressedRules(f.Ignored))
	s := f.Ignored[0].Suppression
	assert.Equal(t, diag.InSource, s.Kind)
	assert.Equal(t, "the office tunnel's range", s.Reason)
	assert.Equal(t, "# wflint:ignore bogon-ip -- the office tunnel's range", s.Span.Text(f.Text))
	assert.Equal(t, "", f.Ignored[1].Suppression.Reason)

	// Shown: the unused rule of the second ignore, the syntax error its
	// ignore cannot silence (and that ignore, reported), and the last
	// rule's finding, which no ignore names.
	assert.Equal(t, []string{"unused-ignore", "unused-ignore", "single-quoted-string", "bogon-ip"}, rulesOf(f.Diagnostics))
	assert.Len(t, f.Profiles, len(f.Diagnostics))
	unused := f.Diagnostics[0]
	assert.Equal(t, "case-never-matches", unused.Span.Text(f.Text))
	assert.Equal(t, diag.Warning, unused.Severity)
	require.Len(t, unused.Fixes, 1)
	assert.True(t, unused.Fixes[0].Safe)
	assert.Equal(t, `# wflint:ignore bogon-ip`, strings.TrimSpace(strings.Split(unused.Fixes[0].Apply(f.Text), "\n")[9][len(`    expression = "ip.src in {192.168.0.0/16}"`):]))
	assert.Contains(t, f.Diagnostics[1].Message, "cannot be ignored")
	fixed := f.Diagnostics[1].Fixes[0].Apply(f.Text)
	assert.NotContains(t, fixed, "wflint:ignore single-quoted-string")
	assert.Contains(t, fixed, "  rules {\n    action = \"block\"\n    expression = \"http.host eq 'a'\"", "the comment's line is removed")

	// --no-ignore: every finding, no unused ignore.
	all := New(Settings{NoIgnore: true}).Lint(Source{Name: "main.tf", Text: []byte(ignoredTF)})
	assert.Empty(t, all.Ignored)
	assert.Equal(t, []string{"bogon-ip", "bogon-ip", "single-quoted-string", "bogon-ip"}, rulesOf(all.Diagnostics))
}

func TestIgnoreStreamedAsLint(t *testing.T) {
	b := New(Settings{Jobs: 2}).NewBatch()
	want := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(ignoredTF)})
	var got diag.List
	var ignored []diag.Suppressed
	batches := 0
	b.Lint(Source{Name: "main.tf", Text: []byte(ignoredTF)}, func(_ *Linted, p Part) {
		got = append(got, p.Diagnostics...)
		ignored = append(ignored, p.Ignored...)
		batches++
	})
	assert.Equal(t, 1, batches, "a file with ignore comments comes whole")
	assert.Equal(t, rulesOf(want.Diagnostics), rulesOf(got))
	assert.Equal(t, want.Ignored, ignored)
}

func TestIgnoreWF(t *testing.T) {
	wf := "# wflint:ignore bogon-ip -- office\n# wflint:phase http_request_firewall_custom\nnot ip.src in {10.8.0.0/16}\n"
	f := New(Settings{}).Lint(Source{Name: "office.wf", Text: []byte(wf)})
	assert.Empty(t, f.Diagnostics)
	assert.Equal(t, []string{"bogon-ip"}, suppressedRules(f.Ignored))

	f = New(Settings{}).Lint(Source{Name: "office.wf", Text: []byte("# wflint:ignore bogon-ip\n# wflint:phase http_request_firewall_custom\nssl\n")})
	assert.Equal(t, []string{"unused-ignore"}, rulesOf(f.Diagnostics))
}

// The configuration's rules apply to unused-ignore: off, or another
// severity.
func TestUnusedIgnoreConfigured(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("rules: {unused-ignore: off}\n"), 0o644))
	p := filepath.Join(dir, "a.wf")
	src := Source{Path: p, Text: []byte("# wflint:ignore bogon-ip\n# wflint:phase http_request_firewall_custom\nssl\n")}
	assert.Empty(t, New(Settings{}).Lint(src).Diagnostics)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("rules: {unused-ignore: error}\n"), 0o644))
	f := New(Settings{}).Lint(src)
	require.Len(t, f.Diagnostics, 1)
	assert.Equal(t, diag.Error, f.Diagnostics[0].Severity)
}

// The unused-ignore page's examples: Bad reports the rule, Good does not.
func TestUnusedIgnoreDocs(t *testing.T) {
	page, ok := ruledoc.Rule(RuleUnusedIgnore)
	require.True(t, ok)
	section := ""
	n := 0
	lines := strings.Split(page, "\n")
	for i := 0; i < len(lines); i++ {
		switch l := lines[i]; {
		case strings.HasPrefix(l, "## "):
			section = l[3:]
		case l == "```hcl" && (section == "Bad" || section == "Good"):
			var code []string
			for i++; lines[i] != "```"; i++ {
				code = append(code, lines[i])
			}
			f := New(Settings{}).Lint(Source{Name: "main.tf", Text: []byte(strings.Join(code, "\n"))})
			found := false
			for _, d := range f.Diagnostics {
				found = found || d.Rule == RuleUnusedIgnore
			}
			assert.Equal(t, section == "Bad", found, "%s example: %v", section, f.Diagnostics)
			if section == "Good" {
				assert.NotEmpty(t, f.Ignored, "the Good example's ignore silences a finding")
			}
			n++
		}
	}
	assert.Equal(t, 2, n)
}
