package reportbuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"time"

	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/pool"
)

// DefaultChunkBytes is the block size the reader hands to workers.
const DefaultChunkBytes = logpush.DefaultBlockBytes

// stripes is the number of aggregators the data chunks are dealt to, in
// turn: chunk n (counting data chunks only) is added to aggregator n mod
// stripes, after chunk n-stripes. Each aggregator therefore sees the same
// records in the same order whatever the number of workers, and they are
// merged once, in stripe order, at the end: the report does not depend on
// the number of workers even once a top list is approximate (a Misra–Gries
// summary depends on the order it sees values in). It is a constant for
// that reason. Workers decode and match their chunks in parallel whatever
// it is; it bounds only how many add their matches at the same time, and
// memory: each stripe holds up to 2·Capacity values per attribute, so 4
// keeps the worst case (every value distinct) near 130 MB.
const stripes = 4

// chunk is a block of whole lines from one input (logpush.Blocks), or a
// marker standing for one line that was too long to buffer, or an input
// error. Chunks reach the collector in input order.
type chunk struct {
	logpush.Block
	err error // no data: reading the input failed
	// corrupt: the input's gzip data broke here; the lines before it
	// were sent and count, the rest of the file is skipped.
	corrupt *logpush.CorruptError

	// Data chunks only: the stripe the chunk is aggregated into, turn
	// (closed once the stripe's previous chunk is in; nil for the
	// first) and added, closed once this one is.
	stripe int
	turn   <-chan struct{}
	added  chan struct{}
}

// chunkResult is what a worker learned from one chunk.
type chunkResult struct {
	lines, blank, records, malformed int64
	errs                             []*logpush.LineError // the chunk's first maxErrors
	matches                          int64
	fatal                            error // Strict: the first malformed line
}

// pipeline holds the settings shared by the reader and the workers.
type pipeline struct {
	opts      *Options
	prog      *eval.Program[*logpush.Record]
	maxLine   int
	maxErrors int
	bufs      *logpush.Buffers
	aggOpts   AggregatorOptions
	// skip are the fields neither the expression nor the Aggregator reads,
	// which the workers' parsers check but do not copy.
	skip logpush.FieldSet
	// aggs are the stripes' aggregators, created by the first chunk that
	// matches; a chunk's turn orders every access to its stripe.
	aggs [stripes]*Aggregator
	// last is the reader's: each stripe's most recent added channel.
	last [stripes]chan struct{}
	seq  int // data chunks sent so far (the reader's)
}

func newPipeline(opts *Options, prog *eval.Program[*logpush.Record]) *pipeline {
	p := &pipeline{opts: opts, prog: prog, maxLine: opts.MaxLineBytes, bufs: logpush.NewBuffers(opts.ChunkBytes),
		aggOpts: AggregatorOptions{Capacity: opts.Capacity}}
	p.skip = ^(aggregatedFields | exprFields(prog))
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
// each chunk into its stripe's aggregator (see stripes), and the collector
// here adds up the chunks' counts in input order. The chunks are cut by the
// reader whatever the number of workers, so every stripe sees the same
// records in the same order for 1 worker or 8; the stripes are merged into
// agg in stripe order once the workers are done, also when run fails: the
// report is byte-for-byte identical even once a top list is approximate.
func run(ctx context.Context, opts *Options, files []string, workers int,
	prog *eval.Program[*logpush.Record], agg *Aggregator, st *Stats) error {
	p := newPipeline(opts, prog)
	workers = max(workers, 1)
	// Each worker's parser and buffer of matching records, reused from
	// one chunk to the next, each in an allocation of its own: workers
	// writing next to each other would share cache lines.
	type workerMem struct {
		parser  logpush.Parser
		matched []logpush.Record
	}
	mem := make([]*workerMem, workers)
	for i := range mem {
		mem[i] = &workerMem{}
		mem[i].parser.Skip(p.skip)
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
	// The chunks in flight bound memory. Once started, a chunk always
	// finishes (it waits only for its stripe's previous chunk, taken
	// before it), so stopping between chunks cannot deadlock; the reader
	// may be stuck in a Read, so only the workers are waited for.
	err := pool.Ordered(ctx, pool.Size{Workers: workers, Ahead: 2*workers + 3}, p.chunks(files),
		func(w int, c *chunk) *chunkResult {
			if c.Data == nil {
				return p.marker(c)
			}
			return p.process(c, &mem[w].parser, &mem[w].matched)
		}, func(c *chunk, r *chunkResult) error {
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
			st.Matches += r.matches
			if r.fatal != nil {
				return r.fatal
			}
			if c.err != nil {
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
			return nil
		})
	for _, a := range p.aggs {
		if a != nil {
			agg.Merge(a)
		}
	}
	st.Elapsed = time.Since(start)
	if err != nil {
		return err
	}
	progress(true)
	return nil
}

// chunks reads every input in order and cuts it into chunks of whole
// lines, with a marker for each line too long to buffer and a chunk for
// an input that fails, and yields them; it stops when yield refuses one.
func (p *pipeline) chunks(files []string) iter.Seq[*chunk] {
	return func(yield func(*chunk) bool) {
		send := func(c *chunk) bool {
			if c.Data != nil {
				c.stripe = p.seq % stripes
				p.seq++
				c.turn, c.added = p.last[c.stripe], make(chan struct{})
				p.last[c.stripe] = c.added
			}
			return yield(c)
		}
		for _, name := range files {
			err := p.readFile(name, send)
			if err == nil {
				continue
			}
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
	}
}

// exprFields returns the Logpush fields that feed the Rules fields prog reads.
func exprFields(prog *eval.Program[*logpush.Record]) logpush.FieldSet {
	var s logpush.FieldSet
	for _, name := range prog.Fields() {
		for f := range logpush.NumFields {
			if slices.Contains(f.RulesFields(), name) {
				s |= 1 << f
			}
		}
	}
	return s
}

// errStopped means send refused a chunk because the run was cancelled; the
// collector already knows why, so it is not reported as an input error.
var errStopped = errors.New("stopped")

// readFile sends the blocks of one input (see logpush.Blocks).
func (p *pipeline) readFile(name string, send func(*chunk) bool) (err error) {
	var f io.Reader
	if p.opts.Open != nil {
		if f, err = p.opts.Open(name); err != nil {
			return err
		}
	} else if name == logpush.Stdin {
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
// the hot path: one Parse and one Match per line, each matching record
// kept in matched (the worker's buffer, reused), then, once the stripe's
// previous chunk is in, one Add per match to the stripe's aggregator
// (which copies the strings it keeps, see NewAggregator).
func (p *pipeline) process(c *chunk, parser *logpush.Parser, matched *[]logpush.Record) *chunkResult {
	r := &chunkResult{}
	recs := (*matched)[:0]
	for n, line := range c.Lines {
		// Parse into the next free slot; it is kept only on a match.
		recs = slices.Grow(recs, 1)
		rec := &recs[:len(recs)+1][len(recs)]
		r.lines++
		var err error
		switch {
		case len(line) > p.maxLine:
			err = fmt.Errorf("%w (more than %d bytes)", logpush.ErrLineTooLong, p.maxLine)
		case logpush.Blank(line):
			r.blank++
			continue
		default:
			err = parser.Parse(line, rec)
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
		if p.prog.Match(rec) {
			recs = recs[:len(recs)+1]
			r.matches++
		}
	}
	// Decoded strings are copies (one allocation per line), so the block
	// can be reused as soon as it has been parsed.
	p.bufs.Put(c.Data)

	if c.turn != nil {
		<-c.turn
	}
	if len(recs) > 0 {
		agg := p.aggs[c.stripe]
		if agg == nil {
			agg = NewAggregator(p.aggOpts)
			p.aggs[c.stripe] = agg
		}
		for i := range recs {
			agg.Add(&recs[i])
		}
	}
	close(c.added)
	// Drop the records' strings (the unmatched last slot's too) so the
	// buffer does not pin the lines.
	clear(recs[:cap(recs)])
	*matched = recs[:0]
	return r
}
