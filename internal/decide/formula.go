package decide

import (
	"encoding/binary"
	"slices"
)

// Formula is a boolean formula over the Context's variables: a node of its
// hash-consed graph, or the negation of one. The zero Formula is invalid;
// True and False are constants. Formulas of one Context share their nodes,
// so combining the translations of many rules costs no copy.
type Formula int32

// The constant formulas.
const (
	True  Formula = 1
	False Formula = -1
)

// nodeKind is what a node is: a variable, a conjunction or an exclusive or.
// A disjunction is a negated conjunction of negations, so a formula has
// one normal form for each way of writing it.
type nodeKind uint8

const (
	nTrue nodeKind = iota
	nVar
	nAnd
	nXor
)

type node struct {
	kind nodeKind
	v    int32     // nVar: the variable
	kids []Formula // nAnd, nXor: sorted, without duplicates or constants
}

func (f Formula) neg() bool    { return f < 0 }
func (f Formula) id() int32    { return int32(max(f, -f)) }
func (f Formula) not() Formula { return -f }

// nodeOf returns the node f refers to.
func (c *Context) nodeOf(f Formula) *node { return &c.nodes[f.id()] }

// nodeKey identifies a node for hash-consing: its kind and first two
// kids, and the others written out.
type nodeKey struct {
	kind   nodeKind
	v      int32
	k0, k1 Formula
	rest   string
}

// intern returns the Formula of a node, adding it when new.
func (c *Context) intern(n node) Formula {
	k := nodeKey{kind: n.kind, v: n.v}
	if len(n.kids) > 0 {
		k.k0 = n.kids[0]
	}
	if len(n.kids) > 1 {
		k.k1 = n.kids[1]
	}
	if len(n.kids) > 2 {
		b := make([]byte, 0, 4*(len(n.kids)-2))
		for _, x := range n.kids[2:] {
			b = binary.LittleEndian.AppendUint32(b, uint32(x))
		}
		k.rest = string(b)
	}
	if f, ok := c.hashed[k]; ok {
		return f
	}
	c.nodes = append(c.nodes, n)
	f := Formula(len(c.nodes) - 1)
	c.hashed[k] = f
	return f
}

// varFormula returns the formula that is variable v.
func (c *Context) varFormula(v int32) Formula {
	if f := c.vars[v].f; f != 0 {
		return f
	}
	f := c.intern(node{kind: nVar, v: v})
	c.vars[v].f = f
	return f
}

// Not returns ¬f.
func (c *Context) Not(f Formula) Formula { return f.not() }

// And returns the conjunction of fs (True for none).
func (c *Context) And(fs ...Formula) Formula {
	var kids []Formula
	for _, f := range fs {
		switch {
		case f == True:
			continue
		case f == False:
			return False
		}
		if n := c.nodeOf(f); n.kind == nAnd && !f.neg() {
			kids = append(kids, n.kids...)
			continue
		}
		kids = append(kids, f)
	}
	slices.Sort(kids)
	kids = slices.Compact(kids)
	for _, k := range kids {
		if _, found := slices.BinarySearch(kids, k.not()); found {
			return False // x and not x
		}
	}
	switch len(kids) {
	case 0:
		return True
	case 1:
		return kids[0]
	}
	return c.intern(node{kind: nAnd, kids: kids})
}

// Or returns the disjunction of fs (False for none).
func (c *Context) Or(fs ...Formula) Formula {
	neg := make([]Formula, len(fs))
	for i, f := range fs {
		neg[i] = f.not()
	}
	return c.And(neg...).not()
}

// Xor returns the exclusive or of fs: true when an odd number of them is.
func (c *Context) Xor(fs ...Formula) Formula {
	var kids []Formula
	flip := false
	for _, f := range fs {
		if f.neg() {
			flip, f = !flip, f.not()
		}
		if f == True {
			flip = !flip
			continue
		}
		if n := c.nodeOf(f); n.kind == nXor {
			kids = append(kids, n.kids...)
			continue
		}
		kids = append(kids, f)
	}
	slices.Sort(kids)
	// x ⊕ x is false: pairs cancel.
	out := kids[:0]
	for i := 0; i < len(kids); i++ {
		if i+1 < len(kids) && kids[i] == kids[i+1] {
			i++
			continue
		}
		out = append(out, kids[i])
	}
	var f Formula
	switch len(out) {
	case 0:
		f = False
	case 1:
		f = out[0]
	default:
		f = c.intern(node{kind: nXor, kids: slices.Clone(out)})
	}
	if flip {
		return f.not()
	}
	return f
}

// varsOf calls fn for each variable f depends on, once each.
func (c *Context) varsOf(f Formula, fn func(v int32)) {
	c.gen++
	if len(c.markNode) < len(c.nodes) {
		c.markNode = append(c.markNode, make([]uint32, len(c.nodes)-len(c.markNode))...)
	}
	if len(c.markVar) < len(c.vars) {
		c.markVar = append(c.markVar, make([]uint32, len(c.vars)-len(c.markVar))...)
	}
	var walk func(f Formula)
	walk = func(f Formula) {
		id := f.id()
		if c.markNode[id] == c.gen {
			return
		}
		c.markNode[id] = c.gen
		n := &c.nodes[id]
		switch n.kind {
		case nVar:
			if c.markVar[n.v] != c.gen {
				c.markVar[n.v] = c.gen
				fn(n.v)
			}
		case nAnd, nXor:
			for _, k := range n.kids {
				walk(k)
			}
		}
	}
	walk(f)
}

// algebra is how fold reads a formula: a variable's value, the
// conjunction and exclusive or of values, the negation of one, and the
// values of True and False.
type algebra[T any] struct {
	leaf        func(v int32) T
	and, xor    func(acc, x T) T
	not         func(T) T
	top, bottom T
}

// fold evaluates f bottom-up, each node of the graph once.
func fold[T any](c *Context, f Formula, a algebra[T]) T {
	memo := map[int32]T{}
	var eval func(f Formula) T
	eval = func(f Formula) T {
		id := f.id()
		v, done := memo[id]
		if !done {
			n := &c.nodes[id]
			switch n.kind {
			case nTrue:
				v = a.top
			case nVar:
				v = a.leaf(n.v)
			case nAnd:
				v = a.top
				for _, k := range n.kids {
					v = a.and(v, eval(k))
				}
			case nXor:
				v = a.bottom
				for _, k := range n.kids {
					v = a.xor(v, eval(k))
				}
			}
			memo[id] = v
		}
		if f.neg() {
			return a.not(v)
		}
		return v
	}
	return eval(f)
}

// truthAlgebra is three-valued logic (sTrue, sFalse, sUnknown) over the
// values leaf gives.
func truthAlgebra(leaf func(v int32) uint8) algebra[uint8] {
	return algebra[uint8]{leaf: leaf, top: sTrue, bottom: sFalse,
		and: func(acc, x uint8) uint8 {
			switch {
			case acc == sFalse || x == sFalse:
				return sFalse
			case acc == sUnknown || x == sUnknown:
				return sUnknown
			}
			return sTrue
		},
		xor: func(acc, x uint8) uint8 {
			if acc == sUnknown || x == sUnknown {
				return sUnknown
			}
			return truth((acc == sTrue) != (x == sTrue))
		},
		not: func(x uint8) uint8 {
			if x == sUnknown {
				return x
			}
			return x ^ sTrue ^ sFalse
		}}
}
