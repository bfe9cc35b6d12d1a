package decide

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
		if bl := &l.atom.bytes; l.pos && bl.finite() && (best < 0 || len(bl.items) < len(lits[best].atom.bytes.items)) {
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
