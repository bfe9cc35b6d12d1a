package decide

import "slices"

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
	// core, for unsat, indexes some literals that already clash (nil:
	// not known; the caller shrinks them all).
	core []int
}

var satUnknown = tverdict{sat: true}

// intConsistent decides a conjunction of integer atoms within dom; the
// literals are taken positive first, narrowest first, so that the core of
// a clash is the few that emptied the set.
func intConsistent(dom Intervals, lits []tlit) tverdict {
	order := clashOrder(lits, func(l tlit) int { return len(l.atom.ints) })
	s := dom
	for n, i := range order {
		l := lits[i]
		if l.pos {
			s = s.Intersect(l.atom.ints)
		} else {
			s = s.Minus(l.atom.ints)
		}
		if s.IsEmpty() {
			return tverdict{core: order[:n+1]}
		}
	}
	lo, _, _ := s.Bounds()
	// Prefer a small value the generator of examples can use.
	if s.Contains(0) {
		lo = 0
	}
	return tverdict{sat: true, exact: true, value: lo}
}

// clashOrder orders literals for a search of a clash: positive ones
// first, by the size given.
func clashOrder(lits []tlit, size func(tlit) int) []int {
	order := make([]int, len(lits))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		la, lb := lits[a], lits[b]
		if la.pos != lb.pos {
			if la.pos {
				return -1
			}
			return 1
		}
		return size(la) - size(lb)
	})
	return order
}

// ipConsistent decides a conjunction of address atoms.
func ipConsistent(lits []tlit) tverdict {
	order := clashOrder(lits, func(l tlit) int { return len(l.atom.ips.v4) + len(l.atom.ips.v6) })
	s := AllIPs()
	for n, i := range order {
		l := lits[i]
		if l.pos {
			s = s.Intersect(l.atom.ips)
		} else {
			s = s.Intersect(l.atom.ips.Complement())
		}
		if s.IsEmpty() {
			return tverdict{core: order[:n+1]}
		}
	}
	a, _ := s.Pick()
	return tverdict{sat: true, exact: true, value: a}
}

// bytesConsistent decides a conjunction of byte-string atoms.
func bytesConsistent(lits []tlit, b *budget) tverdict {
	for i, l := range lits {
		for j, m := range lits[i+1:] {
			if l.atom == m.atom && l.pos != m.pos {
				return tverdict{core: []int{i, i + 1 + j}}
			}
		}
	}
	// A positive finite set read directly bounds the candidates: try each.
	best := -1
	for i, l := range lits {
		if bl := &l.atom.bytes; l.pos && bl.finite() && (best < 0 || len(bl.items) < len(lits[best].atom.bytes.items)) {
			best = i
		}
	}
	if best >= 0 {
		// Each candidate is ruled out by some literal: those, with the
		// set, are the clash.
		unsure := false
		core := []int{best}
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
					if !slices.Contains(core, j) {
						core = append(core, j)
					}
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
		return tverdict{core: core}
	}
	// A short string may satisfy them all: try the literals' own strings
	// before building automata.
	if s, ok := probe(lits, b); ok {
		return tverdict{sat: true, exact: true, value: s}
	}
	// Strings outside finitely many sets of strings: there are always
	// some, and a short one is found directly.
	onlyExcluded := true
	for _, l := range lits {
		if l.pos || !l.atom.bytes.finite() {
			onlyExcluded = false
			break
		}
	}
	if onlyExcluded {
		return tverdict{sat: true, exact: true, value: outside(lits)}
	}
	// Otherwise intersect automata, refining lazily: the product of the
	// positive conditions gives a shortest witness; the negative
	// conditions it breaks join the product, and so on until a witness
	// satisfies them all or the product is empty. An empty product of some
	// of the conditions is a proof, and those few are the clash. An
	// automaton too large is left out, which only widens the products.
	var ds []dfaLit
	var at []int
	for i, l := range lits {
		if !l.pos {
			continue
		}
		d := l.atom.bytes.determinized(b)
		if b.left < 0 {
			return satUnknown
		}
		if d == nil {
			continue
		}
		ds, at = append(ds, dfaLit{d, true}), append(at, i)
	}
	in := make([]bool, len(lits))
	for {
		w, nonEmpty, known := intersect(ds, b)
		switch {
		case !known:
			return satUnknown
		case !nonEmpty:
			return tverdict{core: at}
		}
		added := false
		for i, l := range lits {
			if l.pos || in[i] {
				continue
			}
			ok, known := l.atom.bytes.member(w, b)
			if !known {
				return satUnknown
			}
			if !ok {
				continue // w is outside this one's set, as wanted
			}
			in[i] = true
			d := l.atom.bytes.determinized(b)
			if b.left < 0 {
				return satUnknown
			}
			if d == nil {
				continue
			}
			ds, at, added = append(ds, dfaLit{d, false}), append(at, i), true
		}
		if !added {
			// w satisfies every condition that has an automaton; a
			// positive one left out may still hold of it.
			for _, l := range lits {
				if ok, known := l.atom.bytes.member(w, b); !known || ok != l.pos {
					return satUnknown
				}
			}
			return tverdict{sat: true, exact: true, value: w}
		}
	}
}

// maxProbes bounds the strings probe tries.
const maxProbes = 16

// probe tries the empty string and the literals' samples against every
// literal.
func probe(lits []tlit, b *budget) (string, bool) {
	tried := 0
	try := func(s string) bool {
		for _, l := range lits {
			ok, known := l.atom.bytes.member(s, b)
			if !known || ok != l.pos {
				return false
			}
		}
		return true
	}
	if try("") {
		return "", true
	}
	for _, l := range lits {
		s := l.atom.bytes.sample()
		if !l.pos || l.atom.bytes.kind == lFinite || s == "" {
			continue
		}
		if tried++; tried > maxProbes {
			break
		}
		if try(s) {
			return s, true
		}
	}
	return "", false
}

// outside returns a string in none of the literals' finite sets: the
// empty string, one byte, or two.
func outside(lits []tlit) string {
	in := func(s string) bool {
		for _, l := range lits {
			if ok, _ := l.atom.bytes.test(s); ok {
				return true
			}
		}
		return false
	}
	if !in("") {
		return ""
	}
	for b := 0; b < 256; b++ {
		if s := string([]byte{byte(b)}); !in(s) {
			return s
		}
	}
	for x := 0; ; x++ {
		if s := string([]byte{byte(x >> 8), byte(x)}); !in(s) {
			return s
		}
	}
}
