package analyzer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// findings returns the rule IDs reported on expr under the rules profile,
// with their messages.
func findings(expr string, s *schema.Schema) []diag.Diagnostic {
	return analyzer.Analyze(expr, analyzer.Options{Schema: s}).Diagnostics
}

func rulesOf(ds []diag.Diagnostic) []string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.Rule)
	}
	return ids
}

// TestWrongFindingsRemoved holds the findings issue 23 reported as wrong
// on real rules, each built from the rule it was seen on, with what wflint
// must (not) say about it now.
func TestWrongFindingsRemoved(t *testing.T) {
	tests := []struct {
		name, expr string
		// never lists rules that must not be reported; count, when set,
		// is how many times rule must be.
		never []string
		rule  string
		count int
	}{
		{
			// A public "block dot files" rule: `*/.*` is a literal dot after
			// a slash, not a regex.
			name:  "dot-file wildcard",
			expr:  `(http.request.uri.path wildcard "*/.*" and not starts_with(http.request.uri.path, "/.well-known/")) or (http.request.uri.path wildcard "*//*")`,
			never: []string{"regex-in-wildcard"},
		},
		{
			// A public path-traversal rule on the raw URI: the normalised
			// field never holds `../`, so moving to it would never match.
			name:  "path traversal on the raw URI",
			expr:  `(raw.http.request.uri contains "../") or (raw.http.request.uri contains "..%2F") or (http.request.uri contains "passwd")`,
			never: []string{"raw-field"},
		},
		{
			// Corpus: nfowl/terraform cloudflare/firewall.tf. One fact (the
			// field is always 0 now), one finding.
			name:  "retired threat score",
			expr:  `(cf.threat_score gt 14)`,
			rule:  "deprecated-field",
			count: 1,
			never: []string{"value-domain"},
		},
		{
			// Corpus: SerCeMan/intellij-cloudflare-rules comments.cfrule,
			// with a second comment line: one finding for the block.
			name:  "comment block",
			expr:  "# example\n# second line\nhttp.request.uri.query == \"section=539061&expand=comments\"",
			rule:  "comment",
			count: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := findings(tt.expr, schema.Rules())
			ids := rulesOf(ds)
			for _, r := range tt.never {
				assert.NotContains(t, ids, r, "%v", ds)
			}
			if tt.rule != "" {
				n := 0
				for _, id := range ids {
					if id == tt.rule {
						n++
					}
				}
				assert.Equal(t, tt.count, n, "%v", ds)
			}
		})
	}
}

// TestQuotedIPCitesFeedbackDocsOnlyForFeedback: the feedback documentation
// calls ip.src a string, which explains the mistake in a feedback report
// and is beside the point in a WAF rule.
func TestQuotedIPCitesFeedbackDocsOnlyForFeedback(t *testing.T) {
	const waf = `ip.src eq "203.0.113.7" and http.request.uri.path eq "/login"`
	for _, d := range findings(waf, schema.Rules()) {
		if d.Rule == "quoted-ip" {
			assert.NotContains(t, d.Message, "feedback")
		}
	}
	var saw bool
	for _, d := range findings(`ip.src eq "203.0.113.7" and cf.bot_management.score lt 30`, schema.Feedback()) {
		if d.Rule == "quoted-ip" {
			saw = true
			assert.Contains(t, d.Message, "the feedback documentation calls ip.src a string")
		}
	}
	assert.True(t, saw)
}

// TestRawFieldExampleIsAnEncoding: the message's example is a spelling
// that normalization decodes, never the literal itself.
func TestRawFieldExampleIsAnEncoding(t *testing.T) {
	for _, expr := range []string{`raw.http.request.uri.path eq "/admin"`, `raw.http.request.uri.path eq "/2024"`} {
		ds := findings(expr, schema.Rules())
		if assert.Len(t, ds, 1) {
			lit := expr[strings.Index(expr, `"`):]
			assert.NotContains(t, ds[0].Message, "such as "+lit)
			assert.Contains(t, ds[0].Message, "%")
		}
	}
}

// TestNewFixesSayTheirSafety: the fixes of the URL rules change what a
// rule matches, except wildcard-without-star's, which writes the same
// comparison with eq.
func TestNewFixesSayTheirSafety(t *testing.T) {
	tests := []struct {
		expr, rule string
		safe       bool
	}{
		{`http.request.uri.query eq "?a=1"`, "query-question-mark", false},
		{`http.request.uri.path eq "/search?q=1"`, "path-with-query", false},
		{`http.request.uri eq "https://example.com/a"`, "uri-with-scheme", false},
		{`ends_with(http.host, "acme.io")`, "host-suffix-without-dot", false},
		{`http.host wildcard "*acme.io"`, "host-suffix-without-dot", false},
		{`http.request.uri.path strict wildcard "/Admin"`, "wildcard-without-star", true},
		{`http.request.uri.path wildcard "/2024/"`, "wildcard-without-star", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			res := analyzer.Analyze(tt.expr, analyzer.Options{Schema: schema.Rules()})
			var n int
			for _, d := range res.Diagnostics {
				if d.Rule != tt.rule {
					continue
				}
				for _, f := range d.Fixes {
					n++
					assert.Equal(t, tt.safe, f.Safe, f.Title)
				}
			}
			assert.Positive(t, n, "%v", res.Diagnostics)
		})
	}
}
