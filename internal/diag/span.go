package diag

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a byte offset into the source text of an expression. Positions stay
// byte offsets everywhere inside wflint and are converted to lines and
// columns only at the edges (CLI output, LSP), as go/token does.
type Pos int

// Span is the half-open byte range [Start, End) of a node or token.
type Span struct {
	Start Pos
	End   Pos
}

// Contains reports whether the byte offset p lies inside the span. The end
// offset counts as inside so that a cursor just after a token still finds it.
func (s Span) Contains(p Pos) bool { return s.Start <= p && p <= s.End }

// Shift returns the span moved by delta bytes.
func (s Span) Shift(delta Pos) Span { return Span{s.Start + delta, s.End + delta} }

// Cover returns the smallest span holding both s and o.
func (s Span) Cover(o Span) Span {
	if o.Start < s.Start {
		s.Start = o.Start
	}
	if o.End > s.End {
		s.End = o.End
	}
	return s
}

// Clamp returns the span kept inside a text of n bytes, with End never
// before Start.
func (s Span) Clamp(n int) Span {
	s.Start, s.End = Pos(clamp(int(s.Start), n)), Pos(clamp(int(s.End), n))
	if s.End < s.Start {
		s.End = s.Start
	}
	return s
}

// Text returns the part of src that the span covers, clamped to src.
func (s Span) Text(src string) string {
	start, end := clamp(int(s.Start), len(src)), clamp(int(s.End), len(src))
	if end < start {
		return ""
	}
	return src[start:end]
}

func clamp(v, n int) int {
	if v < 0 {
		return 0
	}
	if v > n {
		return n
	}
	return v
}

// Position is a human-facing location. Line is 1-based. The three column
// fields are 1-based and count the same column in different units: bytes
// (what the wirefilter engine reports), Unicode code points (what a terminal
// user counts), and UTF-16 code units (what LSP counts by default).
type Position struct {
	Offset     Pos
	Line       int
	ByteCol    int
	RuneCol    int
	UTF16Col   int
	LineOffset Pos // byte offset of the start of the line
}

// LineIndex converts byte offsets into line/column positions and back. Build
// it once per source text; lookups are O(log lines) plus the line's length,
// or O(log lines) for ASCII text, where every column unit is a byte (an
// editor asks for many positions on long one-line expressions).
type LineIndex struct {
	src   string
	lines []int // byte offset of the start of each line
	ascii bool  // no byte >= 0x80
}

// NewLineIndex indexes src. Lines end at "\n"; a "\r" before it belongs to
// the line, which matches how editors count a CRLF line ending.
func NewLineIndex(src string) *LineIndex {
	// The library's byte search and a word-at-a-time ASCII test: a
	// linted file can be tens of megabytes.
	lines := make([]int, 1, strings.Count(src, "\n")+1)
	for i := 0; ; {
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, i)
	}
	return &LineIndex{src: src, lines: lines, ascii: isASCII(src)}
}

// isASCII reports whether s has no byte >= 0x80.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// LineText returns the text of 1-based line n without its line ending.
func (x *LineIndex) LineText(n int) string {
	if n < 1 || n > len(x.lines) {
		return ""
	}
	start := x.lines[n-1]
	end := len(x.src)
	if n < len(x.lines) {
		end = x.lines[n] - 1
	}
	if end > start && x.src[end-1] == '\r' {
		end--
	}
	return x.src[start:end]
}

// Position converts a byte offset to a Position. An offset inside a
// multi-byte character is moved back to the character's first byte.
func (x *LineIndex) Position(off Pos) Position {
	o := clamp(int(off), len(x.src))
	for o > 0 && o < len(x.src) && !utf8.RuneStart(x.src[o]) {
		o--
	}
	line := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > o }) // first line starting after o
	start := x.lines[line-1]
	seg := x.src[start:o]
	if x.ascii {
		n := len(seg) + 1
		return Position{Offset: Pos(o), Line: line, ByteCol: n, RuneCol: n, UTF16Col: n, LineOffset: Pos(start)}
	}
	runes, units := 0, 0
	for _, r := range seg {
		runes++
		units += utf16Len(r)
	}
	return Position{Offset: Pos(o), Line: line, ByteCol: len(seg) + 1, RuneCol: runes + 1, UTF16Col: units + 1, LineOffset: Pos(start)}
}

// PositionAfter is Position(off) given p, the Position of an offset at
// or before off: when both are on one line, only the text between them is
// read, not the line index searched. A range's end is found so from its
// start.
func (x *LineIndex) PositionAfter(p Position, off Pos) Position {
	o := clamp(int(off), len(x.src))
	for o > 0 && o < len(x.src) && !utf8.RuneStart(x.src[o]) {
		o--
	}
	if p.Line < 1 || p.Line > len(x.lines) || o < int(p.Offset) || p.Line < len(x.lines) && o >= x.lines[p.Line] {
		return x.Position(off)
	}
	seg := x.src[p.Offset:o]
	if x.ascii {
		n := len(seg)
		return Position{Offset: Pos(o), Line: p.Line, ByteCol: p.ByteCol + n, RuneCol: p.RuneCol + n, UTF16Col: p.UTF16Col + n, LineOffset: p.LineOffset}
	}
	runes, units := 0, 0
	for _, r := range seg {
		runes++
		units += utf16Len(r)
	}
	return Position{Offset: Pos(o), Line: p.Line, ByteCol: p.ByteCol + len(seg), RuneCol: p.RuneCol + runes, UTF16Col: p.UTF16Col + units, LineOffset: p.LineOffset}
}

// OffsetUTF16 converts a 0-based line and 0-based UTF-16 column (LSP's
// default) to a byte offset. Columns past the end of the line clamp to it,
// as the LSP specification asks.
func (x *LineIndex) OffsetUTF16(line, col int) Pos {
	return x.offset(line, col, utf16Len)
}

// OffsetUTF8 converts a 0-based line and 0-based byte column to a byte offset.
func (x *LineIndex) OffsetUTF8(line, col int) Pos {
	return x.offset(line, col, func(r rune) int { return utf8.RuneLen(r) })
}

func (x *LineIndex) offset(line, col int, width func(rune) int) Pos {
	if line < 0 {
		return 0
	}
	if line >= len(x.lines) {
		return Pos(len(x.src))
	}
	start := x.lines[line]
	end := len(x.src)
	if line+1 < len(x.lines) {
		end = x.lines[line+1] - 1 // stop before '\n'
	}
	n := 0
	for i, r := range x.src[start:end] {
		if n >= col {
			return Pos(start + i)
		}
		w := width(r)
		if r == utf8.RuneError {
			w = 1
		}
		n += w
	}
	return Pos(end)
}

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// SpanOf returns the span [start, end) of byte offsets given as ints.
func SpanOf(start, end int) Span { return Span{Start: Pos(start), End: Pos(end)} }
