package eval

import (
	"fmt"
	"net/netip"
	"strings"
)

// Kind classifies a [Type].
type Kind uint8

// The kinds of engine types.
const (
	KindInvalid Kind = iota
	KindBytes
	KindInt
	KindBool
	KindIP
	KindArray
	KindMap
)

// Type is an engine type (LANGUAGE.md §4.1): Bytes, Int, Bool, Ip, Array<T>
// or Map<T>. It is comparable with ==. The zero Type is invalid.
//
// eval keeps its own small type rather than importing the schema package so
// that it can be driven by any catalog; [ParseType] reads the engine's display
// form ("Map<Array<Bytes>>"), which every catalog can print.
type Type struct {
	kind Kind
	elem *Type
}

// Scalar types.
var (
	Bytes = Type{kind: KindBytes}
	Int   = Type{kind: KindInt}
	Bool  = Type{kind: KindBool}
	IP    = Type{kind: KindIP}
)

// ArrayOf returns Array<t>.
func ArrayOf(t Type) Type { return Type{kind: KindArray, elem: &t} }

// MapOf returns Map<t>.
func MapOf(t Type) Type { return Type{kind: KindMap, elem: &t} }

// Kind returns the shape of t.
func (t Type) Kind() Kind { return t.kind }

// Elem returns the element type of an Array or Map and the zero Type
// otherwise.
func (t Type) Elem() Type {
	if t.elem == nil {
		return Type{}
	}
	return *t.elem
}

// Equal reports whether t and u denote the same type.
func (t Type) Equal(u Type) bool {
	if t.kind != u.kind {
		return false
	}
	if t.elem == nil || u.elem == nil {
		return t.elem == u.elem
	}
	return t.elem.Equal(*u.elem)
}

// IsValid reports whether t is a real type.
func (t Type) IsValid() bool { return t.kind != KindInvalid }

// String returns the engine's display form, e.g. "Array<Bytes>".
func (t Type) String() string {
	switch t.kind {
	case KindBytes:
		return "Bytes"
	case KindInt:
		return "Int"
	case KindBool:
		return "Bool"
	case KindIP:
		return "Ip"
	case KindArray:
		return "Array<" + t.Elem().String() + ">"
	case KindMap:
		return "Map<" + t.Elem().String() + ">"
	}
	return "<invalid>"
}

// ParseType parses the engine display form of a type ("Bytes", "Int",
// "Bool", "Ip", "Array<T>", "Map<T>"); documentation spellings (String,
// Integer, Number, Boolean, IP address) are accepted too.
func ParseType(s string) (Type, error) {
	t, rest, err := parseType(strings.TrimSpace(s), 0)
	if err == nil && strings.TrimSpace(rest) != "" {
		err = fmt.Errorf("invalid type %q: unexpected %q", s, rest)
	}
	if err != nil {
		return Type{}, err
	}
	return t, nil
}

func parseType(s string, depth int) (Type, string, error) {
	if depth > 16 {
		return Type{}, "", fmt.Errorf("invalid type: nested too deeply")
	}
	s = strings.TrimLeft(s, " ")
	i := strings.IndexAny(s, "<>")
	word, rest := s, ""
	if i >= 0 {
		word, rest = s[:i], s[i:]
	}
	switch strings.ToLower(strings.TrimSpace(word)) {
	case "bytes", "string":
		return Bytes, rest, nil
	case "int", "integer", "number":
		return Int, rest, nil
	case "bool", "boolean":
		return Bool, rest, nil
	case "ip", "ip address":
		return IP, rest, nil
	case "array", "map":
		if !strings.HasPrefix(rest, "<") {
			return Type{}, "", fmt.Errorf("invalid type %q: missing element type", s)
		}
		el, r, err := parseType(rest[1:], depth+1)
		if err != nil {
			return Type{}, "", err
		}
		r = strings.TrimLeft(r, " ")
		if !strings.HasPrefix(r, ">") {
			return Type{}, "", fmt.Errorf("invalid type %q: missing '>'", s)
		}
		if strings.EqualFold(strings.TrimSpace(word), "array") {
			return ArrayOf(el), r[1:], nil
		}
		return MapOf(el), r[1:], nil
	}
	return Type{}, "", fmt.Errorf("invalid type %q", s)
}

// TypeSource tells the compiler the type of a field. It is the catalog the
// expression was checked against (for example the schema package, through a
// small adapter such as [TypeFunc]).
type TypeSource interface {
	FieldType(name string) (Type, bool)
}

// TypeFunc adapts a function to [TypeSource].
type TypeFunc func(name string) (Type, bool)

// FieldType implements [TypeSource].
func (f TypeFunc) FieldType(name string) (Type, bool) { return f(name) }

// TypeMap is a [TypeSource] from field names to display-form types such as
// "Map<Array<Bytes>>". A malformed type string counts as an unknown field.
type TypeMap map[string]string

// FieldType implements [TypeSource].
func (m TypeMap) FieldType(name string) (Type, bool) {
	s, ok := m[name]
	if !ok {
		return Type{}, false
	}
	t, err := ParseType(s)
	return t, err == nil
}

// GoType describes the Go type that represents values of t at match time:
// Bytes is string (any byte sequence; Go strings need not be UTF-8), Int is
// int64, Bool is bool, Ip is netip.Addr, Array<T> is []GoType(T) and Map<T> is
// map[string]GoType(T). Only two levels of containers are supported
// (Array<Array<Bytes>>, Map<Array<Int>> …), which covers every documented
// field; ok is false for deeper types.
func GoType(t Type) (desc string, ok bool) {
	switch t.kind {
	case KindBytes:
		return "string", true
	case KindInt:
		return "int64", true
	case KindBool:
		return "bool", true
	case KindIP:
		return "netip.Addr", true
	case KindArray, KindMap:
		e := t.Elem()
		if (e.kind == KindArray || e.kind == KindMap) && (e.Elem().kind == KindArray || e.Elem().kind == KindMap) {
			return "", false
		}
		if e.kind == KindMap {
			// map[string]map[string]T is not supported: no documented field has it.
			return "", false
		}
		d, ok := GoType(e)
		if !ok {
			return "", false
		}
		if t.kind == KindArray {
			return "[]" + d, true
		}
		return "map[string]" + d, true
	}
	return "", false
}

var _ = netip.Addr{}
