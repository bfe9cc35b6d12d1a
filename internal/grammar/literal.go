package grammar

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// decodeString decodes the quoted string that starts at src[start] (a '"')
// with exactly the engine's escapes (§3.1): \" \\ \xHH and \OOO. It returns
// the decoded bytes, the offset just past the closing quote, and the
// escape errors that ec has room for (all of them when ec is nil). After an
// error it keeps scanning for the closing quote so that the rest of the
// expression can still be read.
func decodeString(src string, start int, ec *errCap) (string, int, diag.List) {
	if end, ok := plainString(src, start); ok {
		return src[start+1 : end-1], end, nil
	}
	var errs diag.List
	var b strings.Builder
	i := start + 1
	for i < len(src) {
		c := src[i]
		if c == '"' {
			return b.String(), i + 1, errs
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(src) {
			break
		}
		e := src[i+1]
		switch {
		case e == '"' || e == '\\':
			b.WriteByte(e)
			i += 2
		case e == 'x':
			h := 0
			for h < 2 && i+2+h < len(src) && isHex(src[i+2+h]) {
				h++
			}
			if h < 2 {
				kind, msg := ParseInt, "`\\x` must be followed by exactly two hex digits (`\\x0a`)"
				if i+2+h >= len(src) {
					kind = CountMismatch
				}
				if ec.room(i + 2 + h) {
					errs = append(errs, SyntaxError(kind, "invalid-escape", diag.SpanOf(i, i+2+h), msg))
				}
				i += 2 + h
				continue
			}
			v, _ := strconv.ParseUint(src[i+2:i+4], 16, 8)
			b.WriteByte(byte(v))
			i += 4
		case e >= '0' && e <= '7':
			o := 0
			for o < 3 && i+1+o < len(src) && src[i+1+o] >= '0' && src[i+1+o] <= '7' {
				o++
			}
			if o < 3 {
				kind := ParseInt
				if i+1+o >= len(src) {
					kind = CountMismatch
				}
				if ec.room(i + 1 + o) {
					errs = append(errs, SyntaxError(kind, "invalid-escape", diag.SpanOf(i, i+1+o), "an octal escape needs exactly three octal digits (`\\012`); for a byte use `\\xHH`"))
				}
				i += 1 + o
				continue
			}
			v, _ := strconv.ParseUint(src[i+1:i+4], 8, 16)
			if v > 0xff && ec.room(i+4) {
				errs = append(errs, SyntaxError(ParseInt, "invalid-escape", diag.SpanOf(i, i+4), "octal escape `"+src[i:i+4]+"` is larger than a byte (`\\377` at most)"))
			}
			b.WriteByte(byte(v))
			i += 4
		default:
			n := 2
			if e >= 0x80 {
				// Invalid UTF-8 decodes as one byte, so n never runs past src.
				_, size := utf8.DecodeRuneInString(src[i+1:])
				n = 1 + size
			}
			esc := src[i : i+n]
			b.WriteString(esc)
			if !ec.room(i + n) {
				i += n
				continue
			}
			msg := "`" + esc + "` is not an escape in the Rules language; only `\\\"`, `\\\\`, `\\xHH` and `\\OOO` are"
			var fixes []diag.Fix
			if r, ok := escapeHex[e]; ok {
				msg += "; write `" + r + "`"
				fixes = append(fixes, diag.Fix{Title: "Write " + r, Edits: []diag.Edit{{Span: diag.SpanOf(i, i+n), New: r}}, Safe: true})
			} else if e == '\'' || e == '/' {
				fixes = append(fixes, diag.Fix{Title: "Drop the backslash", Edits: []diag.Edit{{Span: diag.SpanOf(i, i+1), New: ""}}, Safe: true})
			}
			errs = append(errs, SyntaxError(InvalidCharacterEscape, "invalid-escape", diag.SpanOf(i, i+n), msg, fixes...))
			i += n
		}
	}
	ec.room(len(src)) // the closing-quote error is always kept: it decides the verdict
	errs = append(errs, SyntaxError(MissingEndingQuote, "missing-quote", diag.SpanOf(start, len(src)), "could not find the closing `\"` of this string", []diag.Fix{{Title: "Add the closing quote", Edits: []diag.Edit{{Span: diag.SpanOf(len(src), len(src)), New: "\""}}}}...))
	return b.String(), len(src), errs
}

// plainString reports whether the string at src[start] closes before any
// backslash, and where it ends: the common case, with nothing to decode.
func plainString(src string, start int) (int, bool) {
	body := src[start+1:]
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			return start + 1 + i + 1, true
		case '\\':
			return 0, false
		}
	}
	return 0, false
}

// scanString finds the end of the quoted string at src[start] and its
// escape errors, without building the decoded value when it can avoid it.
func scanString(src string, start int, c *errCap) (int, diag.List) {
	if end, ok := plainString(src, start); ok {
		return end, nil
	}
	_, end, errs := decodeString(src, start, c)
	return end, errs
}

// errCap bounds the errors kept from one source of errors (the lexer, the
// bracket check, the parser): past MaxErrors+1 of them, each in source
// order, no later one can be among the MaxErrors shown, so it is only
// counted. This keeps the cost of a megabyte of mistakes linear and small.
type errCap struct {
	kept, dropped int
	end           diag.Pos // the largest end of a dropped error
}

// room reports whether one more error may be kept, counting it as dropped
// (with its end offset) when not. A nil errCap has room for everything.
func (c *errCap) room(end int) bool {
	if c == nil || c.kept <= MaxErrors {
		if c != nil {
			c.kept++
		}
		return true
	}
	c.dropped++
	c.end = max(c.end, diag.Pos(end))
	return false
}

var escapeHex = map[byte]string{'n': `\x0a`, 't': `\x09`, 'r': `\x0d`, '0': `\x00`}

// QuoteString returns s as a Rules-language string literal that decodes back
// to s: a quoted string with `"` and `\` escaped, and non-printable bytes as
// \xHH.
func QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 && c != '\n' || c == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// RawString returns s as a raw string literal r#"…"# with as few `#` as the
// content allows.
func RawString(s string) string {
	n := 0
	for strings.Contains(s, "\""+strings.Repeat("#", n)) && n < 255 {
		n++
	}
	h := strings.Repeat("#", n)
	return "r" + h + "\"" + s + "\"" + h
}

// LiteralError is an error in interpreting a literal for a given type. Its
// span is absolute (within the expression).

func (l *Literal) errAt(kind ErrorKind, code string, from, to int, msg string, fixes ...diag.Fix) *diag.Diagnostic {
	d := SyntaxError(kind, code, diag.Span{Start: l.Pos + diag.Pos(from), End: l.Pos + diag.Pos(to)}, msg, fixes...)
	return &d
}

// IsString reports whether the literal is a quoted or raw string.
func (l *Literal) IsString() bool { return l.Kind == LitString || l.Kind == LitRaw }

// Int interprets a bare literal as an integer (§3.4): decimal with an
// optional minus, 0x hexadecimal, or octal with a leading zero.
func (l *Literal) Int() (int64, *diag.Diagnostic) {
	if l.Kind != LitBare {
		return 0, l.errAt(ExpectedName, "expected-int", 0, 1, "expected a number here, not a string; remove the quotes")
	}
	return parseIntText(l, l.Raw, 0)
}

func parseIntText(l *Literal, text string, off int) (int64, *diag.Diagnostic) {
	if text == "" {
		return 0, l.errAt(ExpectedName, "expected-int", off, off+1, "expected digit")
	}
	neg := false
	t := text
	radix := 10
	switch {
	case strings.HasPrefix(t, "-"):
		neg = true
		t = t[1:]
		if strings.HasPrefix(t, "0x") {
			return 0, l.errAt(ParseInt, "invalid-int", off, off+len(text), "a hexadecimal number cannot have a sign")
		}
	case strings.HasPrefix(t, "0x"):
		radix = 16
		t = t[2:]
	case len(t) > 1 && t[0] == '0':
		radix = 8
		t = t[1:]
	}
	if t == "" {
		return 0, l.errAt(ExpectedName, "expected-int", off, off+len(text), "expected digit")
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		ok := c >= '0' && c <= '9' && (radix != 8 || c <= '7') || radix == 16 && isHex(c)
		if !ok {
			msg := fmt.Sprintf("`%s` is not a valid integer", text)
			var fixes []diag.Fix
			if radix == 8 && strings.Trim(t, "0123456789") == "" {
				msg = fmt.Sprintf("`%s` starts with 0, so it is read as octal, and %c is not an octal digit", text, c)
				dec := strings.TrimLeft(text, "0")
				fixes = append(fixes, diag.Fix{Title: "Write " + dec, Edits: []diag.Edit{{Span: diag.Span{Start: l.Pos + diag.Pos(off), End: l.Pos + diag.Pos(off+len(text))}, New: dec}}, Safe: true})
			}
			return 0, l.errAt(ParseInt, "invalid-int", off, off+len(text), msg, fixes...)
		}
	}
	v, err := strconv.ParseUint(t, radix, 64)
	if err != nil || !neg && v > math.MaxInt64 || neg && v > 1<<63 {
		return 0, l.errAt(ParseInt, "int-overflow", off, off+len(text), fmt.Sprintf("`%s` does not fit in a 64-bit integer", text))
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// IntRange interprets a bare literal as an integer or an inclusive range
// `a..b` (§3.7); for a single integer lo == hi and isRange is false.
func (l *Literal) IntRange() (lo, hi int64, isRange bool, err *diag.Diagnostic) {
	if l.Kind != LitBare {
		_, err = l.Int()
		return 0, 0, false, err
	}
	i := strings.Index(l.Raw, "..")
	if i < 0 {
		v, err := l.Int()
		return v, v, false, err
	}
	if lo, err = parseIntText(l, l.Raw[:i], 0); err != nil {
		return
	}
	if hi, err = parseIntText(l, l.Raw[i+2:], i+2); err != nil {
		return
	}
	if hi < lo {
		err = l.errAt(IncompatibleRangeBounds, "range-bounds", 0, len(l.Raw), fmt.Sprintf("the range %d..%d is empty: its end is below its start", lo, hi),
			diag.Fix{Title: "Swap the bounds", Edits: []diag.Edit{{Span: l.Span(), New: l.Raw[i+2:] + ".." + l.Raw[:i]}}, Safe: true})
	}
	return lo, hi, true, err
}

// IP interprets a bare literal as a single IPv4 or IPv6 address.
func (l *Literal) IP() (netip.Addr, *diag.Diagnostic) {
	if l.Kind != LitBare {
		return netip.Addr{}, l.quotedIPError()
	}
	if strings.Contains(l.Raw, "/") {
		return netip.Addr{}, l.errAt(ParseNetwork, "cidr-needs-set", 0, len(l.Raw),
			"a CIDR range cannot be compared with an equality operator; use `in {"+l.Raw+"}`")
	}
	// Outside sets the engine's address parser rejects leading zeros in
	// IPv4 octets (1.2.3.04), while set items accept them.
	a, err := netip.ParseAddr(l.Raw)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, l.errAt(ParseNetwork, "invalid-ip", 0, len(l.Raw), fmt.Sprintf("`%s` is not a valid IP address", l.Raw))
	}
	return a, nil
}

func (l *Literal) quotedIPError() *diag.Diagnostic {
	fixes := []diag.Fix(nil)
	if l.IsString() {
		if _, err := netip.ParseAddr(l.Value); err == nil || strings.Contains(l.Value, "/") {
			fixes = []diag.Fix{{Title: "Remove the quotes", Edits: []diag.Edit{{Span: l.Span(), New: l.Value}}, Safe: true}}
		}
	}
	return l.errAt(ExpectedName, "quoted-ip", 0, 1, "expected IP address character: IP addresses are written without quotes", fixes...)
}

func parseIPText(l *Literal, text string, off int) (netip.Addr, *diag.Diagnostic) {
	a, err := netip.ParseAddr(text)
	if err != nil || a.Zone() != "" {
		// The engine accepts leading zeros in IPv4 octets (1.1.1.01).
		if a2, ok := parseLooseIPv4(text); ok {
			return a2, nil
		}
		return netip.Addr{}, l.errAt(ParseNetwork, "invalid-ip", off, off+len(text), fmt.Sprintf("`%s` is not a valid IP address", text))
	}
	return a, nil
}

func parseLooseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i, p := range parts {
		if p == "" || len(p) > 3 {
			return netip.Addr{}, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v > 255 || strings.Trim(p, "0123456789") != "" {
			return netip.Addr{}, false
		}
		b[i] = byte(v)
	}
	return netip.AddrFrom4(b), true
}

// IPItem is one item of an IP set: an address, a CIDR or a range.
type IPItem struct {
	From, To netip.Addr // inclusive bounds
	Prefix   netip.Prefix
	Kind     IPItemKind
}

// IPItemKind tells how an IP set item was written.
type IPItemKind int

// IP set item forms.
const (
	IPSingle IPItemKind = iota + 1
	IPCIDR
	IPRange
)

// IPSetItem interprets a bare literal as an item of an IP set (§3.6): an
// address, a CIDR with zero host bits, or a same-family range.
func (l *Literal) IPSetItem() (IPItem, *diag.Diagnostic) {
	if l.Kind != LitBare {
		return IPItem{}, l.quotedIPError()
	}
	raw := l.Raw
	if i := strings.Index(raw, ".."); i >= 0 && !strings.Contains(raw, "/") {
		a, err := parseIPText(l, raw[:i], 0)
		if err != nil {
			return IPItem{}, err
		}
		b, err := parseIPText(l, raw[i+2:], i+2)
		if err != nil {
			return IPItem{}, err
		}
		if a.Is4() != b.Is4() || b.Less(a) {
			return IPItem{}, l.errAt(IncompatibleRangeBounds, "range-bounds", 0, len(raw),
				"an IP range needs two addresses of the same family, the first not above the second")
		}
		return IPItem{From: a, To: b, Kind: IPRange}, nil
	}
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		a, err := parseIPText(l, raw[:i], 0)
		if err != nil {
			return IPItem{}, err
		}
		bits, perr := strconv.Atoi(raw[i+1:])
		max := 32
		if !a.Is4() {
			max = 128
		}
		if raw[i+1:] == "" {
			return IPItem{}, l.errAt(ParseNetwork, "invalid-cidr", i, len(raw), "the prefix length after `/` is missing, as in 10.0.0.0/8")
		}
		if perr != nil || strings.HasPrefix(raw[i+1:], "-") {
			return IPItem{}, l.errAt(ParseNetwork, "invalid-cidr", i, len(raw), fmt.Sprintf("`%s` is not a valid prefix length", raw[i+1:]))
		}
		if bits > max {
			return IPItem{}, l.errAt(ParseNetwork, "invalid-cidr", i, len(raw), fmt.Sprintf("prefix length %d is too long for an IPv%d network (maximum %d)", bits, map[bool]int{true: 4, false: 6}[a.Is4()], max))
		}
		p := netip.PrefixFrom(a, bits)
		if m := p.Masked(); m.Addr() != a {
			return IPItem{}, l.errAt(ParseNetwork, "cidr-host-bits", 0, len(raw),
				fmt.Sprintf("host part of address was not zero: `%s` has bits set after the /%d prefix; the network is %s", raw, bits, m),
				diag.Fix{Title: "Use " + m.String(), Edits: []diag.Edit{{Span: l.Span(), New: m.String()}}})
		}
		last := lastAddr(p)
		return IPItem{From: p.Addr(), To: last, Prefix: p, Kind: IPCIDR}, nil
	}
	a, err := parseIPText(l, raw, 0)
	if err != nil {
		return IPItem{}, err
	}
	return IPItem{From: a, To: a, Kind: IPSingle}, nil
}

func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Addr().AsSlice()
	bits := p.Bits()
	for i := range a {
		for b := 0; b < 8; b++ {
			if i*8+b >= bits {
				a[i] |= 0x80 >> b
			}
		}
	}
	r, _ := netip.AddrFromSlice(a)
	return r
}

// LastAddr returns the highest address in p.
func LastAddr(p netip.Prefix) netip.Addr { return lastAddr(p.Masked()) }

// Bytes interprets the literal as a byte string: quoted and raw strings give
// their value; a bare literal must be hex bytes `61:62`, `61-62` or
// `61.62` (§3.3). The 2020 engine also accepts a single byte `61`.
func (l *Literal) Bytes() ([]byte, *diag.Diagnostic) {
	switch l.Kind {
	case LitString, LitRaw, LitRegex:
		return []byte(l.Value), nil
	}
	raw := l.Raw
	var out []byte
	i := 0
	for {
		if i+2 > len(raw) {
			kind := CountMismatch
			if i < len(raw) {
				kind = ParseInt
			}
			return nil, l.errAt(kind, "invalid-bytes", 0, len(raw), bytesHint(raw))
		}
		if !isHex(raw[i]) || !isHex(raw[i+1]) {
			return nil, l.errAt(ParseInt, "invalid-bytes", i, i+2, bytesHint(raw))
		}
		v, _ := strconv.ParseUint(raw[i:i+2], 16, 8)
		out = append(out, byte(v))
		i += 2
		if i == len(raw) {
			return out, nil
		}
		if c := raw[i]; c != ':' && c != '-' && c != '.' {
			return nil, l.errAt(ParseInt, "invalid-bytes", i, len(raw), bytesHint(raw))
		}
		i++
	}
}

func bytesHint(raw string) string {
	return fmt.Sprintf("`%s` is not a string: strings are written in double quotes (\"%s\")", raw, raw)
}

// MapKey returns the decoded key of a `["key"]` index.
func (l *Literal) MapKey() (string, *diag.Diagnostic) {
	if l.Kind != LitString {
		return "", l.errAt(ExpectedLiteral, "invalid-map-key", 0, len(l.Raw), "a map key must be a double-quoted string")
	}
	return l.Value, nil
}

// Index returns the value of a `[N]` index: 0 to 2^32-1.
func (l *Literal) Index() (uint32, *diag.Diagnostic) {
	if l.Kind != LitBare {
		return 0, l.errAt(ExpectedLiteral, "invalid-index", 0, len(l.Raw), "expected quoted utf8 string or positive integer")
	}
	if strings.HasPrefix(l.Raw, "-") {
		return 0, l.errAt(ExpectedLiteral, "invalid-index", 0, len(l.Raw), "expected positive integer as index: indexes count from 0")
	}
	v, err := l.Int()
	if err != nil {
		return 0, err
	}
	if v > math.MaxUint32 {
		return 0, l.errAt(ParseInt, "int-overflow", 0, len(l.Raw), "index too large")
	}
	return uint32(v), nil
}
