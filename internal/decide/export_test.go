package decide

import "strings"

// What only the tests ask of a Context: implication between two
// formulas, and a model of a satisfiable formula, which the property test
// runs through the evaluator.

// Implies answers whether every request a matches, b matches too: Yes is
// a proof; No means a request was found that a matches and b does not.
func (c *Context) Implies(a, b Formula) Verdict {
	return c.Valid(c.Or(a.not(), b))
}

// model is a satisfying assignment in terms of fields: a value for each
// field term the formula reads (nil when it is missing), each Bool field,
// and the reading of `ne` on missing values.
type model struct {
	values map[string]any // by term path joined with "/"
	bools  map[string]bool
	ne     bool
}

// set records what variable cv's value val says of the request, but for
// atoms, whose term values the theories give.
func (m *model) set(cv *variable, val bool) {
	switch cv.kind {
	case vBool:
		m.bools[strings.TrimPrefix(cv.key, "bool:")] = val
	case vNE:
		m.ne = val
	case vPresent:
		if !val {
			m.values[strings.Join(cv.term.path, "/")] = nil
		}
	}
}

// witness returns a model of f when Satisfiable(f) is Yes.
func (c *Context) witness(f Formula) (*model, Verdict) {
	if f == False {
		return nil, No
	}
	if c.exactly(f) == Yes {
		// The screen's requests first: their models are tested too.
		for k := 0; k < screens; k++ {
			if c.screenNode(k, f) == sTrue {
				return c.screenModel(k, f), Yes
			}
		}
	}
	q := c.newQuestion()
	defer q.done()
	res, exact, s, _ := q.run([]Formula{f}, nil)
	switch {
	case res == resUnsat:
		return nil, No
	case res != resSat || !exact:
		return nil, Unknown
	}
	m := &model{values: map[string]any{}, bools: map[string]bool{}}
	byTerm := map[*term][]tlit{}
	for sv, v := range q.vars {
		if v < 0 {
			continue
		}
		val := s.assign[sv] == isTrue
		cv := &c.vars[v]
		if cv.kind == vAtom {
			byTerm[cv.atom.term] = append(byTerm[cv.atom.term], tlit{cv.atom, val})
		}
		m.set(cv, val)
	}
	for t, lits := range byTerm {
		key := strings.Join(t.path, "/")
		if v, missing := m.values[key]; missing && v == nil {
			continue
		}
		r := c.consistent(t, lits, &budget{left: c.opts.Budget})
		if !r.sat || !r.exact {
			return nil, Unknown
		}
		m.values[key] = r.value
	}
	return m, Yes
}

// screenModel is the model of the screen's request k, for f's variables.
func (c *Context) screenModel(k int, f Formula) *model {
	m := &model{values: map[string]any{}, bools: map[string]bool{}}
	c.varsOf(f, func(v int32) {
		cv := &c.vars[v]
		val := c.screenVar(k, v) == sTrue
		if cv.kind == vAtom {
			key := strings.Join(cv.atom.term.path, "/")
			if x, set := m.values[key]; !set || x != nil {
				m.values[key] = cv.atom.term.screened[k]
			}
		}
		m.set(cv, val)
	})
	return m
}

// Model is a satisfying assignment, for the property test.
type Model = model

// Witness returns a model of f when Satisfiable(f) is Yes.
func (c *Context) Witness(f Formula) (*Model, Verdict) { return c.witness(f) }

// Values, Bools and NE read a Model.
func (m *Model) Values() map[string]any { return m.values }
func (m *Model) Bools() map[string]bool { return m.bools }
func (m *Model) NE() bool               { return m.ne }
