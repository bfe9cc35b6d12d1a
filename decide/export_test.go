package decide

// Model is a satisfying assignment, for the property test.
type Model = model

// Witness returns a model of f when Satisfiable(f) is Yes.
func (c *Context) Witness(f Formula) (*Model, Verdict) { return c.witness(f) }

// Values, Bools and NE read a Model.
func (m *Model) Values() map[string]any { return m.values }
func (m *Model) Bools() map[string]bool { return m.bools }
func (m *Model) NE() bool               { return m.ne }
