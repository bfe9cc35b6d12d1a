package grammar

import (
	"fmt"
	"strings"
)

// Dump renders a tree as an S-expression without positions or operator
// spellings. Two trees with equal dumps have the same meaning and shape:
// the tests compare a formatted expression with its original this way.
func Dump(n Node) string {
	var b strings.Builder
	dump(&b, n)
	return b.String()
}

func dump(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case nil:
		b.WriteString("nil")
	case *Logical:
		fmt.Fprintf(b, "(%s", n.Op)
		for _, x := range n.Operands {
			b.WriteByte(' ')
			dump(b, x)
		}
		b.WriteByte(')')
	case *Not:
		b.WriteString("(not ")
		dump(b, n.X)
		b.WriteByte(')')
	case *Paren:
		b.WriteString("(paren ")
		dump(b, n.X)
		b.WriteByte(')')
	case *Comparison:
		if n.Op == nil {
			dump(b, n.LHS)
			return
		}
		fmt.Fprintf(b, "(%s ", n.Op.Kind)
		dump(b, n.LHS)
		b.WriteByte(' ')
		dump(b, n.RHS)
		b.WriteByte(')')
	case *Value:
		writeValue(b, n, func(b *strings.Builder, a Expr) { dump(b, a) })
	case *Literal:
		fmt.Fprintf(b, "%d:%q", n.Kind, n.Raw)
	case *Set:
		b.WriteByte('{')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteByte(' ')
			}
			dump(b, it)
		}
		b.WriteByte('}')
	case *ListRef:
		b.WriteString("$" + n.Name)
	case *BadExpr:
		b.WriteString("(bad)")
	default:
		fmt.Fprintf(b, "%T", n)
	}
}
