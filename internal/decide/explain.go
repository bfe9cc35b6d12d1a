package decide

import "slices"

// Explaining a finding: which conditions clash, on which value, and for
// integers with which values.

// maxShrink bounds the conditions Conflict tries to drop one by one.
const maxShrink = 12

// Conflict answers whether fs can all be true together. With No, it also
// returns the indexes of some of them that already cannot (a core, made
// minimal when it is small: dropping any one of its members would let the
// rest hold).
func (c *Context) Conflict(fs []Formula) (Verdict, []int) {
	v, core := c.core(fs)
	if v != No || len(core) > maxShrink {
		return v, core
	}
	if len(core) == 2 {
		// A pair is minimal unless one of it alone can never hold; the
		// screen settles that without a search, mostly.
		for _, i := range core {
			if c.Satisfiable(fs[i]) == No {
				return No, []int{i}
			}
		}
		return No, core
	}
	for i := 0; i < len(core) && len(core) > 1; {
		try := slices.Delete(slices.Clone(core), i, i+1)
		sub := make([]Formula, len(try))
		for j, k := range try {
			sub[j] = fs[k]
		}
		if w, smaller := c.core(sub); w == No {
			next := make([]int, len(smaller))
			for j, k := range smaller {
				next[j] = try[k]
			}
			core = next
			continue
		}
		i++
	}
	return No, core
}

// core is one search for a conjunction of fs, each an assumption.
func (c *Context) core(fs []Formula) (Verdict, []int) {
	v, used := c.assume(nil, fs)
	if v == No && len(used) == 0 {
		// Unsatisfiable before any assumption was made: at level 0,
		// every one of them took part.
		for i := range fs {
			used = append(used, i)
		}
	}
	return v, used
}

// SoleTerm returns the text of the one value every condition of fs reads,
// "" when they read several, or a condition wflint does not understand.
func (c *Context) SoleTerm(fs ...Formula) string {
	var names []string
	ok := true
	for _, f := range fs {
		c.varsOf(f, func(v int32) {
			cv := &c.vars[v]
			switch cv.kind {
			case vAtom:
				names = append(names, cv.atom.term.text)
			case vPresent:
				names = append(names, cv.term.text)
			case vBool:
				names = append(names, cv.key[len("bool:"):])
			case vNE:
			default:
				ok = false
			}
		})
	}
	slices.Sort(names)
	if names = slices.Compact(names); !ok || len(names) != 1 {
		return ""
	}
	return names[0]
}

// IntSet returns the values of the one integer value f reads for which f
// is true, within that value's documented range, when f reads one integer
// that is never missing and nothing else.
func (c *Context) IntSet(f Formula) (text string, set Intervals, ok bool) {
	var only *term
	ok = true
	c.varsOf(f, func(v int32) {
		cv := &c.vars[v]
		if cv.kind != vAtom || cv.atom.term.kind != kInt || cv.atom.term.present != True {
			ok = false
			return
		}
		if only == nil {
			only = cv.atom.term
		}
		ok = ok && only == cv.atom.term
	})
	if !ok || only == nil {
		return "", nil, false
	}
	set = fold(c, f, algebra[Intervals]{
		leaf: func(v int32) Intervals { return c.vars[v].atom.ints },
		and:  Intervals.Intersect,
		xor:  func(acc, x Intervals) Intervals { return acc.Minus(x).Union(x.Minus(acc)) },
		not:  Intervals.Complement,
		top:  AllInts(),
	})
	return only.text, set.Intersect(only.dom), true
}

// IntValues returns the values of the integer field named field for which
// f can be true, taking every other condition as free: an
// over-approximation, exact when f reads nothing else. found is false when
// f does not compare the field. The field's documented range is not
// applied.
func (c *Context) IntValues(f Formula, field string) (set Intervals, found bool) {
	t := c.terms[field]
	if t == nil || t.kind != kInt || t.present != True {
		return AllInts(), false
	}
	// For each node, the values for which it can be true (t) and false
	// (f).
	type tf struct{ t, f Intervals }
	r := fold(c, f, algebra[tf]{
		leaf: func(v int32) tf {
			if cv := &c.vars[v]; cv.kind == vAtom && cv.atom.term == t {
				found = true
				return tf{cv.atom.ints, cv.atom.ints.Complement()}
			}
			return tf{AllInts(), AllInts()}
		},
		and: func(acc, x tf) tf { return tf{acc.t.Intersect(x.t), acc.f.Union(x.f)} },
		xor: func(acc, x tf) tf {
			return tf{acc.t.Intersect(x.f).Union(acc.f.Intersect(x.t)), acc.t.Intersect(x.t).Union(acc.f.Intersect(x.f))}
		},
		not:    func(x tf) tf { return tf{x.f, x.t} },
		top:    tf{AllInts(), nil},
		bottom: tf{nil, AllInts()},
	})
	return r.t, found
}

// Reads returns the names of the values and of the conditions wflint does
// not understand that f reads, sorted: two formulas that read nothing in
// common are independent (but for the reading of ne on missing values).
func (c *Context) Reads(f Formula) []string {
	var out []string
	c.varsOf(f, func(v int32) {
		switch cv := &c.vars[v]; cv.kind {
		case vAtom:
			out = append(out, cv.atom.term.group())
		case vPresent:
			out = append(out, cv.term.group())
		case vBool, vOpaque:
			out = append(out, cv.key)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}
