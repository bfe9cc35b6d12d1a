package decide

import (
	"math"
	"slices"
	"strings"
)

// litKind is what a condition on a byte string tests.
type litKind uint8

const (
	lFinite   litKind = iota + 1 // eq, ne, in {…}: one of items
	lContains                    // contains s
	lPrefix                      // starts_with(…, s)
	lSuffix                      // ends_with(…, s)
	lWildcard                    // wildcard (folded: s and h lowered) or strict wildcard s
	lLess                        // bytewise below s (lt); with orEqual, not above it (le)
	lLength                      // len(…) in lengths
	lRegex                       // matches, a regex in the decided part
)

// bytesLit is a condition on a byte string, read through h: membership
// in a finite set or in a regular language.
type bytesLit struct {
	kind    litKind
	h       hom
	s       string   // the literal (contains, prefix, suffix, wildcard, less)
	items   []string // lFinite: sorted, without duplicates
	orEqual bool     // lLess
	lengths Intervals
	parts   []string // lWildcard: the literal runs between stars
	regex   func(n *nfa) (frag, bool)

	fin map[string]struct{} // lFinite with many items, built on demand
	// shortest, for a regex, is a shortest string it matches (when
	// found: hasShortest).
	shortest    string
	hasShortest int8
	nfa         *nfa
	dfa         *dfa
	built       int8 // 0: not yet; 1: nfa built; -1: too large
	dfaOK       int8
}

// maxFiniteBytes caps the total length of a finite set turned into an
// automaton (a negated set, or one read through lower/upper).
const maxFiniteBytes = 1 << 14

// finite reports whether the literal is a finite set read directly.
func (l *bytesLit) finite() bool { return l.kind == lFinite && l.h == nil }

// sample is a string likely to satisfy the condition, tried before any
// automaton is built; "" when there is none better than "".
func (l *bytesLit) sample() string {
	switch l.kind {
	case lContains, lPrefix, lSuffix:
		return l.s
	case lWildcard:
		return strings.Join(l.parts, "")
	case lFinite:
		if len(l.items) > 0 {
			return l.items[0]
		}
	case lLength:
		if lo, _, ok := l.lengths.Bounds(); ok && lo <= maxLenStates {
			return strings.Repeat("a", int(lo))
		}
	case lRegex:
		if l.hasShortest == 0 {
			l.hasShortest = -1
			if n := l.automaton(); n != nil {
				if w, ok := n.shortest(); ok {
					l.shortest, l.hasShortest = w, 1
				}
			}
		}
		return l.shortest
	}
	return ""
}

// test decides membership without an automaton; known is false for a
// regex, which needs one.
func (l *bytesLit) test(s string) (ok, known bool) {
	v := apply(l.h, s)
	switch l.kind {
	case lFinite:
		if len(l.items) <= 8 {
			return slices.Contains(l.items, v), true
		}
		if l.fin == nil {
			l.fin = make(map[string]struct{}, len(l.items))
			for _, x := range l.items {
				l.fin[x] = struct{}{}
			}
		}
		_, ok := l.fin[v]
		return ok, true
	case lContains:
		return strings.Contains(v, l.s), true
	case lPrefix:
		return strings.HasPrefix(v, l.s), true
	case lSuffix:
		return strings.HasSuffix(v, l.s), true
	case lWildcard:
		return matchParts(l.parts, v), true
	case lLess:
		return v < l.s || l.orEqual && v == l.s, true
	case lLength:
		return l.lengths.Contains(int64(len(v))), true
	}
	return false, false
}

// member reports whether s satisfies the literal; known is false when
// that could not be worked out within the budget.
func (l *bytesLit) member(s string, b *budget) (ok, known bool) {
	if !b.spend(1 + len(s)/16) {
		return false, false
	}
	if ok, known := l.test(s); known {
		return ok, true
	}
	n := l.automaton()
	if n == nil {
		return false, false
	}
	return n.accepts(s, b)
}

// automaton returns the literal's NFA, nil when it is too large.
func (l *bytesLit) automaton() *nfa {
	switch l.built {
	case 1:
		return l.nfa
	case -1:
		return nil
	}
	n := newNFA()
	f, ok := l.build(n)
	if !ok || n.size() > 16*maxDFAStates {
		l.built = -1
		return nil
	}
	l.nfa, l.built = n.finish(f, l.h), 1
	return l.nfa
}

// build writes the literal's language into n.
func (l *bytesLit) build(n *nfa) (frag, bool) {
	switch l.kind {
	case lFinite:
		total := 0
		fs := make([]frag, 0, len(l.items))
		for _, s := range l.items {
			if total += len(s) + 1; total > maxFiniteBytes {
				return frag{}, false
			}
			fs = append(fs, n.lit(s))
		}
		return n.alt(fs...), true
	case lContains:
		return n.concat(n.concat(n.anything(), n.lit(l.s)), n.anything()), true
	case lPrefix:
		return n.concat(n.lit(l.s), n.anything()), true
	case lSuffix:
		return n.concat(n.anything(), n.lit(l.s)), true
	case lWildcard:
		f := n.lit(l.parts[0])
		for _, part := range l.parts[1:] {
			f = n.concat(n.concat(f, n.anything()), n.lit(part))
		}
		return f, true
	case lLess:
		return lessLang(n, l.s, l.orEqual), true
	case lLength:
		return lengthLang(n, l.lengths), true
	case lRegex:
		return l.regex(n)
	}
	return frag{}, false
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

// finiteLit is membership of a finite set of strings.
func finiteLit(items []string, h hom) bytesLit {
	if len(items) > 1 {
		items = slices.Clone(items)
		slices.Sort(items)
		items = slices.Compact(items)
	}
	return bytesLit{kind: lFinite, h: h, items: items}
}

// wildcardLit is a wildcard pattern (LANGUAGE.md §3.10): `*` is any run
// of bytes, `\*` and `\\` are a star and a backslash, the whole value
// must match; with fold (`wildcard`, not `strict wildcard`) ASCII letters
// match either case.
func wildcardLit(p string, fold bool, h hom) bytesLit {
	if fold {
		// lower of a string read through lower or upper is lower.
		p, h = apply(lowerHom, p), lowerHom
	}
	return bytesLit{kind: lWildcard, h: h, s: p, parts: wildcardParts(p)}
}

// wildcardParts splits a wildcard pattern at its stars, unescaping `\*`
// and `\\`.
func wildcardParts(p string) []string {
	if !strings.ContainsAny(p, `*\`) {
		return []string{p}
	}
	var parts []string
	var run []byte
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p):
			i++
			run = append(run, p[i])
		case c == '*':
			parts = append(parts, string(run))
			run = run[:0]
		default:
			run = append(run, c)
		}
	}
	return append(parts, string(run))
}

// matchParts matches a whole string against a wildcard's parts: the
// first at the start, the last at the end, the others in order between.
func matchParts(parts []string, v string) bool {
	if len(parts) == 1 {
		return v == parts[0]
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(v) < len(first)+len(last) || !strings.HasPrefix(v, first) || !strings.HasSuffix(v, last) {
		return false
	}
	mid := v[len(first) : len(v)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(mid, p)
		if i < 0 {
			return false
		}
		mid = mid[i+len(p):]
	}
	return true
}

// lessLang is the strings below s in bytewise order, or not above it
// (orEqual).
func lessLang(n *nfa, s string, orEqual bool) frag {
	// Follow s; leaving it by a smaller byte, or stopping early, is below
	// s.
	below := n.anything()
	prefix := n.empty()
	e := n.state()
	for i := 0; i < len(s); i++ {
		n.epsilon(prefix.end, e) // a proper prefix
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
		n.epsilon(prefix.end, e)
	}
	n.epsilon(below.end, e)
	return frag{prefix.start, e}
}

// maxLenStates bounds the lengths a len(…) condition is spelled out to.
const maxLenStates = 256

// lengthLit is the strings whose length is in set; ok is false when set
// changes beyond maxLenStates (a long string is then left to an integer
// term of its own).
func lengthLit(set Intervals, h hom) (bytesLit, bool) {
	set = set.Intersect(IntRange(0, math.MaxInt64))
	if _, k := lengthBound(set); k > maxLenStates {
		return bytesLit{}, false
	}
	return bytesLit{kind: lLength, h: h, lengths: set}, true
}

// lengthBound is the largest finite end of set's ranges: beyond it,
// membership does not change.
func lengthBound(set Intervals) (Intervals, int64) {
	k := int64(0)
	for _, iv := range set {
		k = max(k, iv.Lo)
		if iv.Hi != math.MaxInt64 {
			k = max(k, iv.Hi)
		}
	}
	return set, k
}

func lengthLang(n *nfa, set Intervals) frag {
	_, k := lengthBound(set)
	e := n.state()
	cur := n.empty()
	start := cur.start
	for i := int64(0); i <= k; i++ {
		if set.Contains(i) {
			n.epsilon(cur.end, e)
		}
		cur = n.concat(cur, n.bytes(allBytes))
	}
	if set.Contains(k + 1) {
		n.epsilon(cur.end, e)
		rest := n.anything()
		n.epsilon(cur.end, rest.start)
		n.epsilon(rest.end, e)
	}
	return frag{start, e}
}
