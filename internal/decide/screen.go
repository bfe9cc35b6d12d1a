package decide

import "net/netip"

// The screen: before a search, the formula is evaluated on a few
// requests built from its own literals (every string empty; every string
// a byte no condition names; each value equal to the literal of one of its
// conditions; free conditions true, then false). Each is a model of the skeleton and the theories alike, so
// a screen that finds the formula true (false) settles that the search
// could never prove it never (always) true, at the cost of one pass over
// the formula. Most conditions of real expressions are settled here.

// screens is how many requests the screen tries.
const screens = 6

// screen holds the screen's memory: each variable's and node's value per
// request (0 not yet, 1 true, 2 false, 3 unknown).
type screen struct {
	vars  [screens][]uint8
	nodes [screens][]uint8
}

const (
	sTrue    = 1
	sFalse   = 2
	sUnknown = 3
)

// possible evaluates f on the screen's requests: canTrue when one makes
// it true, canFalse when one makes it false.
func (c *Context) possible(f Formula) (canTrue, canFalse bool) {
	for k := 0; k < screens; k++ {
		switch c.screenNode(k, f) {
		case sTrue:
			canTrue = true
		case sFalse:
			canFalse = true
		}
		if canTrue && canFalse {
			break
		}
	}
	return canTrue, canFalse
}

func (c *Context) screenNode(k int, f Formula) uint8 {
	s := &c.scr
	id := f.id()
	if int(id) >= len(s.nodes[k]) {
		s.nodes[k] = append(s.nodes[k], make([]uint8, len(c.nodes)-len(s.nodes[k]))...)
	}
	v := s.nodes[k][id]
	if v == 0 {
		n := &c.nodes[id]
		switch n.kind {
		case nTrue:
			v = sTrue
		case nVar:
			v = c.screenVar(k, n.v)
		case nAnd:
			v = sTrue
			for _, kid := range n.kids {
				switch c.screenNode(k, kid) {
				case sFalse:
					v = sFalse
				case sUnknown:
					v = sUnknown
				}
				if v == sFalse {
					break
				}
			}
		case nXor:
			v = sFalse
			for _, kid := range n.kids {
				x := c.screenNode(k, kid)
				if x == sUnknown {
					v = sUnknown
					break
				}
				if x == sTrue {
					v ^= sTrue ^ sFalse
				}
			}
		}
		s.nodes[k][id] = v
	}
	if f.neg() && v != sUnknown {
		v ^= sTrue ^ sFalse
	}
	return v
}

func (c *Context) screenVar(k int, v int32) uint8 {
	s := &c.scr
	if int(v) >= len(s.vars[k]) {
		s.vars[k] = append(s.vars[k], make([]uint8, len(c.vars)-len(s.vars[k]))...)
	}
	if r := s.vars[k][v]; r != 0 {
		return r
	}
	cv := &c.vars[v]
	r := uint8(sFalse)
	switch cv.kind {
	case vBool, vOpaque:
		if k == 2 || k == 4 {
			r = sTrue
		}
	case vNE:
		if k == 3 || k == 4 {
			r = sTrue
		}
	case vPresent:
		if k != 3 {
			r = sTrue
		}
	case vAtom:
		r = c.screenAtom(k, cv.atom)
	}
	s.vars[k][v] = r
	return r
}

// screenAtom decides an atom for the term's value in request k: the
// first request gives every term its simplest value, the second a value
// its conditions rarely name, request k > 1 the literal of the term's
// atom k-2.
func (c *Context) screenAtom(k int, a *atom) uint8 {
	t := a.term
	x := t.screened[k]
	if x == nil {
		x = c.screenValue(k, t)
		t.screened[k] = x
	}
	var in bool
	switch t.kind {
	case kInt:
		in = a.ints.Contains(x.(int64))
	case kIP:
		in = a.ips.Contains(x.(netip.Addr))
	case kBytes:
		ok, known := a.bytes.test(x.(string))
		if !known {
			ok, known = a.bytes.member(x.(string), &budget{left: 1 << 12})
		}
		if !known {
			return sUnknown
		}
		in = ok
	}
	return truth(in)
}

// screenValue is the term's value in request k.
func (c *Context) screenValue(k int, t *term) any {
	var src *atom
	if k > 1 && k-2 < len(t.atoms) {
		src = t.atoms[k-2]
	}
	switch t.kind {
	case kInt:
		dom := t.dom
		if src != nil {
			if s := src.ints.Intersect(dom); !s.IsEmpty() {
				dom = s
			}
		}
		lo, hi, _ := dom.Bounds()
		switch {
		case k == 1:
			return hi
		case dom.Contains(0):
			return int64(0)
		}
		return lo
	case kIP:
		if src != nil {
			if p, ok := src.ips.Pick(); ok {
				return p
			}
		}
		if k == 1 {
			return netip.IPv6Loopback()
		}
		return netip.IPv4Unspecified()
	}
	switch {
	case k == 1:
		return neutralString
	case src != nil:
		return src.bytes.sample()
	}
	return ""
}

// possibleFor tries the request a conjunction asks for itself: each value
// equal to the literal of its first positive condition in f's top-level
// conjunction, each free condition as it appears there, the rest as in
// the first screen. It reports whether that request makes f true.
func (c *Context) possibleFor(f Formula) bool {
	return c.possibleWith(f, false) || c.possibleWith(f, true)
}

// possibleWith is possibleFor's request, taking the literals of the
// first disjunct of each `or` (the last, with last), then of the others.
func (c *Context) possibleWith(f Formula, last bool) bool {
	vals := map[*term]*atom{}
	free := map[int32]bool{}
	// The conjunction's own literals first, then one disjunct of each of
	// its ors.
	var ors []Formula
	var collect func(f Formula, top bool)
	collect = func(f Formula, top bool) {
		n := &c.nodes[f.id()]
		switch {
		case n.kind == nAnd && !f.neg():
			for _, k := range n.kids {
				collect(k, top)
			}
		case n.kind == nAnd && top:
			ors = append(ors, f)
		case n.kind == nAnd:
			// An or: its disjuncts are the kids, negated.
			i := 0
			if last {
				i = len(n.kids) - 1
			}
			collect(n.kids[i].not(), false)
		case n.kind == nVar:
			cv := &c.vars[n.v]
			switch cv.kind {
			case vAtom:
				if _, ok := vals[cv.atom.term]; !ok && !f.neg() {
					vals[cv.atom.term] = cv.atom
				}
			case vBool, vOpaque, vNE:
				if _, ok := free[n.v]; !ok {
					free[n.v] = !f.neg()
				}
			}
		}
	}
	collect(f, true)
	for _, o := range ors {
		collect(o, false)
	}
	return fold(c, f, truthAlgebra(func(v int32) uint8 { return c.targetVar(v, vals, free) })) == sTrue
}

// targetVar is a variable's value in possibleFor's request.
func (c *Context) targetVar(v int32, vals map[*term]*atom, free map[int32]bool) uint8 {
	cv := &c.vars[v]
	switch cv.kind {
	case vPresent:
		return sTrue
	case vAtom:
	default:
		return truth(free[v])
	}
	a := cv.atom
	src := vals[a.term]
	if src == nil {
		return c.screenVar(0, v)
	}
	switch a.term.kind {
	case kInt:
		s := src.ints.Intersect(a.term.dom)
		x, _, ok := s.Bounds()
		if !ok {
			return sUnknown
		}
		return truth(a.ints.Contains(x))
	case kIP:
		x, ok := src.ips.Pick()
		if !ok {
			return sUnknown
		}
		return truth(a.ips.Contains(x))
	}
	ok, known := a.bytes.member(src.bytes.sample(), &budget{left: 1 << 12})
	if !known {
		return sUnknown
	}
	return truth(ok)
}
