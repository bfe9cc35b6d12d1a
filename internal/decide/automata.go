package decide

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// Byte strings are decided with finite automata over bytes: each
// condition on a string (eq, contains, starts_with, wildcard, a simple
// regex, an order, a length) is a regular language, built as a Thompson
// NFA whose edges carry sets of bytes, determinized on demand by the
// subset construction over the byte classes the NFA distinguishes, and
// intersected with the others (complemented where negated) by a
// breadth-first walk of the product. Every step counts against the
// Context's budget; a DFA is also capped in states (maxDFAStates), so a
// question about a huge pattern ends in Unknown, never in a long wait.

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(b byte)      { s[b>>6] |= 1 << (b & 63) }
func (s *byteSet) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }
func (s *byteSet) addRange(lo, hi byte) {
	for b := int(lo); b <= int(hi); b++ {
		s.add(byte(b))
	}
}

var allBytes = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// hom is a byte-to-byte map applied to a string before a condition reads
// it: lower or upper (a chain of them is the outermost); nil is the
// identity.
type hom *[256]byte

var lowerHom, upperHom = func() (l, u *[256]byte) {
	l, u = new([256]byte), new([256]byte)
	for i := 0; i < 256; i++ {
		l[i], u[i] = byte(i), byte(i)
		if 'A' <= i && i <= 'Z' {
			l[i] = byte(i + 'a' - 'A')
		}
		if 'a' <= i && i <= 'z' {
			u[i] = byte(i - 'a' + 'A')
		}
	}
	return l, u
}()

// apply maps s through h.
func apply(h hom, s string) string {
	if h == nil {
		return s
	}
	b := []byte(s)
	for i := range b {
		b[i] = h[b[i]]
	}
	return string(b)
}

// preimage returns the bytes h maps into s.
func preimage(h hom, s byteSet) byteSet {
	if h == nil || s == allBytes {
		return s
	}
	var out byteSet
	for w, word := range s {
		for word != 0 {
			c := byte(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			if h[c] == c {
				out.add(c)
			}
			// The other bytes h maps to c: an ASCII letter of the other
			// case (h is lower or upper).
			if o := c ^ 0x20; isLetter(c) && h[o] == c {
				out.add(o)
			}
		}
	}
	return out
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// nfa is a Thompson automaton: a state has epsilon edges, or one edge on
// a set of bytes, or neither. State 0 is unused so that 0 means "none".
type nfa struct {
	eps   [][]int32
	set   []byteSet
	to    []int32 // the byte edge's target, 0 when none
	start int32
	final int32
}

// frag is a piece of an NFA under construction: from its start, a run of
// bytes reaches its end.
type frag struct{ start, end int32 }

func newNFA() *nfa { return &nfa{eps: [][]int32{nil}, set: []byteSet{{}}, to: []int32{0}} }

func (n *nfa) state() int32 {
	n.eps = append(n.eps, nil)
	n.set = append(n.set, byteSet{})
	n.to = append(n.to, 0)
	return int32(len(n.to) - 1)
}

func (n *nfa) size() int { return len(n.to) }

func (n *nfa) epsilon(from, to int32) { n.eps[from] = append(n.eps[from], to) }

// bytes is a fragment reading one byte of s.
func (n *nfa) bytes(s byteSet) frag {
	a, b := n.state(), n.state()
	n.set[a], n.to[a] = s, b
	return frag{a, b}
}

func (n *nfa) empty() frag {
	a := n.state()
	return frag{a, a}
}

// never is a fragment that reads nothing at all.
func (n *nfa) never() frag { return frag{n.state(), n.state()} }

func (n *nfa) lit(s string) frag {
	f := n.empty()
	for i := 0; i < len(s); i++ {
		var set byteSet
		set.add(s[i])
		f = n.concat(f, n.bytes(set))
	}
	return f
}

func (n *nfa) concat(a, b frag) frag {
	n.epsilon(a.end, b.start)
	return frag{a.start, b.end}
}

func (n *nfa) alt(fs ...frag) frag {
	s, e := n.state(), n.state()
	for _, f := range fs {
		n.epsilon(s, f.start)
		n.epsilon(f.end, e)
	}
	return frag{s, e}
}

func (n *nfa) star(f frag) frag {
	s, e := n.state(), n.state()
	n.epsilon(s, f.start)
	n.epsilon(s, e)
	n.epsilon(f.end, f.start)
	n.epsilon(f.end, e)
	return frag{s, e}
}

func (n *nfa) plus(f frag) frag {
	e := n.state()
	n.epsilon(f.end, f.start)
	n.epsilon(f.end, e)
	return frag{f.start, e}
}

func (n *nfa) quest(f frag) frag {
	s, e := n.state(), n.state()
	n.epsilon(s, f.start)
	n.epsilon(s, e)
	n.epsilon(f.end, e)
	return frag{s, e}
}

// anything is Σ*.
func (n *nfa) anything() frag { return n.star(n.bytes(allBytes)) }

// finish makes f the whole automaton, reading through h.
func (n *nfa) finish(f frag, h hom) *nfa {
	n.start, n.final = f.start, f.end
	if h != nil {
		for i := range n.set {
			if n.to[i] != 0 {
				n.set[i] = preimage(h, n.set[i])
			}
		}
	}
	return n
}

// closure adds to set the states reachable from it by epsilon edges.
func (n *nfa) closure(set []int32, mark []uint32, gen uint32) []int32 {
	for i := 0; i < len(set); i++ {
		for _, t := range n.eps[set[i]] {
			if mark[t] != gen {
				mark[t] = gen
				set = append(set, t)
			}
		}
	}
	return set
}

// accepts runs the NFA on s (for membership of a candidate string).
func (n *nfa) accepts(s string, b *budget) (ok, known bool) {
	mark := make([]uint32, n.size())
	gen := uint32(1)
	mark[n.start] = gen
	cur := n.closure([]int32{n.start}, mark, gen)
	var next []int32
	for i := 0; i < len(s); i++ {
		if !b.spend(len(cur)) {
			return false, false
		}
		gen++
		next = next[:0]
		for _, q := range cur {
			if t := n.to[q]; t != 0 && n.set[q].has(s[i]) && mark[t] != gen {
				mark[t] = gen
				next = append(next, t)
			}
		}
		next = n.closure(next, mark, gen)
		cur, next = next, cur
		if len(cur) == 0 {
			return false, true
		}
	}
	return slices.Contains(cur, n.final), true
}

// maxShortest bounds the breadth-first search of shortest.
const maxShortest = 4096

// shortest returns a shortest string the NFA accepts, by a breadth-first
// search over its states (each reached once, first by a shortest string);
// ok is false when it accepts none or the search is cut short.
func (n *nfa) shortest() (string, bool) {
	type visit struct {
		q, parent int32
		by        byte
	}
	mark := make([]uint32, n.size())
	gen := uint32(1)
	var visits []visit
	add := func(q, parent int32, by byte) {
		mark[q] = gen
		for _, s := range n.closure([]int32{q}, mark, gen) {
			visits = append(visits, visit{s, parent, by})
		}
	}
	add(n.start, -1, 0)
	for i := 0; i < len(visits) && i < maxShortest; i++ {
		v := visits[i]
		if v.q == n.final {
			var w []byte
			for j := int32(i); visits[j].parent >= 0; j = visits[j].parent {
				w = append(w, visits[j].by)
			}
			slices.Reverse(w)
			return string(w), true
		}
		if t := n.to[v.q]; t != 0 && mark[t] != gen {
			set := n.set[v.q]
			b := -1
			for x := 0; x < 256; x++ {
				if set.has(byte(x)) {
					b = x
					if x >= 'a' && x <= 'z' || x >= '0' && x <= '9' || x == '/' {
						break // a printable byte reads better
					}
				}
			}
			if b >= 0 {
				add(t, int32(i), byte(b))
			}
		}
	}
	return "", false
}

// classes partitions the bytes so that bytes of one class are alike on
// every edge of the NFAs (or DFAs) given: classOf maps a byte to its
// class, rep a class to one of its bytes.
type classes struct {
	classOf [256]uint16
	rep     []byte
}

// refine splits the classes by membership in s.
func (c *classes) refine(s byteSet) {
	var ids [512]int16 // by old class*2 + membership
	for i := range ids[:2*len(c.rep)] {
		ids[i] = -1
	}
	c.rep = c.rep[:0]
	for b := 0; b < 256; b++ {
		k := int(c.classOf[b]) * 2
		if s.has(byte(b)) {
			k++
		}
		if ids[k] < 0 {
			ids[k] = int16(len(c.rep))
			c.rep = append(c.rep, byte(b))
		}
		c.classOf[b] = uint16(ids[k])
	}
}

// refineBy splits the classes by another partition of the bytes.
func (c *classes) refineBy(o *classes) {
	ids := make([]int16, len(c.rep)*len(o.rep))
	for i := range ids {
		ids[i] = -1
	}
	c.rep = c.rep[:0]
	for b := 0; b < 256; b++ {
		k := int(c.classOf[b])*len(o.rep) + int(o.classOf[b])
		if ids[k] < 0 {
			ids[k] = int16(len(c.rep))
			c.rep = append(c.rep, byte(b))
		}
		c.classOf[b] = uint16(ids[k])
	}
}

func oneClass() classes { return classes{rep: []byte{0}} }

// dfa is a complete deterministic automaton over byte classes; state 0
// is the start.
type dfa struct {
	cls    classes
	trans  []int32 // state*len(cls.rep) + class
	accept []bool
	// sink[q] is true when every byte leads from q back to q.
	sink []bool
}

func (d *dfa) next(q int32, b byte) int32 {
	return d.trans[int(q)*len(d.cls.rep)+int(d.cls.classOf[b])]
}

// maxDFAStates caps one automaton; a condition whose automaton is larger
// is left out of the reasoning (which may then answer Unknown).
const maxDFAStates = 4096

// determinize builds the DFA of n by the subset construction; ok is false
// when it would exceed maxDFAStates or the budget.
func (n *nfa) determinize(b *budget) (*dfa, bool) {
	cls := oneClass()
	seen := map[byteSet]bool{}
	for q := range n.to {
		if n.to[q] != 0 && !seen[n.set[q]] {
			seen[n.set[q]] = true
			cls.refine(n.set[q])
		}
	}
	k := len(cls.rep)
	d := &dfa{cls: cls}
	mark := make([]uint32, n.size())
	gen := uint32(1)
	index := map[string]int32{}
	var sets [][]int32
	var key []byte
	add := func(set []int32) (int32, bool) {
		slices.Sort(set)
		key = key[:0]
		for _, q := range set {
			key = binary.LittleEndian.AppendUint32(key, uint32(q))
		}
		if id, ok := index[string(key)]; ok {
			return id, true
		}
		if len(sets) >= maxDFAStates {
			return 0, false
		}
		id := int32(len(sets))
		index[string(key)] = id
		sets = append(sets, slices.Clone(set))
		d.accept = append(d.accept, slices.Contains(set, n.final))
		d.trans = append(d.trans, make([]int32, k)...)
		return id, true
	}
	mark[n.start] = gen
	if _, ok := add(n.closure([]int32{n.start}, mark, gen)); !ok {
		return nil, false
	}
	var next []int32
	for i := 0; i < len(sets); i++ {
		for c := 0; c < k; c++ {
			if !b.spend(len(sets[i]) + 1) {
				return nil, false
			}
			gen++
			next = next[:0]
			r := cls.rep[c]
			for _, q := range sets[i] {
				if t := n.to[q]; t != 0 && n.set[q].has(r) && mark[t] != gen {
					mark[t] = gen
					next = append(next, t)
				}
			}
			next = n.closure(next, mark, gen)
			id, ok := add(next)
			if !ok {
				return nil, false
			}
			d.trans[i*k+c] = id
		}
	}
	d.sink = make([]bool, len(sets))
	for q := range sets {
		d.sink[q] = true
		for c := 0; c < k; c++ {
			if d.trans[q*k+c] != int32(q) {
				d.sink[q] = false
				break
			}
		}
	}
	return d, true
}

// dfaLit is a DFA with the polarity a conjunction wants of it.
type dfaLit struct {
	d   *dfa
	pos bool
}

// intersect decides whether some string is accepted by every positive
// DFA and rejected by every negative one. It returns such a string when
// there is one; known is false when the budget ran out first.
func intersect(lits []dfaLit, b *budget) (witness string, nonEmpty, known bool) {
	cls := oneClass()
	for _, l := range lits {
		cls.refineBy(&l.d.cls)
	}
	good := func(st []int32) bool {
		for i, l := range lits {
			if l.d.accept[st[i]] != l.pos {
				return false
			}
		}
		return true
	}
	dead := func(st []int32) bool {
		for i, l := range lits {
			if l.d.sink[st[i]] && l.d.accept[st[i]] != l.pos {
				return true
			}
		}
		return false
	}
	type visit struct {
		parent int32
		by     byte
	}
	start := make([]int32, len(lits))
	index := map[string]int32{}
	var states [][]int32
	var visits []visit
	var key []byte
	keyOf := func(st []int32) string {
		key = key[:0]
		for _, q := range st {
			key = binary.LittleEndian.AppendUint32(key, uint32(q))
		}
		return string(key)
	}
	word := func(i int32) string {
		var w []byte
		for ; i > 0; i = visits[i].parent {
			w = append(w, visits[i].by)
		}
		slices.Reverse(w)
		return string(w)
	}
	if dead(start) {
		return "", false, true
	}
	index[keyOf(start)] = 0
	states = append(states, start)
	visits = append(visits, visit{-1, 0})
	for i := 0; i < len(states); i++ {
		st := states[i]
		if good(st) {
			return word(int32(i)), true, true
		}
		for _, r := range cls.rep {
			if !b.spend(len(lits) + 1) {
				return "", false, false
			}
			nx := make([]int32, len(lits))
			for j, l := range lits {
				nx[j] = l.d.next(st[j], r)
			}
			if dead(nx) {
				continue
			}
			k := keyOf(nx)
			if _, ok := index[k]; ok {
				continue
			}
			index[k] = int32(len(states))
			states = append(states, nx)
			visits = append(visits, visit{int32(i), r})
		}
	}
	return "", false, true
}
