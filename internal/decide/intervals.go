package decide

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/schema"
)

// Interval is the inclusive integer range Lo..Hi.
type Interval struct{ Lo, Hi int64 }

// Intervals is a set of integers kept as sorted, disjoint, non-adjacent
// inclusive intervals. The nil value is the empty set. Values are never
// modified in place, so they can be shared.
type Intervals []Interval

// AllInts is the set of every int64.
func AllInts() Intervals { return Intervals{{math.MinInt64, math.MaxInt64}} }

// IntRange returns the set lo..hi, empty when hi < lo.
func IntRange(lo, hi int64) Intervals {
	if hi < lo {
		return nil
	}
	return Intervals{{lo, hi}}
}

// IntervalsOf returns the union of the ranges given, sorting once: a set
// of thousands of items stays linear-logarithmic.
func IntervalsOf(ivs []Interval) Intervals {
	out := make(Intervals, 0, len(ivs))
	for _, iv := range ivs {
		if iv.Lo <= iv.Hi {
			out = append(out, iv)
		}
	}
	if len(out) == 0 {
		return nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lo < out[j].Lo })
	merged := out[:1]
	for _, iv := range out[1:] {
		last := &merged[len(merged)-1]
		if last.Hi == math.MaxInt64 || iv.Lo <= last.Hi+1 {
			last.Hi = max(last.Hi, iv.Hi)
			continue
		}
		merged = append(merged, iv)
	}
	return merged
}

// IsEmpty reports whether the set has no values.
func (s Intervals) IsEmpty() bool { return len(s) == 0 }

// IsFull reports whether the set holds every int64.
func (s Intervals) IsFull() bool {
	return len(s) == 1 && s[0].Lo == math.MinInt64 && s[0].Hi == math.MaxInt64
}

// Contains reports whether v is in the set.
func (s Intervals) Contains(v int64) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].Hi >= v })
	return i < len(s) && s[i].Lo <= v
}

// Bounds returns the smallest and largest values; ok is false for the
// empty set.
func (s Intervals) Bounds() (lo, hi int64, ok bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	return s[0].Lo, s[len(s)-1].Hi, true
}

// Union returns s ∪ o.
func (s Intervals) Union(o Intervals) Intervals {
	if len(s) == 0 || o.IsFull() {
		return o
	}
	if len(o) == 0 || s.IsFull() {
		return s
	}
	out := make(Intervals, 0, len(s)+len(o))
	i, j := 0, 0
	for i < len(s) || j < len(o) {
		var next Interval
		if j >= len(o) || i < len(s) && s[i].Lo <= o[j].Lo {
			next = s[i]
			i++
		} else {
			next = o[j]
			j++
		}
		if n := len(out); n > 0 && (out[n-1].Hi == math.MaxInt64 || next.Lo <= out[n-1].Hi+1) {
			if next.Hi > out[n-1].Hi {
				out[n-1].Hi = next.Hi
			}
			continue
		}
		out = append(out, next)
	}
	return out
}

// Intersect returns s ∩ o.
func (s Intervals) Intersect(o Intervals) Intervals {
	if s.IsFull() {
		return o
	}
	if o.IsFull() {
		return s
	}
	var out Intervals
	i, j := 0, 0
	for i < len(s) && j < len(o) {
		lo, hi := max(s[i].Lo, o[j].Lo), min(s[i].Hi, o[j].Hi)
		if lo <= hi {
			out = append(out, Interval{lo, hi})
		}
		if s[i].Hi < o[j].Hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// Complement returns every int64 not in s.
func (s Intervals) Complement() Intervals {
	if len(s) == 0 {
		return AllInts()
	}
	out := make(Intervals, 0, len(s)+1)
	next := int64(math.MinInt64)
	for _, iv := range s {
		if iv.Lo > next {
			out = append(out, Interval{next, iv.Lo - 1})
		}
		if iv.Hi == math.MaxInt64 {
			return out
		}
		next = iv.Hi + 1
	}
	return append(out, Interval{next, math.MaxInt64})
}

// Minus returns s \ o.
func (s Intervals) Minus(o Intervals) Intervals { return s.Intersect(o.Complement()) }

// String renders the set in the language's set notation, such as
// "{1..9 51..99}"; an unbounded side is left empty ("{51..}"), and the
// empty set is "{}".
func (s Intervals) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, iv := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		if iv.Lo == iv.Hi {
			b.WriteString(strconv.FormatInt(iv.Lo, 10))
			continue
		}
		if iv.Lo != math.MinInt64 {
			b.WriteString(strconv.FormatInt(iv.Lo, 10))
		}
		b.WriteString("..")
		if iv.Hi != math.MaxInt64 {
			b.WriteString(strconv.FormatInt(iv.Hi, 10))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// DomainIntervals returns the documented values of an Int field as a set:
// its Min..Max range plus documented special values, or its closed list of
// values. It returns every int64 when the field documents no bounds.
func DomainIntervals(f *schema.Field) Intervals {
	if f == nil || f.Domain == nil || f.Type != schema.TypeInt {
		return AllInts()
	}
	d := f.Domain
	if len(d.IntValues) > 0 {
		var out Intervals
		for _, v := range d.IntValues {
			out = out.Union(IntRange(v, v))
		}
		return out
	}
	if d.Min == nil && d.Max == nil {
		return AllInts()
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if d.Min != nil {
		lo = *d.Min
	}
	if d.Max != nil {
		hi = *d.Max
	}
	out := IntRange(lo, hi)
	for v := range d.Special {
		out = out.Union(IntRange(v, v))
	}
	return out
}
