package decide

import (
	"encoding/binary"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Verdict is the answer to a question: Yes, No, or Unknown when the
// procedure cannot tell (an opaque part decides it, or the budget ran out).
// Only the proving answers (Satisfiable No, Implies Yes, Valid Yes) may
// ground a finding; the others are for tests and tools.
type Verdict uint8

// Verdicts.
const (
	Unknown Verdict = iota
	Yes
	No
)

func (v Verdict) String() string {
	switch v {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// Options bound the work of a Context.
type Options struct {
	// Budget is the work one question may do, in steps of the SAT search
	// and of the theories (an automaton state, a propagation, a candidate
	// string tried); 0 means DefaultBudget. A question that exceeds it is
	// answered Unknown.
	Budget int
	// Total caps the work of all questions of the Context together (a
	// whole ruleset); 0 means no cap beyond each question's Budget.
	Total int
}

// DefaultBudget is the work of one question by default: some
// milliseconds, enough for every expression of the shared corpus.
const DefaultBudget = 200_000

// varKind is what a variable of the skeleton stands for.
type varKind uint8

const (
	vAtom    varKind = iota // a theory atom: a term lies in a set
	vPresent                // a term has a value (it is not missing)
	vNE                     // `ne` is true on a missing value (the engine's default; the product's documentation says false)
	vOpaque                 // a condition wflint does not reason about
	vBool                   // a Bool field
)

type variable struct {
	kind varKind
	atom *atom
	term *term
	key  string
	f    Formula
}

type termKind uint8

const (
	kInt termKind = iota + 1
	kIP
	kBytes
)

// term is a value a condition reads: a field (with its indexes), the
// element of an array under any(…)/all(…), or a function call wflint does
// not see through. lower(…), upper(…) and len(…) of a string are not terms
// of their own: their conditions are conditions on the string.
type term struct {
	key     string
	text    string // as first written, for messages
	kind    termKind
	present Formula // True when the value is never missing, else its presence variable
	dom     Intervals
	// field is set for a field read directly or through map keys and
	// array indexes (a value the procedure can give in a model).
	field bool
	path  []string // field name, then each index ("0", "\"key\"")
	atoms []*atom
	// base, for the length of a string kept as an integer of its own,
	// is the string's key.
	base string
	// screened holds the term's value in each of the screen's requests,
	// fixed when first asked (atoms added later must read the same value).
	screened [screens]any
}

// group names the value a term is, or is the length of.
func (t *term) group() string {
	if t.base != "" {
		return t.base
	}
	return t.key
}

// atom is one set a term may lie in.
type atom struct {
	term  *term
	v     int32
	ints  Intervals
	ips   IPSet
	bytes bytesLit
}

// Context holds the variables, terms and formulas of related questions:
// the expressions of one ruleset, or one expression and its parts. Terms
// with the same text are the same value in every expression translated
// into it. A Context is not safe for concurrent use.
type Context struct {
	opts   Options
	nodes  []node
	hashed map[nodeKey]Formula
	vars   []variable
	terms  map[string]*term
	atoms  map[atomKey]*atom
	named  map[string]int32 // opaque and Bool variables by key
	ne     int32
	scopes int
	fresh  int
	spent  int
	// cache holds theory answers by the literals asked.
	cache map[string]tverdict
	scr   screen
	// trNodes is the memory of the last Lazy translation's nodes.
	trNodes []Formula
	// markNode and markVar are varsOf's marks, of generation gen.
	markNode, markVar []uint32
	gen               uint32
}

// NewContext returns an empty Context.
func NewContext(opts Options) *Context {
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	c := &Context{opts: opts, nodes: make([]node, 2), hashed: map[nodeKey]Formula{},
		terms: map[string]*term{}, atoms: map[atomKey]*atom{}, named: map[string]int32{},
		ne: -1, cache: map[string]tverdict{}}
	c.nodes[1] = node{kind: nTrue}
	return c
}

// Reset empties c for another set of questions, keeping its memory.
func (c *Context) Reset() {
	clear(c.nodes[2:])
	c.nodes = c.nodes[:2]
	clear(c.hashed)
	clear(c.vars)
	c.vars = c.vars[:0]
	clear(c.terms)
	clear(c.atoms)
	clear(c.named)
	clear(c.cache)
	for k := range c.scr.vars {
		c.scr.vars[k] = c.scr.vars[k][:0]
		c.scr.nodes[k] = c.scr.nodes[k][:0]
	}
	c.ne, c.scopes, c.fresh, c.spent = -1, 0, 0, 0
}

func (c *Context) newVar(v variable) int32 {
	c.vars = append(c.vars, v)
	return int32(len(c.vars) - 1)
}

// namedVar returns the variable with key, making it of kind k when new.
func (c *Context) namedVar(k varKind, key string) Formula {
	v, ok := c.named[key]
	if !ok {
		v = c.newVar(variable{kind: k, key: key})
		c.named[key] = v
	}
	return c.varFormula(v)
}

// freshVar is an opaque condition that equals no other.
func (c *Context) freshVar() Formula {
	c.fresh++
	return c.namedVar(vOpaque, "fresh#"+strconv.Itoa(c.fresh))
}

// neVar is the variable for the reading of `ne` on missing values.
func (c *Context) neVar() Formula {
	if c.ne < 0 {
		c.ne = c.newVar(variable{kind: vNE, key: "ne-on-missing"})
	}
	return c.varFormula(c.ne)
}

// termOf returns the term with key, making it when new.
func (c *Context) termOf(key, text string, kind termKind, present bool, dom Intervals) *term {
	if t, ok := c.terms[key]; ok {
		return t
	}
	t := &term{key: key, text: text, kind: kind, present: True, dom: dom}
	if !present {
		v := c.newVar(variable{kind: vPresent, term: t, key: "present " + key})
		t.present = c.varFormula(v)
	}
	c.terms[key] = t
	return t
}

// atomKey identifies an atom of a term: what it tests and its literal.
type atomKey struct {
	term   *term
	kind   litKind // 0 for an integer or address set
	h      hom
	s      string // the literal, or an encoded set
	lo, hi int64  // a single integer range
	flag   bool
}

// intKey keys an integer set: a single range without a string.
func intKey(t *term, set Intervals) atomKey {
	if len(set) == 1 {
		return atomKey{term: t, lo: set[0].Lo, hi: set[0].Hi, flag: true}
	}
	b := make([]byte, 0, 16*len(set))
	for _, iv := range set {
		b = binary.LittleEndian.AppendUint64(b, uint64(iv.Lo))
		b = binary.LittleEndian.AppendUint64(b, uint64(iv.Hi))
	}
	return atomKey{term: t, s: string(b)}
}

// atomOf returns the atom with key k and its variable's formula; fresh
// is true when the atom is new, for the caller to fill in its set.
func (c *Context) atomOf(k atomKey) (f Formula, a *atom, fresh bool) {
	if a, ok := c.atoms[k]; ok {
		return c.varFormula(a.v), a, false
	}
	a = &atom{term: k.term}
	a.v = c.newVar(variable{kind: vAtom, atom: a})
	c.atoms[k] = a
	k.term.atoms = append(k.term.atoms, a)
	return c.varFormula(a.v), a, true
}

// question is one search: the formula's clauses and the variables they
// use.
type question struct {
	c     *Context
	b     *budget
	vars  []int32         // solver variable → Context variable, -1 for gates
	ofVar map[int32]int32 // Context variable → solver variable
	ofNod map[int32]int32 // node → solver variable
	cls   [][]lit
	// exact is false when the skeleton holds a variable a model cannot
	// give (an opaque condition, a term that is no field).
	exact bool
}

func (c *Context) newQuestion() *question {
	b := &budget{left: c.opts.Budget}
	if c.opts.Total > 0 {
		b.left = min(b.left, c.opts.Total-c.spent)
	}
	return &question{c: c, b: b, ofVar: map[int32]int32{}, ofNod: map[int32]int32{}, exact: true}
}

// done charges the question's work to the Context.
func (q *question) done() { q.c.spent += q.c.opts.Budget - max(q.b.left, 0) }

// lit returns the solver literal of f, adding the gates under it.
func (q *question) lit(f Formula) lit {
	id := f.id()
	if sv, ok := q.ofNod[id]; ok {
		return mkLit(sv, f.neg())
	}
	n := &q.c.nodes[id]
	var sv int32
	switch n.kind {
	case nTrue:
		sv = q.gate()
		q.cls = append(q.cls, []lit{mkLit(sv, false)})
	case nVar:
		sv = q.variable(n.v)
	case nAnd:
		kids := make([]lit, len(n.kids))
		for i, k := range n.kids {
			kids[i] = q.lit(k)
		}
		sv = q.gate()
		g := mkLit(sv, false)
		long := []lit{g}
		for _, k := range kids {
			q.cls = append(q.cls, []lit{g.not(), k})
			long = append(long, k.not())
		}
		q.cls = append(q.cls, long)
	case nXor:
		acc := q.lit(n.kids[0])
		for _, k := range n.kids[1:] {
			b := q.lit(k)
			x := mkLit(q.gate(), false)
			// x ↔ acc ⊕ b
			q.cls = append(q.cls,
				[]lit{x.not(), acc, b}, []lit{x.not(), acc.not(), b.not()},
				[]lit{x, acc.not(), b}, []lit{x, acc, b.not()})
			acc = x
		}
		q.ofNod[id] = acc.v()
		return mkLit(acc.v(), f.neg() != acc.neg())
	}
	q.ofNod[id] = sv
	return mkLit(sv, f.neg())
}

func (q *question) gate() int32 {
	q.vars = append(q.vars, -1)
	return int32(len(q.vars) - 1)
}

func (q *question) variable(v int32) int32 {
	if sv, ok := q.ofVar[v]; ok {
		return sv
	}
	q.vars = append(q.vars, v)
	sv := int32(len(q.vars) - 1)
	q.ofVar[v] = sv
	cv := &q.c.vars[v]
	switch cv.kind {
	case vOpaque:
		q.exact = false
	case vAtom:
		if !cv.atom.term.field {
			q.exact = false
		}
	case vPresent:
		if !cv.term.field {
			q.exact = false
		}
	}
	return sv
}

// run asserts the roots and searches, with assumptions (solver literals).
func (q *question) run(roots []Formula, assume []Formula) (res satResult, exact bool, s *solver, alits []lit) {
	if q.b.left <= 0 {
		return resUnknown, false, newSolver(0, q.b), nil
	}
	for _, r := range roots {
		q.cls = append(q.cls, []lit{q.lit(r)})
	}
	for _, a := range assume {
		alits = append(alits, q.lit(a))
	}
	s = newSolver(len(q.vars), q.b)
	for _, c := range q.cls {
		if !s.addClause(c) {
			return resUnsat, true, s, alits
		}
	}
	if q.b.left < 0 {
		return resUnknown, false, s, alits
	}
	res, exact = s.solve(alits, q.theory)
	return res, exact && q.exact, s, alits
}

// theory checks each term's atoms under a complete assignment.
func (q *question) theory(value func(v int32) bool) (conflict []lit, inexact bool) {
	byTerm := map[*term][]tlit{}
	var order []*term
	for sv, v := range q.vars {
		if v < 0 || q.c.vars[v].kind != vAtom {
			continue
		}
		a := q.c.vars[v].atom
		if _, ok := byTerm[a.term]; !ok {
			order = append(order, a.term)
		}
		byTerm[a.term] = append(byTerm[a.term], tlit{a, value(int32(sv))})
	}
	for _, t := range order {
		lits := byTerm[t]
		r := q.c.consistent(t, lits, q.b)
		if q.b.left < 0 {
			return nil, true
		}
		if r.sat {
			inexact = inexact || !r.exact
			continue
		}
		core := lits
		if r.core != nil {
			core = make([]tlit, len(r.core))
			for i, k := range r.core {
				core[i] = lits[k]
			}
		}
		return q.conflictOf(q.c.shrink(t, core, q.b)), false
	}
	return nil, inexact
}

func (q *question) conflictOf(lits []tlit) []lit {
	out := make([]lit, len(lits))
	for i, l := range lits {
		out[i] = mkLit(q.ofVar[l.atom.v], !l.pos)
	}
	return out
}

// consistent decides a conjunction of a term's atoms, remembering the
// answer.
func (c *Context) consistent(t *term, lits []tlit, b *budget) tverdict {
	if !b.spend(len(lits)) {
		return satUnknown
	}
	sort.Slice(lits, func(i, j int) bool { return lits[i].atom.v < lits[j].atom.v })
	var kb strings.Builder
	for _, l := range lits {
		if l.pos {
			kb.WriteByte('+')
		} else {
			kb.WriteByte('-')
		}
		kb.WriteString(strconv.Itoa(int(l.atom.v)))
	}
	key := kb.String()
	if r, ok := c.cache[key]; ok {
		return r
	}
	var r tverdict
	switch t.kind {
	case kInt:
		r = intConsistent(t.dom, lits)
	case kIP:
		r = ipConsistent(lits)
	case kBytes:
		r = bytesConsistent(lits, b)
	}
	if b.left >= 0 && (!r.sat || r.exact) {
		c.cache[key] = r
	}
	return r
}

// shrink removes literals from an inconsistent conjunction while it stays
// inconsistent, for a shorter learned clause.
func (c *Context) shrink(t *term, lits []tlit, b *budget) []tlit {
	core := slices.Clone(lits)
	for i := 0; i < len(core) && len(core) > 1; {
		try := slices.Delete(slices.Clone(core), i, i+1)
		if r := c.consistent(t, try, b); !r.sat && b.left >= 0 {
			core = try
			continue
		}
		i++
	}
	return core
}

// Satisfiable answers whether some request makes f true: No is a proof
// that none does; Yes means the procedure found values for every term it
// reads that make f true (and every part of f was understood); Unknown
// otherwise.
func (c *Context) Satisfiable(f Formula) Verdict {
	switch f {
	case True:
		return Yes
	case False:
		return No
	}
	if canTrue, _ := c.possible(f); canTrue || c.possibleFor(f) {
		return c.exactly(f)
	}
	q := c.newQuestion()
	defer q.done()
	res, exact, _, _ := q.run([]Formula{f}, nil)
	switch {
	case res == resUnsat:
		return No
	case res == resSat && exact:
		return Yes
	}
	return Unknown
}

// exactly is Yes when a model of f's skeleton is a request: every
// variable of f is a field's.
func (c *Context) exactly(f Formula) Verdict {
	exact := true
	c.varsOf(f, func(v int32) {
		switch cv := &c.vars[v]; cv.kind {
		case vOpaque:
			exact = false
		case vAtom:
			exact = exact && cv.atom.term.field
		case vPresent:
			exact = exact && cv.term.field
		}
	})
	if exact {
		return Yes
	}
	return Unknown
}

// Valid answers whether every request makes f true: Yes is a proof.
func (c *Context) Valid(f Formula) Verdict {
	switch c.Satisfiable(f.not()) {
	case No:
		return Yes
	case Yes:
		return No
	}
	return Unknown
}

// Covers answers whether every request a matches is matched by one of
// bs; with Yes, it also returns the indexes of the bs the proof used.
func (c *Context) Covers(a Formula, bs []Formula) (Verdict, []int) {
	neg := make([]Formula, len(bs)+1)
	for i, b := range bs {
		neg[i] = b.not()
	}
	neg[len(bs)] = a
	if f := c.And(neg...); c.possibleFor(f) {
		return Unknown, nil // a request a matches and no b does, unless opaque
	} else if canTrue, _ := c.possible(f); canTrue {
		return Unknown, nil
	}
	v, used := c.assume([]Formula{a}, neg[:len(bs)])
	switch v {
	case Yes:
		return No, nil // a request a matches and no b does
	case No:
		return Yes, used
	}
	return Unknown, nil
}

// assume searches for a model of the roots in which every assumption
// holds: No with the indexes of the assumptions the proof used (none when
// the roots alone cannot hold), Yes when a model was found and every part
// of it understood.
func (c *Context) assume(roots, assumptions []Formula) (Verdict, []int) {
	q := c.newQuestion()
	defer q.done()
	res, exact, s, alits := q.run(roots, assumptions)
	switch {
	case res == resSat && exact:
		return Yes, nil
	case res != resUnsat:
		return Unknown, nil
	}
	var used []int
	for i, l := range alits {
		if slices.Contains(s.core, l.not()) {
			used = append(used, i)
		}
	}
	return No, used
}

// Exhausted reports whether the Context's total budget is spent: every
// further search answers Unknown.
func (c *Context) Exhausted() bool { return c.opts.Total > 0 && c.spent >= c.opts.Total }
