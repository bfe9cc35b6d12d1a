package decide

import (
	"math"
	"net/netip"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Neutral evaluates a condition on the neutral request, straight from the
// syntax tree: every string is one byte (0x01) no literal names, every
// integer the largest its field is documented to take, every address ::1,
// every Bool field and every condition wflint does not reason about false,
// every value present. It is one of the screen's requests (a model of the
// formula Translate builds), so a condition it makes false can never be
// proven always true: a caller skips such a question without translating
// anything, which keeps blocklists (long `or`s of contains) cheap. known is
// false when the value depends on something the neutral request leaves
// open (a regex, a quantifier).
func Neutral(x *check.Checked, e grammar.Expr) (value, known bool) {
	switch v := neutral(x, e); v {
	case sTrue:
		return true, true
	case sFalse:
		return false, true
	}
	return false, false
}

const neutralString = "\x01"

func neutral(x *check.Checked, e grammar.Expr) uint8 {
	switch e := e.(type) {
	case *grammar.Paren:
		return neutral(x, e.X)
	case *grammar.Not:
		v := neutral(x, e.X)
		if v == sUnknown {
			return v
		}
		return v ^ sTrue ^ sFalse
	case *grammar.Logical:
		switch e.Op {
		case grammar.And, grammar.Or:
			// and: false wins; or: true wins.
			win := uint8(sFalse)
			if e.Op == grammar.Or {
				win = sTrue
			}
			r := win ^ sTrue ^ sFalse
			for _, o := range e.Operands {
				switch neutral(x, o) {
				case win:
					return win
				case sUnknown:
					r = sUnknown
				}
			}
			return r
		}
		r := uint8(sFalse)
		for _, o := range e.Operands {
			v := neutral(x, o)
			if v == sUnknown {
				return v
			}
			if v == sTrue {
				r ^= sTrue ^ sFalse
			}
		}
		return r
	case *grammar.Comparison:
		return neutralComparison(x, e)
	}
	return sUnknown
}

func neutralComparison(x *check.Checked, cmp *grammar.Comparison) uint8 {
	v := cmp.LHS
	if cmp.Op == nil {
		fn := x.FuncOf(v)
		switch {
		case fn != nil && fn.Quantifier:
			return sUnknown // any/all may be constants
		case fn != nil && (fn.Name == "starts_with" || fn.Name == "ends_with") && len(v.Call.Args) == 2:
			l, ok := v.Call.Args[1].(*grammar.Literal)
			if !ok {
				return sFalse // opaque
			}
			s, ok := litString(l)
			if !ok {
				return sFalse
			}
			if fn.Name == "starts_with" {
				return truth(strings.HasPrefix(neutralString, s))
			}
			return truth(strings.HasSuffix(neutralString, s))
		}
		if f := x.FieldOf(v); f != nil && f.Pseudo && v.Call == nil && len(v.Indexes) == 0 {
			return truth(f.Name == "true")
		}
		return sFalse // a Bool field, or opaque
	}
	if _, isList := cmp.RHS.(*grammar.ListRef); isList {
		return sFalse
	}
	op := cmp.Op.Kind
	switch t := x.TypeOf(v); t {
	case schema.TypeInt:
		if op == grammar.OpBitAnd {
			return sFalse
		}
		n := int64(math.MaxInt64)
		if fn := x.FuncOf(v); fn != nil && fn.Name == "len" {
			n = int64(len(neutralString))
		} else if f := x.FieldOf(v); f != nil && v.Call == nil && len(v.Indexes) == 0 {
			_, n, _ = DomainIntervals(f).Bounds()
		}
		set, ok := intSet(op, cmp.RHS)
		if !ok {
			return sFalse
		}
		return truth(set.Contains(n) != (op == grammar.OpNe))
	case schema.TypeIP:
		set, ok := ipSet(op, cmp.RHS)
		if !ok {
			return sFalse
		}
		return truth(set.Contains(netip.IPv6Loopback()) != (op == grammar.OpNe))
	case schema.TypeBytes:
		return neutralBytes(cmp, op)
	}
	return sFalse
}

func neutralBytes(cmp *grammar.Comparison, op grammar.CmpKind) uint8 {
	const v = neutralString
	if set, ok := cmp.RHS.(*grammar.Set); ok {
		for _, it := range set.Items {
			s, ok := litString(it)
			if !ok {
				return sFalse
			}
			if s == v {
				return sTrue
			}
		}
		return sFalse
	}
	l, ok := cmp.RHS.(*grammar.Literal)
	if !ok {
		return sFalse
	}
	switch op {
	case grammar.OpMatches:
		return sUnknown
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		if !l.IsString() || check.WildcardError(l.Value) != "" {
			return sFalse
		}
		w := wildcardLit(l.Value, op == grammar.OpWildcard, nil)
		ok, _ := w.test(v)
		return truth(ok)
	}
	s, ok := litString(l)
	if !ok {
		return sFalse
	}
	switch op {
	case grammar.OpEq:
		return truth(v == s)
	case grammar.OpNe:
		return truth(v != s)
	case grammar.OpContains:
		return truth(strings.Contains(v, s))
	case grammar.OpLt:
		return truth(v < s)
	case grammar.OpLe:
		return truth(v <= s)
	case grammar.OpGt:
		return truth(v > s)
	case grammar.OpGe:
		return truth(v >= s)
	}
	return sFalse
}

func truth(b bool) uint8 {
	if b {
		return sTrue
	}
	return sFalse
}
