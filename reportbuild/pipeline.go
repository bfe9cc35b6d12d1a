package reportbuild

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/wflint/wflint/eval"
	"github.com/wflint/wflint/logpush"
)

// DefaultChunkBytes is the block size the reader hands to workers: large
// enough that channel hand-offs cost nothing next to decoding (~1000 lines),
// small enough that the blocks in flight stay a few MB.
const DefaultChunkBytes = 1 << 20

// chunk is a block of whole lines from one input, or a marker standing for
// one line that was too long to buffer, or an input error. Chunks reach the
// collector in input order through the order channel; workers fill done.
type chunk struct {
	name       string // input name, for LineErrors
	line       int64  // 1-based number of the first line in data
	data       []byte // whole lines; the last may lack "\n" at end of input
	tooLong    bool   // no data: line was longer than MaxLineBytes and skipped
	err        error  // no data: reading the input failed
	inputBytes int64  // input bytes consumed since the previous chunk
	pooled     bool   // data came from the pool and goes back to it
	done       chan *chunkResult
}

// chunkResult is what a worker learned from one chunk.
type chunkResult struct {
	lines, blank, records, malformed int64
	errs                             []*logpush.LineError // the chunk's first maxErrors
	matched                          []logpush.Record
	fatal                            error // Strict: the first malformed line
}

// pipeline holds the settings shared by the reader and the workers.
type pipeline struct {
	opts      *Options
	prog      *eval.Program[*logpush.Record]
	chunk     int
	maxLine   int
	maxErrors int
	pool      sync.Pool // *[]byte of len chunk
}

func newPipeline(opts *Options, prog *eval.Program[*logpush.Record]) *pipeline {
	p := &pipeline{opts: opts, prog: prog, chunk: opts.ChunkBytes, maxLine: opts.MaxLineBytes}
	if p.chunk <= 0 {
		p.chunk = DefaultChunkBytes
	}
	if p.maxLine <= 0 {
		p.maxLine = logpush.DefaultMaxLineBytes
	}
	switch {
	case opts.MaxErrors > 0:
		p.maxErrors = opts.MaxErrors
	case opts.MaxErrors == 0:
		p.maxErrors = DefaultMaxErrors
	}
	return p
}

func (p *pipeline) getBuf() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, p.chunk)
}

func (p *pipeline) putBuf(b []byte) {
	if cap(b) == p.chunk {
		b = b[:p.chunk]
		p.pool.Put(&b)
	}
}

// run reads files with one goroutine, decodes and matches on workers, and
// aggregates here, in input order.
func run(ctx context.Context, opts *Options, files []string, workers int,
	prog *eval.Program[*logpush.Record], agg *Aggregator, st *Stats) error {
	p := newPipeline(opts, prog)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// order bounds the chunks in flight (and so memory); work has the
	// same capacity so the reader never waits on workers while the
	// collector is waiting for the oldest chunk.
	inflight := 2*workers + 2
	order := make(chan *chunk, inflight)
	work := make(chan *chunk, inflight)
	var wg sync.WaitGroup
	wg.Add(1 + workers)
	go func() {
		defer wg.Done()
		p.produce(ctx, files, order, work)
	}()
	for range workers {
		go func() {
			defer wg.Done()
			var parser logpush.Parser
			for c := range work {
				c.done <- p.process(c, &parser)
			}
		}()
	}

	start := time.Now()
	interval := opts.ProgressInterval
	if interval <= 0 {
		interval = DefaultProgressInterval
	}
	lastProgress := start
	progress := func(done bool) {
		if opts.Progress == nil {
			return
		}
		opts.Progress(Progress{InputBytes: st.InputBytes, Bytes: st.Bytes, Records: st.Records,
			Matches: st.Matches, Elapsed: time.Since(start), Done: done})
	}
	for c := range order {
		var r *chunkResult
		select {
		case r = <-c.done:
		case <-ctx.Done():
			st.Elapsed = time.Since(start)
			return ctx.Err()
		}
		st.InputBytes += c.inputBytes
		st.Bytes += int64(len(c.data))
		st.Lines += r.lines
		st.Blank += r.blank
		st.Records += r.records
		st.Malformed += r.malformed
		for _, e := range r.errs {
			if len(st.MalformedLines) < p.maxErrors {
				st.MalformedLines = append(st.MalformedLines, e)
			}
		}
		for i := range r.matched {
			agg.Add(&r.matched[i])
		}
		st.Matches += int64(len(r.matched))
		if r.fatal != nil {
			st.Elapsed = time.Since(start)
			return r.fatal
		}
		if c.err != nil {
			st.Elapsed = time.Since(start)
			return c.err
		}
		if opts.Progress != nil {
			if now := time.Now(); now.Sub(lastProgress) >= interval {
				lastProgress = now
				progress(false)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		// The reader stopped early because the caller cancelled.
		st.Elapsed = time.Since(start)
		return err
	}
	wg.Wait()
	st.Elapsed = time.Since(start)
	progress(true)
	return nil
}

// produce reads every input in order and cuts it into chunks of whole
// lines. Every chunk goes to order; those with data also go to work.
func (p *pipeline) produce(ctx context.Context, files []string, order, work chan<- *chunk) {
	defer close(order)
	defer close(work)
	send := func(c *chunk) bool {
		c.done = make(chan *chunkResult, 1)
		select {
		case order <- c:
		case <-ctx.Done():
			return false
		}
		if c.data == nil {
			// Markers need no worker: answer them here.
			c.done <- p.marker(c)
			return true
		}
		select {
		case work <- c:
			return true
		case <-ctx.Done():
			// The collector is gone too; nobody waits for c.done.
			return false
		}
	}
	for _, name := range files {
		if err := p.readFile(name, send); err != nil {
			if !errors.Is(err, errStopped) {
				send(&chunk{name: name, err: err})
			}
			return
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// errStopped means send refused a chunk because the run was cancelled; the
// collector already knows why, so it is not reported as an input error.
var errStopped = errors.New("stopped")

// countingReader counts the bytes read from an input, before gzip.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// readFile cuts one input into chunks. Lines never straddle chunks: the
// partial line at the end of a block is carried into the next one. A line
// longer than maxLine is not buffered: it is reported by a marker chunk and
// its remaining bytes are dropped as they arrive, so memory stays bounded
// by about maxLine + chunk whatever the input.
func (p *pipeline) readFile(name string, send func(*chunk) bool) (err error) {
	var f io.Reader
	if name == logpush.Stdin {
		f = p.opts.Stdin
		if f == nil {
			f = os.Stdin
		}
	} else {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("%s: %w", name, cerr)
			}
		}()
		f = file
	}
	cr := &countingReader{r: f}
	// Blocks are read with reads of ChunkBytes, which bufio passes straight
	// through; the small buffer only serves the peek at the gzip magic.
	br := bufio.NewReaderSize(cr, 64<<10)
	head, perr := br.Peek(2)
	if perr != nil && perr != io.EOF {
		return fmt.Errorf("%s: %w", name, perr)
	}
	var src io.Reader = br
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: gzip: %w", name, err)
		}
		defer gz.Close()
		src = gz
	}

	var (
		line     int64 = 1 // number of the first line not yet sent
		sent     int64     // cr.n already attributed to chunks
		buf      = p.getBuf()
		n        int  // bytes of a carried partial line at buf[:n]
		draining bool // dropping the rest of a too-long line
	)
	emit := func(c *chunk) bool {
		c.name = name
		c.inputBytes = cr.n - sent
		sent = cr.n
		return send(c)
	}
	for {
		m, rerr := fill(src, buf[n:])
		eof := rerr == io.EOF
		if rerr != nil && !eof {
			p.putBuf(buf)
			return fmt.Errorf("%s:%d: %w", name, line, rerr)
		}
		data := buf[:n+m]
		if draining {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				n = 0
				if eof {
					p.putBuf(buf)
					return nil
				}
				continue
			}
			draining = false
			data = data[:copy(data, data[i+1:])]
		}
		if eof {
			if len(data) > 0 {
				if !emit(&chunk{line: line, data: data, pooled: true}) {
					return errStopped
				}
			} else {
				p.putBuf(buf)
			}
			return nil
		}
		last := bytes.LastIndexByte(data, '\n')
		if last < 0 {
			// A single partial line fills the buffer.
			if len(data) > p.maxLine {
				if !emit(&chunk{line: line, tooLong: true}) {
					return errStopped
				}
				line++
				n, draining = 0, true
				continue
			}
			// Grow to hold it; a line is at most maxLine, so the
			// buffer stays under 2·maxLine.
			nb := make([]byte, 2*len(buf))
			n = copy(nb, data)
			p.putBuf(buf)
			buf = nb
			continue
		}
		whole, rest := data[:last+1], data[last+1:]
		next := p.getBuf()
		if len(rest) >= len(next) {
			next = make([]byte, 2*len(rest))
		}
		n = copy(next, rest)
		lines := int64(bytes.Count(whole, []byte{'\n'}))
		if !emit(&chunk{line: line, data: whole, pooled: true}) {
			return errStopped
		}
		line += lines
		buf = next
	}
}

// fill reads until b is full or r fails. Unlike io.ReadFull it returns
// io.EOF for a clean end after a partial read, so a truncated gzip stream
// (io.ErrUnexpectedEOF from gzip) stays distinguishable from the end.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// marker turns a chunk without data into its result.
func (p *pipeline) marker(c *chunk) *chunkResult {
	r := &chunkResult{}
	if c.tooLong {
		r.lines, r.malformed = 1, 1
		le := &logpush.LineError{File: c.name, Line: c.line,
			Err: fmt.Errorf("%w (more than %d bytes)", logpush.ErrLineTooLong, p.maxLine)}
		if p.maxErrors > 0 {
			r.errs = append(r.errs, le)
		}
		if p.opts.Strict {
			r.fatal = le
		}
	}
	return r
}

// process decodes and matches the lines of one chunk. It is the hot path:
// one Parse and one Match per line, and a copy of the record only when it
// matches (its strings are already private to the line, see logpush.Record).
func (p *pipeline) process(c *chunk, parser *logpush.Parser) *chunkResult {
	r := &chunkResult{}
	data, lineNo := c.data, c.line
	var rec logpush.Record
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		n := lineNo
		lineNo++
		r.lines++
		var err error
		switch {
		case len(line) > p.maxLine:
			err = fmt.Errorf("%w (more than %d bytes)", logpush.ErrLineTooLong, p.maxLine)
		case blank(line):
			r.blank++
			continue
		default:
			err = parser.Parse(line, &rec)
		}
		if err != nil {
			r.malformed++
			le := &logpush.LineError{File: c.name, Line: n, Err: err}
			if len(r.errs) < p.maxErrors {
				r.errs = append(r.errs, le)
			}
			if p.opts.Strict {
				r.fatal = le
				break
			}
			continue
		}
		r.records++
		if p.prog.Match(&rec) {
			r.matched = append(r.matched, rec)
		}
	}
	if c.pooled {
		// Decoded strings are copies (one allocation per line), so the
		// block can be reused as soon as it has been parsed.
		p.putBuf(c.data)
	}
	return r
}

// blank reports a line of JSON whitespace only, which logpush skips
// without counting it as malformed. Lines starting with '{' are the common
// case and are decided on the first byte.
func blank(line []byte) bool {
	if len(line) == 0 {
		return true
	}
	if line[0] == '{' {
		return false
	}
	return len(bytes.TrimSpace(line)) == 0
}
