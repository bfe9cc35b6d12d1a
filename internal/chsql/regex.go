package chsql

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/check"
)

// Regex translates a Rust-dialect pattern (as the engine and package eval
// read it: Unicode mode off, so `.`, classes and (?i) work on bytes and
// ASCII) into a pattern for ClickHouse's match(), which runs re2 in UTF-8
// mode with `.` matching newlines. The translation is exact or it fails
// with the reason:
//
//   - `.` becomes `[^\n]` (or stays `.` under the s flag): ClickHouse turns
//     on dot-matches-newline for match().
//   - Case-insensitivity is expanded by hand: a letter becomes `[aA]` and a
//     class gets both cases. re2 folds Unicode too (`k` matches the Kelvin
//     sign, `s` matches ſ), and 18.16 mishandles a leading `(?i)`, so no
//     (?i) is ever written.
//   - `\s` becomes `[\t\n\v\f\r ]` (Rust's ASCII \s has \v; re2's has not).
//   - Atoms that match non-ASCII input (`.`, negated classes, \D, \S, \W)
//     match one byte in the engine but one UTF-8 character in re2. They are
//     translated only when repeated with `*` or `+` (a run of such bytes
//     between ASCII atoms is a run of such characters), and not two such
//     runs side by side, counting across group brackets, alternatives and
//     zero-width assertions, nor a repeated group holding one repeated
//     with +; `.` alone, `.?`, `.{3}`, `.+.+` or `(.+){2}` are refused.
//   - Non-ASCII bytes in the pattern, NUL bytes, and the flags m, U, x, u
//     and R are refused.
func Regex(p string) (string, error) {
	t := &reTrans{p: p, flags: []reFlags{{}}}
	if err := t.run(); err != nil {
		return "", err
	}
	return t.out.String(), nil
}

// reFlags is one open group: its flags, and what the adjacency rule for
// atoms that match non-ASCII input needs to know about it.
type reFlags struct {
	i, s bool
	// startWide is lastWide when the group opened (each alternative
	// starts after it); endsWide is set when an alternative ended with
	// such an atom; widePlus when the group holds one repeated with +.
	startWide, endsWide, widePlus bool
}

type reTrans struct {
	p     string
	i     int
	out   strings.Builder
	flags []reFlags // one per open group; the last is current
	// lastWide is set after a repeated atom that matches non-ASCII input
	// (zero-width atoms and group brackets do not clear it).
	lastWide bool
	// groupWidePlus is set right after a group that holds such an atom
	// repeated with +: repeating the group could split a character.
	groupWidePlus bool
}

func (t *reTrans) cur() *reFlags { return &t.flags[len(t.flags)-1] }

func (t *reTrans) run() error {
	for t.i < len(t.p) {
		c := t.p[t.i]
		switch {
		case c >= 0x80:
			return fmt.Errorf("the pattern has a non-ASCII byte (0x%02X): ClickHouse's re2 matches UTF-8 characters where the engine matches bytes", c)
		case c == 0:
			return fmt.Errorf("the pattern has a NUL byte, which ClickHouse's match() does not accept")
		case c == '(':
			if err := t.group(); err != nil {
				return err
			}
			continue
		case c == ')':
			if len(t.flags) > 1 {
				fr := t.flags[len(t.flags)-1]
				t.flags = t.flags[:len(t.flags)-1]
				t.lastWide = t.lastWide || fr.endsWide
				t.groupWidePlus = fr.widePlus
				t.cur().widePlus = t.cur().widePlus || fr.widePlus
			}
			t.out.WriteByte(')')
			t.i++
			continue
		case c == '|':
			fr := t.cur()
			fr.endsWide = fr.endsWide || t.lastWide
			t.lastWide = fr.startWide
			t.groupWidePlus = false
			t.out.WriteByte('|')
			t.i++
			continue
		case c == '^' || c == '$':
			t.groupWidePlus = false
			t.out.WriteByte(c)
			t.i++
			continue
		case c == '*' || c == '+' || c == '?' || c == '{' && t.isRepeat(t.i):
			// A quantifier after a group or an anchor: copied as is,
			// unless it repeats a group whose runs could meet.
			q := t.quantifier()
			if t.groupWidePlus && strings.TrimSuffix(q, "?") != "" {
				return fmt.Errorf("`%s` repeats a group with an atom that matches non-ASCII input repeated by +; the repetitions can split a UTF-8 character in the engine but not in ClickHouse", q)
			}
			t.groupWidePlus = false
			t.out.WriteString(q)
			continue
		}
		t.groupWidePlus = false
		atom, wide, err := t.atom()
		if err != nil {
			return err
		}
		q := t.quantifier()
		if atom.zero {
			t.out.WriteString(atom.sql)
			t.out.WriteString(q)
			continue
		}
		if wide {
			switch strings.TrimSuffix(q, "?") {
			case "*", "+", "{0,}", "{1,}":
			default:
				return fmt.Errorf("`%s` matches one byte in the engine but one UTF-8 character in ClickHouse; it translates only when repeated with * or +", atom.src)
			}
			if t.lastWide {
				return fmt.Errorf("`%s%s` follows another repeated atom that matches non-ASCII input; the two can split a UTF-8 character in the engine but not in ClickHouse", atom.src, q)
			}
			if q2 := strings.TrimSuffix(q, "?"); q2 == "+" || q2 == "{1,}" {
				t.cur().widePlus = true
			}
		}
		t.lastWide = wide
		t.out.WriteString(atom.sql)
		t.out.WriteString(q)
	}
	return nil
}

type reAtom struct {
	src, sql string
	zero     bool // zero-width: \b, \B, \A, \z
}

// isRepeat reports whether a '{' at j starts a counted repetition.
func (t *reTrans) isRepeat(j int) bool {
	k := strings.IndexByte(t.p[j:], '}')
	if k < 0 {
		return false
	}
	body := t.p[j+1 : j+k]
	if body == "" {
		return false
	}
	for _, part := range strings.SplitN(body, ",", 2) {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return body[0] != ','
}

// quantifier reads an optional quantifier with its lazy marker.
func (t *reTrans) quantifier() string {
	start := t.i
	if t.i < len(t.p) {
		switch c := t.p[t.i]; {
		case c == '*' || c == '+' || c == '?':
			t.i++
		case c == '{' && t.isRepeat(t.i):
			t.i += strings.IndexByte(t.p[t.i:], '}') + 1
		default:
			return ""
		}
		if t.i < len(t.p) && t.p[t.i] == '?' {
			t.i++
		}
	}
	return t.p[start:t.i]
}

// group handles '(' with its optional flags or non-capturing marker.
func (t *reTrans) group() error {
	t.groupWidePlus = false
	rest := t.p[t.i+1:]
	if !strings.HasPrefix(rest, "?") {
		t.flags = append(t.flags, t.open())
		t.out.WriteByte('(')
		t.i++
		return nil
	}
	j := 1
	for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] == '-') {
		j++
	}
	if j >= len(rest) || rest[j] != ')' && rest[j] != ':' {
		// Named groups (?P<name>…) and the like: copy the opening.
		if strings.HasPrefix(rest, "?P<") || strings.HasPrefix(rest, "?<") {
			k := strings.IndexByte(rest, '>')
			if k < 0 {
				return fmt.Errorf("invalid group name")
			}
			t.flags = append(t.flags, t.open())
			t.out.WriteString("(?P<" + rest[strings.IndexByte(rest, '<')+1:k] + ">")
			t.i += 1 + k + 1
			return nil
		}
		return fmt.Errorf("unsupported group syntax `(%s`", rest[:j])
	}
	f := *t.cur()
	on := true
	for _, ch := range rest[1:j] {
		switch ch {
		case '-':
			on = false
		case 'i':
			f.i = on
		case 's':
			f.s = on
		default:
			return fmt.Errorf("regex flag %c is not translated to ClickHouse", ch)
		}
	}
	if rest[j] == ')' {
		t.cur().i, t.cur().s = f.i, f.s
		t.i += 1 + j + 1
		return nil
	}
	fr := t.open()
	fr.i, fr.s = f.i, f.s
	t.flags = append(t.flags, fr)
	t.out.WriteString("(?:")
	t.i += 1 + j + 1
	return nil
}

// open returns the frame of a group opening here: the current flags.
func (t *reTrans) open() reFlags {
	return reFlags{i: t.cur().i, s: t.cur().s, startWide: t.lastWide}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func swapCase(c byte) byte { return c ^ 0x20 }

// lit writes one literal byte c (ASCII) as re2 text.
func lit(c byte) string {
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '_':
		return string(c)
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf(`\x{%02X}`, c)
	}
	return `\` + string(c)
}

// atom reads one atom outside a class: a literal, an escape, `.` or a class.
// wide reports that it can match non-ASCII input.
func (t *reTrans) atom() (reAtom, bool, error) {
	start := t.i
	f := t.cur()
	c := t.p[t.i]
	switch c {
	case '.':
		t.i++
		if f.s {
			return reAtom{src: ".", sql: "."}, true, nil
		}
		return reAtom{src: ".", sql: `[^\n]`}, true, nil
	case '[':
		sql, wide, err := t.class()
		return reAtom{src: t.p[start:t.i], sql: sql}, wide, err
	case '\\':
		if t.i+1 >= len(t.p) {
			return reAtom{}, false, fmt.Errorf("the pattern ends with a backslash")
		}
		e := t.p[t.i+1]
		t.i += 2
		src := t.p[start:t.i]
		switch e {
		case 's':
			return reAtom{src: src, sql: `[\t\n\v\f\r ]`}, false, nil
		case 'S':
			return reAtom{src: src, sql: `[^\t\n\v\f\r ]`}, true, nil
		case 'D', 'W':
			return reAtom{src: src, sql: src}, true, nil
		case 'b', 'B', 'A', 'z':
			return reAtom{src: src, sql: src, zero: true}, false, nil
		case 'd', 'w':
			return reAtom{src: src, sql: src}, false, nil
		case 'x':
			v, n, err := check.RegexHexEscape(t.p[t.i:])
			if err != nil {
				return reAtom{}, false, err
			}
			t.i += n
			if v >= 0x80 {
				return reAtom{}, false, fmt.Errorf("`%s` is a non-ASCII byte: ClickHouse's re2 matches UTF-8 characters where the engine matches bytes", t.p[start:t.i])
			}
			return reAtom{src: t.p[start:t.i], sql: t.letter(byte(v))}, false, nil
		case 'n', 't', 'r', 'f', 'v', 'a':
			return reAtom{src: src, sql: src}, false, nil
		}
		if e >= 0x80 || isLetter(e) || e >= '0' && e <= '9' {
			return reAtom{}, false, fmt.Errorf("escape `%s` is not translated to ClickHouse", src)
		}
		return reAtom{src: src, sql: `\` + string(e)}, false, nil
	}
	t.i++
	return reAtom{src: string(c), sql: t.letter(c)}, false, nil
}

// letter writes the literal byte c, as both cases under the i flag.
func (t *reTrans) letter(c byte) string {
	if t.cur().i && isLetter(c) {
		return "[" + string(c) + string(swapCase(c)) + "]"
	}
	return lit(c)
}

// class translates a bracket class starting at t.i.
func (t *reTrans) class() (string, bool, error) {
	start := t.i
	fold := t.cur().i
	t.i++ // '['
	neg := false
	if t.i < len(t.p) && t.p[t.i] == '^' {
		neg = true
		t.i++
	}
	var b strings.Builder
	wide := neg
	first := true
	for {
		if t.i >= len(t.p) {
			return "", false, fmt.Errorf("unterminated character class")
		}
		c := t.p[t.i]
		if c == ']' && !first {
			t.i++
			break
		}
		first = false
		if c == '[' {
			if strings.HasPrefix(t.p[t.i:], "[:") {
				if j := strings.Index(t.p[t.i:], ":]"); j > 0 {
					name := t.p[t.i : t.i+j+2]
					if fold {
						return "", false, fmt.Errorf("POSIX class %s under the i flag is not translated", name)
					}
					if strings.HasPrefix(name, "[:^") {
						wide = true
					}
					b.WriteString(name)
					t.i += j + 2
					continue
				}
			}
			return "", false, fmt.Errorf("nested character classes are not supported")
		}
		lo, isChar, esc, err := t.classItem()
		if err != nil {
			return "", false, err
		}
		if !isChar {
			if esc == `\S` || esc == `\D` || esc == `\W` {
				wide = true
			}
			if esc == `\s` {
				esc = `\t\n\v\f\r `
			}
			if esc == `\S` {
				return "", false, fmt.Errorf("`\\S` inside a class is not translated (Rust's \\s has \\v, re2's has not)")
			}
			b.WriteString(esc)
			continue
		}
		hi := lo
		if t.i+1 < len(t.p) && t.p[t.i] == '-' && t.p[t.i+1] != ']' {
			t.i++
			h, isC, _, err := t.classItem()
			if err != nil {
				return "", false, err
			}
			if !isC {
				return "", false, fmt.Errorf("bad range in character class")
			}
			hi = h
		}
		if lo >= 0x80 || hi >= 0x80 {
			return "", false, fmt.Errorf("the class %s has non-ASCII bytes: ClickHouse's re2 matches UTF-8 characters where the engine matches bytes", t.p[start:])
		}
		writeRange(&b, lo, hi)
		if fold {
			switch {
			case lo == hi && isLetter(lo):
				writeRange(&b, swapCase(lo), swapCase(lo))
			case isLetter(lo) && isLetter(hi) && (lo >= 'a') == (hi >= 'a'):
				writeRange(&b, swapCase(lo), swapCase(hi))
			case lo != hi && lo <= 'z' && hi >= 'A':
				return "", false, fmt.Errorf("the range %s-%s under the i flag is not translated", lit(lo), lit(hi))
			}
		}
	}
	prefix := "["
	if neg {
		prefix = "[^"
	}
	return prefix + b.String() + "]", wide, nil
}

func writeRange(b *strings.Builder, lo, hi byte) {
	b.WriteString(classLit(lo))
	if hi != lo {
		b.WriteByte('-')
		b.WriteString(classLit(hi))
	}
}

func classLit(c byte) string {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
		return string(c)
	}
	return fmt.Sprintf(`\x{%02X}`, c)
}

// classItem reads one class item: a byte (isChar) or a class escape.
func (t *reTrans) classItem() (c byte, isChar bool, esc string, err error) {
	ch := t.p[t.i]
	if ch >= 0x80 {
		return 0, false, "", fmt.Errorf("the pattern has a non-ASCII byte (0x%02X): ClickHouse's re2 matches UTF-8 characters where the engine matches bytes", ch)
	}
	if ch == 0 {
		return 0, false, "", fmt.Errorf("the pattern has a NUL byte, which ClickHouse's match() does not accept")
	}
	if ch != '\\' {
		t.i++
		return ch, true, "", nil
	}
	if t.i+1 >= len(t.p) {
		return 0, false, "", fmt.Errorf("the pattern ends with a backslash")
	}
	e := t.p[t.i+1]
	t.i += 2
	switch e {
	case 'd', 'D', 'w', 'W', 's', 'S':
		return 0, false, `\` + string(e), nil
	case 'n':
		return '\n', true, "", nil
	case 't':
		return '\t', true, "", nil
	case 'r':
		return '\r', true, "", nil
	case 'f':
		return '\f', true, "", nil
	case 'v':
		return '\v', true, "", nil
	case 'a':
		return 7, true, "", nil
	case 'x':
		v, n, err := check.RegexHexEscape(t.p[t.i:])
		if err != nil {
			return 0, false, "", err
		}
		t.i += n
		if v > 0xFF {
			return 0, false, "", fmt.Errorf("escape is not a byte")
		}
		return byte(v), true, "", nil
	}
	if isLetter(e) || e >= '0' && e <= '9' || e >= 0x80 {
		return 0, false, "", fmt.Errorf("escape `\\%c` in a class is not translated to ClickHouse", e)
	}
	return e, true, "", nil
}
