package host

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scopeText is the text an ignore's scope covers.
func scopeText(data string, ig Ignore) string { return data[ig.Scope.Start:ig.Scope.End] }

func TestHCLIgnores(t *testing.T) {
	tf := `resource "cloudflare_ruleset" "waf" {
  phase = "http_request_firewall_custom"
  rules {
    action = "block"
    # wflint:ignore bogon-ip -- the office tunnel
    expression = "not ip.src in {10.8.0.0/16}"
  }
  rules {
    action = "block"
    expression = "http.host eq \"# wflint:ignore x\"" // wflint:ignore case-never-matches, value-domain
  }
  rules {
    action = "block"
    # wflint:ignore a
    // wflint:ignore b--why
    expression = <<EOT
http.host eq "A"
  and ssl
EOT
  }
  rules {
    action = "block"
    # wflint:ignore c

    expression = "ssl"
  }
}
`
	d := Read("main.tf", []byte(tf))
	require.Len(t, d.Ignores, 5)

	ig := d.Ignores[0]
	assert.Equal(t, []string{"bogon-ip"}, ig.Rules)
	assert.Equal(t, "the office tunnel", ig.Reason)
	assert.Equal(t, "# wflint:ignore bogon-ip -- the office tunnel", tf[ig.Span.Start:ig.Span.End])
	assert.Equal(t, `    expression = "not ip.src in {10.8.0.0/16}"`, scopeText(tf, ig), "the line after the comment")
	assert.Equal(t, "bogon-ip", tf[ig.RuleSpans[0].Start:ig.RuleSpans[0].End])

	ig = d.Ignores[1]
	assert.Equal(t, []string{"case-never-matches", "value-domain"}, ig.Rules, "a // comment at the end of the line; # in a string is no comment")
	assert.Equal(t, "value-domain", tf[ig.RuleSpans[1].Start:ig.RuleSpans[1].End])
	assert.Contains(t, scopeText(tf, ig), `expression = "http.host eq`)

	// Stacked ignores apply to the line after them, and the heredoc's
	// lines are in the scope.
	a, b := d.Ignores[2], d.Ignores[3]
	assert.Equal(t, []string{"a"}, a.Rules)
	assert.Equal(t, []string{"b"}, b.Rules)
	assert.Equal(t, "why", b.Reason)
	assert.Equal(t, a.Scope, b.Scope)
	assert.True(t, strings.HasPrefix(scopeText(tf, a), "    expression = <<EOT\n"))
	assert.True(t, strings.HasSuffix(scopeText(tf, a), "  and ssl\n"), "%q", scopeText(tf, a))

	// A blank line ends the comment's reach: it applies to the blank line.
	assert.Equal(t, "", scopeText(tf, d.Ignores[4]))
	for _, ig := range d.Ignores {
		assert.Empty(t, ig.Problem)
	}
}

func TestParseIgnore(t *testing.T) {
	tests := []struct {
		text    string
		ok      bool
		rules   []string
		reason  string
		problem string
	}{
		{" wflint:ignore a", true, []string{"a"}, "", ""},
		{" wflint:ignore a,b , c -- why not", true, []string{"a", "b", "c"}, "why not", ""},
		{"wflint:ignore a--x", true, []string{"a"}, "x", ""},
		{" wflint:ignore", true, nil, "", "names no rule"},
		{" wflint:ignore -- just because", true, nil, "just because", "names no rule"},
		{" wflint:ignore=a", true, nil, "", "after a space"},
		{" wflint:ignore:a", true, nil, "", "after a space"},
		{" wflint:ignore a b", true, nil, "", "not a list of rule IDs"},
		{" wflint:ignore Bogon_IP", true, []string{"Bogon_IP"}, "", ""},
		{" wflint:ignored a", false, nil, "", ""},
		{" wflint:phase x", false, nil, "", ""},
		{" a comment", false, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ig, ok := parseIgnore(tt.text, 10)
			require.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.rules, ig.Rules)
			assert.Equal(t, tt.reason, ig.Reason)
			if tt.problem == "" {
				assert.Empty(t, ig.Problem)
			} else {
				assert.Contains(t, ig.Problem, tt.problem)
			}
			for i, sp := range ig.RuleSpans {
				assert.Equal(t, tt.rules[i], tt.text[sp.Start-10:sp.End-10])
			}
		})
	}
}

func TestHCLIgnoreProblems(t *testing.T) {
	tf := "x = [{\n  /* wflint:ignore a */\n  expression = \"ssl\" # wflint:ignore\n}]\n"
	d := Read("vars.tfvars", []byte(tf))
	require.Len(t, d.Ignores, 2)
	assert.Contains(t, d.Ignores[0].Problem, "line comment")
	assert.Contains(t, d.Ignores[1].Problem, "names no rule")
	assert.Len(t, d.Snippets, 1)
}

func TestWFIgnores(t *testing.T) {
	wf := "# wflint:phase http_request_firewall_custom\n#  wflint:ignore bogon-ip,long-set -- office\nnot ip.src in {10.8.0.0/16}\n"
	d := Read("office.wf", []byte(wf))
	require.Len(t, d.Ignores, 1)
	ig := d.Ignores[0]
	assert.Equal(t, []string{"bogon-ip", "long-set"}, ig.Rules)
	assert.Equal(t, "office", ig.Reason)
	assert.Equal(t, "#  wflint:ignore bogon-ip,long-set -- office", wf[ig.Span.Start:ig.Span.End])
	assert.Equal(t, wf, scopeText(wf, ig), "the file's one expression, whole")
	assert.Empty(t, d.Problems, "an ignore is no unknown directive")
	require.Len(t, d.Snippets, 1)
	assert.Equal(t, "not ip.src in {10.8.0.0/16}\n", d.Snippets[0].Text)
	assert.Equal(t, "http_request_firewall_custom", d.Snippets[0].Phase(), "directives around it still apply")

	// An ignore after the expression's first line is text of the
	// expression, as any # line there is.
	d = Read("x.wf", []byte("ssl\n# wflint:ignore a\n"))
	assert.Empty(t, d.Ignores)
}

func TestMayHaveIgnores(t *testing.T) {
	assert.False(t, MayHaveIgnores([]byte(`resource "x" "y" {}`)))
	assert.True(t, MayHaveIgnores([]byte(`# wflint:ignore a`)))
	assert.Nil(t, Read("a.tf", []byte("x = [{ expression = \"ssl\" }] # a comment\n")).Ignores)
}
