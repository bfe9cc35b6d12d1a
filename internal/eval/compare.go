package eval

import (
	"cmp"
	"net/netip"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func (c *compiler[R]) comparison(e *grammar.Comparison) (boolNode[R], error) {
	v, err := c.value(e.LHS)
	if err != nil {
		return boolNode[R]{}, err
	}
	if e.Op == nil {
		return c.boolValue(e, v)
	}
	miss := e.Op.Kind == grammar.OpNe && c.cfg.neMissing
	var pred any
	switch v.typ.Kind() {
	case schema.KindBytes:
		pred, err = c.bytesPred(e)
	case schema.KindInt:
		pred, err = c.intPred(e)
	case schema.KindIP:
		pred, err = c.ipPred(e)
	}
	if err != nil {
		return boolNode[R]{}, err
	}
	var b boolNode[R]
	var ok bool
	switch p := pred.(type) {
	case func(string) bool:
		b, ok = lift[R](v, p, miss)
	case func(int64) bool:
		b, ok = lift[R](v, p, miss)
	case func(netip.Addr) bool:
		b, ok = lift[R](v, p, miss)
	}
	if !ok {
		return b, c.internal(e)
	}
	return b, nil
}

// lift applies a predicate to a value: missing values give miss.
func lift[R, G any](v val, p func(G) bool, miss bool) (boolNode[R], bool) {
	if v.each {
		s, ok := v.fn.(seq[R, G])
		if !ok {
			return boolNode[R]{}, false
		}
		return boolNode[R]{quant: quantLoop[R](v.src, p), arr: func(r R, y func(bool, bool) bool) {
			s(r, func(g G, ok bool) bool {
				if !ok {
					return y(miss, true)
				}
				return y(p(g), true)
			})
		}}, true
	}
	get, ok := v.fn.(func(R) (G, bool))
	if !ok {
		return boolNode[R]{}, false
	}
	return boolNode[R]{one: func(r R) bool {
		g, ok := get(r)
		if !ok {
			return miss
		}
		return p(g)
	}}, true
}

// boolValue compiles a value used as a condition on its own (`ssl`,
// `starts_with(...)`, `any(...)`, an Array<Bool>).
func (c *compiler[R]) boolValue(e *grammar.Comparison, v val) (boolNode[R], error) {
	switch {
	case v.typ.Kind() == schema.KindBool && !v.each:
		get := v.fn.(func(R) (bool, bool))
		return boolNode[R]{one: func(r R) bool { b, ok := get(r); return ok && b }}, nil
	case v.typ.Kind() == schema.KindBool && v.each:
		// x[*] over Array<Bool>, or a Bool function mapped over elements.
		s := v.fn.(seq[R, bool])
		return boolNode[R]{arr: func(r R, y func(bool, bool) bool) {
			s(r, func(b, ok bool) bool { return y(ok && b, true) })
		}}, nil
	case v.typ.Equal(schema.ArrayOf(schema.TypeBool)) && !v.each:
		get := v.fn.(func(R) ([]bool, bool))
		return boolNode[R]{arr: func(r R, y func(bool, bool) bool) {
			a, _ := get(r)
			for _, b := range a {
				if !y(b, true) {
					return
				}
			}
		}}, nil
	}
	return boolNode[R]{}, c.internal(e)
}

func (c *compiler[R]) lit(e *grammar.Comparison) (*grammar.Literal, error) {
	l, ok := e.RHS.(*grammar.Literal)
	if !ok {
		return nil, c.errf(e.RHS, "`%s` takes a single literal", e.Op.Text)
	}
	return l, nil
}

func (c *compiler[R]) litErr(err *diag.Diagnostic) error {
	return check.Refuse(Backend, c.src, err.Span, err.Message)
}

// litValue reads the single literal on the right of e with read, one of
// grammar.Literal's typed readers (Int, IP …).
func litValue[T, R any](c *compiler[R], e *grammar.Comparison, read func(*grammar.Literal) (T, *diag.Diagnostic)) (T, error) {
	var zero T
	l, err := c.lit(e)
	if err != nil {
		return zero, err
	}
	v, lerr := read(l)
	if lerr != nil {
		return zero, c.litErr(lerr)
	}
	return v, nil
}

func (c *compiler[R]) bytesPred(e *grammar.Comparison) (any, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		return c.bytesSet(e)
	}
	l, err := c.lit(e)
	if err != nil {
		return nil, err
	}
	switch op {
	case grammar.OpMatches:
		re, rerr := compileRegex(l.Value)
		if rerr != nil {
			return nil, c.errf(l, "%s", rerr.Error())
		}
		return re.match, nil
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		return parseWildcard(l.Value, op == grammar.OpWildcard).match, nil
	}
	bs, lerr := l.Bytes()
	if lerr != nil {
		return nil, c.litErr(lerr)
	}
	s := string(bs)
	if p := orderedPred(op, s); p != nil {
		return p, nil
	}
	if op == grammar.OpContains {
		return func(v string) bool { return strings.Contains(v, s) }, nil
	}
	return nil, nil
}

// orderedPred returns the predicate `v op lit` for the equality and order
// operators, or nil for any other operator.
func orderedPred[T cmp.Ordered](op grammar.CmpKind, lit T) func(T) bool {
	switch op {
	case grammar.OpEq:
		return func(v T) bool { return v == lit }
	case grammar.OpNe:
		return func(v T) bool { return v != lit }
	case grammar.OpLt:
		return func(v T) bool { return v < lit }
	case grammar.OpLe:
		return func(v T) bool { return v <= lit }
	case grammar.OpGt:
		return func(v T) bool { return v > lit }
	case grammar.OpGe:
		return func(v T) bool { return v >= lit }
	}
	return nil
}

func (c *compiler[R]) bytesSet(e *grammar.Comparison) (any, error) {
	var items []string
	switch rhs := e.RHS.(type) {
	case *grammar.Set:
		for _, it := range rhs.Items {
			bs, lerr := it.Bytes()
			if lerr != nil {
				return nil, c.litErr(lerr)
			}
			items = append(items, string(bs))
		}
	case *grammar.ListRef:
		var err error
		if items, err = c.listItems(rhs); err != nil {
			return nil, err
		}
	default:
		return nil, c.internal(e.RHS)
	}
	if len(items) <= 8 {
		return func(v string) bool {
			for _, s := range items {
				if v == s {
					return true
				}
			}
			return false
		}, nil
	}
	m := make(map[string]struct{}, len(items))
	for _, s := range items {
		m[s] = struct{}{}
	}
	return func(v string) bool { _, ok := m[v]; return ok }, nil
}

func (c *compiler[R]) listItems(l *grammar.ListRef) ([]string, error) {
	if c.cfg.lists == nil {
		return nil, c.errf(l, "unknown list $%s: no lists were supplied (eval.WithLists)", l.Name)
	}
	items, ok := c.cfg.lists.ListItems(l.Name)
	if !ok {
		return nil, c.errf(l, "unknown list $%s", l.Name)
	}
	return items, nil
}

func (c *compiler[R]) intPred(e *grammar.Comparison) (any, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		return c.intSet(e)
	}
	n, err := litValue(c, e, (*grammar.Literal).Int)
	if err != nil {
		return nil, err
	}
	if p := orderedPred(op, n); p != nil {
		return p, nil
	}
	if op == grammar.OpBitAnd {
		return func(v int64) bool { return v&n != 0 }, nil
	}
	return nil, nil
}

type intRange struct{ lo, hi int64 }

func (c *compiler[R]) intSet(e *grammar.Comparison) (any, error) {
	var rs []intRange
	add := func(l *grammar.Literal) error {
		lo, hi, _, lerr := l.IntRange()
		if lerr != nil {
			return c.litErr(lerr)
		}
		rs = append(rs, intRange{lo, hi})
		return nil
	}
	if err := c.eachItem(e, add); err != nil {
		return nil, err
	}
	rs = mergeInt(rs)
	if len(rs) <= 4 {
		return func(v int64) bool {
			for _, r := range rs {
				if v >= r.lo && v <= r.hi {
					return true
				}
			}
			return false
		}, nil
	}
	return func(v int64) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= v })
		return i < len(rs) && rs[i].lo <= v
	}, nil
}

// eachItem calls add for each item on the right of `in`: the literals of
// a set, or the items of a list read as bare literals for the left side's
// type.
func (c *compiler[R]) eachItem(e *grammar.Comparison, add func(*grammar.Literal) error) error {
	switch rhs := e.RHS.(type) {
	case *grammar.Set:
		for _, it := range rhs.Items {
			if err := add(it); err != nil {
				return err
			}
		}
	case *grammar.ListRef:
		items, err := c.listItems(rhs)
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := add(&grammar.Literal{Kind: grammar.LitBare, Raw: item}); err != nil {
				return c.errf(rhs, "list $%s: item %q: %s", rhs.Name, item, err.(*check.Refusal).Msg)
			}
		}
	default:
		return c.internal(e.RHS) // the parser allows only a set or a list after `in`
	}
	return nil
}

func mergeInt(rs []intRange) []intRange {
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo < rs[j].lo })
	var out []intRange
	for _, r := range rs {
		if n := len(out); n > 0 && (r.lo <= out[n-1].hi || out[n-1].hi != 1<<63-1 && r.lo == out[n-1].hi+1) {
			if r.hi > out[n-1].hi {
				out[n-1].hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func (c *compiler[R]) ipPred(e *grammar.Comparison) (any, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		return c.ipSet(e)
	}
	a, err := litValue(c, e, (*grammar.Literal).IP)
	if err != nil {
		return nil, err
	}
	is4 := a.Is4()
	// Cross-family values are incomparable (§6.5): only != is true.
	switch op {
	case grammar.OpEq:
		return func(v netip.Addr) bool { return v == a }, nil
	case grammar.OpNe:
		return func(v netip.Addr) bool { return v != a }, nil
	case grammar.OpLt:
		return func(v netip.Addr) bool { return v.Is4() == is4 && v.Less(a) }, nil
	case grammar.OpLe:
		return func(v netip.Addr) bool { return v.Is4() == is4 && v.Compare(a) <= 0 }, nil
	case grammar.OpGt:
		return func(v netip.Addr) bool { return v.Is4() == is4 && v.Compare(a) > 0 }, nil
	case grammar.OpGe:
		return func(v netip.Addr) bool { return v.Is4() == is4 && v.Compare(a) >= 0 }, nil
	}
	return nil, nil
}

// ipRange is an inclusive interval of one address family.
type ipRange struct{ lo, hi netip.Addr }

func (c *compiler[R]) ipSet(e *grammar.Comparison) (any, error) {
	var v4, v6 []ipRange
	add := func(l *grammar.Literal) error {
		it, lerr := l.IPSetItem()
		if lerr != nil {
			return c.litErr(lerr)
		}
		if it.From.Is4() {
			v4 = append(v4, ipRange{it.From, it.To})
		} else {
			v6 = append(v6, ipRange{it.From, it.To})
		}
		return nil
	}
	if err := c.eachItem(e, add); err != nil {
		return nil, err
	}
	v4, v6 = mergeIP(v4), mergeIP(v6)
	return func(v netip.Addr) bool {
		rs := v6
		if v.Is4() {
			rs = v4
		}
		i := sort.Search(len(rs), func(i int) bool { return rs[i].hi.Compare(v) >= 0 })
		return i < len(rs) && rs[i].lo.Compare(v) <= 0
	}, nil
}

func mergeIP(rs []ipRange) []ipRange {
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo.Less(rs[j].lo) })
	var out []ipRange
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			next := last.hi.Next()
			if r.lo.Compare(last.hi) <= 0 || next.IsValid() && r.lo == next {
				if r.hi.Compare(last.hi) > 0 {
					last.hi = r.hi
				}
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// quantLoop returns any/all of p over the elements of a container getter
// (src of a val), or nil when src is not set.
func quantLoop[R, G any](src any, p func(G) bool) func(R, bool) bool {
	switch get := src.(type) {
	case func(R) ([]G, bool):
		return func(r R, all bool) bool {
			a, _ := get(r)
			for _, g := range a {
				if p(g) != all {
					return !all
				}
			}
			return all
		}
	case func(R) (map[string]G, bool):
		return func(r R, all bool) bool {
			m, _ := get(r)
			for _, g := range m {
				if p(g) != all {
					return !all
				}
			}
			return all
		}
	}
	return nil
}
