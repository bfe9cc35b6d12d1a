package eval

import "strings"

// wildcard is a compiled wildcard pattern (LANGUAGE.md §3.10): parts are the
// literal runs between stars; the pattern matches the whole value.
type wildcard struct {
	parts []string // len(parts) = stars + 1
	fold  bool     // ASCII case-insensitive (`wildcard`); parts are lower-cased
}

// parseWildcard reads a decoded pattern that the check accepted (see
// check.WildcardError): `*` matches any run of bytes, `\*` and `\\` are a
// literal star and backslash.
func parseWildcard(p string, fold bool) *wildcard {
	w := &wildcard{fold: fold}
	var cur strings.Builder
	for i := 0; i < len(p); i++ {
		switch ch := p[i]; {
		case ch == '\\' && i+1 < len(p):
			i++
			cur.WriteByte(p[i])
		case ch == '*':
			w.parts = append(w.parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(ch)
		}
	}
	w.parts = append(w.parts, cur.String())
	if fold {
		for i, s := range w.parts {
			w.parts[i] = asciiLower(s)
		}
	}
	return w
}

func (w *wildcard) match(v string) bool {
	ps := w.parts
	if len(ps) == 1 {
		return len(v) == len(ps[0]) && w.hasPrefix(v, ps[0])
	}
	first, last := ps[0], ps[len(ps)-1]
	if len(v) < len(first)+len(last) || !w.hasPrefix(v, first) || !w.hasPrefix(v[len(v)-len(last):], last) {
		return false
	}
	mid := v[len(first) : len(v)-len(last)]
	for _, p := range ps[1 : len(ps)-1] {
		i := w.index(mid, p)
		if i < 0 {
			return false
		}
		mid = mid[i+len(p):]
	}
	return true
}

func (w *wildcard) hasPrefix(v, p string) bool {
	if len(v) < len(p) {
		return false
	}
	if !w.fold {
		return v[:len(p)] == p
	}
	for i := 0; i < len(p); i++ {
		if lowerByte(v[i]) != p[i] {
			return false
		}
	}
	return true
}

func (w *wildcard) index(v, p string) int {
	if !w.fold {
		return strings.Index(v, p)
	}
	for i := 0; i+len(p) <= len(v); i++ {
		if w.hasPrefix(v[i:], p) {
			return i
		}
	}
	return -1
}

func lowerByte(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + ('a' - 'A')
	}
	return b
}

// asciiLower lower-cases ASCII letters only, leaving every other byte
// alone (no allocation when nothing changes).
func asciiLower(s string) string { return asciiCase(s, 'A', 'a') }

// asciiUpper upper-cases ASCII letters only.
func asciiUpper(s string) string { return asciiCase(s, 'a', 'A') }

// asciiCase maps the 26 ASCII letters from `from` to the case starting at
// `to`, allocating only when a byte changes.
func asciiCase(s string, from, to byte) string {
	for i := 0; i < len(s); i++ {
		if from <= s[i] && s[i] < from+26 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if from <= b[j] && b[j] < from+26 {
					b[j] = b[j] - from + to
				}
			}
			return string(b)
		}
	}
	return s
}
