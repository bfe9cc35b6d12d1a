package eval

import (
	"net/netip"

	"github.com/wflint/wflint/internal/schema"
)

// Binding maps field names to accessor functions over a record type R. It is
// consulted once per field at compile time; the accessors it returns are
// what Match calls.
//
// Accessor must return a value of type func(R) (V, bool), where V is the Go
// type that represents t (see [GoType]): string for Bytes, int64 for Int,
// bool for Bool, netip.Addr for Ip, []V for Array and map[string]V for Map.
// The second result of the accessor reports whether the field is present in
// the record; false makes the value missing (LANGUAGE.md §6.4). ok is false
// when the binding cannot provide the field as type t; Compile then refuses
// the expression.
//
// For allocation-free matching, accessors should return values that already
// exist in the record (a string field, a slice) rather than build them.
type Binding[R any] interface {
	Accessor(field string, t schema.Type) (accessor any, ok bool)
}

// Fields is a [Binding] backed by a map from field name to accessor
// function. Compile checks each accessor's Go type against the field type,
// so a mismatch is a compile-time error, never a run-time panic:
//
//	b := eval.Fields[*logpush.Record]{
//		"http.host": func(r *logpush.Record) (string, bool) {
//			return r.Host, r.Has(logpush.FieldClientRequestHost)
//		},
//		"ip.src": func(r *logpush.Record) (netip.Addr, bool) {
//			return r.ClientIP, r.Has(logpush.FieldClientIP)
//		},
//	}
type Fields[R any] map[string]any

// Accessor implements [Binding].
func (f Fields[R]) Accessor(field string, _ schema.Type) (any, bool) {
	a, ok := f[field]
	return a, ok
}

// GoType describes the Go type that represents values of t at match time:
// Bytes is string (any byte sequence; Go strings need not be UTF-8), Int is
// int64, Bool is bool, Ip is netip.Addr, Array<T> is []GoType(T) and Map<T> is
// map[string]GoType(T). Only two levels of containers are supported
// (Array<Array<Bytes>>, Map<Array<Int>> …), which covers every documented
// field; ok is false for deeper types.
func GoType(t schema.Type) (desc string, ok bool) {
	switch t.Kind() {
	case schema.KindBytes:
		return "string", true
	case schema.KindInt:
		return "int64", true
	case schema.KindBool:
		return "bool", true
	case schema.KindIP:
		return "netip.Addr", true
	case schema.KindArray, schema.KindMap:
		e := t.Elem()
		if e.IsMap() || e.IsArray() && e.Elem().IsContainer() {
			// Three levels, and map[string]map[string]T: no documented
			// field has them.
			return "", false
		}
		d, ok := GoType(e)
		if !ok {
			return "", false
		}
		if t.IsArray() {
			return "[]" + d, true
		}
		return "map[string]" + d, true
	}
	return "", false
}

// Accessor types for the scalar types, for readability when building a
// [Fields] binding.
type (
	// BytesAccessor reads a Bytes field.
	BytesAccessor[R any] = func(R) (string, bool)
	// IntAccessor reads an Int field.
	IntAccessor[R any] = func(R) (int64, bool)
	// BoolAccessor reads a Bool field.
	BoolAccessor[R any] = func(R) (bool, bool)
	// IPAccessor reads an Ip field.
	IPAccessor[R any] = func(R) (netip.Addr, bool)
)

// ListProvider supplies the contents of named lists (`in $name`). Items are
// written as in the Rules language without quotes: IP addresses, CIDRs and
// ranges (`10.0.0.0/8`, `1.2.3.4..1.2.3.9`) for Ip fields; integers and
// ranges (`13335`, `1..9`) for Int fields; the exact bytes for Bytes fields.
// Items are parsed once, at compile time, according to the type of the
// field they are compared with; a malformed item is a compile error.
type ListProvider interface {
	ListItems(name string) (items []string, ok bool)
}

// Lists is a [ListProvider] backed by a map from list name (without the
// '$') to items.
type Lists map[string][]string

// ListItems implements [ListProvider].
func (l Lists) ListItems(name string) ([]string, bool) {
	items, ok := l[name]
	return items, ok
}
