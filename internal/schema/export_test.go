package schema

import (
	"fmt"
	"strconv"
	"strings"
)

// Questions only the tests ask of the catalog: they check its data (a
// domain's values, the phase table, type matching) through these.

// CheckInt reports whether an Int value can occur in the field. When ok is
// false msg explains why; when ok is true and v is a documented special
// value, msg carries its meaning (e.g. "not scored"). A nil Domain accepts
// everything.
func (d *Domain) CheckInt(v int64) (ok bool, msg string) {
	if d == nil {
		return true, ""
	}
	if m, special := d.Special[v]; special {
		return true, m
	}
	if len(d.IntValues) > 0 {
		for _, x := range d.IntValues {
			if x == v {
				return true, ""
			}
		}
		parts := make([]string, len(d.IntValues))
		for i, x := range d.IntValues {
			parts[i] = strconv.FormatInt(x, 10)
		}
		return false, fmt.Sprintf("%d is not a possible value (always %s)", v, strings.Join(parts, " or "))
	}
	if (d.Min != nil && v < *d.Min) || (d.Max != nil && v > *d.Max) {
		return false, fmt.Sprintf("%d is outside the range %s", v, d.RangeString())
	}
	if d.Digits > 0 {
		n := len(strconv.FormatUint(absInt(v), 10))
		if n != d.Digits {
			return false, fmt.Sprintf("%d has %d digits; values have %d", v, n, d.Digits)
		}
	}
	return true, ""
}

// IsCommon reports whether s is one of the well-known values, or true when
// the domain lists none (the list is not closed).
func (d *Domain) IsCommon(s string) bool {
	if d == nil || len(d.Common) == 0 {
		return true
	}
	for _, c := range d.Common {
		if c == s {
			return true
		}
	}
	return false
}

func absInt(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// IsScalar reports whether t is Bytes, Int, Bool or Ip: the types a
// comparison operator can be applied to directly.
func (t Type) IsScalar() bool {
	switch t.Kind() {
	case KindBytes, KindInt, KindBool, KindIP:
		return true
	}
	return false
}

// Accepts reports whether a value of type actual fits t, treating the type
// variable T as a wildcard. Use [Function.CheckArgs] when T must be bound
// consistently across several arguments.
func (t Type) Accepts(actual Type) bool {
	var bind Type
	return t.match(actual, &bind)
}

// Allows reports whether an expression of role r belongs in a rule of
// this phase: every phase has filters; only some have values or counting
// expressions.
func (p *Phase) Allows(r Role) bool {
	switch r {
	case RoleValue:
		return p.Values
	case RoleCounting:
		return p.Counting
	}
	return true
}
