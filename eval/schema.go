package eval

import "github.com/wflint/wflint/schema"

// SchemaTypes adapts a schema catalog to [TypeSource].
func SchemaTypes(s *schema.Schema) TypeSource {
	return TypeFunc(func(name string) (Type, bool) {
		f, ok := s.Field(name)
		if !ok {
			return Type{}, false
		}
		t, err := ParseType(f.Type.String())
		return t, err == nil
	})
}
