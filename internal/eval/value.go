package eval

import (
	"iter"
	"maps"
	"net/netip"
	"slices"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

type addr = netip.Addr

// val is a compiled value reference. In single mode fn is a
// func(R) (G, bool) where G is the Go type of typ. In each mode (after
// `[*]`) fn is a seq[R, G] over elements of type typ. mapped marks an
// each-mode value that is a function applied per element: its static type is
// Array<typ>, so it needs `[*]` or `[N]` before it can be compared.
type val struct {
	typ    schema.Type
	each   bool
	mapped bool
	fn     any
	// src, set when the value is `[*]` applied directly to a single-mode
	// container, is that container's func(R) ([]G, bool) or
	// func(R) (map[string]G, bool), so any/all can loop without a closure.
	src any
}

// static returns the value's type as the type checker sees it.
func (v val) static() schema.Type {
	if v.mapped {
		return schema.ArrayOf(v.typ)
	}
	return v.typ
}

func (c *compiler[R]) value(v *grammar.Value) (val, error) {
	var cur val
	var err error
	if v.Call != nil {
		cur, err = c.call(v)
	} else {
		cur, err = c.field(v)
	}
	if err != nil {
		return cur, err
	}
	for _, ix := range v.Indexes {
		if cur, err = c.index(cur, ix); err != nil {
			return cur, err
		}
	}
	return cur, nil
}

func (c *compiler[R]) index(cur val, ix *grammar.Index) (val, error) {
	if cur.mapped {
		switch ix.Kind {
		case grammar.IndexStar:
			cur.mapped = false
			return cur, nil
		case grammar.IndexElem:
			n, lerr := ix.Lit.Index()
			if lerr != nil {
				return cur, c.errf(ix, "%s", lerr.Message)
			}
			fn, ok := nthDispatch[R](cur.fn, int(n))
			if !ok {
				return cur, c.errf(ix, "cannot index a value of type %s here", cur.static())
			}
			return val{typ: cur.typ, fn: fn}, nil
		}
		return cur, c.internal(ix)
	}
	t := cur.typ
	switch ix.Kind {
	case grammar.IndexElem:
		n, lerr := ix.Lit.Index()
		if lerr != nil {
			return cur, c.errf(ix, "%s", lerr.Message)
		}
		fn, ok := containerDispatch[R](cur.fn, opIndex, int(n), "")
		if !ok {
			return cur, c.errf(ix, "cannot index a value of type %s", t)
		}
		return val{typ: t.Elem(), each: cur.each, fn: fn}, nil
	case grammar.IndexKey:
		k, lerr := ix.Lit.MapKey()
		if lerr != nil {
			return cur, c.errf(ix, "%s", lerr.Message)
		}
		fn, ok := containerDispatch[R](cur.fn, opKey, 0, k)
		if !ok {
			return cur, c.errf(ix, "cannot index a value of type %s", t)
		}
		return val{typ: t.Elem(), each: cur.each, fn: fn}, nil
	default:
		fn, ok := containerDispatch[R](cur.fn, opStar, 0, "")
		if !ok {
			return cur, c.errf(ix, "cannot iterate a value of type %s", t)
		}
		v := val{typ: t.Elem(), each: true, fn: fn}
		if !cur.each {
			v.src = cur.fn
		}
		return v, nil
	}
}

type containerOp uint8

const (
	opIndex containerOp = iota
	opKey
	opStar
)

// containerDispatch applies an index operation to a container-valued closure
// (single or each mode). The element Go types are enumerated here, once; the
// operations themselves are generic.
func containerDispatch[R any](fn any, op containerOp, n int, key string) (any, bool) {
	if r, ok := tryContainer[R, string](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, int64](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, bool](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, addr](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, []string](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, []int64](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, []bool](fn, op, n, key); ok {
		return r, true
	}
	if r, ok := tryContainer[R, []addr](fn, op, n, key); ok {
		return r, true
	}
	return nil, false
}

// yieldAll passes every element of vals to y, as present values, until y
// asks to stop; it reports whether y wanted more (the seq protocol).
func yieldAll[E any](vals iter.Seq[E], y func(E, bool) bool) bool {
	for e := range vals {
		if !y(e, true) {
			return false
		}
	}
	return true
}

// valuesByKey iterates a map's values in key order. Two `[*]` over the same
// map in one expression are combined element by element (`any((m[*] eq "a"
// or m[*] eq "b"))`), which needs both to see the elements in one order;
// Go's map order differs from one range to the next.
func valuesByKey[E any](m map[string]E) iter.Seq[E] {
	return func(yield func(E) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(m[k]) {
				return
			}
		}
	}
}

func tryContainer[R, E any](fn any, op containerOp, n int, key string) (any, bool) {
	switch f := fn.(type) {
	case func(R) ([]E, bool):
		switch op {
		case opIndex:
			return func(r R) (E, bool) {
				a, ok := f(r)
				if !ok || n >= len(a) {
					var z E
					return z, false
				}
				return a[n], true
			}, true
		case opStar:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				a, _ := f(r)
				yieldAll(slices.Values(a), y)
			}), true
		}
	case func(R) (map[string]E, bool):
		switch op {
		case opKey:
			return func(r R) (E, bool) {
				m, ok := f(r)
				if !ok {
					var z E
					return z, false
				}
				e, ok := m[key]
				return e, ok
			}, true
		case opStar:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				m, _ := f(r)
				yieldAll(valuesByKey(m), y)
			}), true
		}
	case seq[R, []E]:
		switch op {
		case opIndex:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				f(r, func(a []E, ok bool) bool {
					if !ok || n >= len(a) {
						var z E
						return y(z, false)
					}
					return y(a[n], true)
				})
			}), true
		case opStar:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				f(r, func(a []E, _ bool) bool { return yieldAll(slices.Values(a), y) })
			}), true
		}
	case seq[R, map[string]E]:
		switch op {
		case opKey:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				f(r, func(m map[string]E, ok bool) bool {
					e, ok2 := m[key]
					return y(e, ok && ok2)
				})
			}), true
		case opStar:
			return seq[R, E](func(r R, y func(E, bool) bool) {
				f(r, func(m map[string]E, _ bool) bool { return yieldAll(valuesByKey(m), y) })
			}), true
		}
	}
	return nil, false
}

// nthDispatch picks the n-th element of a mapped (per-element function)
// sequence.
func nthDispatch[R any](fn any, n int) (any, bool) {
	switch f := fn.(type) {
	case seq[R, string]:
		return nth(f, n), true
	case seq[R, int64]:
		return nth(f, n), true
	case seq[R, bool]:
		return nth(f, n), true
	case seq[R, addr]:
		return nth(f, n), true
	case seq[R, []string]:
		return nth(f, n), true
	case seq[R, []int64]:
		return nth(f, n), true
	}
	return nil, false
}

func nth[R, E any](s seq[R, E], n int) func(R) (E, bool) {
	return func(r R) (E, bool) {
		var out E
		found, i := false, 0
		s(r, func(v E, ok bool) bool {
			if i == n {
				out, found = v, ok
				return false
			}
			i++
			return true
		})
		return out, found
	}
}

// mapVal applies f to a value in single or each mode, producing a value of
// Go type O. f receives the argument's presence and returns the result's.
func mapVal[R, G, O any](v val, f func(r R, g G, ok bool) (O, bool)) (any, bool) {
	if v.each {
		s, ok := v.fn.(seq[R, G])
		if !ok {
			return nil, false
		}
		return seq[R, O](func(r R, y func(O, bool) bool) {
			s(r, func(g G, ok bool) bool { return y(f(r, g, ok)) })
		}), true
	}
	get, ok := v.fn.(func(R) (G, bool))
	if !ok {
		return nil, false
	}
	return func(r R) (O, bool) {
		g, ok := get(r)
		return f(r, g, ok)
	}, true
}

// strict wraps a function of a present argument: a missing argument gives a
// missing result.
func strict[R, G, O any](f func(r R, g G) (O, bool)) func(R, G, bool) (O, bool) {
	return func(r R, g G, ok bool) (O, bool) {
		if !ok {
			var z O
			return z, false
		}
		return f(r, g)
	}
}
