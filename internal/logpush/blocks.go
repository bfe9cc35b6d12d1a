package logpush

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"sync"
)

// DefaultBlockBytes is the default block size: large enough that handing a
// block to another goroutine costs nothing next to decoding it (~1000
// lines), small enough that the blocks in flight stay a few MB.
const DefaultBlockBytes = 1 << 20

// Block is a run of whole lines from one input, or a marker for one line
// that was too long to keep.
type Block struct {
	// Name is the input's name, for LineErrors.
	Name string
	// Line is the 1-based number of the first line in Data (or of the
	// too-long line).
	Line int64
	// Data holds whole lines, each ending in "\n" except perhaps the last
	// line of the input. It is nil for a too-long marker.
	Data []byte
	// TooLong marks a line longer than the limit: it was skipped without
	// being buffered and counts as one malformed line.
	TooLong bool
	// InputBytes is how many bytes of the input (before decompression)
	// were consumed since the previous block.
	InputBytes int64
}

// Buffers recycles the blocks' buffers. A Blocks reader takes a buffer
// for every block; whoever is done with a block's Data gives it back with
// Put. It is safe for concurrent use.
type Buffers struct {
	size int
	pool sync.Pool // *[]byte of len size
}

// NewBuffers returns a pool of size-byte buffers (DefaultBlockBytes when
// size ≤ 0).
func NewBuffers(size int) *Buffers {
	if size <= 0 {
		size = DefaultBlockBytes
	}
	return &Buffers{size: size}
}

func (p *Buffers) get() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, p.size)
}

// Put returns a block's Data for reuse. Buffers of another size (grown
// for a long line) are left to the garbage collector.
func (p *Buffers) Put(b []byte) {
	if cap(b) == p.size {
		b = b[:p.size]
		p.pool.Put(&b)
	}
}

// Blocks cuts one Logpush input into blocks of whole lines: the one place
// that reads Logpush bytes. It detects gzip (multi-member streams
// included), counts the input bytes, and never lets a line straddle two
// blocks: the partial line at the end of a block is carried into the next.
// A line longer than the limit is not buffered: it is reported by a
// TooLong marker and its remaining bytes are dropped as they arrive, so
// memory stays bounded by about the limit plus a block, whatever the input.
//
// Reader reads records from Blocks one at a time; package reportbuild hands
// the blocks to parallel workers.
type Blocks struct {
	name     string
	cr       countingReader
	src      io.Reader
	gz       *gzip.Reader
	bufs     *Buffers
	maxLine  int
	line     int64 // number of the first line not yet returned
	sent     int64 // cr.n already attributed to blocks
	buf      []byte
	n        int  // bytes of a carried partial line at buf[:n]
	draining bool // dropping the rest of a too-long line
	done     bool
	pending  error // returned by the next Next: the data before it was sent
}

// countingReader counts the bytes read from an input, before gzip.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads from the input and counts the bytes.
func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// NewBlocks returns a block reader over r, named name in errors. Lines
// longer than maxLine bytes (DefaultMaxLineBytes when ≤ 0) become TooLong
// markers. The error is non-nil only when the gzip header is unreadable
// or r fails before the first bytes arrive.
func NewBlocks(r io.Reader, name string, maxLine int, bufs *Buffers) (*Blocks, error) {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	if bufs == nil {
		bufs = NewBuffers(0)
	}
	b := &Blocks{name: name, bufs: bufs, maxLine: maxLine, line: 1}
	b.cr.r = r
	// Blocks are read with reads of the block size, which bufio passes
	// straight through; the small buffer only serves the peek at the gzip
	// magic.
	br := bufio.NewReaderSize(&b.cr, 64<<10)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b.src = br
	if bytes.Equal(head, gzipMagic) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, &CorruptError{File: name, Line: 1, Offset: 0, Err: err}
		}
		b.gz, b.src = gz, gz
	}
	return b, nil
}

// CorruptError is a gzip input that cannot be decompressed past a point:
// truncated, or with a bad header, checksum or deflate data. The lines
// before Line were read; the rest of the file is lost.
type CorruptError struct {
	// File is the input's name.
	File string
	// Line is the first line that could not be read (1-based).
	Line int64
	// Offset is how many compressed bytes had been read from the file
	// when decompression failed (reads are buffered, so the damage is at
	// or before it).
	Offset int64
	// Err is the decompressor's error (io.ErrUnexpectedEOF when
	// truncated).
	Err error
}

// Error names the file, the line and the compressed offset.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s:%d: gzip data corrupt or truncated (within the first %d compressed bytes): %v", e.File, e.Line, e.Offset, e.Err)
}

// Unwrap returns the decompressor's error.
func (e *CorruptError) Unwrap() error { return e.Err }

// gzipMagic starts every gzip member (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// Next returns the next block. At the end of the input it returns io.EOF;
// a read or decompression error comes as "name:line: err" (wrapping
// io.ErrUnexpectedEOF for a truncated gzip stream).
func (b *Blocks) Next() (Block, error) {
	if b.pending != nil {
		err := b.pending
		b.pending, b.done = nil, true
		return Block{}, err
	}
	if b.done {
		return Block{}, io.EOF
	}
	if b.buf == nil {
		b.buf = b.bufs.get()
	}
	for {
		m, rerr := fill(b.src, b.buf[b.n:])
		eof := rerr == io.EOF
		if rerr != nil && !eof {
			b.done = true
			if b.gz != nil {
				ce := &CorruptError{File: b.name, Line: b.line, Offset: b.cr.n, Err: rerr}
				// The whole lines decompressed before the damage
				// still count: return them, then the error.
				data := b.buf[:b.n+m]
				if last := bytes.LastIndexByte(data, '\n'); last >= 0 && !b.draining {
					whole := data[:last+1]
					blk := b.block(Block{Line: b.line, Data: whole})
					b.line += int64(bytes.Count(whole, []byte{'\n'}))
					ce.Line = b.line
					b.buf, b.n, b.done = nil, 0, false
					b.pending = ce
					return blk, nil
				}
				b.bufs.Put(b.buf)
				return Block{}, ce
			}
			b.bufs.Put(b.buf)
			return Block{}, fmt.Errorf("%s:%d: %w", b.name, b.line, rerr)
		}
		data := b.buf[:b.n+m]
		if b.draining {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				b.n = 0
				if eof {
					return b.finish(nil)
				}
				continue
			}
			b.draining = false
			data = data[:copy(data, data[i+1:])]
		}
		if eof {
			return b.finish(data)
		}
		last := bytes.LastIndexByte(data, '\n')
		if last < 0 {
			// A single partial line fills the buffer.
			if len(data) > b.maxLine {
				blk := b.block(Block{Line: b.line, TooLong: true})
				b.line++
				b.n, b.draining = 0, true
				return blk, nil
			}
			// Grow to hold it; a line is at most maxLine, so the buffer
			// stays under 2·maxLine.
			nb := make([]byte, 2*len(b.buf))
			b.n = copy(nb, data)
			b.bufs.Put(b.buf)
			b.buf = nb
			continue
		}
		whole, rest := data[:last+1], data[last+1:]
		next := b.bufs.get()
		if len(rest) >= len(next) {
			next = make([]byte, 2*len(rest))
		}
		b.n = copy(next, rest)
		blk := b.block(Block{Line: b.line, Data: whole})
		b.line += int64(bytes.Count(whole, []byte{'\n'}))
		b.buf = next
		return blk, nil
	}
}

// finish returns the input's last block, if it has data.
func (b *Blocks) finish(data []byte) (Block, error) {
	b.done = true
	if len(data) == 0 {
		b.bufs.Put(b.buf)
		b.buf = nil
		return Block{}, io.EOF
	}
	b.buf = nil
	return b.block(Block{Line: b.line, Data: data}), nil
}

// block stamps a block with the input's name and the bytes consumed.
func (b *Blocks) block(blk Block) Block {
	blk.Name = b.name
	blk.InputBytes = b.cr.n - b.sent
	b.sent = b.cr.n
	return blk
}

// Close releases the gzip decompressor, if any. It does not close the
// underlying io.Reader, which the caller owns.
func (b *Blocks) Close() error {
	if b.gz != nil {
		return b.gz.Close()
	}
	return nil
}

// fill reads until p is full or r fails. Unlike io.ReadFull it returns
// io.EOF for a clean end after a partial read, so a truncated gzip stream
// (io.ErrUnexpectedEOF from gzip) stays distinguishable from the end.
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Lines walks the lines of a block's Data without their "\n" (a "\r"
// before it is left for the JSON whitespace rule to absorb), numbering
// them from the block's Line.
func (blk *Block) Lines(yield func(n int64, line []byte) bool) {
	data, n := blk.Data, blk.Line
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if !yield(n, line) {
			return
		}
		n++
	}
}

// Blank reports a line of JSON whitespace only, which is skipped without
// counting as malformed. Lines starting with '{' are the common case and
// are decided on the first byte.
func Blank(line []byte) bool {
	if len(line) == 0 {
		return true
	}
	if line[0] == '{' {
		return false
	}
	return len(bytes.TrimSpace(line)) == 0
}
