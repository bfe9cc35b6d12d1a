// Package runner turns many inputs into an ordered, memory-bounded stream
// of results, for the command line: it makes inputs of command-line
// arguments (walking directories, skipping what git and the configuration
// ignore), reads and vets them, lints or formats them on a few goroutines
// and hands each result over in input order while its findings are still
// being found, and says how much memory such a run needs. What one source
// holds, and how it is linted, fixed and formatted, is package
// workspace's; the runner decides which sources, in what order, and how
// many at once. It sets nothing process-wide: the command applies its
// memory policy (see [MemoryLimit]).
package runner

import (
	"cmp"
	"context"
	"sync"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/pool"
	"github.com/wflint/wflint/internal/workspace"
)

// Options are a run's own settings; a file's are the workspace's.
type Options struct {
	// Jobs is how many inputs are linted or formatted at once; 0 or 1
	// means one. (workspace.Settings.Jobs is how many goroutines analyse
	// the expressions of one large input.)
	Jobs int
	// Fix applies each file's fixes and writes it back (keeping its
	// permissions) before its findings, those of the fixed text, are
	// reported. Standard input and expressions are never fixed.
	Fix bool
	// UnsafeFixes applies unsafe fixes too (those that change what an
	// expression matches: --unsafe-fixes); by default only safe ones are.
	UnsafeFixes bool
	// FailOn, when set, is the lowest severity that makes a finding in
	// Result.Findings (the --fail-on flag); 0 leaves it to each file's
	// configuration.
	FailOn diag.Severity
}

// Runner lints and formats many inputs under one workspace.
type Runner struct {
	ws   *workspace.Workspace
	opts Options

	mu sync.Mutex
	// walked are the directories Inputs walked, absolute: a
	// configuration inside one had all of its files linted.
	walked []string
}

// New returns a runner of inputs through ws.
func New(ws *workspace.Workspace, o Options) *Runner {
	return &Runner{ws: ws, opts: o}
}

// Part is a batch of an input's findings, in file order.
type Part = workspace.Part

// partBuffer is how many parts wait for a slow reader before linting
// waits too: memory holds a few batches, not a whole file's findings.
const partBuffer = 4

// Result is one input's outcome as [Runner.Lint] hands it over: before
// the input is linted, so a reader writes a large file's findings out as
// they are found rather than keeping them. [Result.Read] receives it; the
// fields are set once Read returns.
type Result struct {
	Input Input
	// Err is why the input could not be read, linted or fixed (a
	// *FixError); its text is the message to show.
	Err error
	// Expressions is how many expressions the input holds.
	Expressions int
	// Fixed says fixing rewrote the file.
	Fixed bool
	// Findings says a diagnostic is at or above the fail-on severity
	// (Options.FailOn, else the file's configuration's).
	Findings bool

	parts chan part
	// batch made the parts, and takes their lists back once read; nil
	// when fixing.
	batch *workspace.Batch
	// Set by the worker before it closes parts.
	err         error
	text        string // when no part brought it
	expressions int
	fixed       bool
}

// part is a Part as the worker sends it; the first also brings the
// input's text and fail-on severity.
type part struct {
	Part
	first  bool
	text   string
	failOn diag.Severity
}

// Read receives the result: begin once, with the input's text (or why it
// failed), before the first part; then part for each batch of
// diagnostics, which must keep none of the Part's lists: they are reused
// once it returns. Read returns when the input is done.
func (r *Result) Read(begin func(text string, err error), part func(Part)) {
	begun := false
	var failOn diag.Severity
	for p := range r.parts {
		if p.first {
			failOn, begun = p.failOn, true
			begin(p.text, nil)
		}
		for _, d := range p.Diagnostics {
			r.Findings = r.Findings || d.Severity.Fails(failOn)
		}
		part(p.Part)
		if r.batch != nil {
			r.batch.Recycle(p.Part)
		}
	}
	r.Err, r.Expressions, r.Fixed = r.err, r.expressions, r.fixed
	if !begun {
		begin(r.text, r.err)
	}
}

// Lint lints inputs on Options.Jobs goroutines and hands each result to
// emit in input order, on the calling goroutine, as soon as the input is
// read and those before it are done; emit must Read it. At most a few
// inputs per goroutine wait for an earlier one, so memory does not grow
// with the number of inputs. With Options.Fix, files are fixed first and
// written back, and their diagnostics come in one part. Lint returns once
// every input is done.
func (r *Runner) Lint(inputs []Input, emit func(*Result)) {
	jobs := max(r.opts.Jobs, 1)
	// Each goroutine lints its inputs in one batch, which reuses its
	// memory from one to the next.
	batches := make([]*workspace.Batch, jobs)
	_ = pool.Streamed(context.Background(), pool.Size{Workers: jobs, Ahead: 4 * jobs}, pool.Count(len(inputs)),
		func(w, i int, publish func(*Result)) {
			res := &Result{Input: inputs[i], parts: make(chan part, partBuffer)}
			if r.opts.Fix {
				r.lintFixed(res)
				publish(res)
				return
			}
			if batches[w] == nil {
				batches[w] = r.ws.NewBatch()
			}
			res.batch = batches[w]
			r.lintStreamed(res, publish)
		}, func(_ int, res *Result) error {
			emit(res)
			return nil
		})
}

// lintStreamed publishes res once the input is read, then sends its
// diagnostics as they are found.
func (r *Runner) lintStreamed(res *Result, publish func(*Result)) {
	defer close(res.parts)
	data, err := res.Input.Read()
	if err != nil {
		res.err = err
		publish(res)
		return
	}
	publish(res)
	first := true
	l := res.batch.Lint(res.Input.Source(data), func(l *workspace.Linted, p Part) {
		pt := part{Part: p}
		if first {
			pt.first, pt.text, pt.failOn, first = true, l.Text, cmp.Or(r.opts.FailOn, l.FailOn()), false
		}
		res.parts <- pt
	})
	res.err, res.expressions = l.Err, l.Expressions
	if first {
		res.text = l.Text
	}
}

// lintFixed fills res with the outcome of lintInput.
func (r *Runner) lintFixed(res *Result) {
	defer close(res.parts)
	file, fixed, err := r.lintInput(res.Input, true)
	if err != nil {
		res.err = err
		return
	}
	res.fixed, res.expressions = fixed, len(file.Exprs)
	res.parts <- part{Part: Part{Diagnostics: file.Diagnostics, Profiles: file.Profiles, Ignored: file.Ignored}, first: true, text: file.Text,
		failOn: cmp.Or(r.opts.FailOn, file.FailOn())}
}

// FixError is a failure to fix an input or to write the fix back.
type FixError struct{ Msg string }

func (e *FixError) Error() string { return e.Msg }

// lintInput reads and lints one input, keeping its analyses. With fix, a
// file's fixes (the safe ones, and the unsafe too under
// Options.UnsafeFixes) are applied first and written back (keeping the
// file's permissions), and the fixed text is linted; fixed says the file
// was rewritten. Standard input and expressions are never fixed. The
// error's text is the message to show: why the input could not be read or
// linted, or a *FixError.
func (r *Runner) lintInput(in Input, fix bool) (file *workspace.File, fixed bool, err error) {
	data, err := in.Read()
	if err != nil {
		return nil, false, err
	}
	file = r.ws.Lint(in.Source(data))
	if file.Err != nil {
		return nil, false, file.Err
	}
	if !fix || in.Path == "" {
		return file, false, nil
	}
	text, _, changed, err := file.Fix(r.opts.UnsafeFixes)
	if err != nil {
		return nil, false, &FixError{Msg: err.Error()}
	}
	if !changed {
		return file, false, nil
	}
	if err := WriteFile(in.Path, text); err != nil {
		return nil, false, &FixError{Msg: "cannot write: " + DescribeErr(err)}
	}
	return r.ws.Lint(in.Source(text)), true, nil
}

// UnusedConfigIgnores returns the ignore entries of the configurations in
// the directories Inputs walked that silenced nothing in the run (see
// [workspace.Workspace.UnusedConfigIgnores]). Call it after the run.
func (r *Runner) UnusedConfigIgnores() []*workspace.ConfigFile {
	r.mu.Lock()
	walked := append([]string(nil), r.walked...)
	r.mu.Unlock()
	return r.ws.UnusedConfigIgnores(walked)
}
