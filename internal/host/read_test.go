package host

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

func readFixture(t *testing.T, name string) (*Document, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "rulesets", name))
	require.NoError(t, err)
	d := Read(name, data)
	for _, p := range d.Problems {
		assert.NotEqual(t, diag.Error, p.Severity, "%s: %s", name, p.Message)
	}
	for i := range d.Snippets {
		checkMap(t, data, d.Snippets[i])
	}
	checkModel(t, d, data)
	checkStreamed(t, name, data, d)
	if KindOf(name) == JSON {
		// Read from a document the caller parsed: the same.
		doc, err := jsonscan.Parse(data)
		require.Nil(t, err)
		again := ReadWith(name, data, ReadOptions{JSON: doc})
		assert.Equal(t, len(d.Snippets), len(again.Snippets))
		for i := range again.Snippets {
			assert.Equal(t, d.Snippets[i].Text, again.Snippets[i].Text)
			assert.Equal(t, d.Snippets[i].Where, again.Snippets[i].Where)
		}
		assert.Equal(t, d.Content, again.Content)
		assert.Equal(t, len(d.Rulesets), len(again.Rulesets))
	}
	return d, data
}

// checkModel checks what every document must keep: each rule expression
// points at its snippet, with the same text and the same span, and the
// snippet knows its rule.
func checkModel(t *testing.T, d *Document, data []byte) {
	t.Helper()
	for _, rs := range d.Rulesets {
		for i, r := range rs.Rules {
			assert.Equal(t, i, r.Index)
			require.NotNil(t, r.Object, r.Where)
			assert.LessOrEqual(t, int(rs.Span.Start), int(r.Span.Start), r.Where)
			assert.LessOrEqual(t, int(r.Span.End), len(data))
			for _, e := range r.Exprs {
				if e.Snippet < 0 {
					continue
				}
				require.Less(t, e.Snippet, len(d.Snippets))
				sn := &d.Snippets[e.Snippet]
				assert.Equal(t, sn.Text, e.Text)
				assert.Equal(t, sn.Where, e.Where)
				assert.Equal(t, schema.ProfileRules, sn.Profile)
				s, end := sn.Literal(len(data))
				assert.True(t, int(e.Span.Start) <= s && end <= int(e.Span.End) && int(e.Span.End) <= len(data),
					"%s: the expression's span %v holds its literal %d-%d", e.Where, e.Span, s, end)
				require.NotNil(t, sn.Use, e.Where)
				assert.Equal(t, e.Role, sn.Use.Role)
				assert.Equal(t, rs.Phase, sn.Use.Phase)
				if sn.Use.Rule != r {
					// A legacy filter shared by two rules knows the first.
					assert.True(t, rs.Legacy, e.Where)
				}
			}
		}
	}
}

// exprView is what a test compares of an expression.
type exprView struct {
	Param string
	Role  schema.Role
	Type  string
	Text  string
}

func views(rs *ruleset.Ruleset) [][]exprView {
	var out [][]exprView
	for _, r := range rs.Rules {
		var vs []exprView
		for _, e := range r.Exprs {
			typ := ""
			if e.Type.IsValid() {
				typ = e.Type.String()
			}
			vs = append(vs, exprView{e.Param, e.Role, typ, e.Text})
		}
		out = append(out, vs)
	}
	return out
}

// The v4 blocks and the v5 attributes of the same rules read as the same
// rulesets: same phases, same expressions in the same roles, and objects
// in the API's shape.
func TestTerraformV4AndV5ReadAlike(t *testing.T) {
	v4, _ := readFixture(t, "valid/v4.tf")
	v5, _ := readFixture(t, "valid/v5.tf")
	assert.Equal(t, ContentTerraform, v4.Content)
	require.Len(t, v4.Rulesets, 8)
	require.Len(t, v5.Rulesets, 8)
	for i := range v4.Rulesets {
		a, b := v4.Rulesets[i], v5.Rulesets[i]
		assert.Equal(t, a.Phase, b.Phase)
		assert.Equal(t, a.Kind, b.Kind)
		assert.Equal(t, a.Name, b.Name)
		assert.Equal(t, a.Where, b.Where)
		assert.Equal(t, views(a), views(b), a.Where)
		assert.Equal(t, jsonOf(t, a), jsonOf(t, b), "%s: the same API object", a.Where)
	}
	phase := func(rs *ruleset.Ruleset) string { return rs.Phase }
	assert.Equal(t, "http_request_transform", phase(v4.Rulesets[0]))
	assert.Equal(t, [][]exprView{{
		{"action_parameters.uri.path.expression", schema.RoleValue, "Bytes", `regex_replace(http.request.uri.path, "^/old/(.*)$", "/new/${1}")`},
		{"expression", schema.RoleFilter, "", `starts_with(http.request.uri.path, "/old/")`},
	}}, views(v4.Rulesets[0]))
	assert.Equal(t, [][]exprView{{
		{"action_parameters.headers.*.expression", schema.RoleValue, "Bytes", "to_string(cf.bot_management.score)"},
		{"expression", schema.RoleFilter, "", "true"},
	}}, views(v4.Rulesets[1]))
	assert.Equal(t, [][]exprView{{
		{"ratelimit.counting_expression", schema.RoleCounting, "", `http.request.uri.path matches "^/login" and http.response.code in {401 403}`},
		{"expression", schema.RoleFilter, "", `http.request.uri.path matches "^/login"`},
	}}, views(v4.Rulesets[4]))

	// A parameter the table knows by another name than expression.
	assert.Equal(t, [][]exprView{{
		{"action_parameters.from_list.key", schema.RoleValue, "Bytes", "http.request.full_uri"},
		{"expression", schema.RoleFilter, "", "http.request.full_uri in $redirect_list"},
	}}, views(v4.Rulesets[7]))

	// Host-terms places: v4 block indices, v5 map keys.
	e := v4.Rulesets[1].Rules[0].Exprs[0]
	assert.Equal(t, "cloudflare_ruleset.request_headers.rules[0].action_parameters[0].headers[0].expression", e.Where)
	e = v5.Rulesets[1].Rules[0].Exprs[0]
	assert.Equal(t, "cloudflare_ruleset.request_headers.rules[0].action_parameters.headers.x-bot-score.expression", e.Where)
	assert.Equal(t, "cloudflare_ruleset.waf.rules[1]", v5.Rulesets[6].Rules[1].Where)

	// The rule's object in the API's shape.
	r := v4.Rulesets[1].Rules[0]
	assert.Equal(t, "rewrite", r.Action())
	assert.True(t, r.Enabled())
	h := r.Object.Get("action_parameters", "headers")
	require.NotNil(t, h)
	assert.Equal(t, ruleset.Object, h.Kind)
	assert.Equal(t, []string{"x-bot-score", "x-static", "x-remove-me"}, keys(h))
	assert.Equal(t, "set", h.Get("x-static", "operation").String())
	assert.Nil(t, h.Get("x-static", "name"), "the name is the key")
	ttl := v4.Rulesets[5].Rules[0].Object.Get("action_parameters", "edge_ttl", "status_code_ttl")
	require.NotNil(t, ttl)
	assert.Equal(t, ruleset.Array, ttl.Kind, "status_code_ttl is an array in the API")
	assert.Equal(t, "404", ttl.Elems[0].Get("status_code").Str)
	rl := v4.Rulesets[4].Rules[0].Object.Get("ratelimit")
	assert.Equal(t, ruleset.Object, rl.Kind)
	assert.Equal(t, "cf.colo.id", rl.Get("characteristics").Elems[0].String())
	assert.Equal(t, ruleset.Object, v4.Rulesets[0].Rules[0].Object.Kind)
}

// jsonOf writes a ruleset's rules' objects without spans, to compare two
// readings of the same rules.
func jsonOf(t *testing.T, rs *ruleset.Ruleset) string {
	t.Helper()
	var b strings.Builder
	var walk func(v *ruleset.Value)
	walk = func(v *ruleset.Value) {
		switch v.Kind {
		case ruleset.Object:
			b.WriteString("{")
			for _, m := range v.Members {
				b.WriteString(m.Key + ":")
				walk(m.Value)
				b.WriteString(",")
			}
			b.WriteString("}")
		case ruleset.Array:
			b.WriteString("[")
			for _, el := range v.Elems {
				walk(el)
				b.WriteString(",")
			}
			b.WriteString("]")
		case ruleset.Bool:
			if v.Bool {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		case ruleset.Unknown:
			b.WriteString("?")
		case ruleset.Null:
			b.WriteString("null")
		default:
			b.WriteString(v.Str)
		}
	}
	for _, r := range rs.Rules {
		walk(r.Object)
		b.WriteString("\n")
	}
	return b.String()
}

func keys(v *ruleset.Value) []string {
	var ks []string
	for _, m := range v.Members {
		ks = append(ks, m.Key)
	}
	return ks
}

func TestTerraformLegacy(t *testing.T) {
	d, _ := readFixture(t, "valid/legacy.tf")
	require.Len(t, d.Rulesets, 1)
	rs := d.Rulesets[0]
	assert.True(t, rs.Legacy)
	require.Len(t, rs.Rules, 1)
	r := rs.Rules[0]
	assert.Equal(t, "cloudflare_firewall_rule.wordpress", r.Where)
	assert.Equal(t, "block", r.Action())
	require.Len(t, r.Exprs, 1)
	assert.Equal(t, "filter.expression", r.Exprs[0].Param)
	assert.Equal(t, "cloudflare_filter.wordpress.expression", r.Exprs[0].Where)
	assert.Contains(t, r.Object.Get("filter", "expression").String(), "/wp-login.php")

	// A paused rule does not run; a filter no rule uses is still linted;
	// a filter_id that is no plain reference links nothing.
	src := `resource "cloudflare_filter" "a" {
  expression = "http.host eq \"a\""
}
resource "cloudflare_filter" "lonely" {
  expression = "http.host eq \"b\""
}
resource "cloudflare_firewall_rule" "a" {
  filter_id = cloudflare_filter.a.id
  action    = "block"
  paused    = true
}
resource "cloudflare_firewall_rule" "b" {
  filter_id = var.filter
  action    = "log"
}
`
	d = Read("l.tf", []byte(src))
	checkModel(t, d, []byte(src))
	require.Len(t, d.Snippets, 2)
	require.Len(t, d.Rulesets, 1)
	require.Len(t, d.Rulesets[0].Rules, 2)
	assert.False(t, d.Rulesets[0].Rules[0].Enabled())
	assert.Empty(t, d.Rulesets[0].Rules[1].Exprs)
	assert.Equal(t, ruleset.Unknown, d.Rulesets[0].Rules[1].Object.Get("filter_id").Kind)
	lonely := d.Snippets[1]
	assert.Equal(t, "cloudflare_filter.lonely.expression", lonely.Where)
	assert.Equal(t, schema.RoleFilter, lonely.Role())
}

// Rules Terraform makes (dynamic blocks, for expressions, references)
// leave the ruleset partial; their literal expressions are still linted
// in their role and phase.
func TestTerraformPartial(t *testing.T) {
	src := `resource "cloudflare_ruleset" "v4" {
  phase = "http_request_late_transform"
  rules {
    action = "rewrite"
    action_parameters {
      dynamic "headers" {
        for_each = var.headers
        content {
          name       = headers.key
          operation  = "set"
          expression = "to_string(ip.src)"
        }
      }
    }
    expression = "true"
  }
  dynamic "rules" {
    for_each = var.rules
    content {
      action     = "block"
      expression = "http.host eq \"x\""
    }
  }
}
resource "cloudflare_ruleset" "v5" {
  phase = "http_request_dynamic_redirect"
  rules = [for r in var.r : {
    action            = "redirect"
    action_parameters = { from_value = { target_url = { expression = "concat(\"https://a\", http.request.uri.path)" } } }
    expression        = r.expr
  }]
}
`
	d := Read("p.tf", []byte(src))
	checkModel(t, d, []byte(src))
	require.Len(t, d.Rulesets, 2)
	v4, v5 := d.Rulesets[0], d.Rulesets[1]
	assert.True(t, v4.Partial)
	assert.True(t, v5.Partial)
	require.Len(t, v4.Rules, 1)
	assert.Equal(t, ruleset.Unknown, v4.Rules[0].Object.Get("action_parameters", "headers").Kind)
	assert.Empty(t, v5.Rules)
	require.Len(t, d.Snippets, 4)
	byText := map[string]*Snippet{}
	for i := range d.Snippets {
		byText[d.Snippets[i].Text] = &d.Snippets[i]
	}
	hdr := byText["to_string(ip.src)"]
	require.NotNil(t, hdr)
	assert.Equal(t, schema.RoleValue, hdr.Role())
	assert.Equal(t, "http_request_late_transform", hdr.Phase())
	dyn := byText[`http.host eq "x"`]
	require.NotNil(t, dyn)
	assert.Equal(t, schema.RoleFilter, dyn.Role())
	assert.Equal(t, "http_request_late_transform", dyn.Phase())
	assert.Nil(t, dyn.Use.Rule, "its place among the rules is unknown")
	target := byText[`concat("https://a", http.request.uri.path)`]
	require.NotNil(t, target)
	assert.Equal(t, schema.RoleValue, target.Role())
	assert.Equal(t, "http_request_dynamic_redirect", target.Phase())
	assert.Equal(t, "action_parameters.from_value.target_url.expression", target.Use.Param)
}

// Outside any resource (tfvars, locals) a value parameter keeps its role
// from the keys around it.
func TestTfvarsRoles(t *testing.T) {
	src := `rules = [{
  expression = "true"
  action_parameters = { uri = { path = { expression = "lower(http.request.uri.path)" } } }
  ratelimit = { counting_expression = "http.response.code eq 429" }
  other_expression = "not wirefilter"
  description = "not wirefilter either"
  action_parameters = { from_list = { name = "l", key = "http.request.full_uri" } }
}]
`
	d := Read("x.tfvars", []byte(src))
	require.Len(t, d.Snippets, 4)
	assert.Equal(t, "action_parameters.from_list.key", d.Snippets[3].Use.Param)
	assert.Nil(t, d.Snippets[0].Use)
	assert.Equal(t, schema.RoleValue, d.Snippets[1].Role())
	assert.Equal(t, "Bytes", d.Snippets[1].ValueType().String())
	assert.Equal(t, schema.RoleCounting, d.Snippets[2].Role())
	assert.Empty(t, d.Rulesets, "a list in a variable is no ruleset: it may be split or merged")
}

func TestJSONShapes(t *testing.T) {
	tests := []struct {
		file    string
		content Content
		legacy  bool
		// rules per ruleset, and each rule's expression params
		rules [][]string
		where string // of the first expression
	}{
		{"valid/ruleset.json", ContentRulesets, false, [][]string{{"action_parameters.from_value.target_url.expression", "expression"}}, "rules[0].action_parameters.from_value.target_url.expression"},
		{"valid/envelope.json", ContentRulesets, false, [][]string{{"action_parameters.headers.*.expression", "expression"}}, "result.rules[0].action_parameters.headers.x-bot-score.expression"},
		{"valid/rulesets.json", ContentRulesets, false, [][]string{{"action_parameters.uri.path.expression", "expression"}, {"action_parameters.headers.*.expression", "expression"}}, "[0].rules[0].action_parameters.uri.path.expression"},
		{"valid/rules.json", ContentRules, false, [][]string{{"ratelimit.counting_expression", "expression"}, {"expression"}}, "[0].ratelimit.counting_expression"},
		{"valid/rule.json", ContentRule, false, [][]string{{"expression"}}, "expression"},
		{"valid/legacy-rules.json", ContentLegacy, true, [][]string{{"filter.expression"}}, "result[0].filter.expression"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, _ := readFixture(t, tt.file)
			assert.Equal(t, tt.content, d.Content)
			assert.True(t, d.Cloudflare)
			var got [][]string
			for _, rs := range d.Rulesets {
				assert.Equal(t, tt.legacy, rs.Legacy)
				for _, r := range rs.Rules {
					var ps []string
					for _, e := range r.Exprs {
						ps = append(ps, e.Param)
					}
					got = append(got, ps)
				}
			}
			assert.Equal(t, tt.rules, got)
			require.NotEmpty(t, d.Snippets)
			assert.Equal(t, tt.where, d.Snippets[0].Where)
			for _, sn := range d.Snippets {
				assert.Equal(t, schema.ProfileRules, sn.Profile, "a rule is never read as a feedback report")
			}
		})
	}
	d, _ := readFixture(t, "valid/legacy-filters.json")
	assert.Equal(t, ContentLegacy, d.Content)
	require.Len(t, d.Snippets, 1)
	assert.Equal(t, "result[0].expression", d.Snippets[0].Where)
	assert.Equal(t, schema.ProfileRules, d.Snippets[0].Profile)
}

func TestJSONClassification(t *testing.T) {
	tests := []struct {
		name, src  string
		content    Content
		cloudflare bool
		exprs      int
		empty      bool
	}{
		{"report", `{"type":"false_positive","expression":"ip.src eq 1.1.1.1","requests":1}`, ContentReport, false, 1, false},
		{"report draft", `{"expression":"ip.src eq 1.1.1.1","description":"d"}`, ContentReport, false, 1, false},
		{"reports", `{"result":[{"type":"false_negative","expression":"x"}],"success":true,"errors":[]}`, ContentReports, true, 1, false},
		{"single rule", `{"action":"block","expression":"ip.src eq 1.1.1.1"}`, ContentRule, true, 1, false},
		{"rule without action", `{"enabled":false,"expression":"ip.src eq 1.1.1.1"}`, ContentRule, true, 1, false},
		{"legacy filter", `{"id":"x","expression":"ip.src eq 1.1.1.1","paused":false}`, ContentLegacy, true, 1, false},
		{"ruleset list without rules", `{"result":[{"id":"a","name":"n","kind":"zone","phase":"http_request_firewall_custom"}],"success":true,"errors":[]}`, ContentRulesets, true, 0, true},
		{"empty ruleset", `{"name":"n","phase":"http_ratelimit","rules":[]}`, ContentRulesets, true, 0, true},
		{"mixed", `[{"action":"block","expression":"a"},{"type":"false_positive","expression":"b"}]`, ContentMixed, true, 2, false},
		{"package.json", `{"name":"package","version":"1","scripts":{}}`, ContentNone, false, 0, false},
		{"vscode package.json", `{"name":"x","categories":["Linters"],"contributes":{"configuration":{"properties":{"a":{"enabled":true}}}}}`, ContentNone, false, 0, false},
		{"action without expression", `{"action":"block","enabled":true}`, ContentNone, false, 0, false},
		{"eslint", `{"rules":{"semi":"error"}}`, ContentNone, false, 0, false},
		{"zone", `{"result":{"id":"z","name":"example.com"},"success":true,"errors":[],"messages":[]}`, ContentNone, true, 0, false},
		{"phase only", `{"phase":"http_request_firewall_custom"}`, ContentNone, true, 0, false},
		{"test results", `{"result":"passed"}`, ContentNone, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Read("x.json", []byte(tt.src))
			checkModel(t, d, []byte(tt.src))
			assert.Empty(t, d.Problems)
			assert.Equal(t, tt.content, d.Content, d.Content.String())
			assert.Equal(t, tt.cloudflare, d.Cloudflare)
			assert.Len(t, d.Snippets, tt.exprs)
			assert.Equal(t, tt.empty, d.Empty != "", d.Empty)
		})
	}
}

// A parameter the table does not know is still linted: in
// action_parameters as a value of any type, elsewhere as a filter.
func TestUnknownExpressionParam(t *testing.T) {
	src := `{"action":"rewrite","action_parameters":{"body":{"expression":"http.host"}},"other_expression":"ssl","expression":"true"}`
	d := Read("r.json", []byte(src))
	require.Len(t, d.Snippets, 3)
	assert.Empty(t, d.Problems, "the ruleset checks report the unknown member")
	e := d.Rulesets[0].Rules[0].Exprs
	assert.Equal(t, "action_parameters.body.expression", e[0].Param)
	assert.Equal(t, schema.RoleValue, e[0].Role)
	assert.False(t, e[0].Type.IsValid(), "of any type")
	assert.Equal(t, "other_expression", e[1].Param)
	assert.Equal(t, schema.RoleFilter, e[1].Role)
}

func TestWFDirectives(t *testing.T) {
	tests := []struct {
		name, src string
		role      schema.Role
		typ       string
		phase     string
		start     int
		problems  []string
	}{
		{"none", "http.host eq \"a\"\n", schema.RoleFilter, "", "", 0, nil},
		{"phase and param", "# wflint:phase http_request_dynamic_redirect\n# wflint:param action_parameters.from_value.target_url.expression\nconcat(\"a\", http.host)\n",
			schema.RoleValue, "Bytes", "http_request_dynamic_redirect", 111, nil},
		{"role value with type", "#wflint:role value Int\r\n\n  len(http.host)", schema.RoleValue, "Int", "", 24, nil},
		{"counting", "  # wflint:role counting\nhttp.response.code eq 429", schema.RoleCounting, "", "", 25, nil},
		{"a comment ends the header", "# notes\n# wflint:role value\nhttp.host", schema.RoleFilter, "", "", 0, nil},
		{"bom", "\xEF\xBB\xBF# wflint:phase http_ratelimit\nip.src eq 1.1.1.1", schema.RoleFilter, "", "http_ratelimit", 33, nil},
		{"unknown phase", "# wflint:phase http_request_future\nip.src eq 1.1.1.1", schema.RoleFilter, "", "http_request_future", 35, []string{"# wflint:phase http_request_future"}},
		{"bad", "# wflint:phase\n# wflint:role maybe\n# wflint:rol value\n# wflint:param foo.bar\nx",
			schema.RoleFilter, "", "", 77, []string{"# wflint:phase", "# wflint:role maybe", "# wflint:rol value", "# wflint:param foo.bar"}},
		{"twice and both", "# wflint:role value\n# wflint:role filter\n# wflint:param expression\nx",
			schema.RoleValue, "", "", 67, []string{"# wflint:role filter", "# wflint:param expression"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Read("a.wf", []byte(tt.src))
			assert.Equal(t, ContentExpression, d.Content)
			require.Len(t, d.Snippets, 1)
			sn := d.Snippets[0]
			assert.Equal(t, tt.role, sn.Role())
			typ := ""
			if sn.ValueType().IsValid() {
				typ = sn.ValueType().String()
			}
			assert.Equal(t, tt.typ, typ)
			assert.Equal(t, tt.phase, sn.Phase())
			assert.Equal(t, tt.start, sn.Start)
			assert.Equal(t, tt.src[tt.start:], sn.Text, "the expression is the rest, at its own offsets")
			var got []string
			for _, p := range d.Problems {
				assert.Equal(t, RuleDirective, p.Rule)
				want := diag.Warning
				if strings.Contains(p.Message, "does not know the phase") {
					want = diag.Info // a phase Cloudflare may have added since
				}
				assert.Equal(t, want, p.Severity)
				got = append(got, p.Span.Text(tt.src))
			}
			assert.Equal(t, tt.problems, got)
		})
	}
}

// A rule's expression keeps its place when the file is rewritten: fixes
// inside nested parameters round-trip.
func TestRewriteNestedParameter(t *testing.T) {
	for _, name := range []string{"valid/v4.tf", "valid/v5.tf", "valid/envelope.json"} {
		d, data := readFixture(t, name)
		for i := range d.Snippets {
			sn := &d.Snippets[i]
			if sn.Role() != schema.RoleValue {
				continue
			}
			edit := diag.Edit{Span: diag.Span{Start: 0, End: diag.Pos(len(sn.Text))}, New: "lower(" + sn.Text + ")"}
			out, err := Rewrite(name, data, []Change{{Snippet: sn, Edits: []diag.Edit{edit}}})
			require.NoError(t, err, name)
			again := Read(name, out)
			assert.Equal(t, "lower("+sn.Text+")", again.Snippets[i].Text)
			assert.Equal(t, schema.RoleValue, again.Snippets[i].Role())
		}
	}
}
