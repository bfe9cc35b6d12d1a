package chsql

import (
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ipTextGo is ipText in Go: the zone-less address text, or false.
func ipTextGo(re *regexp.Regexp, x string) (string, bool) {
	z, zone, hasZone := strings.Cut(x, "%")
	if !re.MatchString(z) {
		return "", false
	}
	if hasZone && (zone == "" || !strings.Contains(z, ":")) {
		return "", false
	}
	return z, true
}

// TestIPAddrRE: ipText accepts exactly what netip.ParseAddr accepts, and
// reads it as the same address without its zone (Go's regexp and
// ClickHouse's match() are both RE2; the chbuild tests run the SQL).
func TestIPAddrRE(t *testing.T) {
	re := regexp.MustCompile(ipAddrRE)
	check := func(x string) {
		a, err := netip.ParseAddr(x)
		z, ok := ipTextGo(re, x)
		if !assert.Equal(t, err == nil, ok, "%q (netip: %v)", x, err) || !ok {
			return
		}
		b, err := netip.ParseAddr(z)
		if assert.NoError(t, err, x) {
			assert.Equal(t, a.WithZone(""), b, x)
		}
	}
	for _, x := range []string{
		"", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.4%eth0",
		"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:8:9",
		":::", "1:::2", ":1", "1:", "1::2::3", "12345::", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
		"1:2:3:4:5:6:7:1.2.3.4", "1::2:3:4:5:1.2.3.4", "1::2:3:4:5:6:1.2.3.4", "fe80::1%eth0", "fe80::1%", "%eth0", "fe80::1%%",
		"::1.2.3.4%x", "2001:DB8::1", "::1:0", "1::1.2.3.4", "::1234.5.6.7", "1.2.3.4:5", "[::1]", " ::1", "::1 ", "::g",
		"fe80::1%a\nb", "fe80::1%\xff",
	} {
		check(x)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789abcdefABCDEF::::....%%xg"
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for n := r.IntN(24); n > 0; n-- {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		check(b.String())
	}
	for i := 0; i < 20000; i++ {
		var b [16]byte
		for j := range b {
			if r.IntN(3) > 0 {
				b[j] = byte(r.IntN(256))
			}
		}
		a := netip.AddrFrom16(b)
		for _, s := range []string{a.String(), a.StringExpanded(), netip.AddrFrom4([4]byte(b[:4])).String(), a.WithZone("z1").String(),
			"::ffff:" + netip.AddrFrom4([4]byte(b[:4])).String(), strings.ToUpper(a.String())} {
			check(s)
		}
	}
}

func FuzzIPAddrRE(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "::ffff:1.2.3.4", "fe80::1%eth0", "1:2:3:4:5:6:7::", "01.2.3.4"} {
		f.Add(s)
	}
	re := regexp.MustCompile(ipAddrRE)
	f.Fuzz(func(t *testing.T, x string) {
		a, err := netip.ParseAddr(x)
		z, ok := ipTextGo(re, x)
		if (err == nil) != ok {
			t.Fatalf("%q: netip %v, ipText %v", x, err, ok)
		}
		if ok && netip.MustParseAddr(z) != a.WithZone("") {
			t.Fatalf("%q read as %q", x, z)
		}
	})
}
