package workspace

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/pool"
)

// Batch lints sources one after another for their findings alone, as a
// linter that prints them needs: it keeps no analysis (no tree, no type
// information) and no ruleset model, analyses every expression in memory
// it reuses, and hands a large file's findings out a part at a time as
// they are found. Memory then holds the text of the file and a few parts,
// not the trees and findings of a whole 50 MB file at once. A Batch
// serves one goroutine at a time (a run over many files takes one per
// goroutine); [Batch.Recycle] may be called from any.
type Batch struct {
	w *Workspace
	// mem is each worker's memory (see pool.Ordered's worker index),
	// each in an allocation of its own: workers writing next to each
	// other would share cache lines.
	mem []*batchMem

	mu   sync.Mutex
	free []partLists // lists given back, for later parts
}

// batchMem is the memory one worker lends each chunk to the next.
type batchMem struct {
	scratch
	an analyzer.Batch
}

// partLists are the lists of a part.
type partLists struct {
	ds diag.List
	ps []string
}

// keptLists bounds the lists a batch keeps for reuse, and keptCap the
// size of each: a run writes many megabytes of findings through a few
// part-sized lists, and a whole large file's lists are not worth keeping.
const (
	keptLists = 16
	keptCap   = 1 << 14
)

// NewBatch returns a batch under the workspace's settings; Settings.Jobs
// goroutines analyse the expressions of a large file.
func (w *Workspace) NewBatch() *Batch {
	b := &Batch{w: w, mem: make([]*batchMem, max(w.settings.Jobs, 1))}
	for i := range b.mem {
		b.mem[i] = &batchMem{}
	}
	return b
}

// Part is a batch of a source's findings, in file order.
type Part struct {
	Diagnostics diag.List
	Profiles    []string // Profiles[i] is the profile of Diagnostics[i]
	// Ignored are the part's findings that an ignore silenced.
	Ignored []diag.Suppressed
}

// Linted is a source as a [Batch] lints it: what showing its findings
// takes.
type Linted struct {
	// Text is the source's text; the findings' spans index it.
	Text string
	// Config is the configuration that applied.
	Config *config.Config
	// Expressions is how many expressions the source holds, once Lint
	// has returned.
	Expressions int
	// Err is set when the source could not be linted at all (its
	// configuration does not load); no part then comes.
	Err error
}

// FailOn is the lowest severity the configuration says fails a run; the
// default is error.
func (l *Linted) FailOn() diag.Severity { return failOn(l.Config) }

// Lint lints src and hands its findings to emit, on the calling
// goroutine, in the order of [File.Diagnostics], a part at a time: the
// diagnostics with their profiles, and the findings ignores silenced (see
// File.Ignored). l is the source being linted, its Text and Config set. A
// part's lists are the receiver's: the batch never writes them again,
// unless they are given back with [Batch.Recycle]. A file with ignore
// comments comes in one part: whether an ignore is used is known only at
// its end. The returned Linted is l.
func (b *Batch) Lint(src Source, emit func(l *Linted, p Part)) *Linted {
	w := b.w
	f := w.newFile(src)
	l := &Linted{Text: f.Text, Config: f.Config, Err: f.Err}
	if f.Err != nil {
		return l
	}
	f.Source.Text = nil // f.Text has it
	send := func(p Part) { emit(l, p) }
	if host.KindOf(extractName(src.name(), f.Kind)) == host.JSONL {
		f.Content = host.ContentLines
		f.ignores = w.newIgnorer(f, nil)
		l.Expressions = b.lintLines(f, src.Text, send)
		return l
	}
	snippets, fileDiags := w.read(f, src.Text, true)
	l.Expressions = len(snippets)
	exprs := f.setExprs(snippets)
	chunks := (len(exprs) + lintChunk - 1) / lintChunk
	chunk := func(c int) []Expr { return exprs[c*lintChunk : min((c+1)*lintChunk, len(exprs))] }
	size := w.poolSize(len(exprs) >= 2*lintChunk)
	if !inFileOrder(snippets) || f.ignores.inSource() {
		// The file's findings are kept until it is done.
		per := make([]diag.List, chunks)
		profiles := make([][]string, chunks)
		_ = pool.Ordered(context.Background(), size, pool.Count(chunks), func(wk, c int) int {
			m := b.mem[wk]
			w.lintExprs(f, chunk(c), &m.scratch, &m.an, map[string]string{})
			per[c], profiles[c] = slices.Clone(m.ds), slices.Clone(m.ps)
			m.reset()
			return c
		}, func(int, int) error { return nil })
		p := Part{}
		p.Diagnostics, p.Profiles = mergeDiagnostics(fileDiags, per, profiles)
		p.Diagnostics, p.Profiles, p.Ignored = w.applyIgnores(f, f.ignores, p.Diagnostics, p.Profiles)
		send(p)
		return l
	}
	// Expressions follow one another in the file and their diagnostics lie
	// within them, so each chunk's can be merged with the file's problems
	// and emitted as soon as the chunks before it are done.
	m := merger{file: fileDiags}
	sortDiagnostics(fileDiags)
	_ = pool.Ordered(context.Background(), size, pool.Count(chunks), func(wk, c int) partLists {
		mem := b.mem[wk]
		w.lintExprs(f, chunk(c), &mem.scratch, &mem.an, nil)
		return b.lists(&mem.scratch)
	}, func(_ int, pl partLists) error {
		ds, ps := pl.ds, pl.ps
		if m.j < len(m.file) {
			// Some of the file's problems are still to come: merge.
			ds, ps = m.merge(ds, ps)
			b.Recycle(Part{Diagnostics: pl.ds, Profiles: pl.ps})
		}
		b.emitPart(f, ds, ps, send)
		return nil
	})
	if ds, ps := m.rest(nil, nil); len(ds) > 0 {
		b.emitPart(f, ds, ps, send)
	}
	return l
}

// emitPart sends what of ds the file's ignores do not silence, with the
// silenced findings, unless both are empty; the lists are then recycled.
// Only configuration entries can silence here: comments make the file
// whole.
func (b *Batch) emitPart(f *File, ds diag.List, ps []string, send func(Part)) {
	ds, ps, silenced := f.ignores.split(ds, ps)
	if len(ds) == 0 && len(silenced) == 0 {
		b.Recycle(Part{Diagnostics: ds, Profiles: ps})
		return
	}
	send(Part{Diagnostics: ds, Profiles: ps, Ignored: silenced})
}

// lintLines lints a JSON Lines file a chunk of lines at a time, each
// chunk's lines extracted by the worker that analyses them, so that the
// workers start at once rather than after the whole file is read. Its
// findings are those of Lint: a line's problems lie within the line, so
// merging each chunk's with its expressions' orders them as merging the
// file's would. It returns how many expressions the file holds.
func (b *Batch) lintLines(f *File, data []byte, send func(Part)) int {
	bounds := []int{0}
	for off := 0; off < len(data); {
		for range lintChunk {
			nl := bytes.IndexByte(data[off:], '\n')
			if nl < 0 {
				off = len(data)
				break
			}
			if off += nl + 1; off == len(data) {
				break
			}
		}
		bounds = append(bounds, off)
	}
	chunks := len(bounds) - 1
	// lines is a chunk's findings and how many expressions it holds.
	type lines struct {
		partLists
		exprs int
	}
	n := 0
	_ = pool.Ordered(context.Background(), b.w.poolSize(chunks >= 2), pool.Count(chunks), func(wk, c int) lines {
		mem := b.mem[wk]
		snippets, problems := host.JSONLines(data, bounds[c], bounds[c+1], c*lintChunk)
		f.shareText(snippets)
		es := make([]Expr, len(snippets))
		for i := range es {
			es[i].Snippet = &snippets[i]
		}
		b.w.lintExprs(f, es, &mem.scratch, &mem.an, nil)
		pl := b.lists(&mem.scratch)
		if len(problems) > 0 {
			sortDiagnostics(problems)
			m := merger{file: problems}
			ds, ps := m.merge(pl.ds, pl.ps)
			b.Recycle(Part{Diagnostics: pl.ds, Profiles: pl.ps})
			pl.ds, pl.ps = m.rest(ds, ps)
		}
		return lines{pl, len(es)}
	}, func(_ int, c lines) error {
		n += c.exprs
		b.emitPart(f, c.ds, c.ps, send)
		return nil
	})
	return n
}

// lists copies a chunk's findings out of sc into lists of their own,
// given back ones when there are, and resets sc.
func (b *Batch) lists(sc *scratch) partLists {
	b.mu.Lock()
	var pl partLists
	if k := len(b.free); k > 0 {
		pl, b.free = b.free[k-1], b.free[:k-1]
	}
	b.mu.Unlock()
	pl.ds, pl.ps = append(pl.ds, sc.ds...), append(pl.ps, sc.ps...)
	sc.reset()
	return pl
}

// Recycle gives back the lists of a part the batch handed out, once they
// are no longer used: the batch writes later parts in them. It may be
// called from any goroutine.
func (b *Batch) Recycle(p Part) {
	if cap(p.Diagnostics) == 0 || cap(p.Diagnostics) > keptCap || cap(p.Profiles) > keptCap {
		return
	}
	clear(p.Diagnostics) // they point to messages
	clear(p.Profiles)
	b.mu.Lock()
	if len(b.free) < keptLists {
		b.free = append(b.free, partLists{p.Diagnostics[:0], p.Profiles[:0]})
	}
	b.mu.Unlock()
}
