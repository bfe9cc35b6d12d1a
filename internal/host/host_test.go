package host

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/schema"
)

// hostText returns the host bytes that encode Text[start:end].
func hostText(data []byte, sn Snippet, start, end int) string {
	a, b := sn.HostSpan(start, end)
	return string(data[a:b])
}

// checkMap verifies the invariants every snippet's map must keep: offsets
// never go backwards, stay inside the snippet, and unescaped characters
// map onto themselves.
func checkMap(t testing.TB, data []byte, sn Snippet) {
	t.Helper()
	require.LessOrEqual(t, 0, sn.Start)
	require.LessOrEqual(t, sn.Start, sn.End)
	require.LessOrEqual(t, sn.End, len(data))
	prev := sn.Start
	for i := 0; i <= len(sn.Text); i++ {
		o := sn.HostOffset(i)
		require.GreaterOrEqual(t, o, prev, "offset %d goes backwards", i)
		require.LessOrEqual(t, o, sn.End)
		prev = o
	}
	require.Equal(t, sn.End, sn.HostOffset(len(sn.Text)))
	for i, r := range sn.Text {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError || r == '\\' || r == '"' || r == '$' || r == '%' {
			continue
		}
		enc := hostText(data, sn, i, i+n)
		// A line break in an indented heredoc also covers the indentation
		// stripped from the next line, hence a prefix test.
		if !strings.HasPrefix(enc, `\`) {
			require.True(t, strings.HasPrefix(enc, string(r)), "character %q at %d encoded as %q", r, i, enc)
		}
	}
}

func TestExtractTerraform(t *testing.T) {
	src := `resource "cloudflare_ruleset" "waf" {
  zone_id = "z"
  rules {
    action     = "block"
    expression = "http.user_agent contains \"Bad\\Bot\" and http.host eq \"caf\u00e9.example\" and ip.src ne 1.1.1.1"
  }
  rules {
    action     = "skip"
    expression = <<-EOT
      http.host eq "ünïcödé.example"
        and http.request.uri.path eq "/$${x}"
    EOT
  }
  rules {
    expression = "http.host eq \"${var.host}\""
  }
  rules {
    expression = var.expr
  }
}

resource "cloudflare_filter" "f" {
  expression = "http.host eq \"日本.example\""
}

resource "cloudflare_record" "r" {
  expression = "not wirefilter"
}

locals {
  rules = [{ expression = "ip.src eq 10.0.0.1", action = "block" }]
}

resource "cloudflare_ruleset" "v5" {
  rules = [{
    expression = <<EOT
http.request.method eq "POST"
EOT
  }]
}
`
	data := []byte(src)
	sns, probs := Extract("main.tf", data)
	require.Len(t, sns, 5)
	for _, sn := range sns {
		checkMap(t, data, sn)
		assert.Equal(t, schema.ProfileRules, sn.Profile)
	}

	// Quoted string with \" \\ and \u00e9 escapes.
	q := sns[0]
	assert.Equal(t, "cloudflare_ruleset.waf.rules[0].expression", q.Where)
	assert.Equal(t, HCLQuoted, q.Encoding)
	assert.Equal(t, `http.user_agent contains "Bad\Bot" and http.host eq "café.example" and ip.src ne 1.1.1.1`, q.Text)
	i := strings.Index(q.Text, `"Bad`)
	assert.Equal(t, `\"`, hostText(data, q, i, i+1), "caret under the escaped quote")
	i = strings.Index(q.Text, `\`)
	assert.Equal(t, `\\`, hostText(data, q, i, i+1))
	i = strings.Index(q.Text, "é")
	assert.Equal(t, `\u00e9`, hostText(data, q, i, i+2))
	i = strings.Index(q.Text, "ip.src")
	assert.Equal(t, "ip.src", hostText(data, q, i, i+6))
	// The column in the file: the same text found directly.
	assert.Equal(t, strings.Index(src, "ip.src ne"), q.HostOffset(i))

	// Indented heredoc: indentation stripped, $${ unescaped, non-ASCII kept.
	h := sns[1]
	assert.Equal(t, HCLHeredoc, h.Encoding)
	assert.Equal(t, "      ", h.Indent)
	assert.Equal(t, "http.host eq \"ünïcödé.example\"\n  and http.request.uri.path eq \"/${x}\"\n", h.Text)
	i = strings.Index(h.Text, "and")
	assert.Equal(t, strings.Index(src, "and http.request"), h.HostOffset(i))
	i = strings.Index(h.Text, "${")
	assert.Equal(t, "$${", hostText(data, h, i, i+2))
	i = strings.Index(h.Text, "ö")
	assert.Equal(t, "ö", hostText(data, h, i, i+2))

	assert.Equal(t, `http.host eq "日本.example"`, sns[2].Text)
	assert.Equal(t, "cloudflare_filter.f.expression", sns[2].Where)
	assert.Equal(t, "ip.src eq 10.0.0.1", sns[3].Text)
	assert.Nil(t, sns[3].runs, "verbatim strings need no map")
	assert.Equal(t, "http.request.method eq \"POST\"\n", sns[4].Text)

	require.Len(t, probs, 2)
	assert.Equal(t, RuleInterpolated, probs[0].Rule)
	assert.Equal(t, diag.Info, probs[0].Severity)
	assert.Equal(t, `"http.host eq \"${var.host}\""`, probs[0].Span.Text(src))
	assert.Equal(t, RuleNonLiteral, probs[1].Rule)
}

func TestExtractTfvars(t *testing.T) {
	src := "waf_rules = {\n  a = { expression = \"http.host eq \\\"x\\\"\" }\n  b = [\n    { \"expression\" = \"ip.src eq 1.2.3.4\" },\n  ]\n}\nexpression = \"top level is not a map\"\n"
	sns, probs := Extract("prod.tfvars", []byte(src))
	assert.Empty(t, probs)
	require.Len(t, sns, 2)
	assert.Equal(t, `http.host eq "x"`, sns[0].Text)
	assert.Equal(t, "waf_rules.a.expression", sns[0].Where)
	assert.Equal(t, "ip.src eq 1.2.3.4", sns[1].Text)
	assert.Equal(t, "waf_rules.b[0].expression", sns[1].Where)
}

func TestExtractHCLSyntaxError(t *testing.T) {
	sns, probs := Extract("bad.tf", []byte("resource \"cloudflare_filter\" \"f\" {\n  expression = \"unterminated\n}\n"))
	assert.Empty(t, sns)
	require.NotEmpty(t, probs)
	assert.Equal(t, RuleSyntax, probs[0].Rule)
	assert.Equal(t, diag.Error, probs[0].Severity)
}

func TestExtractJSON(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		texts   []string
		profile string
		where   string
	}{
		{"api ruleset", `{"result":{"rules":[{"action":"block","expression":"http.host eq \"a\u00e9\""}]}}`, []string{`http.host eq "aé"`}, schema.ProfileRules, "result.rules[0].expression"},
		{"bare ruleset", `{"rules":[{"expression":"a"},{"expression":"b"}]}`, []string{"a", "b"}, schema.ProfileRules, "rules[0].expression"},
		{"feedback report", `{"type":"false_positive","expression":"ip.src eq 1.1.1.1","requests":1}`, []string{"ip.src eq 1.1.1.1"}, schema.ProfileFeedback, "expression"},
		{"feedback list", `{"result":[{"type":"false_negative","expression":"x"}]}`, []string{"x"}, schema.ProfileFeedback, "result[0].expression"},
		{"other json", `{"name":"package","version":"1"}`, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.src)
			sns, probs := Extract("x.json", data)
			assert.Empty(t, probs)
			var texts []string
			for _, sn := range sns {
				checkMap(t, data, sn)
				texts = append(texts, sn.Text)
				assert.Equal(t, tt.profile, sn.Profile)
			}
			assert.Equal(t, tt.texts, texts)
			if len(sns) > 0 {
				assert.Equal(t, tt.where, sns[0].Where)
			}
		})
	}
}

func TestJSONSurrogatePair(t *testing.T) {
	src := `{"expression":"http.user_agent eq \"\ud83d\ude00\" and x"}`
	data := []byte(src)
	sns, _ := Extract("r.json", data)
	require.Len(t, sns, 1)
	sn := sns[0]
	assert.Equal(t, "http.user_agent eq \"😀\" and x", sn.Text)
	i := strings.Index(sn.Text, "😀")
	assert.Equal(t, `\ud83d\ude00`, hostText(data, sn, i, i+4))
	i = strings.Index(sn.Text, "and")
	assert.Equal(t, strings.Index(src, "and"), sn.HostOffset(i))

	// A lone surrogate decodes to U+FFFD, as encoding/json does.
	sns, _ = Extract("r.json", []byte(`{"expression":"\ud83d x"}`))
	require.Len(t, sns, 1)
	assert.Equal(t, "\uFFFD x", sns[0].Text)
}

func TestExtractJSONErrors(t *testing.T) {
	sns, probs := Extract("bad.json", []byte("{\"rules\": [\n  {\"expression\": \"a\"},,\n]}"))
	assert.Empty(t, sns)
	require.Len(t, probs, 1)
	assert.Equal(t, RuleSyntax, probs[0].Rule)
	assert.Equal(t, 34, int(probs[0].Span.Start))
	assert.Contains(t, probs[0].Message, "want a value")
}

func TestExtractJSONL(t *testing.T) {
	src := "\"ip.src eq 1.1.1.1\"\n\n{\"expr\": \"http.host eq \\\"a\\\"\", \"source\": \"x\"}\r\n{\"expression\": \"b\"}\nnot json\n{\"other\": 1}\n"
	data := []byte(src)
	sns, probs := Extract("c.jsonl", data)
	require.Len(t, sns, 3)
	assert.Equal(t, "ip.src eq 1.1.1.1", sns[0].Text)
	assert.Equal(t, "line 1", sns[0].Where)
	assert.Equal(t, `http.host eq "a"`, sns[1].Text)
	assert.Equal(t, "line 3", sns[1].Where)
	assert.Equal(t, "b", sns[2].Text)
	for _, sn := range sns {
		checkMap(t, data, sn)
		assert.Equal(t, schema.ProfileFeedback, sn.Profile)
	}
	require.Len(t, probs, 2)
	assert.Equal(t, strings.Index(src, "not json"), int(probs[0].Span.Start))
	assert.Equal(t, RuleNonLiteral, probs[1].Rule)
}

func TestExtractRaw(t *testing.T) {
	sns, probs := Extract("a.wf", []byte("\xEF\xBB\xBFhttp.host eq \"a\"\n"))
	assert.Empty(t, probs)
	require.Len(t, sns, 1)
	assert.Equal(t, "http.host eq \"a\"\n", sns[0].Text)
	assert.Equal(t, 3, sns[0].HostOffset(0))
	assert.True(t, sns[0].Multiline())
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		name string
		path string
		src  string
		// edit replaces the first occurrence of old in the first snippet.
		old, new string
		want     string
	}{
		{
			name: "tf quoted re-escapes",
			path: "a.tf",
			src:  "# keep\nresource \"cloudflare_filter\" \"f\" {\n  expression   =   \"http.host eq 'a\\u00e9' and x eq \\\"\\\\\\\"\" # trailing\n}\n",
			old:  "'aé'", new: "\"aé\\\\${x}\"",
			want: "# keep\nresource \"cloudflare_filter\" \"f\" {\n  expression   =   \"http.host eq \\\"aé\\\\\\\\$${x}\\\" and x eq \\\"\\\\\\\"\" # trailing\n}\n",
		},
		{
			name: "indented heredoc keeps indentation",
			path: "a.tf",
			src:  "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = <<-EOT\n      a eq 1 and b eq 2\n    EOT\n  }\n}\n",
			old:  "a eq 1 and ", new: "a eq 1\nand ",
			want: "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = <<-EOT\n      a eq 1\n      and b eq 2\n    EOT\n  }\n}\n",
		},
		{
			name: "json string",
			path: "r.json",
			src:  "{\n  \"rules\": [ { \"expression\": \"x eq 'é<'\" , \"id\": 1} ]\n}\n",
			old:  "'é<'", new: "\"é<\"",
			want: "{\n  \"rules\": [ { \"expression\": \"x eq \\\"é<\\\"\" , \"id\": 1} ]\n}\n",
		},
		{
			name: "wf raw",
			path: "a.wf",
			src:  "x eq 'a'\n",
			old:  "'a'", new: "\"a\"",
			want: "x eq \"a\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.src)
			sns, probs := Extract(tt.path, data)
			require.Empty(t, probs)
			require.NotEmpty(t, sns)
			sn := &sns[0]
			i := strings.Index(sn.Text, tt.old)
			require.GreaterOrEqual(t, i, 0)
			edit := diag.Edit{Span: diag.Span{Start: diag.Pos(i), End: diag.Pos(i + len(tt.old))}, New: tt.new}
			out, err := Rewrite(tt.path, data, []Change{{Snippet: sn, Edits: []diag.Edit{edit}}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}

func TestRewriteWholeHeredoc(t *testing.T) {
	src := "x = [{\n  expression = <<-EOT\n    a   eq 1\n      and b eq 2\n  EOT\n}]\n"
	data := []byte(src)
	sns, _ := Extract("v.tfvars", data)
	require.Len(t, sns, 1)
	sn := &sns[0]
	edit := diag.Edit{Span: diag.Span{Start: 0, End: diag.Pos(len(sn.Text))}, New: "a eq 1\n  and b eq 2\n"}
	out, err := Rewrite("v.tfvars", data, []Change{{Snippet: sn, Edits: []diag.Edit{edit}}})
	require.NoError(t, err)
	assert.Equal(t, "x = [{\n  expression = <<-EOT\n    a eq 1\n      and b eq 2\n  EOT\n}]\n", string(out))
}

func TestRewriteRefusesBrokenRoundTrip(t *testing.T) {
	// Inserting "$" right before "{" would create an interpolation.
	data := []byte("a = [{ expression = \"x{y}\" }]\n")
	sns, _ := Extract("a.tfvars", data)
	require.Len(t, sns, 1)
	edit := diag.Edit{Span: diag.Span{Start: 1, End: 1}, New: "$"}
	_, err := Rewrite("a.tfvars", data, []Change{{Snippet: &sns[0], Edits: []diag.Edit{edit}}})
	assert.Error(t, err)
}

func TestKindOf(t *testing.T) {
	for path, want := range map[string]Kind{"a.wf": WF, "b.TF": HCL, "c.tfvars": HCL, "d.hcl": HCL, "e.json": JSON, "f.jsonl": JSONL, "g.txt": Unknown} {
		assert.Equal(t, want, KindOf(path), path)
	}
}

func TestTextOffsetInvertsHostOffset(t *testing.T) {
	data := []byte(`{"expression": "a \"b\" \u00e9c"}`)
	snips, probs := Extract("x.json", data)
	require.Empty(t, probs)
	require.Len(t, snips, 1)
	sn := &snips[0]
	for i := 0; i <= len(sn.Text); i++ {
		if i < len(sn.Text) && !utf8.RuneStart(sn.Text[i]) {
			continue
		}
		got, ok := sn.TextOffset(sn.HostOffset(i))
		require.True(t, ok)
		assert.Equal(t, i, got, "offset %d", i)
	}
	_, ok := sn.TextOffset(0)
	assert.False(t, ok)
	s, e := sn.Literal(len(data))
	assert.Equal(t, `"a \"b\" \u00e9c"`, string(data[s:e]))
}

// A JSON Lines file read in parts gives what one read of it gives: the
// same snippets and problems, in order, with the same line numbers.
func TestJSONLPartsMatchOneRead(t *testing.T) {
	lines := []string{
		`{"expr": "http.host eq \"a\u00e9\""}`, `"ip.src eq 1.1.1.1"`, ``, `  `,
		`{"expression": "ssl", "source": "x"}`, `{"nope": 1}`, `[1]`, `{"expr": "bad`, `{"expr": 1}`,
	}
	var b strings.Builder
	for i := 0; b.Len() < 64<<10; i++ {
		b.WriteString(lines[i%len(lines)])
		if i%7 != 6 {
			b.WriteString("\n") // sometimes two lines run together: a bad line
		}
	}
	data := []byte(b.String())
	one, oneProblems := extractJSONLParts(data, 1)
	require.NotEmpty(t, one)
	require.NotEmpty(t, oneProblems)
	for _, parts := range []int{2, 3, 7} {
		got, problems := extractJSONLParts(data, parts)
		assert.Equal(t, one, got, "%d parts", parts)
		assert.Equal(t, oneProblems, problems, "%d parts", parts)
	}
	// JSONLines reads the same a run of lines at a time, given where each
	// run starts and how many lines come before it.
	var got []Snippet
	var problems diag.List
	for from, line := 0, 0; from < len(data); line += 5 {
		to := from
		for range 5 {
			if nl := bytes.IndexByte(data[to:], '\n'); nl >= 0 {
				to += nl + 1
			} else {
				to = len(data)
			}
		}
		s, p := JSONLines(data, from, to, line)
		got, problems = append(got, s...), append(problems, p...)
		from = to
	}
	assert.Equal(t, one, got)
	assert.Equal(t, oneProblems, problems)
}
