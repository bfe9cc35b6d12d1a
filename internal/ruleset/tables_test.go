package ruleset

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/schema"
)

// TestActionEnum pins the action table to the schema's `action` enum
// (terraform-provider-cloudflare v5.22.0's validator): a new action is a
// deliberate change of the table.
func TestActionEnum(t *testing.T) {
	want := []string{"block", "challenge", "compress_response", "ddos_dynamic", "execute",
		"force_connection_close", "js_challenge", "log", "log_custom_field", "managed_challenge",
		"redirect", "rewrite", "route", "score", "serve_error", "set_cache_control",
		"set_cache_settings", "set_cache_tags", "set_config", "skip"}
	assert.Equal(t, want, actionNames)
	// The API schema's phase enum (rulesets_RulesetPhase): every one is
	// in schema's phase table, which also has the documented phases the
	// enum lacks.
	for _, p := range []string{"ddos_l4", "ddos_l7", "http_config_settings", "http_custom_errors",
		"http_log_custom_fields", "http_ratelimit", "http_request_cache_settings",
		"http_request_dynamic_redirect", "http_request_firewall_custom", "http_request_firewall_managed",
		"http_request_late_transform", "http_request_origin", "http_request_redirect",
		"http_request_sanitize", "http_request_sbfm", "http_request_transform",
		"http_response_cache_settings", "http_response_compression", "http_response_firewall_managed",
		"http_response_headers_transform", "magic_transit", "magic_transit_ids_managed",
		"magic_transit_managed", "magic_transit_ratelimit"} {
		assert.True(t, KnownPhase(p), p)
	}
	for _, a := range legacyActions {
		if a != "allow" && a != "bypass" {
			assert.True(t, KnownAction(a), a)
		}
	}
}

// TestPhaseTables keeps the per-phase and per-action tables consistent:
// an action whose phases are listed and a phase whose actions are closed
// never disagree.
func TestPhaseTables(t *testing.T) {
	for phase, row := range phaseActions {
		assert.True(t, KnownPhase(phase), phase)
		assert.NotEmpty(t, row.source, phase)
		for _, a := range row.actions {
			require.True(t, KnownAction(a), "%s: %s", phase, a)
			if ps := actions[a].phases; ps != nil {
				assert.Contains(t, ps, phase, "%s lists %s, which does not list it", phase, a)
			}
		}
	}
	for name, a := range actions {
		for _, p := range a.phases {
			assert.True(t, KnownPhase(p), "%s: %s", name, p)
			if row, ok := phaseActions[p]; ok {
				assert.Contains(t, row.actions, name, "%s lists %s, which does not list it", name, p)
			}
			allowed, known := PhaseAllows(p, name)
			assert.True(t, allowed && known, "%s in %s", name, p)
		}
	}
	cases := []struct {
		phase, action  string
		allowed, known bool
	}{
		{"http_request_firewall_custom", "block", false, false}, // not closed: silent
		{"http_request_firewall_custom", "redirect", false, true},
		{"http_request_firewall_custom", "rewrite", true, true},
		{"http_request_transform", "block", false, true},
		{"http_request_transform", "rewrite", true, true},
		{"http_response_cache_settings", "set_cache_settings", true, true},
		{"http_request_cache_settings", "set_cache_control", false, true},
		{"http_ratelimit", "block", false, false},
		{"http_ratelimit", "set_config", false, true},
		{"http_request_snippets", "block", false, false},
		{"http_request_transform", "teleport", false, false},
		{"", "redirect", false, false},
	}
	for _, c := range cases {
		allowed, known := PhaseAllows(c.phase, c.action)
		assert.Equal(t, [2]bool{c.allowed, c.known}, [2]bool{allowed, known}, "%s in %s", c.action, c.phase)
	}
}

// TestParamTables checks the parameter trees: unique member names,
// constraints that name members, enums of the param's type.
func TestParamTables(t *testing.T) {
	var walk func(p *param, at string)
	walk = func(p *param, at string) {
		seen := map[string]bool{}
		for _, m := range p.members {
			assert.False(t, seen[m.name], "%s: %s twice", at, m.name)
			seen[m.name] = true
			walk(m, at+"."+m.name)
		}
		for _, r := range p.rules {
			assert.GreaterOrEqual(t, len(r.names), 2, at)
			for _, n := range r.names {
				assert.NotNil(t, p.member(n), "%s: constraint on unknown member %s", at, n)
			}
		}
		for _, e := range p.enum {
			switch p.kind {
			case pInt:
				_, err := strconv.ParseInt(e, 10, 64)
				assert.NoError(t, err, at)
			case pBool:
				assert.Contains(t, []string{"true", "false"}, e, at)
			case pString:
			default:
				t.Errorf("%s: an enum on %s", at, p.kind)
			}
		}
		if p.elem != nil {
			walk(p.elem, at+"[]")
		}
		if p.kind == pArray || p.kind == pMap {
			assert.NotNil(t, p.elem, at)
		}
	}
	for _, name := range actionNames {
		if a := actions[name]; a.params != nil {
			assert.Equal(t, "action_parameters", a.params.name, name)
			walk(a.params, name)
		}
	}
	walk(ruleParams, "rule")
}

// TestExprParamsInTables: every expression-valued parameter is a string
// member of the parameter trees, so the two tables agree.
func TestExprParamsInTables(t *testing.T) {
	find := func(p *param, segs []string) *param {
		for _, s := range segs {
			switch {
			case p == nil:
				return nil
			case p.kind == pMap && s == "*":
				p = p.elem
			default:
				p = p.member(s)
			}
		}
		return p
	}
	for path := range exprParams {
		segs := strings.Split(path, ".")
		var p *param
		if segs[0] == "action_parameters" {
			for _, name := range actionNames {
				if a := actions[name]; a.params != nil && p == nil {
					p = find(a.params, segs[1:])
				}
			}
		} else {
			p = find(ruleParams, segs)
		}
		if assert.NotNil(t, p, path) {
			assert.Equal(t, pString, p.kind, path)
		}
	}
}

func TestExprParam(t *testing.T) {
	cases := []struct {
		path string
		role schema.Role
		typ  schema.Type
		ok   bool
	}{
		{"expression", schema.RoleFilter, schema.Type{}, true},
		{"filter.expression", schema.RoleFilter, schema.Type{}, true},
		{"ratelimit.counting_expression", schema.RoleCounting, schema.Type{}, true},
		{"action_parameters.uri.path.expression", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.uri.query.expression", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.headers.*.expression", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.from_value.target_url.expression", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.from_list.key", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.expression", schema.RoleValue, schema.Type{}, true},
		{"exposed_credential_check.username_expression", schema.RoleValue, schema.TypeBytes, true},
		{"exposed_credential_check.password_expression", schema.RoleValue, schema.TypeBytes, true},
		{"action_parameters.headers.X-A.expression", schema.RoleFilter, schema.Type{}, false},
		{"action_parameters.uri.path.value", schema.RoleFilter, schema.Type{}, false},
		{"description", schema.RoleFilter, schema.Type{}, false},
	}
	for _, c := range cases {
		role, typ, ok := ExprParam(c.path)
		assert.Equal(t, c.role, role, c.path)
		assert.Equal(t, c.typ, typ, c.path)
		assert.Equal(t, c.ok, ok, c.path)
	}
	var paths []string
	for p, e := range exprParams {
		paths = append(paths, p)
		assert.True(t, strings.HasPrefix(e.source, "An expression"), p)
	}
	sort.Strings(paths)
	assert.Len(t, paths, 8)
}

// TestTermination is the terminating-action table, from Cloudflare's
// Actions reference: which actions end evaluation when they match.
func TestTermination(t *testing.T) {
	want := map[string]Termination{
		"block": Terminates, "redirect": Terminates, "serve_error": Terminates, "log_custom_field": Terminates,
		"challenge": TerminatesUnlessPassed, "js_challenge": TerminatesUnlessPassed, "managed_challenge": TerminatesUnlessPassed,
		"log": Continues, "skip": Continues, "execute": Continues, "rewrite": Continues, "route": Continues,
		"set_config": Continues, "compress_response": Continues, "set_cache_settings": Continues,
		"set_cache_control": TerminationUnknown, "set_cache_tags": TerminationUnknown, "score": TerminationUnknown,
		"ddos_dynamic": TerminationUnknown, "force_connection_close": TerminationUnknown,
		"teleport": TerminationUnknown,
	}
	for a, w := range want {
		got := TerminationUnknown
		if act, ok := actions[a]; ok {
			got = act.termination
		}
		assert.Equal(t, w, got, a)
	}
	src := ruleset("http_request_firewall_custom",
		`{"action": "skip", "expression": "true", "action_parameters": {"ruleset": "current"}}`,
		`{"action": "skip", "expression": "true", "action_parameters": {"phase": "current"}}`,
		`{"action": "skip", "expression": "true", "action_parameters": {"phases": ["http_ratelimit"]}}`,
		`{"action": "skip", "expression": "true", "action_parameters": {"ruleset": "${var.r}"}}`,
		`{"action": "skip", "expression": "true"}`,
		`{"action": "block", "expression": "true"}`,
		`{"action": "${var.a}", "expression": "true"}`)
	rs := fromJSON(t, src)
	got := []Termination{}
	for _, r := range rs.Rules {
		got = append(got, r.Termination())
	}
	assert.Equal(t, []Termination{SkipsRuleset, SkipsRuleset, Continues, TerminationUnknown, TerminationUnknown, Terminates, TerminationUnknown}, got)
	assert.Equal(t, TerminationUnknown, (*Rule)(nil).Termination())
	for _, tm := range []Termination{TerminationUnknown, Continues, Terminates, TerminatesUnlessPassed, SkipsRuleset} {
		assert.NotEmpty(t, tm.String())
	}
}
