package host

import "github.com/wflint/wflint/internal/schema"

// What the tests ask of a snippet's Use, nil meaning a filter anywhere.

// Role returns the snippet's role: a filter unless its host says
// otherwise.
func (s *Snippet) Role() schema.Role {
	if s.Use == nil {
		return schema.RoleFilter
	}
	return s.Use.Role
}

// ValueType returns the type a value expression must have; the zero Type
// means any (and filters have none).
func (s *Snippet) ValueType() schema.Type {
	if s.Use == nil {
		return schema.Type{}
	}
	return s.Use.Type
}

// Phase returns the phase the expression runs in, "" when unknown.
func (s *Snippet) Phase() string {
	if s.Use == nil {
		return ""
	}
	return s.Use.Phase
}
