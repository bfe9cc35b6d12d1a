// Package jsonscan parses JSON into a tree that remembers where every value
// and member name sits in the input: byte spans, RFC 6901 pointers, member
// order and duplicate names, and for each string a map from decoded bytes
// back to the bytes that encoded them.
//
// encoding/json cannot say where a value sits in the file, stops at the
// first type error and silently keeps the last of two duplicate keys; a
// linter needs all three. Report validation (package feedback) and host
// extraction (package host) both read JSON through this package, so a
// malformed document gets the same message from every front end.
//
// The grammar is exactly RFC 8259, plus a leading UTF-8 byte order mark,
// which editors on Windows like to prepend and which carries no meaning.
package jsonscan

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// MaxDepth bounds nesting so hostile input cannot exhaust the stack.
const MaxDepth = 512

// Kind is the JSON type of a Node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Node is one parsed JSON value.
type Node struct {
	Kind Kind
	// Span is the whole value, including quotes or brackets.
	Span diag.Span
	// Raw is the literal text of a scalar or string, quotes included.
	Raw []byte
	// Str is the decoded text of a string.
	Str string
	// Members are an object's members, in document order.
	Members []Member
	// Elems are an array's elements.
	Elems []*Node
}

// Member is one object member.
type Member struct {
	Key     string
	KeySpan diag.Span
	Value   *Node
}

// Get returns the value of the first member named key, or nil when n is
// not an object or has no such member.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, m := range n.Members {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
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

// Document is a parsed JSON document.
type Document struct {
	Root *Node
	// Duplicates lists the second and later occurrences of a member name
	// within one object, in document order.
	Duplicates []Duplicate
}

// Duplicate is a repeated member name.
type Duplicate struct {
	Pointer string
	KeySpan diag.Span
}

// Span returns the span of the value at the JSON pointer ptr; for a
// member that appears more than once, the last value's. It walks the tree,
// so parsing never builds a pointer per value.
func (d *Document) Span(ptr string) (diag.Span, bool) {
	n, _, ok := d.lookup(ptr)
	if !ok {
		return diag.Span{}, false
	}
	return n.Span, true
}

// KeySpan returns the span of the member name whose value is at ptr.
func (d *Document) KeySpan(ptr string) (diag.Span, bool) {
	_, key, ok := d.lookup(ptr)
	if !ok || key == (diag.Span{}) {
		return diag.Span{}, false
	}
	return key, true
}

// lookup finds the node at ptr and, for an object member, its name's span.
// A member repeated in an object resolves to its last value that has the
// rest of the pointer.
func (d *Document) lookup(ptr string) (n *Node, key diag.Span, ok bool) {
	if d == nil || d.Root == nil {
		return nil, diag.Span{}, false
	}
	if ptr == "" {
		return d.Root, diag.Span{}, true
	}
	if ptr[0] != '/' {
		return nil, diag.Span{}, false
	}
	return lookupIn(d.Root, ptr[1:])
}

func lookupIn(n *Node, rest string) (*Node, diag.Span, bool) {
	tok, more, deeper := strings.Cut(rest, "/")
	tok = unescapePointerToken(tok)
	var next []*Node
	var keys []diag.Span
	switch n.Kind {
	case Object:
		for i := len(n.Members) - 1; i >= 0; i-- {
			if n.Members[i].Key == tok {
				next, keys = append(next, n.Members[i].Value), append(keys, n.Members[i].KeySpan)
				if !deeper {
					break
				}
			}
		}
	case Array:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(n.Elems) || strconv.Itoa(i) != tok {
			return nil, diag.Span{}, false
		}
		next, keys = []*Node{n.Elems[i]}, []diag.Span{{}}
	}
	for i, c := range next {
		if !deeper {
			return c, keys[i], true
		}
		if found, key, ok := lookupIn(c, more); ok {
			return found, key, true
		}
	}
	return nil, diag.Span{}, false
}

// unescapePointerToken undoes EscapePointerToken (RFC 6901: ~1 is /, ~0
// is ~).
func unescapePointerToken(t string) string {
	if !strings.Contains(t, "~") {
		return t
	}
	return strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
}

// path is the JSON pointer of the value being parsed, turned into a string
// only when one is needed (an error, a duplicate member), so parsing a
// large document does not build a pointer per value.
type path struct {
	parent  *path
	key     string
	index   int
	isIndex bool
}

// String returns the JSON pointer; the nil path is the root, "".
func (pt *path) String() string {
	if pt == nil {
		return ""
	}
	tok := EscapePointerToken(pt.key)
	if pt.isIndex {
		tok = strconv.Itoa(pt.index)
	}
	return pt.parent.String() + "/" + tok
}

type parser struct {
	// Interned member names: the first few in a slice, searched in
	// order (a JSON Lines line has one or two and a map per line cost
	// more than the names), all of them in a map once there are more.
	keys   []string
	keyMap map[string]string
	data   []byte // the input cut at the value's end; offsets stay offsets in the input
	pos    int
	depth  int
	out    *Document
	raw    bool // string values are checked, not decoded (ScanRange)
	// The document and its first nodes live in the parser's own
	// allocation: a JSON Lines line, parsed by a parser of its own, is
	// mostly an object with one string member (two nodes), and
	// allocating each separately cost more than parsing it.
	doc   Document
	slab  [2]Node
	nslab int
	// The first object's first members live here too, and the first
	// paths to values (a path lives as long as the parse).
	members     [2]Member
	membersUsed bool
	paths       [4]path
	npaths      int
}

// path returns a new path to a value.
func (p *parser) path(pt path) *path {
	if p.npaths < len(p.paths) {
		p.paths[p.npaths] = pt
		p.npaths++
		return &p.paths[p.npaths-1]
	}
	q := new(path)
	*q = pt
	return q
}

// node returns a new node of kind k.
func (p *parser) node(k Kind) *Node {
	if p.nslab < len(p.slab) {
		n := &p.slab[p.nslab]
		p.nslab++
		n.Kind = k
		return n
	}
	return &Node{Kind: k}
}

type parseError struct {
	offset  int
	pointer string
	msg     string
}

// Parse parses one JSON document and records the span of every value.
func Parse(data []byte) (*Document, *SyntaxError) {
	start := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		start = 3
	}
	return ParseRange(data, start, len(data))
}

// ParseRange parses the one JSON value in data[start:end], such as a line
// of a JSON Lines file. Spans and error offsets are offsets in data, so
// they need no shifting.
func ParseRange(data []byte, start, end int) (*Document, *SyntaxError) {
	return new(parser).parse(data, start, end, false)
}

// Scanner parses many values one after another, such as the lines of a
// JSON Lines file, reusing its memory (the parser, its first nodes, the
// member names already seen) from one value to the next. The zero Scanner
// is ready for use.
type Scanner struct{ p parser }

// ScanRange is ParseRange for callers that read string values from their
// spans (Raw) and decode the ones they need themselves: the values are
// checked but not decoded, and their Str is "". Member names are decoded.
// The Document it returns, and its nodes, are only good until the next
// call.
func (s *Scanner) ScanRange(data []byte, start, end int) (*Document, *SyntaxError) {
	// Member names repeat from one value to the next: keep the ones
	// interned (at most a few hundred short ones).
	s.p = parser{keys: s.p.keys, keyMap: s.p.keyMap}
	return s.p.parse(data, start, end, true)
}

func (p *parser) parse(data []byte, start, end int, raw bool) (*Document, *SyntaxError) {
	p.data, p.pos, p.raw = data[:end], start, raw
	p.out = &p.doc
	root, perr := p.value(nil)
	if perr == nil {
		p.skipSpace()
		if p.pos < end {
			perr = &parseError{p.pos, "", "unexpected " + p.describe() + " after the JSON value"}
		}
	}
	if perr != nil {
		line, col := Position(data, perr.offset)
		return nil, &SyntaxError{Offset: perr.offset, Line: line, Column: col, Pointer: perr.pointer, Msg: perr.msg}
	}
	p.out.Root = root
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

func (p *parser) errf(ptr *path, format string, args ...any) *parseError {
	return &parseError{p.pos, ptr.String(), fmt.Sprintf(format, args...)}
}

func (p *parser) value(ptr *path) (*Node, *parseError) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.errf(ptr, "unexpected end of input, want a value")
	}
	start := p.pos
	var n *Node
	var err *parseError
	switch c := p.data[p.pos]; {
	case c == '{':
		n, err = p.object(ptr)
	case c == '[':
		n, err = p.array(ptr)
	case c == '"':
		s, end, e := unquote(p.data, p.pos, nil, !p.raw)
		if e != nil {
			e.pointer = ptr.String()
			return nil, e
		}
		p.pos = end
		n = p.node(String)
		n.Raw, n.Str = p.data[start:end], s
	case c == '-' || (c >= '0' && c <= '9'):
		n, err = p.number(ptr)
	case c == 't':
		n, err = p.literal(ptr, "true", Bool)
	case c == 'f':
		n, err = p.literal(ptr, "false", Bool)
	case c == 'n':
		n, err = p.literal(ptr, "null", Null)
	case c == '\'':
		return nil, p.errf(ptr, "strings must use double quotes, not single quotes")
	default:
		return nil, p.errf(ptr, "unexpected %s, want a value", p.describe())
	}
	if err != nil {
		return nil, err
	}
	n.Span = diag.SpanOf(start, p.pos)
	return n, nil
}

func (p *parser) literal(ptr *path, word string, kind Kind) (*Node, *parseError) {
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) {
		// "tru" and "nope" are not a value at all; say so, not "want true".
		return nil, p.errf(ptr, "unexpected %s, want a value", p.describe())
	}
	start := p.pos
	p.pos += len(word)
	n := p.node(kind)
	n.Raw = p.data[start:p.pos]
	return n, nil
}

// number accepts exactly the RFC 8259 number grammar.
func (p *parser) number(ptr *path) (*Node, *parseError) {
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
		return nil, p.errf(ptr, "invalid number: want a digit")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.errf(ptr, "invalid number: want a digit after the decimal point")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.errf(ptr, "invalid number: want a digit in the exponent")
		}
	}
	n := p.node(Number)
	n.Raw = d[start:p.pos]
	return n, nil
}

func (p *parser) enter(ptr *path) *parseError {
	p.depth++
	if p.depth > MaxDepth {
		return p.errf(ptr, "nesting deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) object(ptr *path) (*Node, *parseError) {
	if err := p.enter(ptr); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := p.node(Object)
	// Duplicates are found by a scan while the object is small and by a
	// map once it is not: most objects have a few members, and a map per
	// object was most of the cost of a large report.
	var seen map[string]bool
	if p.open('}') {
		return n, nil
	}
	if !p.membersUsed {
		// An append past them moves the list out.
		p.membersUsed = true
		n.Members = p.members[:0:len(p.members)]
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errf(ptr, "unexpected end of input, want a member name or '}'")
		}
		if p.data[p.pos] != '"' {
			if p.data[p.pos] == '}' {
				return nil, p.errf(ptr, "trailing comma before '}'")
			}
			return nil, p.errf(ptr, "unexpected %s, want a member name in double quotes", p.describe())
		}
		keyStart := p.pos
		key, end, ok := p.internKey(p.pos)
		if !ok {
			var err *parseError
			if key, end, err = unquote(p.data, p.pos, nil, true); err != nil {
				err.pointer = ptr.String()
				return nil, err
			}
		}
		p.pos = end
		keySpan := diag.SpanOf(keyStart, end)
		childPtr := p.path(path{parent: ptr, key: key})
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errf(childPtr, "unexpected %s, want ':' after member name", p.describe())
		}
		p.pos++
		v, err := p.value(childPtr)
		if err != nil {
			return nil, err
		}
		dup := false
		if seen == nil && len(n.Members) < 16 {
			for _, m := range n.Members {
				if m.Key == key {
					dup = true
					break
				}
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, 2*len(n.Members))
				for _, m := range n.Members {
					seen[m.Key] = true
				}
			}
			dup = seen[key]
			seen[key] = true
		}
		if dup {
			p.out.Duplicates = append(p.out.Duplicates, Duplicate{childPtr.String(), keySpan})
		}
		n.Members = append(n.Members, Member{Key: key, KeySpan: keySpan, Value: v})
		more, err := p.more(ptr, '}', key)
		if err != nil {
			return nil, err
		}
		if !more {
			return n, nil
		}
	}
}

func (p *parser) array(ptr *path) (*Node, *parseError) {
	if err := p.enter(ptr); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := p.node(Array)
	if p.open(']') {
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			return nil, p.errf(ptr, "trailing comma before ']'")
		}
		v, err := p.value(p.path(path{parent: ptr, index: len(n.Elems), isIndex: true}))
		if err != nil {
			return nil, err
		}
		n.Elems = append(n.Elems, v)
		more, err := p.more(ptr, ']', "")
		if err != nil {
			return nil, err
		}
		if !more {
			return n, nil
		}
	}
}

// open steps over the opening bracket of an object or array and reports
// whether the closing one follows at once (and steps over it too).
func (p *parser) open(close byte) bool {
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == close {
		p.pos++
		return true
	}
	return false
}

// more reads what follows a member (key) or an element: a comma, and
// more follow, or the closing bracket, and the object or array is done.
func (p *parser) more(ptr *path, close byte, key string) (bool, *parseError) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return false, p.errf(ptr, "unexpected end of input, want ',' or '%c'", close)
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		return true, nil
	case close:
		p.pos++
		return false, nil
	}
	if close == '}' {
		return false, p.errf(ptr, "unexpected %s, want ',' or '}' after member %q", p.describe(), key)
	}
	return false, p.errf(ptr, "unexpected %s, want ',' or ']'", p.describe())
}

// plainEnd returns the offset of the closing quote of a string literal
// whose content starts at from, if the content is printable ASCII without
// escapes; -1 otherwise.
func plainEnd(data []byte, from int) int {
	for i := from; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			return i
		case c == '\\' || c < 0x20 || c >= 0x80:
			return -1
		}
	}
	return -1
}

// internKey returns the member name at data[pos] without allocating when
// it is one already seen in this document, or by this Scanner (member
// names repeat: every entry of a top list has "metric" and "requests").
func (p *parser) internKey(pos int) (string, int, bool) {
	end := plainEnd(p.data, pos+1)
	if end < 0 || end-pos-1 > 64 {
		return "", 0, false
	}
	raw := p.data[pos+1 : end]
	if p.keyMap == nil {
		for _, k := range p.keys {
			if k == string(raw) {
				return k, end + 1, true
			}
		}
		if len(p.keys) < 8 {
			k := string(raw)
			p.keys = append(p.keys, k)
			return k, end + 1, true
		}
		p.keyMap = make(map[string]string, 2*len(p.keys))
		for _, k := range p.keys {
			p.keyMap[k] = k
		}
	}
	if k, ok := p.keyMap[string(raw)]; ok {
		return k, end + 1, true
	}
	if len(p.keyMap) >= 256 {
		return "", 0, false
	}
	k := string(raw)
	p.keyMap[k] = k
	return k, end + 1, true
}

// OffsetMap records, for each byte of a decoded string, the span of source
// bytes it came from, so a position inside the decoded text can be mapped
// back through escapes such as \" or \u00e9 to the file.
type OffsetMap struct {
	start, end []int // absolute source offsets, one entry per decoded byte
	close      int   // offset of the closing quote
}

// unquote decodes the JSON string literal starting at data[pos] (which must
// be '"'). It returns the decoded text and the offset just after the closing
// quote. When m is non-nil it is filled in. Invalid UTF-8 and unpaired
// surrogates become U+FFFD, as encoding/json does. With decode false it
// only checks the literal and returns "" for the text.
func unquote(data []byte, pos int, m *OffsetMap, decode bool) (string, int, *parseError) {
	if m == nil {
		// Most strings have no escape and are ASCII: one exact copy.
		if i := plainEnd(data, pos+1); i >= 0 {
			if !decode {
				return "", i + 1, nil
			}
			return string(data[pos+1 : i]), i + 1, nil
		}
	}
	var b strings.Builder
	if decode {
		b.Grow(encodedLen(data, pos+1))
	}
	// emit writes the bytes decoded from data[from:to]; each maps to it.
	emit := func(s []byte, from, to int) {
		if decode {
			b.Write(s)
		}
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
			e := data[i+1]
			if esc := Escapes[e]; esc != 0 {
				emit([]byte{esc}, i, i+2)
				i += 2
				continue
			}
			if e != 'u' {
				return "", 0, &parseError{offset: i, msg: fmt.Sprintf("invalid escape \\%c in string", e)}
			}
			r, end, ok := DecodeUnicodeEscape(data, i)
			if !ok {
				return "", 0, &parseError{offset: i, msg: `invalid \u escape: want four hex digits`}
			}
			var enc [utf8.UTFMax]byte
			emit(enc[:utf8.EncodeRune(enc[:], r)], i, end)
			i = end
		case c < 0x20:
			return "", 0, &parseError{offset: i, msg: "control character in string; write it as an escape such as \\n"}
		case c < utf8.RuneSelf:
			// A run of ASCII that stands for itself is copied whole.
			j := i + 1
			for j < len(data) && data[j] >= 0x20 && data[j] < utf8.RuneSelf && data[j] != '"' && data[j] != '\\' {
				j++
			}
			if decode {
				b.Write(data[i:j])
			}
			if m != nil {
				for k := i; k < j; k++ {
					m.start = append(m.start, k)
					m.end = append(m.end, k+1)
				}
			}
			i = j
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				emit([]byte(string(utf8.RuneError)), i, i+1)
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

// encodedLen returns the length of the string literal whose content starts
// at data[from], up to its closing quote or the end of data: the decoded
// text is rarely longer, so it sizes the buffer once.
func encodedLen(data []byte, from int) int {
	i := from
	for i < len(data) && data[i] != '"' {
		if data[i] == '\\' {
			i++
		}
		i++
	}
	return min(i, len(data)) - from
}

// Escapes maps the byte after a backslash to the byte a one-byte JSON
// escape (RFC 8259) stands for, and to 0 where there is none; \u is
// decoded by [DecodeUnicodeEscape].
var Escapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// DecodeUnicodeEscape decodes the \uXXXX escape whose backslash is data[i],
// with the \uXXXX that follows when the first is a UTF-16 high surrogate.
// A surrogate left unpaired decodes to U+FFFD, as in encoding/json. It
// returns the rune and the offset after the escape or pair; ok is false
// when four hex digits do not follow the \u.
func DecodeUnicodeEscape(data []byte, i int) (r rune, end int, ok bool) {
	r, ok = hex4(data, i+2)
	if !ok {
		return 0, i, false
	}
	end = i + 6
	if utf16.IsSurrogate(r) {
		r2 := rune(-1)
		if end+1 < len(data) && data[end] == '\\' && data[end+1] == 'u' {
			if v, ok := hex4(data, end+2); ok {
				r2 = v
			}
		}
		if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
			r = dec
			end += 6
		} else {
			r = utf8.RuneError
		}
	}
	return r, end, true
}

// hex4 reads four hex digits at data[at].
func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Unquote decodes the JSON string literal at data[pos] (which must be '"')
// and maps its bytes: the decoded text, the offset just after the closing
// quote and the map from decoded bytes to source bytes.
func Unquote(data []byte, pos int) (string, int, *OffsetMap, *SyntaxError) {
	m := &OffsetMap{}
	s, end, err := unquote(data, pos, m, true)
	if err != nil {
		line, col := Position(data, err.offset)
		return "", 0, nil, &SyntaxError{Offset: err.offset, Line: line, Column: col, Msg: err.msg}
	}
	return s, end, m, nil
}

// MapSpan maps a half-open byte span of the decoded string to the source.
// A decoded byte that came from an escape maps to the whole escape, so a
// finding never splits "\u00e9" or "\"".
func (m *OffsetMap) MapSpan(s diag.Span) diag.Span {
	n := len(m.start)
	start := max(0, min(int(s.Start), n))
	end := max(start, min(int(s.End), n))
	var out diag.Span
	if start == n {
		out.Start = diag.Pos(m.close)
	} else {
		out.Start = diag.Pos(m.start[start])
	}
	if end == start {
		out.End = out.Start
	} else {
		out.End = diag.Pos(m.end[end-1])
	}
	return out
}

// EscapePointerToken escapes one reference token per RFC 6901.
func EscapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// ParentPointer returns the pointer of the containing value.
func ParentPointer(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return ""
}
