package analyzer

// Decoding of inline sets, shared by the set rules.

import (
	"net/netip"
	"slices"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// eachSet calls f for every `value in {…}` comparison, with the type of
// the value (the element type when it iterates with [*]).
func eachSet(p *Pass, f func(c *grammar.Comparison, s *grammar.Set, t schema.Type)) {
	for _, c := range p.Nodes().Comparisons {
		if s, ok := c.RHS.(*grammar.Set); ok && c.Op != nil && c.Op.Kind == grammar.OpIn {
			f(c, s, p.Info.TypeOf(c.LHS))
		}
	}
}

// setItem is one decoded set item: the inclusive range of values it
// covers. Bytes items use the decoded string in str.
type setItem struct {
	lit    *grammar.Literal
	str    string
	lo, hi int64
	from   netip.Addr
	to     netip.Addr
}

// decodeItems decodes every item of a set for type t; ok is false when
// the set cannot be compared item by item (an item does not decode, or
// the type is not a scalar the set can hold). The items are the pass's
// storage, good until the next call.
func decodeItems(p *Pass, s *grammar.Set, t schema.Type) ([]setItem, bool) {
	clear(p.items)
	items := slices.Grow(p.items[:0], len(s.Items))[:len(s.Items)]
	p.items = items
	for i, l := range s.Items {
		it := setItem{lit: l}
		switch t {
		case schema.TypeBytes:
			if l.Kind == grammar.LitRegex {
				return nil, false
			}
			b, err := l.Bytes()
			if err != nil {
				return nil, false
			}
			it.str = string(b)
		case schema.TypeInt:
			lo, hi, _, err := l.IntRange()
			if err != nil {
				return nil, false
			}
			it.lo, it.hi = lo, hi
		case schema.TypeIP:
			ip, err := l.IPSetItem()
			if err != nil {
				return nil, false
			}
			it.from, it.to = ip.From, ip.To
		default:
			return nil, false
		}
		items[i] = it
	}
	return items, true
}

// key returns a map key equal for items that cover the same values.
func (a setItem) key(t schema.Type) any {
	switch t {
	case schema.TypeBytes:
		return a.str
	case schema.TypeInt:
		return [2]int64{a.lo, a.hi}
	}
	return [2]netip.Addr{a.from, a.to}
}

func (a setItem) same(b setItem, t schema.Type) bool {
	switch t {
	case schema.TypeBytes:
		return a.str == b.str
	case schema.TypeInt:
		return a.lo == b.lo && a.hi == b.hi
	}
	return a.from == b.from && a.to == b.to
}

// removeItem deletes item i of a set together with the space that
// separates it from its neighbour, keeping the other items intact.
func removeItem(s *grammar.Set, i int) diag.Edit {
	it := s.Items[i].Span()
	if i > 0 {
		return diag.Edit{Span: diag.Span{Start: s.Items[i-1].Span().End, End: it.End}}
	}
	if len(s.Items) > 1 {
		return diag.Edit{Span: diag.Span{Start: it.Start, End: s.Items[1].Span().Start}}
	}
	return diag.Edit{Span: it}
}

// endsAfter reports whether a ends after b.
func endsAfter(a, b setItem, t schema.Type) bool {
	if t == schema.TypeInt {
		return a.hi > b.hi
	}
	return b.to.Less(a.to)
}
