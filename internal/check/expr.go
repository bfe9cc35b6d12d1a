package check

// Conditions: logical operators, not, parentheses and comparisons.

import (
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func (c *checker) expr(e grammar.Expr) schema.Type {
	switch e := e.(type) {
	case *grammar.Logical:
		var first schema.Type
		mismatch := false
		for _, x := range e.Operands {
			t := c.expr(x)
			if !t.IsValid() {
				continue
			}
			if t != schema.TypeBool && !t.IsArray() {
				c.errorf("type-mismatch", "TypeMismatch", x.Span(), "`%s` needs conditions on both sides, but this is %s", e.Op, t)
				mismatch = true
				continue
			}
			if !first.IsValid() {
				first = t
			} else if (first == schema.TypeBool) != (t == schema.TypeBool) {
				c.errorf("type-mismatch", "TypeMismatch", x.Span(),
					"cannot combine %s with %s using `%s`: reduce the per-element result with any(…) or all(…)", first, t, e.Op)
				mismatch = true
			}
		}
		if mismatch {
			return c.set(e, schema.Type{})
		}
		if !first.IsValid() {
			first = schema.TypeBool
		}
		return c.set(e, first)
	case *grammar.Not:
		return c.set(e, c.expr(e.X))
	case *grammar.Paren:
		return c.set(e, c.expr(e.X))
	case *grammar.Comparison:
		return c.set(e, c.comparison(e))
	case *grammar.Literal:
		c.errorf("type-mismatch", "TypeMismatch", e.Span(), "a literal cannot be used as a condition")
		return schema.Type{}
	}
	return schema.Type{} // BadExpr: already reported
}

// lookup resolves a dotted name and reports unknown names.
func (c *checker) comparison(cmp *grammar.Comparison) schema.Type {
	t, mapped := c.value(cmp.LHS)
	if !t.IsValid() {
		return schema.Type{}
	}
	lhs := cmp.LHS.Span()
	if cmp.Op == nil {
		switch {
		case t == schema.TypeBool:
			if mapped {
				return arrayBool
			}
			return schema.TypeBool
		case !mapped && (t == arrayBool || t == mapBool):
			return t
		}
		where := ""
		if cmp == c.rootCmp && c.buildsValue(cmp.LHS) {
			// A rewrite or redirect target pasted into a condition reads
			// like this.
			where = valueNotFilter
			if c.opts.Role == schema.RoleCounting {
				where = valueNotCounting
			}
		}
		d := c.errorf("missing-operator", "ExpectedName", diag.Span{Start: lhs.End, End: lhs.End},
			"`%s` is %s, not a condition: compare it with an operator, for example %s%s", lhs.Text(c.src), t, exampleFor(lhs.Text(c.src), t), where)
		d.Span = lhs
		return schema.Type{}
	}
	op := cmp.Op
	if t == schema.TypeBool {
		d := c.errorf("bool-compared", "EOF", op.Span.Cover(cmp.RHS.Span()),
			"`%s` is a Bool: it is a condition by itself and cannot be compared; write `%s` or `not %s`", lhs.Text(c.src), lhs.Text(c.src), lhs.Text(c.src))
		d.Fixes = []diag.Fix{{Title: "Remove the comparison", Edits: []diag.Edit{{Span: diag.Span{Start: lhs.End, End: cmp.RHS.Span().End}, New: ""}}}}
		return schema.Type{}
	}
	if t.IsContainer() {
		hint := "use an index such as `[0]`, or `[*]` inside any(…)"
		if t.IsMap() {
			hint = "use a key such as `[\"name\"]`"
		}
		c.errorf("unsupported-operator", "UnsupportedOp", op.Span, "cannot use `%s` on %s (a whole %s): %s", op.Text, t, kindWord(t), hint)
		return schema.Type{}
	}
	if !opWorksOn(op.Kind, t.Kind()) {
		c.errorf("unsupported-operator", "UnsupportedOp", op.Span, "`%s` does not work on %s values%s", op.Text, t, opHint(t, op.Kind))
		return schema.Type{}
	}
	c.rhs(cmp, t)
	if mapped {
		return arrayBool
	}
	return schema.TypeBool
}

func kindWord(t schema.Type) string {
	if t.IsMap() {
		return "map"
	}
	return "array"
}

func opHint(t schema.Type, k grammar.CmpKind) string {
	switch {
	case t == schema.TypeIP && (k == grammar.OpContains || k == grammar.OpMatches || k == grammar.OpWildcard || k == grammar.OpStrictWildcard):
		return "; to match a network use `in {192.0.2.0/24}`"
	case t == schema.TypeInt && (k == grammar.OpContains || k == grammar.OpMatches || k == grammar.OpWildcard || k == grammar.OpStrictWildcard):
		return "; compare numbers with eq, lt, gt, or `in {1..10}`"
	case t == schema.TypeBytes && k == grammar.OpBitAnd:
		return "; `&` works on integers"
	}
	return ""
}

func exampleFor(name string, t schema.Type) string {
	switch t {
	case schema.TypeInt:
		return "`" + name + " gt 10`"
	case schema.TypeIP:
		return "`" + name + " in {192.0.2.0/24}`"
	case schema.TypeBytes:
		return "`" + name + " eq \"value\"`"
	}
	if t.IsArray() {
		return "`any(" + name + "[*] eq \"value\")`"
	}
	return "`" + name + "[\"key\"][0] eq \"value\"`"
}

// valueNotFilter and valueNotCounting end the missing-operator message of
// a value-building call used as a filter or a counting expression.
const (
	valueNotFilter   = "; a value such as a rewritten path, a header value or a redirect target belongs in the rule's action parameters, not in its filter"
	valueNotCounting = "; a value such as a rewritten path, a header value or a redirect target belongs in the rule's action parameters, not in its counting expression"
)

// rhs interprets the right-hand side for the left-hand type t (§5).
