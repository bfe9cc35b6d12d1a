package analyzer

// Performance rules: constructs that work but cost more than they need to.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// longSetMax is the number of items above which long-set suggests a list.
const longSetMax = 50

func runLongSet(p *Pass) {
	eachSet(p, func(c *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) <= longSetMax {
			return
		}
		var kind string
		name := c.LHS.Name.Text
		switch {
		case t == schema.TypeIP:
			kind = "an IP list"
		case t == schema.TypeInt && strings.HasSuffix(name, ".asnum"):
			kind = "an ASN list"
		case t == schema.TypeBytes && name == "http.host" && len(c.LHS.Indexes) == 0:
			kind = "a hostname list"
		default:
			return // no custom list type can hold these values
		}
		p.Report(diag.Diagnostic{Span: diag.Span{Start: s.Lbrace, End: s.Lbrace + 1},
			Message: fmt.Sprintf("this set has %d items: put them in %s and write `%s in $name`; lists can be shared between rules and updated without editing the expression, which is limited to 4,096 characters",
				len(s.Items), kind, c.LHS.Span().Text(p.Src))})
	})
}
