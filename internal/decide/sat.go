package decide

// A small CDCL SAT solver (two watched literals, first-UIP learning,
// activity-ordered decisions, assumptions) for the boolean skeleton of a
// question. The theories are consulted on each complete assignment (lazy
// SMT): an inconsistent set of atom literals becomes a learned clause, and
// the search goes on. Every propagation, conflict and theory check is paid
// from the question's budget.

// lit is a literal of the solver: variable*2, +1 when negated.
type lit int32

func mkLit(v int32, neg bool) lit {
	if neg {
		return lit(2*v + 1)
	}
	return lit(2 * v)
}

func (l lit) v() int32     { return int32(l >> 1) }
func (l lit) neg() bool    { return l&1 == 1 }
func (l lit) not() lit     { return l ^ 1 }
func (l lit) index() int32 { return int32(l) }

const (
	unassigned int8 = 0
	isTrue     int8 = 1
	isFalse    int8 = -1
)

// theoryCheck inspects a complete assignment; it returns nil when the
// theories accept it, else literals that cannot all hold (each currently
// true). inexact is set when an acceptance was not proven.
type theoryCheck func(value func(v int32) bool) (conflict []lit, inexact bool)

type solver struct {
	nvars   int
	clauses [][]lit
	watches [][]int32 // by literal: clauses watching it
	assign  []int8
	level   []int32
	reason  []int32 // clause index, -1 for decisions and assumptions
	trail   []lit
	lims    []int // trail length at each decision level
	qhead   int
	act     []float64
	inc     float64
	heap    varHeap
	phase   []bool
	seen    []bool
	b       *budget
	// core, after an unsatisfiable answer under assumptions, holds the
	// assumptions the proof used.
	core []lit
}

func newSolver(nvars int, b *budget) *solver {
	s := &solver{nvars: nvars, b: b, inc: 1,
		watches: make([][]int32, 2*nvars),
		assign:  make([]int8, nvars),
		level:   make([]int32, nvars),
		reason:  make([]int32, nvars),
		act:     make([]float64, nvars),
		phase:   make([]bool, nvars),
		seen:    make([]bool, nvars)}
	s.heap.act = s.act
	s.heap.pos = make([]int32, nvars)
	for v := 0; v < nvars; v++ {
		s.heap.pos[v] = -1
		s.heap.push(int32(v))
	}
	return s
}

func (s *solver) value(l lit) int8 {
	a := s.assign[l.v()]
	if l.neg() {
		return -a
	}
	return a
}

func (s *solver) decisionLevel() int32 { return int32(len(s.lims)) }

func (s *solver) enqueue(l lit, reason int32) {
	v := l.v()
	if l.neg() {
		s.assign[v] = isFalse
	} else {
		s.assign[v] = isTrue
	}
	s.level[v] = s.decisionLevel()
	s.reason[v] = reason
	s.trail = append(s.trail, l)
}

// addClause adds a clause at level 0; it returns false when the clause
// set is already unsatisfiable.
func (s *solver) addClause(c []lit) bool {
	// Drop duplicates and false literals; a true literal satisfies it.
	out := c[:0:0]
	for _, l := range c {
		switch s.value(l) {
		case isTrue:
			return true
		case isFalse:
			continue
		}
		dup, taut := false, false
		for _, m := range out {
			dup = dup || m == l
			taut = taut || m == l.not()
		}
		if taut {
			return true
		}
		if !dup {
			out = append(out, l)
		}
	}
	switch len(out) {
	case 0:
		return false
	case 1:
		s.enqueue(out[0], -1)
		return s.propagate() < 0
	}
	s.attach(out)
	return true
}

func (s *solver) attach(c []lit) int32 {
	i := int32(len(s.clauses))
	s.clauses = append(s.clauses, c)
	s.watches[c[0].not().index()] = append(s.watches[c[0].not().index()], i)
	s.watches[c[1].not().index()] = append(s.watches[c[1].not().index()], i)
	return i
}

// propagate runs unit propagation; it returns a conflicting clause, or
// -1. It returns -2 when the budget is spent.
func (s *solver) propagate() int32 {
	for s.qhead < len(s.trail) {
		p := s.trail[s.qhead]
		s.qhead++
		ws := s.watches[p.index()]
		if !s.b.spend(1 + len(ws)) {
			return -2
		}
		keep := ws[:0]
		for wi, ci := range ws {
			c := s.clauses[ci]
			// Make c[1] the false literal.
			if c[0] == p.not() {
				c[0], c[1] = c[1], c[0]
			}
			if s.value(c[0]) == isTrue {
				keep = append(keep, ci)
				continue
			}
			moved := false
			for k := 2; k < len(c); k++ {
				if s.value(c[k]) != isFalse {
					c[1], c[k] = c[k], c[1]
					s.watches[c[1].not().index()] = append(s.watches[c[1].not().index()], ci)
					moved = true
					break
				}
			}
			if moved {
				continue
			}
			keep = append(keep, ci)
			if s.value(c[0]) == isFalse {
				keep = append(keep, ws[wi+1:]...)
				s.watches[p.index()] = keep
				s.qhead = len(s.trail)
				return ci
			}
			s.enqueue(c[0], ci)
		}
		s.watches[p.index()] = keep
	}
	return -1
}

func (s *solver) bump(v int32) {
	s.act[v] += s.inc
	if s.act[v] > 1e100 {
		for i := range s.act {
			s.act[i] *= 1e-100
		}
		s.inc *= 1e-100
	}
	s.heap.fix(v)
}

// analyze returns the first-UIP clause learned from a conflict and the
// level to return to.
func (s *solver) analyze(confl int32) ([]lit, int32) {
	learnt := []lit{0}
	counter := 0
	var p lit = -1
	idx := len(s.trail) - 1
	for {
		c := s.clauses[confl]
		for _, q := range c {
			if p >= 0 && q == p {
				continue
			}
			v := q.v()
			if !s.seen[v] && s.level[v] > 0 {
				s.seen[v] = true
				s.bump(v)
				if s.level[v] >= s.decisionLevel() {
					counter++
				} else {
					learnt = append(learnt, q)
				}
			}
		}
		for !s.seen[s.trail[idx].v()] {
			idx--
		}
		p = s.trail[idx]
		idx--
		confl = s.reason[p.v()]
		s.seen[p.v()] = false
		counter--
		if counter <= 0 {
			break
		}
	}
	learnt[0] = p.not()
	back := int32(0)
	if len(learnt) > 1 {
		hi := 1
		for i := 2; i < len(learnt); i++ {
			if s.level[learnt[i].v()] > s.level[learnt[hi].v()] {
				hi = i
			}
		}
		learnt[1], learnt[hi] = learnt[hi], learnt[1]
		back = s.level[learnt[1].v()]
	}
	for _, l := range learnt {
		s.seen[l.v()] = false
	}
	s.inc *= 1.05
	return learnt, back
}

func (s *solver) cancel(level int32) {
	if s.decisionLevel() <= level {
		return
	}
	for i := len(s.trail) - 1; i >= s.lims[level]; i-- {
		v := s.trail[i].v()
		s.phase[v] = s.assign[v] == isTrue
		s.assign[v] = unassigned
		s.reason[v] = -1
		if s.heap.pos[v] < 0 {
			s.heap.push(v)
		}
	}
	s.trail = s.trail[:s.lims[level]]
	s.lims = s.lims[:level]
	s.qhead = len(s.trail)
}

// analyzeFinal sets core to the assumptions that imply ¬p.
func (s *solver) analyzeFinal(p lit) {
	s.core = append(s.core[:0], p)
	if s.decisionLevel() == 0 {
		return
	}
	s.seen[p.v()] = true
	for i := len(s.trail) - 1; i >= s.lims[0]; i-- {
		v := s.trail[i].v()
		if !s.seen[v] {
			continue
		}
		if r := s.reason[v]; r < 0 {
			if s.level[v] > 0 {
				s.core = append(s.core, s.trail[i].not())
			}
		} else {
			for _, q := range s.clauses[r][1:] {
				if s.level[q.v()] > 0 {
					s.seen[q.v()] = true
				}
			}
		}
		s.seen[v] = false
	}
	s.seen[p.v()] = false
}

// result of a search.
type satResult uint8

const (
	resUnknown satResult = iota
	resSat
	resUnsat
)

// solve searches for an assignment satisfying every clause and every
// assumption that the theory accepts. exact is false when the returned
// model rests on a theory answer that was not proven.
func (s *solver) solve(assumptions []lit, th theoryCheck) (res satResult, exact bool) {
	for {
		confl := s.propagate()
		if confl == -2 {
			return resUnknown, false
		}
		if confl >= 0 {
			if s.decisionLevel() == 0 {
				return resUnsat, true
			}
			learnt, back := s.analyze(confl)
			s.cancel(back)
			if len(learnt) == 1 {
				s.enqueue(learnt[0], -1) // back is 0
			} else {
				ci := s.attach(learnt)
				s.enqueue(learnt[0], ci)
			}
			continue
		}
		// Assumptions first, one level each.
		if int(s.decisionLevel()) < len(assumptions) {
			a := assumptions[s.decisionLevel()]
			switch s.value(a) {
			case isTrue:
				s.lims = append(s.lims, len(s.trail))
				continue
			case isFalse:
				s.analyzeFinal(a.not())
				return resUnsat, true
			}
			s.lims = append(s.lims, len(s.trail))
			s.enqueue(a, -1)
			continue
		}
		v := s.heap.popUnassigned(s.assign)
		if v < 0 {
			// Complete: ask the theories.
			if !s.b.spend(16) {
				return resUnknown, false
			}
			conflict, inexact := th(func(v int32) bool { return s.assign[v] == isTrue })
			if s.b.left < 0 {
				return resUnknown, false
			}
			if conflict == nil {
				return resSat, !inexact
			}
			// The clause ¬conflict is false now: learn it, and go back to
			// where it stops being false.
			c := make([]lit, len(conflict))
			for i, l := range conflict {
				c[i] = l.not()
			}
			for i := 1; i < len(c); i++ {
				if s.level[c[i].v()] > s.level[c[0].v()] {
					c[0], c[i] = c[i], c[0]
				}
			}
			top := s.level[c[0].v()]
			if top == 0 {
				return resUnsat, true
			}
			if len(c) == 1 {
				s.cancel(0)
				s.enqueue(c[0], -1)
				continue
			}
			for i := 2; i < len(c); i++ {
				if s.level[c[i].v()] > s.level[c[1].v()] {
					c[1], c[i] = c[i], c[1]
				}
			}
			s.cancel(top)
			ci := s.attach(c)
			if second := s.level[c[1].v()]; second < top {
				// Asserting: c[0] alone is false at the top level.
				s.cancel(second)
				s.enqueue(c[0], ci)
				continue
			}
			learnt, back := s.analyze(ci)
			s.cancel(back)
			if len(learnt) == 1 {
				s.enqueue(learnt[0], -1)
			} else {
				s.enqueue(learnt[0], s.attach(learnt))
			}
			continue
		}
		s.lims = append(s.lims, len(s.trail))
		s.enqueue(mkLit(v, !s.phase[v]), -1)
	}
}

// varHeap orders unassigned variables by activity.
type varHeap struct {
	act  []float64
	pos  []int32
	heap []int32
}

func (h *varHeap) less(a, b int32) bool { return h.act[a] > h.act[b] || h.act[a] == h.act[b] && a < b }

func (h *varHeap) push(v int32) {
	h.pos[v] = int32(len(h.heap))
	h.heap = append(h.heap, v)
	h.up(int(h.pos[v]))
}

func (h *varHeap) up(i int) {
	v := h.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(v, h.heap[p]) {
			break
		}
		h.heap[i] = h.heap[p]
		h.pos[h.heap[i]] = int32(i)
		i = p
	}
	h.heap[i] = v
	h.pos[v] = int32(i)
}

func (h *varHeap) down(i int) {
	v := h.heap[i]
	n := len(h.heap)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(h.heap[c+1], h.heap[c]) {
			c++
		}
		if !h.less(h.heap[c], v) {
			break
		}
		h.heap[i] = h.heap[c]
		h.pos[h.heap[i]] = int32(i)
		i = c
	}
	h.heap[i] = v
	h.pos[v] = int32(i)
}

func (h *varHeap) fix(v int32) {
	if i := h.pos[v]; i >= 0 {
		h.up(int(i))
	}
}

// popUnassigned removes and returns the most active unassigned variable,
// -1 when every variable is assigned.
func (h *varHeap) popUnassigned(assign []int8) int32 {
	for len(h.heap) > 0 {
		v := h.heap[0]
		last := h.heap[len(h.heap)-1]
		h.heap = h.heap[:len(h.heap)-1]
		h.pos[v] = -1
		if len(h.heap) > 0 {
			h.heap[0] = last
			h.pos[last] = 0
			h.down(0)
		}
		if assign[v] == unassigned {
			return v
		}
	}
	return -1
}
