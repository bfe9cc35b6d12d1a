package reportbuild

import (
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

// DefaultChunkBytes is the block size the reader hands to workers.
const DefaultChunkBytes = logpush.DefaultBlockBytes

// chunk is a block of whole lines from one input (logpush.Blocks), or a
// marker standing for one line that was too long to buffer, or an input
// error. Chunks reach the collector in input order through the order
// channel; workers fill done.
type chunk struct {
	logpush.Block
	err error // no data: reading the input failed
	// corrupt: the input's gzip data broke here; the lines before it
	// were sent and count, the rest of the file is skipped.
	corrupt *logpush.CorruptError
	done    chan *chunkResult
}

// chunkResult is what a worker learned from one chunk.
type chunkResult struct {
	lines, blank, records, malformed int64
	errs                             []*logpush.LineError // the chunk's first maxErrors
	matches                          int64
	agg                              *Aggregator // the chunk's matches, nil if none
	fatal                            error       // Strict: the first malformed line
}

// pipeline holds the settings shared by the reader and the workers.
type pipeline struct {
	opts      *Options
	prog      *eval.Program[*logpush.Record]
	maxLine   int
	maxErrors int
	bufs      *logpush.Buffers
	aggOpts   AggregatorOptions
}

func newPipeline(opts *Options, prog *eval.Program[*logpush.Record]) *pipeline {
	p := &pipeline{opts: opts, prog: prog, maxLine: opts.MaxLineBytes, bufs: logpush.NewBuffers(opts.ChunkBytes),
		aggOpts: AggregatorOptions{Capacity: opts.Capacity}}
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

// run reads files with one goroutine; workers decode, match and aggregate
// each chunk on its own, and the chunk aggregates are merged here in input
// order. The chunks are cut by the reader whatever the number of workers,
// so the merges are the same, in the same order, for 1 worker or 8: the
// report is byte-for-byte identical even once a top list is approximate.
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
		st.InputBytes += c.InputBytes
		st.Bytes += int64(len(c.Data))
		st.Lines += r.lines
		st.Blank += r.blank
		st.Records += r.records
		st.Malformed += r.malformed
		for _, e := range r.errs {
			if len(st.MalformedLines) < p.maxErrors {
				st.MalformedLines = append(st.MalformedLines, e)
			}
		}
		if r.agg != nil {
			agg.Merge(r.agg)
		}
		st.Matches += r.matches
		if r.fatal != nil {
			st.Elapsed = time.Since(start)
			return r.fatal
		}
		if c.err != nil {
			st.Elapsed = time.Since(start)
			return c.err
		}
		if c.corrupt != nil {
			st.Corrupt = append(st.Corrupt, c.corrupt)
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
		if c.Data == nil {
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
			var ce *logpush.CorruptError
			if errors.As(err, &ce) && !p.opts.Strict {
				// The other files still count; the collector
				// reports this one with its line and offset.
				if !send(&chunk{Block: logpush.Block{Name: name}, corrupt: ce}) {
					return
				}
				continue
			}
			if !errors.Is(err, errStopped) {
				send(&chunk{Block: logpush.Block{Name: name}, err: err})
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

// readFile sends the blocks of one input (see logpush.Blocks).
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
	blocks, err := logpush.NewBlocks(f, name, p.maxLine, p.bufs)
	if err != nil {
		return err
	}
	defer blocks.Close()
	for {
		blk, err := blocks.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !send(&chunk{Block: blk}) {
			return errStopped
		}
	}
}

// marker turns a chunk without data into its result.
func (p *pipeline) marker(c *chunk) *chunkResult {
	r := &chunkResult{}
	if c.TooLong {
		r.lines, r.malformed = 1, 1
		le := &logpush.LineError{File: c.Name, Line: c.Line,
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

// process decodes, matches and aggregates the lines of one chunk. It is
// the hot path: one Parse and one Match per line, and an Add to the
// chunk's own aggregator when it matches (which copies the strings it
// keeps, see NewAggregator).
func (p *pipeline) process(c *chunk, parser *logpush.Parser) *chunkResult {
	r := &chunkResult{}
	var rec logpush.Record
	for n, line := range c.Lines {
		r.lines++
		var err error
		switch {
		case len(line) > p.maxLine:
			err = fmt.Errorf("%w (more than %d bytes)", logpush.ErrLineTooLong, p.maxLine)
		case logpush.Blank(line):
			r.blank++
			continue
		default:
			err = parser.Parse(line, &rec)
		}
		if err != nil {
			r.malformed++
			le := &logpush.LineError{File: c.Name, Line: n, Err: err}
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
			if r.agg == nil {
				r.agg = NewAggregator(p.aggOpts)
			}
			r.agg.Add(&rec)
			r.matches++
		}
	}
	// Decoded strings are copies (one allocation per line), so the block
	// can be reused as soon as it has been parsed.
	p.bufs.Put(c.Data)
	return r
}
