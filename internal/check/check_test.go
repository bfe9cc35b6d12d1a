package check_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func checked(t *testing.T, src string, opts check.Options) *check.Checked {
	t.Helper()
	x, errs := grammar.Parse(src)
	require.Empty(t, errs, src)
	c, diags := check.Check(x, schema.Rules(), opts)
	assert.Equal(t, c.Errors, diags)
	return c
}

// values returns the values of the expression in source order.
func values(c *check.Checked) []*grammar.Value {
	var out []*grammar.Value
	grammar.Inspect(c.Expr.Root, func(n grammar.Node) bool {
		if v, ok := n.(*grammar.Value); ok {
			out = append(out, v)
		}
		return true
	})
	return out
}

func TestCheckedResolvesNamesAndTypes(t *testing.T) {
	c := checked(t, `lower(http.host) eq "a" and any(http.request.headers.names[*] == "x") and to_string(5) == "5"`, check.Options{})
	require.True(t, c.Valid(), c.Errors)
	assert.Equal(t, schema.TypeBool, c.TypeOf(c.Expr.Root))
	vs := values(c)
	require.Len(t, vs, 5)
	lower, host, anyCall, names, toString := vs[0], vs[1], vs[2], vs[3], vs[4]
	assert.Equal(t, "lower", c.FuncOf(lower).Name)
	assert.Equal(t, schema.TypeBytes, c.TypeOf(lower))
	assert.Equal(t, "http.host", c.FieldOf(host).Name)
	assert.Equal(t, "any", c.FuncOf(anyCall).Name)
	assert.True(t, c.IsMapped(names))
	assert.False(t, c.IsMapped(host))
	assert.Equal(t, schema.TypeBytes, c.TypeOf(names), "the element type after [*]")
	// A literal argument has the type the check read it as.
	assert.Equal(t, schema.TypeInt, c.TypeOf(toString.Call.Args[0]))
}

// TestCheckedOnlyAnswersForItsTree: a node of another parse of the same
// text has no facts, and a tree built by hand is checked all the same.
func TestCheckedOnlyAnswersForItsTree(t *testing.T) {
	src := `lower(http.host) eq "a"`
	c := checked(t, src, check.Options{})
	other := checked(t, src, check.Options{})
	v := values(other)[0]
	assert.Equal(t, "lower", other.FuncOf(v).Name)
	assert.Nil(t, c.FuncOf(v))
	assert.False(t, c.TypeOf(v).IsValid())

	host := &grammar.Value{Name: grammar.Token{Text: "http.host"}}
	lower := &grammar.Value{Name: grammar.Token{Text: "lower"}, Call: &grammar.Call{Args: []grammar.Expr{&grammar.Comparison{LHS: host}}}}
	root := &grammar.Comparison{LHS: lower, Op: &grammar.CmpOp{Kind: grammar.OpEq}, RHS: &grammar.Literal{Kind: grammar.LitString, Raw: `"a"`, Value: "a"}}
	byHand, diags := check.Check(&grammar.Expression{Src: src, Root: root}, schema.Rules(), check.Options{})
	require.Empty(t, diags)
	assert.Equal(t, schema.TypeBool, byHand.TypeOf(root))
	assert.Equal(t, "lower", byHand.FuncOf(lower).Name)
	assert.Equal(t, "http.host", byHand.FieldOf(host).Name)
	assert.Equal(t, schema.TypeBytes, byHand.TypeOf(lower))
}

func TestCheckReportsEngineErrors(t *testing.T) {
	for _, tt := range []struct {
		src, rule, kind string
		opts            check.Options
	}{
		{`http.hots eq "a"`, "unknown-field", "UnknownIdentifier", check.Options{}},
		{`lower(http.host, "a") eq "a"`, "argument-count", "InvalidArgumentsCount", check.Options{}},
		{`tcp.dstport contains "a"`, "unsupported-operator", "UnsupportedOp", check.Options{}},
		{`http.host matches "("`, "invalid-regex", "ParseRegex", check.Options{}},
		{`http.host wildcard "a**"`, "invalid-wildcard", "ParseWildcard", check.Options{}},
		{`ip.src eq "1.2.3.4"`, "quoted-ip", "ExpectedName", check.Options{}},
		{`tcp.dstport eq 3000000000`, "int-overflow", "ParseInt", check.Options{EngineCompat: true}},
		{`http.host eq "a"`, "type-mismatch", "TypeMismatch", check.Options{Role: schema.RoleValue}},
	} {
		c := checked(t, tt.src, tt.opts)
		assert.False(t, c.Valid(), tt.src)
		if assert.NotEmpty(t, c.Errors, tt.src) {
			assert.Equal(t, tt.rule, c.Errors[0].Rule, tt.src)
			assert.Equal(t, tt.kind, c.Errors[0].EngineKind, tt.src)
		}
	}
	// Without EngineCompat the product's 64-bit integers apply.
	assert.True(t, checked(t, `tcp.dstport eq 3000000000`, check.Options{}).Valid())
	// A value expression is one value of any type.
	c := checked(t, `concat("https://example.com", http.request.uri.path)`, check.Options{Role: schema.RoleValue})
	assert.Empty(t, c.Errors)
}

// Each role is checked from its own entry point: a value must have its
// parameter's type, a condition where a value belongs is an error, and a
// value where a condition belongs says where values go.
func TestRoles(t *testing.T) {
	value := check.Options{Role: schema.RoleValue, ValueType: schema.TypeBytes}
	tests := []struct {
		src  string
		opts check.Options
		want string // "" = valid; otherwise "rule: a part of the message"
		fix  string // the fixed text, when a fix is offered
	}{
		{`concat("https://m.acme.io", http.request.uri.path)`, value, "", ""},
		{`regex_replace(http.request.uri.path, "^/old/", "/new/")`, value, "", ""},
		{`to_string(cf.bot_management.score)`, value, "", ""},
		{`http.request.headers["x-id"][0]`, value, "", ""},
		{`cf.bot_management.score`, value, "type-mismatch: this value must be a string (Bytes), but `cf.bot_management.score` is Int; convert it with to_string(…)", "to_string(cf.bot_management.score)"},
		{`ssl`, value, "type-mismatch: but `ssl` is Bool", "to_string(ssl)"},
		{`ip.src`, check.Options{Role: schema.RoleValue, ValueType: schema.TypeBytes, Phase: "http_request_late_transform"}, "type-mismatch: but `ip.src` is Ip; convert it with to_string(…)", "to_string(ip.src)"},
		{`ip.src`, check.Options{Role: schema.RoleValue, ValueType: schema.TypeBytes, Phase: "http_request_firewall_custom"}, "type-mismatch: but `ip.src` is Ip", ""}, // to_string is not available there
		{`http.request.headers["x-id"]`, value, "type-mismatch: take one element, such as `http.request.headers[\"x-id\"][0]`", ""},
		{`http.request.headers`, value, "type-mismatch: such as `http.request.headers[\"name\"][0]`", ""},
		{`cf.bot_management.score`, check.Options{Role: schema.RoleValue}, "", ""}, // no parameter type: any
		{`http.request.uri.path eq "/a"`, value, "type-mismatch: a value expression is a single field or function call", ""},
		{`http.request.headers.names[*]`, value, "type-mismatch: cannot iterate", ""},
		{`concat("https://m.acme.io", http.request.uri.path)`, check.Options{}, "missing-operator: belongs in the rule's action parameters, not in its filter", ""},
		{`to_string(ssl)`, check.Options{Role: schema.RoleCounting}, "missing-operator: not in its counting expression", ""},
		{`http.host`, check.Options{}, "missing-operator: compare it with an operator", ""},
		{`http.response.code eq 429`, check.Options{Role: schema.RoleCounting}, "", ""},
	}
	for _, tc := range tests {
		c := checked(t, tc.src, tc.opts)
		if tc.want == "" {
			assert.Empty(t, c.Errors, tc.src)
			continue
		}
		require.NotEmpty(t, c.Errors, tc.src)
		d := c.Errors[0]
		rule, part, _ := strings.Cut(tc.want, ": ")
		assert.Equal(t, rule, d.Rule, tc.src)
		assert.Contains(t, d.Message, part, tc.src)
		if tc.want == "missing-operator: compare it with an operator" {
			assert.NotContains(t, d.Message, "action parameters", "a bare field is a condition missing its operator")
		}
		if tc.fix == "" {
			assert.Empty(t, d.Fixes, tc.src)
			assert.NotContains(t, d.Message, "with to_string", "no advice the phase does not allow: %s", tc.src)
		} else if assert.Len(t, d.Fixes, 1, tc.src) {
			assert.Equal(t, tc.fix, d.Fixes[0].Apply(tc.src))
		}
	}
}

func TestZeroCheckedIsUsable(t *testing.T) {
	var c check.Checked
	assert.False(t, c.Valid())
	assert.False(t, c.TypeOf(nil).IsValid())
	x, _ := grammar.Parse("")
	got, diags := check.Check(x, nil, check.Options{})
	assert.Empty(t, diags)
	assert.False(t, got.Valid())
	assert.Equal(t, schema.ProfileFeedback, got.Schema.Profile(), "nil means the feedback schema")
}

func TestRegexAndWildcardErrors(t *testing.T) {
	assert.Empty(t, check.RegexError(`^/api/(v1|v2)/`, false))
	assert.Contains(t, check.RegexError(`é`, false), "Unicode mode")
	assert.Empty(t, check.RegexError(`(?u)é`, false))
	assert.Contains(t, check.RegexError(`\/`, true), "unrecognized escape")
	assert.Empty(t, check.RegexError(`\/`, false))
	assert.Empty(t, check.WildcardError(`*.example.com`))
	assert.Contains(t, check.WildcardError(`a**`), "double star")
	assert.Contains(t, check.WildcardError(`a\b`), "may be escaped")
	goRe, ok := check.GoFlags(`(?iu)a`)
	assert.True(t, ok)
	assert.Equal(t, `(?i)a`, goRe)
	_, ok = check.GoFlags(`(?x)a b`)
	assert.False(t, ok)
}
