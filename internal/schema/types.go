package schema

import (
	"fmt"
	"strings"
)

// Kind classifies a [Type]. It lets callers switch on the shape of a type
// without parsing its display string.
type Kind uint8

// The kinds of engine types. KindVar is the type variable "T" used only in
// function signatures (for example has_value(Map<T>, T)); fields never have it.
const (
	KindInvalid Kind = iota
	KindBytes
	KindInt
	KindBool
	KindIP
	KindArray
	KindMap
	KindVar
)

// Type is an engine type: Bytes, Int, Bool, Ip, Array<T> or Map<T>.
//
// It is stored as its canonical display string so that Type values are
// comparable with == and usable as map keys, which the type checker relies on
// when comparing operand types. The zero Type is invalid and also serves as
// "type not known" in [Function.CheckArgs].
type Type struct{ s string }

// Predeclared scalar types and the signature type variable.
var (
	TypeBytes = Type{"Bytes"}
	TypeInt   = Type{"Int"}
	TypeBool  = Type{"Bool"}
	TypeIP    = Type{"Ip"}
	TypeVar   = Type{"T"}
)

// ArrayOf returns Array<elem>. An invalid elem gives an invalid Type so that
// errors propagate instead of producing "Array<>".
func ArrayOf(elem Type) Type { return containerOf(array, elem) }

// MapOf returns Map<elem> (map keys are always strings in the engine).
func MapOf(elem Type) Type { return containerOf(mapOf, elem) }

// The two containers, as indexes of containerPrefix and scalarContainers.
const (
	array = iota
	mapOf
)

var containerPrefix = [...]string{array: "Array<", mapOf: "Map<"}

// scalarContainers are the arrays and maps of each scalar kind, built once
// so that ArrayOf and MapOf of a scalar (what the checker asks for on
// every mapped call) do not allocate.
var scalarContainers = func() (out [2][KindIP + 1]Type) {
	for c, prefix := range containerPrefix {
		for _, t := range []Type{TypeBytes, TypeInt, TypeBool, TypeIP} {
			out[c][t.Kind()] = Type{prefix + t.s + ">"}
		}
	}
	return out
}()

// containerOf returns the container c of elem.
func containerOf(c int, elem Type) Type {
	switch k := elem.Kind(); {
	case k == KindInvalid:
		return Type{}
	case k <= KindIP:
		return scalarContainers[c][k]
	}
	return Type{containerPrefix[c] + elem.s + ">"}
}

// maxTypeDepth bounds nesting so hostile schema files cannot make parsing
// recurse without limit; real types nest at most three deep.
const maxTypeDepth = 16

// ParseType parses an engine type name such as "Bytes" or
// "Map<Array<Bytes>>". Documentation spellings are accepted too (String,
// Integer, Number, Boolean, IP address), case-insensitively, because user
// schemas are often copied from the Cloudflare docs. The type variable "T" is
// rejected: it only appears in function signatures.
func ParseType(s string) (Type, error) {
	t, err := parseType(s, false)
	if err != nil {
		return Type{}, err
	}
	return t, nil
}

// parseSigType is ParseType for function signatures, where "T" is allowed.
func parseSigType(s string) (Type, error) { return parseType(s, true) }

func parseType(s string, allowVar bool) (Type, error) {
	p := typeParser{src: s, allowVar: allowVar}
	t, err := p.parse(0)
	if err != nil {
		return Type{}, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return Type{}, fmt.Errorf("invalid type %q: unexpected %q", s, p.src[p.pos:])
	}
	return t, nil
}

type typeParser struct {
	src      string
	pos      int
	allowVar bool
}

func (p *typeParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *typeParser) parse(depth int) (Type, error) {
	if depth > maxTypeDepth {
		return Type{}, fmt.Errorf("invalid type %q: nested too deeply", p.src)
	}
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '<' || c == '>' || c == '|' {
			break
		}
		p.pos++
	}
	word := strings.TrimSpace(p.src[start:p.pos])
	switch strings.ToLower(word) {
	case "bytes", "string":
		return TypeBytes, nil
	case "int", "integer", "number":
		return TypeInt, nil
	case "bool", "boolean":
		return TypeBool, nil
	case "ip", "ip address":
		return TypeIP, nil
	case "t":
		if word == "T" && p.allowVar {
			return TypeVar, nil
		}
	case "array", "map":
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '<' {
			return Type{}, fmt.Errorf("invalid type %q: %s needs an element type, as in %s<Bytes>", p.src, word, canonicalContainer(word))
		}
		p.pos++
		elem, err := p.parse(depth + 1)
		if err != nil {
			return Type{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '>' {
			return Type{}, fmt.Errorf("invalid type %q: missing '>'", p.src)
		}
		p.pos++
		if strings.EqualFold(word, "array") {
			return ArrayOf(elem), nil
		}
		return MapOf(elem), nil
	}
	if word == "" {
		return Type{}, fmt.Errorf("invalid type %q: missing type name", p.src)
	}
	return Type{}, fmt.Errorf("invalid type %q: unknown type name %q (want Bytes, Int, Bool, Ip, Array<T> or Map<T>)", p.src, word)
}

func canonicalContainer(w string) string {
	if strings.EqualFold(w, "array") {
		return "Array"
	}
	return "Map"
}

// parseTypeUnion parses "A | B | C" as used by function parameters that
// accept several types (concat, len, to_string).
func parseTypeUnion(s string) ([]Type, error) {
	parts := strings.Split(s, "|")
	out := make([]Type, 0, len(parts))
	for _, part := range parts {
		t, err := parseSigType(part)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// String returns the engine's display form, e.g. "Array<Bytes>", which is
// what engine error messages and hover text show. The zero Type prints as
// "<invalid>".
func (t Type) String() string {
	if t.s == "" {
		return "<invalid>"
	}
	return t.s
}

// Kind reports the shape of t.
func (t Type) Kind() Kind {
	switch t.s {
	case "Bytes":
		return KindBytes
	case "Int":
		return KindInt
	case "Bool":
		return KindBool
	case "Ip":
		return KindIP
	case "T":
		return KindVar
	}
	switch {
	case strings.HasPrefix(t.s, "Array<"):
		return KindArray
	case strings.HasPrefix(t.s, "Map<"):
		return KindMap
	}
	return KindInvalid
}

// Elem returns the element type of an Array or Map, and the zero Type for
// anything else, so indexing a scalar can be detected by !Elem().IsValid().
func (t Type) Elem() Type {
	switch t.Kind() {
	case KindArray:
		return Type{t.s[len("Array<") : len(t.s)-1]}
	case KindMap:
		return Type{t.s[len("Map<") : len(t.s)-1]}
	}
	return Type{}
}

// IsValid reports whether t is a real type (not the zero Type).
func (t Type) IsValid() bool { return t.Kind() != KindInvalid }

// IsArray reports whether t is Array<…>.
func (t Type) IsArray() bool { return t.Kind() == KindArray }

// IsMap reports whether t is Map<…>.
func (t Type) IsMap() bool { return t.Kind() == KindMap }

// IsContainer reports whether t can be indexed or iterated with [*].
func (t Type) IsContainer() bool { return t.IsArray() || t.IsMap() }

// IsGeneric reports whether t mentions the type variable T, i.e. it comes
// from a function signature and must be matched, not compared.
func (t Type) IsGeneric() bool { return t.s == "T" || strings.Contains(t.s, "<T>") }

// Equal reports whether t and u are the same type; it is the same as t == u
// and exists for readability at call sites.
func (t Type) Equal(u Type) bool { return t == u }

// match unifies t (possibly generic) with actual, binding T in *bind.
func (t Type) match(actual Type, bind *Type) bool {
	if t.Kind() == KindVar {
		if !actual.IsValid() {
			return false
		}
		if bind.IsValid() {
			return *bind == actual
		}
		*bind = actual
		return true
	}
	if t.Kind() != actual.Kind() {
		return false
	}
	if t.IsContainer() {
		return t.Elem().match(actual.Elem(), bind)
	}
	return t == actual
}

// substitute replaces T in t with bind (when bind is valid).
func (t Type) substitute(bind Type) Type {
	if !bind.IsValid() || !t.IsGeneric() {
		return t
	}
	switch t.Kind() {
	case KindVar:
		return bind
	case KindArray:
		return ArrayOf(t.Elem().substitute(bind))
	case KindMap:
		return MapOf(t.Elem().substitute(bind))
	}
	return t
}

// MarshalText renders t in display form so Types serialize naturally.
func (t Type) MarshalText() ([]byte, error) {
	if !t.IsValid() {
		return nil, fmt.Errorf("schema: cannot marshal invalid type")
	}
	return []byte(t.s), nil
}

// UnmarshalText parses with [ParseType].
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
