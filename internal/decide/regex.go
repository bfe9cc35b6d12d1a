package decide

import (
	"regexp/syntax"
	"strings"

	"github.com/wflint/wflint/internal/check"
)

// Regexes: `matches` is decided only for the part of the engine's regex
// dialect (Rust's regex crate with Unicode off: it matches bytes) whose
// meaning Go's regexp/syntax tree shows exactly: literals, classes of
// ASCII bytes, `.`, concatenation, alternation, repetition, and `^`/`$`
// at the ends. Anything where the two dialects could differ (\s, which
// Rust's byte mode gives \v; case folding of bytes above 0x7F; nested
// classes and class set operations; `{,n}`; Unicode mode; verbose mode;
// line anchors and word boundaries; backreference-like escapes) makes the
// condition an opaque atom: wflint then reasons only about the rest.

// maxRepeat caps a counted repetition the automaton spells out.
const maxRepeat = 64

// regexPrescan reports whether the pattern's text stays within the part
// both dialects read alike.
func regexPrescan(p string) bool {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 0x80 {
			return false
		}
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return false
			}
			e := p[i+1]
			switch {
			case e < 0x80 && !isAlnumByte(e):
				// An escaped punctuation character is itself.
			case strings.IndexByte("dDwWxntrfvaAz", e) >= 0:
			default:
				return false // \s, \S, \b, \p, \u, \Q, \C, digits, …
			}
			i++
		case c == '[':
			if inClass && !(i+1 < len(p) && p[i+1] == ':') {
				return false // a nested class (Rust) or a literal [ (Go)
			}
			if !inClass {
				inClass = true
				if i+1 < len(p) && p[i+1] == '^' {
					i++
				}
				if i+1 < len(p) && p[i+1] == ']' {
					i++
				}
			} else if j := strings.Index(p[i:], ":]"); j > 0 {
				i += j + 1
			}
		case c == ']':
			inClass = false
		case inClass && (c == '&' || c == '~' || c == '-') && i+1 < len(p) && p[i+1] == c:
			return false // class set operations in Rust
		case c == '{' && !inClass && i+1 < len(p) && p[i+1] == ',':
			return false // {,n}: a repetition in Rust, literal text in Go
		case c == '(' && !inClass && i+1 < len(p) && p[i+1] == '?':
			for j := i + 2; j < len(p) && p[j] != ')' && p[j] != ':'; j++ {
				if p[j] == 'u' || p[j] == 'x' || p[j] == 'R' || p[j] == 'm' {
					return false
				}
			}
		}
	}
	return !inClass
}

func isAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// regexTree returns the syntax tree of a regex literal's value, or nil
// when the regex is outside the decided part.
func regexTree(pattern string, known *syntax.Regexp) *syntax.Regexp {
	if !regexPrescan(pattern) {
		return nil
	}
	if known != nil {
		return known
	}
	if check.RegexError(pattern, false) != "" {
		return nil
	}
	re, ok := check.GoFlags(pattern)
	if !ok {
		return nil
	}
	t, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return nil
	}
	return t
}

// regexLang builds the language of the strings in which the regex finds
// a match (an unanchored search, as the engine does): Σ* R Σ*, without
// the Σ* on an anchored side. ok is false outside the decided part.
func regexLang(n *nfa, t *syntax.Regexp) (frag, bool) {
	parts := []*syntax.Regexp{t}
	if t.Op == syntax.OpConcat {
		parts = t.Sub
	}
	begin, end := false, false
	for len(parts) > 0 && parts[0].Op == syntax.OpBeginText {
		begin, parts = true, parts[1:]
	}
	for len(parts) > 0 && parts[len(parts)-1].Op == syntax.OpEndText {
		end, parts = true, parts[:len(parts)-1]
	}
	fold := hasFold(t)
	f := n.empty()
	if !begin {
		f = n.concat(f, n.anything())
	}
	for _, p := range parts {
		g, ok := regexFrag(n, p, fold)
		if !ok {
			return frag{}, false
		}
		f = n.concat(f, g)
	}
	if !end {
		f = n.concat(f, n.anything())
	}
	return f, true
}

// hasFold reports whether case folding is on anywhere in the regex.
func hasFold(t *syntax.Regexp) bool {
	if t.Flags&syntax.FoldCase != 0 {
		return true
	}
	for _, s := range t.Sub {
		if hasFold(s) {
			return true
		}
	}
	return false
}

// regexFrag builds one node of the tree. fold tells whether case folding
// is on anywhere: Go folds classes beyond ASCII, Rust's byte mode does not,
// so a class then must stay within ASCII.
func regexFrag(n *nfa, t *syntax.Regexp, fold bool) (frag, bool) {
	if n.size() > 8*maxDFAStates {
		return frag{}, false
	}
	switch t.Op {
	case syntax.OpNoMatch:
		return n.never(), true
	case syntax.OpEmptyMatch:
		return n.empty(), true
	case syntax.OpLiteral:
		f := n.empty()
		for _, r := range t.Rune {
			if r > 0xFF {
				return frag{}, false
			}
			var s byteSet
			s.add(byte(r))
			if t.Flags&syntax.FoldCase != 0 {
				if r >= 0x80 {
					return frag{}, false
				}
				s.add(lowerHom[byte(r)])
				s.add(upperHom[byte(r)])
			}
			f = n.concat(f, n.bytes(s))
		}
		return f, true
	case syntax.OpCharClass:
		var s byteSet
		for i := 0; i+1 < len(t.Rune); i += 2 {
			lo, hi := t.Rune[i], t.Rune[i+1]
			if fold && hi >= 0x80 && lo <= 0xFF {
				return frag{}, false
			}
			if lo > 0xFF {
				continue
			}
			s.addRange(byte(lo), byte(min(hi, 0xFF)))
		}
		return n.bytes(s), true
	case syntax.OpAnyCharNotNL:
		s := allBytes
		s[0] &^= 1 << '\n'
		return n.bytes(s), true
	case syntax.OpAnyChar:
		return n.bytes(allBytes), true
	case syntax.OpCapture:
		return regexFrag(n, t.Sub[0], fold)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
		g, ok := regexFrag(n, t.Sub[0], fold)
		if !ok {
			return frag{}, false
		}
		switch t.Op {
		case syntax.OpStar:
			return n.star(g), true
		case syntax.OpPlus:
			return n.plus(g), true
		}
		return n.quest(g), true
	case syntax.OpRepeat:
		if t.Min > maxRepeat || t.Max > maxRepeat {
			return frag{}, false
		}
		f := n.empty()
		for i := 0; i < t.Min; i++ {
			g, ok := regexFrag(n, t.Sub[0], fold)
			if !ok {
				return frag{}, false
			}
			f = n.concat(f, g)
		}
		if t.Max < 0 {
			g, ok := regexFrag(n, t.Sub[0], fold)
			if !ok {
				return frag{}, false
			}
			return n.concat(f, n.star(g)), true
		}
		for i := t.Min; i < t.Max; i++ {
			g, ok := regexFrag(n, t.Sub[0], fold)
			if !ok {
				return frag{}, false
			}
			f = n.concat(f, n.quest(g))
		}
		return f, true
	case syntax.OpConcat:
		f := n.empty()
		for _, s := range t.Sub {
			g, ok := regexFrag(n, s, fold)
			if !ok {
				return frag{}, false
			}
			f = n.concat(f, g)
		}
		return f, true
	case syntax.OpAlternate:
		fs := make([]frag, len(t.Sub))
		for i, s := range t.Sub {
			g, ok := regexFrag(n, s, fold)
			if !ok {
				return frag{}, false
			}
			fs[i] = g
		}
		return n.alt(fs...), true
	}
	// Anchors inside the pattern, line anchors, word boundaries.
	return frag{}, false
}
