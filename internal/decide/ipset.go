package decide

import (
	"net/netip"
	"slices"
)

// u128 is an address as a 128-bit number: an IPv4 address in the low 32
// bits, an IPv6 address in all of them.
type u128 struct{ hi, lo uint64 }

func (a u128) less(b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

func (a u128) next() u128 {
	if a.lo == ^uint64(0) {
		return u128{a.hi + 1, 0}
	}
	return u128{a.hi, a.lo + 1}
}

func (a u128) prev() u128 {
	if a.lo == 0 {
		return u128{a.hi - 1, ^uint64(0)}
	}
	return u128{a.hi, a.lo - 1}
}

// addrNum returns an address's number; IPv4-mapped IPv6 addresses stay
// IPv6, as the engine compares them (netip's Is4 is false for them).
func addrNum(a netip.Addr) u128 {
	if a.Is4() {
		b := a.As4()
		return u128{0, uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])}
	}
	b := a.As16()
	var hi, lo uint64
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(b[i])
		lo = lo<<8 | uint64(b[8+i])
	}
	return u128{hi, lo}
}

// numAddr is addrNum's inverse for the family v4 (true) or v6.
func numAddr(n u128, v4 bool) netip.Addr {
	if v4 {
		return netip.AddrFrom4([4]byte{byte(n.lo >> 24), byte(n.lo >> 16), byte(n.lo >> 8), byte(n.lo)})
	}
	var b [16]byte
	for i := 0; i < 8; i++ {
		b[i] = byte(n.hi >> (56 - 8*i))
		b[8+i] = byte(n.lo >> (56 - 8*i))
	}
	return netip.AddrFrom16(b)
}

// span is the inclusive range lo..hi of one family.
type span struct{ lo, hi u128 }

// spans is a set of one family's addresses: sorted, disjoint,
// non-adjacent inclusive ranges. Like Intervals, never modified in place.
type spans []span

var (
	maxV4 = u128{0, 1<<32 - 1}
	maxV6 = u128{^uint64(0), ^uint64(0)}
)

// merged sorts ranges and merges those that overlap or touch.
func merged(all spans) spans {
	if len(all) == 0 {
		return nil
	}
	slices.SortFunc(all, func(a, b span) int {
		if a.lo.less(b.lo) {
			return -1
		}
		if b.lo.less(a.lo) {
			return 1
		}
		return 0
	})
	out := all[:1]
	for _, r := range all[1:] {
		last := &out[len(out)-1]
		if last.hi == maxV6 || !last.hi.next().less(r.lo) {
			if last.hi.less(r.hi) {
				last.hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s spans) intersect(o spans) spans {
	var out spans
	i, j := 0, 0
	for i < len(s) && j < len(o) {
		lo, hi := s[i].lo, s[i].hi
		if lo.less(o[j].lo) {
			lo = o[j].lo
		}
		if o[j].hi.less(hi) {
			hi = o[j].hi
		}
		if !hi.less(lo) {
			out = append(out, span{lo, hi})
		}
		if s[i].hi.less(o[j].hi) {
			i++
		} else {
			j++
		}
	}
	return out
}

// complement returns the addresses up to top not in s.
func (s spans) complement(top u128) spans {
	var out spans
	next, done := u128{}, false
	for _, r := range s {
		if next.less(r.lo) {
			out = append(out, span{next, r.lo.prev()})
		}
		if r.hi == top {
			done = true
			break
		}
		next = r.hi.next()
	}
	if !done {
		out = append(out, span{next, top})
	}
	return out
}

// IPSet is a set of IP addresses of both families.
type IPSet struct{ v4, v6 spans }

// AllIPs is every address of both families.
func AllIPs() IPSet {
	return IPSet{spans{{u128{}, maxV4}}, spans{{u128{}, maxV6}}}
}

// IPRange returns the addresses from..to, of one family; empty when to is
// below from or the families differ.
func IPRange(from, to netip.Addr) IPSet {
	if from.Is4() != to.Is4() || to.Less(from) {
		return IPSet{}
	}
	sp := spans{{addrNum(from), addrNum(to)}}
	if from.Is4() {
		return IPSet{v4: sp}
	}
	return IPSet{v6: sp}
}

// IPSetOf returns the set of the ranges from[i]..to[i] (each of one
// family, from not above to): sorting once keeps a set of thousands of
// items linear-logarithmic.
func IPSetOf(from, to []netip.Addr) IPSet {
	var v4, v6 spans
	for i := range from {
		if from[i].Is4() != to[i].Is4() || to[i].Less(from[i]) {
			continue
		}
		sp := span{addrNum(from[i]), addrNum(to[i])}
		if from[i].Is4() {
			v4 = append(v4, sp)
		} else {
			v6 = append(v6, sp)
		}
	}
	return IPSet{merged(v4), merged(v6)}
}

// IsEmpty reports whether the set has no address.
func (s IPSet) IsEmpty() bool { return len(s.v4) == 0 && len(s.v6) == 0 }

// Intersect returns s ∩ o.
func (s IPSet) Intersect(o IPSet) IPSet { return IPSet{s.v4.intersect(o.v4), s.v6.intersect(o.v6)} }

// Complement returns every address of either family not in s.
func (s IPSet) Complement() IPSet { return IPSet{s.v4.complement(maxV4), s.v6.complement(maxV6)} }

// Pick returns an address of the set, preferring IPv4; ok is false for the
// empty set.
func (s IPSet) Pick() (netip.Addr, bool) {
	if len(s.v4) > 0 {
		return numAddr(s.v4[0].lo, true), true
	}
	if len(s.v6) > 0 {
		return numAddr(s.v6[0].lo, false), true
	}
	return netip.Addr{}, false
}

// Contains reports whether a is in the set.
func (s IPSet) Contains(a netip.Addr) bool {
	rs := s.v6
	if a.Is4() {
		rs = s.v4
	}
	n := addrNum(a)
	for _, r := range rs {
		if !n.less(r.lo) && !r.hi.less(n) {
			return true
		}
	}
	return false
}
