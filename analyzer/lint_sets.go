package analyzer

import (
	"fmt"
	"github.com/wflint/wflint/diag"
	"net/netip"
	"slices"
	"strings"

	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Rules about inline sets `{…}` and the literals in them.
func init() {
	Register(
		&Rule{ID: "duplicate-set-item", Category: CatCorrectness, Severity: diag.Warning, Run: runDuplicateSetItem,
			Summary: "The same value appears twice in a set, possibly in different notations (\"a\" and 61, 10 and 0xa)."},
		&Rule{ID: "overlapping-set-item", Category: CatCorrectness, Severity: diag.Warning, Run: runOverlappingSetItem,
			Summary: "A set item (address, CIDR or range) is already covered by another item of the same set."},
		&Rule{ID: "bogon-ip", Category: CatCorrectness, Severity: diag.Info, Run: runBogonIP,
			Summary: "ip.src compared with private, reserved or documentation address space that Internet traffic never comes from."},
		&Rule{ID: "long-set", Category: CatPerformance, Severity: diag.Info, Run: runLongSet,
			Summary: "An inline set with many items that a custom list ($name) could hold."},
		&Rule{ID: "empty-set", Category: CatCorrectness, Severity: diag.Warning, Run: runEmptySet,
			Summary: "An empty set `{}`: `in {}` never matches."},
		&Rule{ID: "single-element-range", Category: CatStyle, Severity: diag.Info, Run: runSingleElementRange,
			Summary: "A range whose bounds are equal (5..5); write the single value."},
	)
}

// longSetMax is the number of items above which long-set suggests a list.
const longSetMax = 50

// eachSet calls f for every `value in {…}` comparison, with the type of
// the value (the element type when it iterates with [*]).
func eachSet(p *Pass, f func(c *grammar.Comparison, s *grammar.Set, t schema.Type)) {
	p.Inspect(func(n grammar.Node) bool {
		switch n := n.(type) {
		case *grammar.Comparison:
			if s, ok := n.RHS.(*grammar.Set); ok && n.Op != nil && n.Op.Kind == grammar.OpIn {
				f(n, s, p.Info.Types[n.LHS])
			}
			// Only function calls in the value can hold more comparisons.
			return n.LHS.Call != nil
		case *grammar.Value, *grammar.Call, *grammar.Logical, *grammar.Not, *grammar.Paren:
			return true
		}
		return false
	})
}

// setItem is one decoded set item: the inclusive range of values it
// covers. Bytes items use the decoded string in str.
type setItem struct {
	lit    *grammar.Literal
	str    string
	lo, hi int64
	from   netip.Addr
	to     netip.Addr
}

// decodeItems decodes every item of a set for type t; ok is false when
// the set cannot be compared item by item (an item does not decode, or
// the type is not a scalar the set can hold).
func decodeItems(s *grammar.Set, t schema.Type) ([]setItem, bool) {
	items := make([]setItem, len(s.Items))
	for i, l := range s.Items {
		it := setItem{lit: l}
		switch t {
		case schema.TypeBytes:
			if l.Kind == grammar.LitRegex {
				return nil, false
			}
			b, err := l.Bytes()
			if err != nil {
				return nil, false
			}
			it.str = string(b)
		case schema.TypeInt:
			lo, hi, _, err := l.IntRange()
			if err != nil {
				return nil, false
			}
			it.lo, it.hi = lo, hi
		case schema.TypeIP:
			ip, err := l.IPSetItem()
			if err != nil {
				return nil, false
			}
			it.from, it.to = ip.From, ip.To
		default:
			return nil, false
		}
		items[i] = it
	}
	return items, true
}

// key returns a map key equal for items that cover the same values.
func (a setItem) key(t schema.Type) any {
	switch t {
	case schema.TypeBytes:
		return a.str
	case schema.TypeInt:
		return [2]int64{a.lo, a.hi}
	}
	return [2]netip.Addr{a.from, a.to}
}

func (a setItem) same(b setItem, t schema.Type) bool {
	switch t {
	case schema.TypeBytes:
		return a.str == b.str
	case schema.TypeInt:
		return a.lo == b.lo && a.hi == b.hi
	}
	return a.from == b.from && a.to == b.to
}

// removeItem deletes item i of a set together with the space that
// separates it from its neighbour, keeping the other items intact.
func removeItem(s *grammar.Set, i int) diag.Edit {
	it := s.Items[i].Span()
	if i > 0 {
		return diag.Edit{Span: diag.Span{Start: s.Items[i-1].Span().End, End: it.End}}
	}
	if len(s.Items) > 1 {
		return diag.Edit{Span: diag.Span{Start: it.Start, End: s.Items[1].Span().Start}}
	}
	return diag.Edit{Span: it}
}

func runDuplicateSetItem(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) < 2 {
			return
		}
		items, ok := decodeItems(s, t)
		if !ok {
			return
		}
		// Small sets compare pairwise; large ones index the values, so a
		// set of hundreds of addresses stays linear.
		var seen map[any]int
		if len(items) > 16 {
			seen = make(map[any]int, len(items))
		}
		for i := 0; i < len(items); i++ {
			j := -1
			if seen != nil {
				k := items[i].key(t)
				if first, ok := seen[k]; ok {
					j = first
				} else {
					seen[k] = i
				}
			} else {
				for x := 0; x < i; x++ {
					if items[i].same(items[x], t) {
						j = x
						break
					}
				}
			}
			if j < 0 {
				continue
			}
			first, dup := items[j].lit, items[i].lit
			msg := fmt.Sprintf("`%s` is already in this set", dup.Raw)
			if first.Raw != dup.Raw {
				msg = fmt.Sprintf("`%s` is the same value as `%s` earlier in this set", dup.Raw, first.Raw)
			}
			p.Report(diag.Diagnostic{Span: dup.Span(), Message: msg + "; the duplicate has no effect",
				Related: []diag.Related{{Span: first.Span(), Message: "first occurrence"}},
				Fixes:   []diag.Fix{{Title: "Remove the duplicate " + dup.Raw, Edits: []diag.Edit{removeItem(s, i)}}}})
		}
	})
}

func runOverlappingSetItem(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) < 2 || t != schema.TypeInt && t != schema.TypeIP {
			return
		}
		items, ok := decodeItems(s, t)
		if !ok {
			return
		}
		// Sort by start, longest first, then sweep: an item is contained
		// in the earlier item that reaches furthest when that one ends at
		// or after it. IPv4 sorts before IPv6, so families never mix.
		order := make([]int, len(items))
		for i := range order {
			order[i] = i
		}
		less := func(a, b setItem) bool { // a starts before b
			if t == schema.TypeInt {
				return a.lo < b.lo
			}
			return a.from.Less(b.from)
		}
		slices.SortStableFunc(order, func(x, y int) int {
			a, b := items[x], items[y]
			switch {
			case less(a, b):
				return -1
			case less(b, a):
				return 1
			case endsAfter(a, b, t):
				return -1
			case endsAfter(b, a, t):
				return 1
			}
			return 0
		})
		best := -1
		for _, i := range order {
			it := items[i]
			if best >= 0 {
				c := items[best]
				sameFamily := t == schema.TypeInt || c.from.Is4() == it.from.Is4()
				if sameFamily && !endsAfter(it, c, t) && !it.same(c, t) {
					p.Report(diag.Diagnostic{Span: it.lit.Span(),
						Message: fmt.Sprintf("`%s` is already covered by `%s` in this set; it has no effect", it.lit.Raw, c.lit.Raw),
						Related: []diag.Related{{Span: c.lit.Span(), Message: "covers " + it.lit.Raw}},
						Fixes:   []diag.Fix{{Title: "Remove " + it.lit.Raw, Edits: []diag.Edit{removeItem(s, i)}}}})
					continue
				}
				if !sameFamily || endsAfter(it, c, t) {
					best = i
				}
				continue
			}
			best = i
		}
	})
}

// endsAfter reports whether a ends after b.
func endsAfter(a, b setItem, t schema.Type) bool {
	if t == schema.TypeInt {
		return a.hi > b.hi
	}
	return b.to.Less(a.to)
}

func runLongSet(p *Pass) {
	eachSet(p, func(c *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) <= longSetMax {
			return
		}
		var kind string
		name := c.LHS.Name.Text
		switch {
		case t == schema.TypeIP:
			kind = "an IP list"
		case t == schema.TypeInt && strings.HasSuffix(name, ".asnum"):
			kind = "an ASN list"
		case t == schema.TypeBytes && name == "http.host" && len(c.LHS.Indexes) == 0:
			kind = "a hostname list"
		default:
			return // no custom list type can hold these values
		}
		p.Report(diag.Diagnostic{Span: diag.Span{Start: s.Lbrace, End: s.Lbrace + 1},
			Message: fmt.Sprintf("this set has %d items: put them in %s and write `%s in $name`; lists can be shared between rules and updated without editing the expression, which is limited to 4,096 characters",
				len(s.Items), kind, c.LHS.Span().Text(p.Src))})
	})
}

func runEmptySet(p *Pass) {
	eachSet(p, func(c *grammar.Comparison, s *grammar.Set, _ schema.Type) {
		if len(s.Items) > 0 {
			return
		}
		p.Report(diag.Diagnostic{Span: s.Span(),
			Message: fmt.Sprintf("the set is empty, so `%s in {}` never matches (and its negation always does); add the values you meant", c.LHS.Span().Text(p.Src))})
	})
}

func runSingleElementRange(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		for _, l := range s.Items {
			if l.Kind != grammar.LitBare {
				continue
			}
			i := strings.Index(l.Raw, "..")
			if i < 0 {
				continue
			}
			equal := false
			switch t {
			case schema.TypeInt:
				lo, hi, _, err := l.IntRange()
				equal = err == nil && lo == hi
			case schema.TypeIP:
				it, err := l.IPSetItem()
				equal = err == nil && it.Kind == grammar.IPRange && it.From == it.To
			}
			if !equal {
				continue
			}
			v := l.Raw[:i]
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the range `%s` holds a single value; write `%s`", l.Raw, v),
				Fixes:   []diag.Fix{{Title: "Write " + v, Edits: []diag.Edit{{Span: l.Span(), New: v}}}}})
		}
	})
}

// bogon is a block of address space that Internet traffic never comes
// from.
type bogon struct {
	prefix netip.Prefix
	what   string
	doc    bool // reserved for documentation and examples
}

var bogons = func() []bogon {
	list := []struct{ p, what string }{
		{"0.0.0.0/8", "\"this network\" space (0.0.0.0/8, RFC 1122)"},
		{"10.0.0.0/8", "private address space (10.0.0.0/8, RFC 1918)"},
		{"100.64.0.0/10", "carrier-grade NAT shared space (100.64.0.0/10, RFC 6598)"},
		{"127.0.0.0/8", "loopback space (127.0.0.0/8)"},
		{"169.254.0.0/16", "link-local space (169.254.0.0/16, RFC 3927)"},
		{"172.16.0.0/12", "private address space (172.16.0.0/12, RFC 1918)"},
		{"192.0.0.0/24", "IETF protocol assignment space (192.0.0.0/24, RFC 6890)"},
		{"192.0.2.0/24", "documentation range TEST-NET-1 (192.0.2.0/24, RFC 5737)"},
		{"192.168.0.0/16", "private address space (192.168.0.0/16, RFC 1918)"},
		{"198.18.0.0/15", "benchmarking space (198.18.0.0/15, RFC 2544)"},
		{"198.51.100.0/24", "documentation range TEST-NET-2 (198.51.100.0/24, RFC 5737)"},
		{"203.0.113.0/24", "documentation range TEST-NET-3 (203.0.113.0/24, RFC 5737)"},
		{"224.0.0.0/4", "multicast space (224.0.0.0/4)"},
		{"240.0.0.0/4", "reserved space (240.0.0.0/4, including the broadcast address)"},
		{"::/128", "the unspecified IPv6 address (::)"},
		{"::1/128", "the IPv6 loopback address (::1)"},
		{"100::/64", "IPv6 discard-only space (100::/64, RFC 6666)"},
		{"2001:db8::/32", "IPv6 documentation range (2001:db8::/32, RFC 3849)"},
		{"fc00::/7", "IPv6 unique local space (fc00::/7, RFC 4193)"},
		{"fe80::/10", "IPv6 link-local space (fe80::/10)"},
		{"ff00::/8", "IPv6 multicast space (ff00::/8)"},
	}
	out := make([]bogon, len(list))
	for i, b := range list {
		out[i] = bogon{prefix: netip.MustParsePrefix(b.p), what: b.what, doc: strings.Contains(b.what, "documentation")}
	}
	return out
}()

// bogonFor returns the bogon block that holds every address from..to.
func bogonFor(from, to netip.Addr) (bogon, bool) {
	if from.Is4In6() && to.Is4In6() {
		from, to = from.Unmap(), to.Unmap()
	}
	for _, b := range bogons {
		if b.prefix.Contains(from) && b.prefix.Contains(to) {
			return b, true
		}
	}
	return bogon{}, false
}

func runBogonIP(p *Pass) {
	p.Inspect(func(n grammar.Node) bool {
		c, ok := n.(*grammar.Comparison)
		if !ok {
			_, lit := n.(*grammar.Literal)
			return !lit
		}
		f := p.Info.Fields[c.LHS]
		if f == nil || f.Name != "ip.src" || len(c.LHS.Indexes) > 0 || c.Op == nil {
			return true
		}
		check := func(l *grammar.Literal, from, to netip.Addr) {
			b, ok := bogonFor(from, to)
			if !ok {
				return
			}
			msg := fmt.Sprintf("`%s` is %s: requests from the Internet never reach Cloudflare with such a source address, so this comparison is likely a mistake", l.Raw, b.what)
			if b.doc {
				msg = fmt.Sprintf("`%s` is in the %s, reserved for examples: no real client has this address; if it was copied from an example, put in the address you mean", l.Raw, b.what)
			}
			p.Report(diag.Diagnostic{Span: l.Span(), Message: msg})
		}
		switch r := c.RHS.(type) {
		case *grammar.Literal:
			if a, err := r.IP(); err == nil {
				check(r, a, a)
			}
		case *grammar.Set:
			for _, l := range r.Items {
				if it, err := l.IPSetItem(); err == nil {
					check(l, it.From, it.To)
				}
			}
		}
		return false
	})
}
