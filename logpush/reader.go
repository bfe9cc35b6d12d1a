package logpush

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
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
// gzip-compressed. It is not safe for concurrent use.
type Reader struct {
	opts   Options
	br     *bufio.Reader
	gz     *gzip.Reader
	parser Parser
	long   []byte // accumulates lines longer than the bufio buffer
	line   int64
	stats  *Stats // shared with a MultiReader so limits span files
	err    error
	eof    bool
}

// gzipMagic starts every gzip member (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// readBufSize is the bufio buffer: large enough that nearly every line is
// parsed straight out of it without copying.
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
	rd := &Reader{opts: opts, stats: st}
	br := bufio.NewReaderSize(r, readBufSize)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: %w", opts.Name, err)
	}
	if bytes.Equal(head, gzipMagic) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: gzip: %w", opts.Name, err)
		}
		rd.gz = gz
		br = bufio.NewReaderSize(gz, readBufSize)
	}
	rd.br = br
	return rd, nil
}

// Next decodes the next well-formed line into rec (overwriting it) and
// reports whether it did. It returns false at end of input, on a read error
// and, with Options.Strict, on the first malformed line; Err tells which.
func (r *Reader) Next(rec *Record) bool {
	for r.err == nil && !r.eof {
		line, tooLong, err := r.readLine()
		if err != nil {
			r.err = fmt.Errorf("%s:%d: %w", r.opts.Name, r.line+1, err)
			return false
		}
		if line == nil && !tooLong {
			r.eof = true
			return false
		}
		r.line++
		r.stats.Lines++
		var perr error
		if tooLong {
			perr = fmt.Errorf("%w (more than %d bytes)", ErrLineTooLong, r.opts.maxLine())
		} else if len(bytes.TrimSpace(line)) == 0 {
			r.stats.Blank++
			continue
		} else {
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

// readLine returns the next line without its trailing "\n" (a "\r" before it
// is left for the JSON whitespace rule to absorb). It returns nil, false, nil
// at EOF. A line longer than the limit is consumed to its end without being
// kept, and reported with tooLong.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	max := r.opts.maxLine()
	r.long = r.long[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		switch {
		case err == nil || (err == io.EOF && len(chunk) > 0):
			if n := len(chunk); n > 0 && chunk[n-1] == '\n' {
				chunk = chunk[:n-1]
			}
			if tooLong || len(r.long)+len(chunk) > max {
				return nil, true, nil
			}
			if len(r.long) > 0 {
				r.long = append(r.long, chunk...)
				return r.long, false, nil
			}
			if chunk == nil {
				chunk = []byte{}
			}
			return chunk, false, nil
		case errors.Is(err, bufio.ErrBufferFull):
			// Keep accumulating only while under the limit; past it,
			// just drain to the newline.
			if !tooLong && len(r.long)+len(chunk) <= max {
				r.long = append(r.long, chunk...)
			} else {
				tooLong = true
				r.long = r.long[:0]
			}
		case err == io.EOF:
			if tooLong {
				return nil, true, nil
			}
			if len(r.long) > 0 {
				return r.long, false, nil
			}
			return nil, false, nil
		default:
			return nil, false, err
		}
	}
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
func (r *Reader) Close() error {
	if r.gz != nil {
		return r.gz.Close()
	}
	return nil
}
