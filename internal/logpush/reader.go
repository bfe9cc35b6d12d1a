package logpush

import (
	"bytes"
	"fmt"
	"io"
)

// Defaults for Options fields left at zero.
const (
	DefaultMaxLineBytes = 1 << 20 // 1 MiB; Logpush lines are a few KiB
	DefaultMaxErrors    = 20
)

// Options configure a Reader or MultiReader.
type Options struct {
	// Name labels the input in LineErrors (a file name; "-" for stdin).
	// MultiReader sets it per file.
	Name string
	// Strict makes the first malformed line fatal: Next returns false and
	// Err returns that *LineError. Otherwise malformed lines are counted,
	// kept up to MaxErrors, and skipped.
	Strict bool
	// MaxLineBytes is the longest accepted line, without its newline.
	// Longer lines are malformed (ErrLineTooLong) and are skipped without
	// being buffered, so memory stays bounded. 0 means DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxErrors is how many LineErrors Stats keeps (all are counted).
	// 0 means DefaultMaxErrors; negative keeps none.
	MaxErrors int
}

func (o Options) maxLine() int {
	if o.MaxLineBytes > 0 {
		return o.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

func (o Options) maxErrors() int {
	switch {
	case o.MaxErrors > 0:
		return o.MaxErrors
	case o.MaxErrors < 0:
		return 0
	}
	return DefaultMaxErrors
}

// LineError describes a malformed line.
type LineError struct {
	File string // Options.Name of the input
	Line int64  // 1-based line number within File
	Err  error  // wraps ErrSyntax, ErrFieldType or ErrLineTooLong
}

// Error formats the error as "file:line: message".
func (e *LineError) Error() string {
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }

// Stats counts what a Reader has seen so far.
type Stats struct {
	Lines     int64        // lines read, including blank and malformed ones
	Records   int64        // lines decoded into a Record
	Blank     int64        // empty or whitespace-only lines (skipped, not malformed)
	Malformed int64        // lines that failed to decode
	Errors    []*LineError // the first Options.MaxErrors malformed lines
}

// Reader streams Records from Logpush http_requests NDJSON, optionally
// gzip-compressed, one at a time. It reads through Blocks, like the
// parallel report builder, so both see the same lines. It is not safe for
// concurrent use.
type Reader struct {
	opts   Options
	blocks *Blocks
	bufs   *Buffers
	parser Parser
	block  Block  // the block being read
	rest   []byte // its lines not yet returned
	line   int64  // number of the line most recently read
	stats  *Stats // shared with a MultiReader so limits span files
	err    error
	eof    bool
}

// readBufSize is the block size of a Reader: a sequential reader
// gains nothing from the larger blocks that feed parallel workers.
const readBufSize = 256 << 10

// NewReader returns a Reader over r. If the stream starts with the gzip magic
// bytes it is decompressed transparently (multi-member streams included). The
// error is non-nil only when the gzip header is unreadable or r fails before
// the first bytes arrive.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	return newReader(r, opts, &Stats{})
}

func newReader(r io.Reader, opts Options, st *Stats) (*Reader, error) {
	if opts.Name == "" {
		opts.Name = "-"
	}
	bufs := NewBuffers(readBufSize)
	b, err := NewBlocks(r, opts.Name, opts.maxLine(), bufs)
	if err != nil {
		return nil, err
	}
	return &Reader{opts: opts, blocks: b, bufs: bufs, stats: st}, nil
}

// Next decodes the next well-formed line into rec (overwriting it) and
// reports whether it did. It returns false at end of input, on a read error
// and, with Options.Strict, on the first malformed line; Err tells which.
func (r *Reader) Next(rec *Record) bool {
	for r.err == nil && !r.eof {
		line, tooLong, ok := r.nextLine()
		if !ok {
			return false
		}
		r.stats.Lines++
		var perr error
		switch {
		case tooLong || len(line) > r.opts.maxLine():
			perr = fmt.Errorf("%w (more than %d bytes)", ErrLineTooLong, r.opts.maxLine())
		case Blank(line):
			r.stats.Blank++
			continue
		default:
			perr = r.parser.Parse(line, rec)
		}
		if perr == nil {
			r.stats.Records++
			return true
		}
		le := &LineError{File: r.opts.Name, Line: r.line, Err: perr}
		r.stats.Malformed++
		if len(r.stats.Errors) < r.opts.maxErrors() {
			r.stats.Errors = append(r.stats.Errors, le)
		}
		if r.opts.Strict {
			r.err = le
			return false
		}
	}
	return false
}

// nextLine returns the next line without its "\n", or reports a too-long
// line; ok is false at the end of the input or on an error.
func (r *Reader) nextLine() (line []byte, tooLong, ok bool) {
	for len(r.rest) == 0 {
		if r.block.Data != nil {
			// The parser copies what it keeps, so the block can go back.
			r.bufs.Put(r.block.Data)
			r.block.Data = nil
		}
		blk, err := r.blocks.Next()
		switch {
		case err == io.EOF:
			r.eof = true
			return nil, false, false
		case err != nil:
			r.err = err
			return nil, false, false
		}
		r.block = blk
		if blk.TooLong {
			r.line = blk.Line
			return nil, true, true
		}
		r.rest = blk.Data
		r.line = blk.Line - 1
	}
	if i := bytes.IndexByte(r.rest, '\n'); i >= 0 {
		line, r.rest = r.rest[:i], r.rest[i+1:]
	} else {
		line, r.rest = r.rest, nil
	}
	r.line++
	return line, false, true
}

// Err returns the error that stopped Next: a read or decompression error
// (io.ErrUnexpectedEOF for a truncated gzip stream), or with Options.Strict
// the first *LineError. It is nil at a clean end of input.
func (r *Reader) Err() error { return r.err }

// Stats returns the counters so far. The Errors slice is shared; do not
// modify it.
func (r *Reader) Stats() Stats { return *r.stats }

// Name returns Options.Name of the input.
func (r *Reader) Name() string { return r.opts.Name }

// Line returns the 1-based number of the line most recently read.
func (r *Reader) Line() int64 { return r.line }

// Close releases the gzip decompressor, if any. It does not close the
// underlying io.Reader, which the caller owns.
func (r *Reader) Close() error { return r.blocks.Close() }
