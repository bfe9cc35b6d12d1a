package feedback

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small JSON parser. encoding/json cannot tell us where a
// value sits in the file, stops at the first type error and silently keeps
// the last of two duplicate keys; a linter needs all three, so we parse into
// a tree that remembers byte spans and member order.

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 512

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is one parsed JSON value.
type jnode struct {
	kind    jkind
	span    Span   // the whole value, including quotes or brackets
	raw     []byte // the literal text for scalars
	str     string // decoded text for strings
	members []jmember
	elems   []*jnode
}

// jmember is one object member, in document order.
type jmember struct {
	key     string
	keySpan Span
	value   *jnode
}

// SyntaxError describes malformed JSON. Line and Column are 1-based; the
// column counts characters (runes), not bytes.
type SyntaxError struct {
	// Offset is the byte offset of the error.
	Offset int
	// Line and Column locate Offset for people.
	Line, Column int
	// Pointer is the JSON pointer of the value being parsed when the error
	// was found, so an error deep inside a histogram can be attributed.
	Pointer string
	// Msg describes what was wrong.
	Msg string
}

// Error implements error, prefixing the message with line:column.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Position converts a byte offset in data to a 1-based line and column. The
// column counts runes so that it matches what editors show for UTF-8 text.
// Offsets past the end are clamped.
func Position(data []byte, offset int) (line, column int) {
	if offset > len(data) {
		offset = len(data)
	}
	if offset < 0 {
		offset = 0
	}
	line, column = 1, 1
	for i := 0; i < offset; {
		if data[i] == '\n' {
			line++
			column = 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(data[i:])
		i += size
		column++
	}
	return line, column
}

// parsed is the result of parseJSON.
type parsed struct {
	root     *jnode
	spans    map[string]Span // pointer → value span
	keySpans map[string]Span // pointer → key span of the member holding it
	dups     []dupKey
}

type dupKey struct {
	pointer string
	keySpan Span
}

type parser struct {
	data  []byte
	pos   int
	depth int
	out   *parsed
}

type parseError struct {
	offset  int
	pointer string
	msg     string
}

// parseJSON parses one JSON document and records the span of every value.
func parseJSON(data []byte) (*parsed, *SyntaxError) {
	p := &parser{data: data, out: &parsed{spans: map[string]Span{}, keySpans: map[string]Span{}}}
	// Editors on Windows like to prepend a BOM; it carries no meaning.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
	}
	root, perr := p.value("")
	if perr == nil {
		p.skipSpace()
		if p.pos < len(data) {
			perr = &parseError{p.pos, "", "unexpected " + p.describe() + " after the top-level value"}
		}
	}
	if perr != nil {
		line, col := Position(data, perr.offset)
		return nil, &SyntaxError{Offset: perr.offset, Line: line, Column: col, Pointer: perr.pointer, Msg: perr.msg}
	}
	p.out.root = root
	return p.out, nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// describe names the byte at the current position for error messages.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", p.data[p.pos])
	}
	return strconv.QuoteRune(r)
}

func (p *parser) errf(ptr, format string, args ...any) *parseError {
	return &parseError{p.pos, ptr, fmt.Sprintf(format, args...)}
}

func (p *parser) value(ptr string) (*jnode, *parseError) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.errf(ptr, "unexpected end of input, expected a value")
	}
	start := p.pos
	var n *jnode
	var err *parseError
	switch c := p.data[p.pos]; {
	case c == '{':
		n, err = p.object(ptr)
	case c == '[':
		n, err = p.array(ptr)
	case c == '"':
		s, end, e := unquote(p.data, p.pos, nil)
		if e != nil {
			e.pointer = ptr
			return nil, e
		}
		p.pos = end
		n = &jnode{kind: jString, raw: p.data[start:end], str: s}
	case c == '-' || (c >= '0' && c <= '9'):
		n, err = p.number(ptr)
	case c == 't':
		n, err = p.literal(ptr, "true", jBool)
	case c == 'f':
		n, err = p.literal(ptr, "false", jBool)
	case c == 'n':
		n, err = p.literal(ptr, "null", jNull)
	case c == '\'':
		return nil, p.errf(ptr, "strings must use double quotes, not single quotes")
	default:
		return nil, p.errf(ptr, "unexpected %s, expected a value", p.describe())
	}
	if err != nil {
		return nil, err
	}
	n.span = Span{start, p.pos}
	p.out.spans[ptr] = n.span
	return n, nil
}

func (p *parser) literal(ptr, word string, kind jkind) (*jnode, *parseError) {
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) {
		return nil, p.errf(ptr, "invalid literal, expected %s", word)
	}
	start := p.pos
	p.pos += len(word)
	return &jnode{kind: kind, raw: p.data[start:p.pos]}, nil
}

// number accepts exactly the RFC 8259 number grammar.
func (p *parser) number(ptr string) (*jnode, *parseError) {
	start := p.pos
	d := p.data
	digits := func() int {
		n := 0
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if d[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(d) && d[p.pos] == '0' {
		p.pos++
		if p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			return nil, p.errf(ptr, "numbers must not have leading zeros")
		}
	} else if digits() == 0 {
		return nil, p.errf(ptr, "invalid number: expected a digit")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.errf(ptr, "invalid number: expected a digit after the decimal point")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.errf(ptr, "invalid number: expected a digit in the exponent")
		}
	}
	return &jnode{kind: jNumber, raw: d[start:p.pos]}, nil
}

func (p *parser) enter(ptr string) *parseError {
	p.depth++
	if p.depth > maxDepth {
		return p.errf(ptr, "nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) object(ptr string) (*jnode, *parseError) {
	if err := p.enter(ptr); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++ // '{'
	n := &jnode{kind: jObject}
	seen := map[string]bool{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errf(ptr, "unexpected end of input, expected a member name or '}'")
		}
		if p.data[p.pos] != '"' {
			if p.data[p.pos] == '}' {
				return nil, p.errf(ptr, "trailing comma before '}'")
			}
			return nil, p.errf(ptr, "unexpected %s, expected a member name in double quotes", p.describe())
		}
		keyStart := p.pos
		key, end, err := unquote(p.data, p.pos, nil)
		if err != nil {
			err.pointer = ptr
			return nil, err
		}
		p.pos = end
		keySpan := Span{keyStart, end}
		childPtr := ptr + "/" + escapePointerToken(key)
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errf(childPtr, "unexpected %s, expected ':' after member name", p.describe())
		}
		p.pos++
		v, err := p.value(childPtr)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			p.out.dups = append(p.out.dups, dupKey{childPtr, keySpan})
		}
		seen[key] = true
		p.out.keySpans[childPtr] = keySpan
		n.members = append(n.members, jmember{key: key, keySpan: keySpan, value: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errf(ptr, "unexpected end of input, expected ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return n, nil
		default:
			return nil, p.errf(ptr, "unexpected %s, expected ',' or '}' after member %q", p.describe(), key)
		}
	}
}

func (p *parser) array(ptr string) (*jnode, *parseError) {
	if err := p.enter(ptr); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++ // '['
	n := &jnode{kind: jArray}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			return nil, p.errf(ptr, "trailing comma before ']'")
		}
		v, err := p.value(ptr + "/" + strconv.Itoa(len(n.elems)))
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errf(ptr, "unexpected end of input, expected ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return n, nil
		default:
			return nil, p.errf(ptr, "unexpected %s, expected ',' or ']'", p.describe())
		}
	}
}

// offsetMap records, for each byte of a decoded string, the span of source
// bytes it came from, so a position inside the decoded text can be mapped
// back through escapes such as \" or \u00e9 to the file.
type offsetMap struct {
	start, end []int // absolute source offsets, one entry per decoded byte
	close      int   // offset of the closing quote
}

// unquote decodes the JSON string literal starting at data[pos] (which must
// be '"'). It returns the decoded text and the offset just after the closing
// quote. When m is non-nil it is filled in. Invalid UTF-8 and unpaired
// surrogates become U+FFFD, as encoding/json does.
func unquote(data []byte, pos int, m *offsetMap) (string, int, *parseError) {
	var b strings.Builder
	emit := func(s []byte, from, to int) {
		b.Write(s)
		if m != nil {
			for range s {
				m.start = append(m.start, from)
				m.end = append(m.end, to)
			}
		}
	}
	i := pos + 1
	for {
		if i >= len(data) {
			return "", 0, &parseError{offset: i, msg: "unexpected end of input inside a string"}
		}
		c := data[i]
		switch {
		case c == '"':
			if m != nil {
				m.close = i
			}
			return b.String(), i + 1, nil
		case c == '\\':
			if i+1 >= len(data) {
				return "", 0, &parseError{offset: i, msg: "unexpected end of input inside a string escape"}
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				emit([]byte{e}, i, i+2)
				i += 2
			case 'b', 'f', 'n', 'r', 't':
				emit([]byte{map[byte]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[e]}, i, i+2)
				i += 2
			case 'u':
				r, ok := hex4(data, i+2)
				if !ok {
					return "", 0, &parseError{offset: i, msg: `invalid \u escape: expected four hex digits`}
				}
				end := i + 6
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if end+1 < len(data) && data[end] == '\\' && data[end+1] == 'u' {
						r2, ok2 = hex4(data, end+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						r = dec
						end += 6
					} else {
						r = utf8.RuneError
					}
				}
				emit(utf8.AppendRune(nil, r), i, end)
				i = end
			default:
				return "", 0, &parseError{offset: i, msg: fmt.Sprintf("invalid escape \\%c in string", e)}
			}
		case c < 0x20:
			return "", 0, &parseError{offset: i, msg: "control character in string; write it as an escape such as \\n"}
		case c < utf8.RuneSelf:
			emit([]byte{c}, i, i+1)
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				emit(utf8.AppendRune(nil, utf8.RuneError), i, i+1)
				i++
				continue
			}
			// Copied bytes map one to one, so a span can start mid-rune
			// and still land on the right byte.
			for k := 0; k < size; k++ {
				emit(data[i+k:i+k+1], i+k, i+k+1)
			}
			i += size
		}
	}
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(v), true
}

// mapSpan maps a half-open byte span of the decoded string to the source.
// A decoded byte that came from an escape maps to the whole escape, so a
// finding never splits "\u00e9" or "\"".
func (m *offsetMap) mapSpan(s Span) Span {
	n := len(m.start)
	s.Start = max(0, min(s.Start, n))
	s.End = max(s.Start, min(s.End, n))
	var out Span
	if s.Start == n {
		out.Start = m.close
	} else {
		out.Start = m.start[s.Start]
	}
	if s.End == s.Start {
		out.End = out.Start
	} else {
		out.End = m.end[s.End-1]
	}
	return out
}

// escapePointerToken escapes one reference token per RFC 6901.
func escapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// validPointer reports whether s is a syntactically valid JSON pointer.
func validPointer(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i+1 >= len(s) || (s[i+1] != '0' && s[i+1] != '1')) {
			return false
		}
	}
	return true
}

// parentPointer returns the pointer of the containing value.
func parentPointer(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return ""
}
