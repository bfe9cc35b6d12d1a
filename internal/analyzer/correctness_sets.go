package analyzer

// Correctness rules about inline sets `{…}`: repeated, overlapping and
// reserved items, and empty sets.

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func runDuplicateSetItem(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) < 2 {
			return
		}
		items, ok := decodeItems(p, s, t)
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
				Fixes:   []diag.Fix{{Title: "Remove the duplicate " + dup.Raw, Edits: []diag.Edit{removeItem(s, i)}, Safe: true}}})
		}
	})
}

func runOverlappingSetItem(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		if len(s.Items) < 2 || t != schema.TypeInt && t != schema.TypeIP {
			return
		}
		items, ok := decodeItems(p, s, t)
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
						Fixes:   []diag.Fix{{Title: "Remove " + it.lit.Raw, Edits: []diag.Edit{removeItem(s, i)}, Safe: true}}})
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

func runEmptySet(p *Pass) {
	eachSet(p, func(c *grammar.Comparison, s *grammar.Set, _ schema.Type) {
		if len(s.Items) > 0 {
			return
		}
		p.Report(diag.Diagnostic{Span: s.Span(),
			Message: fmt.Sprintf("the set is empty, so `%s in {}` never matches (and its negation always does); add the values you meant", c.LHS.Span().Text(p.Src))})
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
		{"192.88.99.0/24", "the retired 6to4 relay anycast range (192.88.99.0/24, RFC 7526)"},
		{"192.168.0.0/16", "private address space (192.168.0.0/16, RFC 1918)"},
		{"198.18.0.0/15", "benchmarking space (198.18.0.0/15, RFC 2544)"},
		{"198.51.100.0/24", "documentation range TEST-NET-2 (198.51.100.0/24, RFC 5737)"},
		{"203.0.113.0/24", "documentation range TEST-NET-3 (203.0.113.0/24, RFC 5737)"},
		{"224.0.0.0/4", "multicast space (224.0.0.0/4)"},
		{"240.0.0.0/4", "reserved space (240.0.0.0/4, including the broadcast address)"},
		{"::/128", "the unspecified IPv6 address (::)"},
		{"::1/128", "the IPv6 loopback address (::1)"},
		{"64:ff9b:1::/48", "IPv6 local-use translation space (64:ff9b:1::/48, RFC 8215)"},
		{"100::/64", "IPv6 discard-only space (100::/64, RFC 6666)"},
		{"2001:2::/48", "IPv6 benchmarking space (2001:2::/48, RFC 5180)"},
		{"2001:10::/28", "the retired IPv6 ORCHID space (2001:10::/28, RFC 4843)"},
		{"2001:db8::/32", "IPv6 documentation range (2001:db8::/32, RFC 3849)"},
		{"3fff::/20", "IPv6 documentation range (3fff::/20, RFC 9637)"},
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
	for _, c := range p.Nodes().Comparisons {
		f := p.Info.FieldOf(c.LHS)
		if f == nil || f.Name != "ip.src" || len(c.LHS.Indexes) > 0 || c.Op == nil {
			continue
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
	}
}
