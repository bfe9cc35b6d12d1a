package diag

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLineIndex(t *testing.T) {
	src := "a\r\nhttp.host eq \"😀é中\" and\nx"
	ix := NewLineIndex(src)
	off := Pos(strings.Index(src, "and"))
	p := ix.Position(off)
	assert.Equal(t, 2, p.Line)
	// `http.host eq "` is 14 bytes, then 😀 (4 bytes, 2 UTF-16 units), é (2, 1), 中 (3, 1), `" `.
	assert.Equal(t, 26, p.ByteCol)
	assert.Equal(t, 20, p.RuneCol)
	assert.Equal(t, 21, p.UTF16Col)
	assert.Equal(t, off, ix.OffsetUTF16(1, 20))
	assert.Equal(t, off, ix.OffsetUTF8(1, 25))
	assert.Equal(t, "a", ix.LineText(1))
	assert.Equal(t, Pos(len(src)), ix.OffsetUTF16(5, 0))
	assert.Equal(t, Pos(len(src)), ix.OffsetUTF16(2, 99), "past the end of a line clamps to it")
	// An offset inside a multi-byte character moves to its start.
	mid := Pos(strings.Index(src, "😀") + 2)
	assert.Equal(t, Pos(strings.Index(src, "😀")), ix.Position(mid).Offset)
}

func TestLineIndexASCIIFastPath(t *testing.T) {
	// The ASCII shortcut must agree with the general walk.
	src := "http.host eq \"a\"\r\n  and ip.src in {1.1.1.1}\n"
	ascii, general := NewLineIndex(src), NewLineIndex(src)
	general.ascii = false
	for off := 0; off <= len(src); off++ {
		assert.Equal(t, general.Position(Pos(off)), ascii.Position(Pos(off)), "offset %d", off)
	}
	assert.False(t, NewLineIndex("é").ascii)
}

// PositionAfter agrees with Position for every pair of offsets, on one
// line or not, in either order, ASCII or not, past the end too.
func TestPositionAfter(t *testing.T) {
	for _, src := range []string{"a\r\nhttp.host eq \"😀é中\" and\nx\n", "http.host eq \"a\"\n\n  and ip.src in {1.1.1.1}"} {
		ix := NewLineIndex(src)
		for a := 0; a <= len(src); a++ {
			p := ix.Position(Pos(a))
			for b := 0; b <= len(src)+2; b++ {
				assert.Equal(t, ix.Position(Pos(b)), ix.PositionAfter(p, Pos(b)), "%q from %d to %d", src, a, b)
			}
		}
	}
}

// The word-at-a-time scan finds a non-ASCII byte wherever it sits, and the
// line starts are those of a byte-by-byte scan.
func TestNewLineIndexScan(t *testing.T) {
	for n := range 20 {
		for at := -1; at < n; at++ {
			b := []byte(strings.Repeat("a\nbc", 5)[:n])
			if at >= 0 {
				b[at] = 0xC3
			}
			ix := NewLineIndex(string(b))
			assert.Equal(t, at < 0, ix.ascii, "%q", b)
			want := []int{0}
			for i, c := range b {
				if c == '\n' {
					want = append(want, i+1)
				}
			}
			assert.Equal(t, want, ix.lines, "%q", b)
		}
	}
}
