package chsql

import (
	"fmt"
	"strings"
)

// The address text of ClientIP is read in ClickHouse exactly as the local
// reader (package logpush) reads it, for every value:
//
//   - "" is a missing address (Logpush writes it when it has none);
//   - an IPv4 address in dotted-quad form without leading zeros, or IPv6
//     text (netip.ParseAddr's grammar, an embedded IPv4 address included),
//     optionally with a zone, is that address; the zone is dropped;
//   - anything else is a missing address too, never an error: current
//     ClickHouse versions throw on text IPv4StringToNum cannot read, so no
//     such text ever reaches a conversion, and one odd row cannot abort
//     the query.
//
// ipAddrRE is that grammar, without the zone, as an RE2 pattern (Go's
// regexp and ClickHouse's match() are both RE2). TestIPAddrRE checks it
// against netip.ParseAddr.
var ipAddrRE = func() string {
	const (
		octet = `(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])`
		v4    = octet + `(?:\.` + octet + `){3}`
		h     = `[0-9A-Fa-f]{1,4}`
	)
	// IPv6: eight groups, or fewer around one "::" that stands for at
	// least one group; an IPv4 address may take the place of the last
	// two groups.
	alts := []string{
		`(?:` + h + `:){7}` + h,
		`(?:` + h + `:){6}` + v4,
	}
	for k := 0; k <= 7; k++ { // groups before "::"
		left := "::"
		if k > 0 {
			left = fmt.Sprintf(`(?:%s:){%d}:`, h, k)
		}
		r := 7 - k // groups after "::" (at most)
		right := []string{""}
		if r >= 1 {
			right = append(right, fmt.Sprintf(`(?:%s:){0,%d}%s`, h, r-1, h))
		}
		if r >= 2 {
			right = append(right, fmt.Sprintf(`(?:%s:){0,%d}%s`, h, r-2, v4))
		}
		alts = append(alts, left+`(?:`+strings.Join(right, "|")+`)`)
	}
	return `^(?:` + v4 + `|` + strings.Join(alts, "|") + `)$`
}()

// ipText is the SQL for the address held as text in x (a String or
// Nullable(String) expression): the address text without its zone, or NULL
// when x is NULL, "" or not an address (see ipAddrRE).
func ipText(x string) string {
	pct := "position(" + x + ", '%')"
	z := "if(" + pct + " > 0, substring(" + x + ", 1, " + pct + " - 1), " + x + ")"
	// A zone is only valid after IPv6 text, and not empty.
	valid := "(match(" + z + ", " + String(ipAddrRE) + ") AND (" + pct + " = 0 OR (" + pct + " < length(" + x + ") AND position(" + z + ", ':') > 0)))"
	return "if(" + valid + ", " + z + ", NULL)"
}
