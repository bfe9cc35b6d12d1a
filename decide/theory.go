package decide

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The theories: what one value can be. An atom says that a value (a
// term) lies in a set: integers in an interval set, addresses in a range
// set, byte strings in a finite set or a regular language. A conjunction
// of such atoms and their negations on one term is consistent when some
// value lies in every positive set and outside every negative one.

// budget counts the work of one question.
type budget struct{ left int }

func (b *budget) spend(n int) bool {
	b.left -= n
	return b.left >= 0
}

// bytesLit is a condition on a byte string: membership in a finite set
// (fin) or in a regular language (build), after the string is mapped by h.
type bytesLit struct {
	h     hom
	fin   map[string]struct{}
	items []string // fin, sorted
	build func(n *nfa) (frag, bool)

	nfa   *nfa
	dfa   *dfa
	built int8 // 0: not yet; 1: nfa (and maybe dfa) built; -1: too large
	dfaOK int8
}

// maxFiniteBytes caps the total length of a finite set turned into an
// automaton (a negated set, or one read through lower/upper).
const maxFiniteBytes = 1 << 14

// automaton returns the literal's NFA, nil when it is too large.
func (l *bytesLit) automaton() *nfa {
	switch l.built {
	case 1:
		return l.nfa
	case -1:
		return nil
	}
	n := newNFA()
	var f frag
	ok := true
	if l.fin != nil {
		total := 0
		fs := make([]frag, 0, len(l.items))
		for _, s := range l.items {
			total += len(s) + 1
			if total > maxFiniteBytes {
				ok = false
				break
			}
			fs = append(fs, n.lit(s))
		}
		if ok {
			f = n.alt(fs...)
		}
	} else {
		f, ok = l.build(n)
	}
	if !ok || n.size() > 16*maxDFAStates {
		l.built = -1
		return nil
	}
	l.nfa, l.built = n.finish(f, l.h), 1
	return l.nfa
}

// member reports whether s satisfies the literal; known is false when
// that could not be worked out within the budget.
func (l *bytesLit) member(s string, b *budget) (ok, known bool) {
	if l.fin != nil {
		if !b.spend(1 + len(s)/16) {
			return false, false
		}
		_, ok := l.fin[apply(l.h, s)]
		return ok, true
	}
	n := l.automaton()
	if n == nil {
		return false, false
	}
	return n.accepts(s, b)
}

// determinized returns the literal's DFA, nil when too large.
func (l *bytesLit) determinized(b *budget) *dfa {
	switch l.dfaOK {
	case 1:
		return l.dfa
	case -1:
		return nil
	}
	n := l.automaton()
	if n == nil {
		l.dfaOK = -1
		return nil
	}
	d, ok := n.determinize(b)
	if !ok {
		if b.left >= 0 {
			l.dfaOK = -1 // too large, not merely out of budget
		}
		return nil
	}
	l.dfa, l.dfaOK = d, 1
	return d
}

// tlit is a theory literal: an atom with the polarity the assignment gives.
type tlit struct {
	atom *atom
	pos  bool
}

// verdict of a theory check.
type tverdict struct {
	sat   bool
	exact bool // sat: a witness value exists; unsat: always exact
	value any  // the witness: int64, netip.Addr or string
}

var satUnknown = tverdict{sat: true}

// intConsistent decides a conjunction of integer atoms within dom.
func intConsistent(dom Intervals, lits []tlit) tverdict {
	s := dom
	for _, l := range lits {
		if l.pos {
			s = s.Intersect(l.atom.ints)
		} else {
			s = s.Minus(l.atom.ints)
		}
		if s.IsEmpty() {
			return tverdict{}
		}
	}
	lo, _, _ := s.Bounds()
	// Prefer a small value the generator of examples can use.
	if s.Contains(0) {
		lo = 0
	}
	return tverdict{sat: true, exact: true, value: lo}
}

// ipConsistent decides a conjunction of address atoms.
func ipConsistent(lits []tlit) tverdict {
	s := AllIPs()
	for _, l := range lits {
		if l.pos {
			s = s.Intersect(l.atom.ips)
		} else {
			s = s.Intersect(l.atom.ips.Complement())
		}
		if s.IsEmpty() {
			return tverdict{}
		}
	}
	a, _ := s.Pick()
	return tverdict{sat: true, exact: true, value: a}
}

// bytesConsistent decides a conjunction of byte-string atoms.
func bytesConsistent(lits []tlit, b *budget) tverdict {
	for i, l := range lits {
		for _, m := range lits[i+1:] {
			if l.atom == m.atom && l.pos != m.pos {
				return tverdict{}
			}
		}
	}
	// A positive finite set read directly bounds the candidates: try each.
	best := -1
	for i, l := range lits {
		if bl := l.atom.bytes; l.pos && bl.fin != nil && bl.h == nil && (best < 0 || len(bl.items) < len(lits[best].atom.bytes.items)) {
			best = i
		}
	}
	if best >= 0 {
		unsure := false
		for _, s := range lits[best].atom.bytes.items {
			fits := true
			for j, l := range lits {
				if j == best {
					continue
				}
				ok, known := l.atom.bytes.member(s, b)
				if !known {
					unsure = true
					fits = false
					break
				}
				if ok != l.pos {
					fits = false
					break
				}
			}
			if fits {
				return tverdict{sat: true, exact: true, value: s}
			}
			if b.left < 0 {
				return satUnknown
			}
		}
		if unsure {
			return satUnknown
		}
		return tverdict{}
	}
	// Otherwise intersect the automata; one too large is left out, which
	// only widens the intersection (an empty one is still a proof).
	var ds []dfaLit
	exact := true
	for _, l := range lits {
		d := l.atom.bytes.determinized(b)
		if b.left < 0 {
			return satUnknown
		}
		if d == nil {
			exact = false
			continue
		}
		ds = append(ds, dfaLit{d, l.pos})
	}
	w, nonEmpty, known := intersect(ds, b)
	switch {
	case !known:
		return satUnknown
	case !nonEmpty:
		return tverdict{}
	}
	return tverdict{sat: true, exact: exact, value: w}
}

// Building the literals of each comparison.

// finiteLit is membership of a finite set of strings.
func finiteLit(items []string, h hom) *bytesLit {
	l := &bytesLit{h: h, fin: make(map[string]struct{}, len(items))}
	for _, s := range items {
		l.fin[s] = struct{}{}
	}
	l.items = make([]string, 0, len(l.fin))
	for s := range l.fin {
		l.items = append(l.items, s)
	}
	sort.Strings(l.items)
	return l
}

func finiteKey(items []string) string {
	s := slices.Clone(items)
	sort.Strings(s)
	s = slices.Compact(s)
	var b strings.Builder
	b.WriteString("in")
	for _, x := range s {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(x))
	}
	return b.String()
}

// containsLit is Σ* s Σ*; prefixLit s Σ*; suffixLit Σ* s.
func containsLit(s string, h hom) *bytesLit {
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) {
		return n.concat(n.concat(n.anything(), n.lit(s)), n.anything()), true
	}}
}

func prefixLit(s string, h hom) *bytesLit {
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) { return n.concat(n.lit(s), n.anything()), true }}
}

func suffixLit(s string, h hom) *bytesLit {
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) { return n.concat(n.anything(), n.lit(s)), true }}
}

// wildcardLit is a wildcard pattern (LANGUAGE.md §3.10): `*` is any run
// of bytes, `\*` and `\\` are a star and a backslash, the whole value
// must match; with fold (`wildcard`, not `strict wildcard`) ASCII letters
// match either case.
func wildcardLit(p string, fold bool, h hom) *bytesLit {
	if fold {
		p = apply(lowerHom, p)
		h = compose(lowerHom, h)
	}
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) {
		f := n.empty()
		var run []byte
		flush := func() {
			f = n.concat(f, n.lit(string(run)))
			run = run[:0]
		}
		for i := 0; i < len(p); i++ {
			switch c := p[i]; {
			case c == '\\' && i+1 < len(p):
				i++
				run = append(run, p[i])
			case c == '*':
				flush()
				f = n.concat(f, n.anything())
			default:
				run = append(run, c)
			}
		}
		flush()
		return f, true
	}}
}

// orderLit is the strings below s in bytewise order (lt), or not above
// it (le, with orEqual).
func orderLit(s string, orEqual bool, h hom) *bytesLit {
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) {
		// Follow s; leaving it by a smaller byte, or stopping early, is
		// below s.
		below := n.anything()
		prefix := n.empty()
		var ends []frag
		for i := 0; i < len(s); i++ {
			ends = append(ends, frag{prefix.start, prefix.end}) // a proper prefix
			if s[i] > 0 {
				var lower byteSet
				lower.addRange(0, s[i]-1)
				step := n.bytes(lower)
				n.epsilon(prefix.end, step.start)
				n.epsilon(step.end, below.start)
			}
			var same byteSet
			same.add(s[i])
			prefix = n.concat(prefix, n.bytes(same))
		}
		if orEqual {
			ends = append(ends, prefix)
		}
		e := n.state()
		for _, f := range ends {
			n.epsilon(f.end, e)
		}
		n.epsilon(below.end, e)
		return frag{prefix.start, e}, true
	}}
}

// maxLenStates bounds the lengths a len(…) condition is spelled out to.
const maxLenStates = 256

// lengthLit is the strings whose length is in set; ok is false when set
// changes beyond maxLenStates (a long string is then left to an integer
// term of its own).
func lengthLit(set Intervals, h hom) (*bytesLit, bool) {
	set = set.Intersect(IntRange(0, math.MaxInt64))
	k := int64(0)
	for _, iv := range set {
		if iv.Lo > k {
			k = iv.Lo
		}
		if iv.Hi != math.MaxInt64 && iv.Hi > k {
			k = iv.Hi
		}
	}
	if k > maxLenStates {
		return nil, false
	}
	tail := set.Contains(k + 1)
	return &bytesLit{h: h, build: func(n *nfa) (frag, bool) {
		e := n.state()
		cur := n.empty()
		start := cur.start
		for i := int64(0); i <= k; i++ {
			if set.Contains(i) {
				n.epsilon(cur.end, e)
			}
			cur = n.concat(cur, n.bytes(allBytes))
		}
		if tail {
			n.epsilon(cur.end, e)
			any := n.anything()
			n.epsilon(cur.end, any.start)
			n.epsilon(any.end, e)
		}
		return frag{start, e}, true
	}}, true
}
