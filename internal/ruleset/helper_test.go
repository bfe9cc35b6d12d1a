package ruleset

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
)

// fromJSON builds the model of a ruleset written as API JSON (a ruleset
// object, or the GET envelope {"result": {…}}), as package host's reader
// does, for tests that must not depend on it: rules are named by JSON
// pointer, every expression-valued member becomes an Expr.
func fromJSON(t testing.TB, src string) *Ruleset {
	t.Helper()
	rs, err := parseRuleset(src)
	require.NoError(t, err)
	return rs
}

// parseRuleset is fromJSON without a test, for the fuzz target.
func parseRuleset(src string) (*Ruleset, error) {
	doc, serr := jsonscan.Parse([]byte(src))
	if serr != nil {
		return nil, serr
	}
	root, where := doc.Root, ""
	if res := root.Get("result"); res != nil {
		root, where = res, "/result"
	}
	rs := &Ruleset{Where: where, Span: root.Span}
	if v := root.Get("phase"); v != nil {
		rs.Phase, rs.PhaseSpan = v.Str, v.Span
	}
	if v := root.Get("kind"); v != nil {
		rs.Kind, rs.KindSpan = v.Str, v.Span
	}
	if v := root.Get("name"); v != nil {
		rs.Name = v.Str
	}
	rules := root.Get("rules")
	if rules == nil {
		return rs, nil
	}
	for i, n := range rules.Elems {
		r := &Rule{Index: i, Where: where + "/rules/" + strconv.Itoa(i), Span: n.Span, Object: toValue(n)}
		collectExprs(r, r.Object, nil)
		rs.Rules = append(rs.Rules, r)
	}
	return rs, nil
}

// toValue converts a jsonscan tree. Strings starting with "${" stand for
// values Terraform knows only when it runs.
func toValue(n *jsonscan.Node) *Value {
	if n == nil {
		return nil
	}
	v := &Value{Span: n.Span}
	switch n.Kind {
	case jsonscan.Null:
		v.Kind = Null
	case jsonscan.Bool:
		v.Kind, v.Bool = Bool, string(n.Raw) == "true"
	case jsonscan.Number:
		v.Kind, v.Str = Number, string(n.Raw)
	case jsonscan.String:
		v.Kind, v.Str = String, n.Str
		if strings.HasPrefix(n.Str, "${") {
			v.Kind = Unknown
		}
	case jsonscan.Array:
		v.Kind = Array
		for _, e := range n.Elems {
			v.Elems = append(v.Elems, toValue(e))
		}
	case jsonscan.Object:
		v.Kind = Object
		for _, m := range n.Members {
			v.Members = append(v.Members, Member{Key: m.Key, KeySpan: m.KeySpan, Value: toValue(m.Value)})
		}
	}
	return v
}

// collectExprs adds the rule's expression-valued members to its Exprs.
func collectExprs(r *Rule, v *Value, at []string) {
	switch v.Kind {
	case Object:
		for _, m := range v.Members {
			collectExprs(r, m.Value, append(at[:len(at):len(at)], m.Key))
		}
	case String, Unknown:
		if !isExprPath(at) {
			return
		}
		p := strings.Join(at, ".")
		if _, _, ok := ExprParam(p); !ok {
			w := append([]string(nil), at...)
			w[len(w)-2] = "*"
			p = strings.Join(w, ".")
		}
		role, typ, _ := ExprParam(p)
		e := &Expr{Role: role, Type: typ, Param: p, Snippet: -1, Span: v.Span}
		if v.Kind == String {
			e.Snippet, e.Text = len(r.Exprs), v.Str
		}
		r.Exprs = append(r.Exprs, e)
	}
}

// finding is a diagnostic as the tests write it: "rule-id@line".
func finding(src string, d diag.Diagnostic) string {
	return d.Rule + "@" + strconv.Itoa(strings.Count(src[:d.Span.Start], "\n")+1)
}
