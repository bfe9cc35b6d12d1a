package workspace

import (
	"cmp"

	"github.com/wflint/wflint/diag"
)

// Part is a batch of an input's diagnostics, in file order.
type Part struct {
	Diagnostics diag.List
	Profiles    []string // Profiles[i] is the profile of Diagnostics[i]
	// Ignored are the part's findings that an ignore silenced.
	Ignored []diag.Suppressed
}

// partBuffer is how many parts wait for a slow reader before linting
// waits too: memory holds a few batches, not a whole file's findings.
const partBuffer = 4

// Result is one input's outcome as [Workspace.LintAll] hands it over:
// before the input is linted, so a reader writes a large file's findings
// out as they are found rather than keeping them. [Result.Read] receives
// it; the fields are set once Read returns.
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
	// (Settings.FailOn, else the file's configuration's).
	Findings bool

	parts chan part
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
		recycle(p.Part)
	}
	r.Err, r.Expressions, r.Fixed = r.err, r.expressions, r.fixed
	if !begun {
		begin(r.text, r.err)
	}
}

// LintAll lints inputs on Settings.Jobs goroutines and hands each result
// to emit in input order, on the calling goroutine, as soon as it and
// those before it are published (see [Publish]); emit must Read it. With
// fix, files are fixed first and written back (see [Workspace.LintInput])
// and their diagnostics come in one part.
func (w *Workspace) LintAll(inputs []Input, fix bool, emit func(*Result)) {
	Publish(len(inputs), w.settings.Jobs, func(i int, publish func(*Result)) {
		r := &Result{Input: inputs[i], parts: make(chan part, partBuffer)}
		if fix {
			w.lintFixed(r)
			publish(r)
			return
		}
		w.lintStreamed(r, publish)
	}, emit)
}

// lintStreamed publishes r once the input is read, then sends its
// diagnostics as they are found.
func (w *Workspace) lintStreamed(r *Result, publish func(*Result)) {
	defer close(r.parts)
	data, err := r.Input.Read()
	if err != nil {
		r.err = err
		publish(r)
		return
	}
	publish(r)
	first := true
	file := w.LintEach(r.Input.Source(data), func(f *File, ds diag.List, ps []string, ignored []diag.Suppressed) {
		p := part{Part: Part{Diagnostics: ds, Profiles: ps, Ignored: ignored}}
		if first {
			p.first, p.text, p.failOn, first = true, f.Text, cmp.Or(w.settings.FailOn, f.FailOn()), false
		}
		r.parts <- p
	})
	r.err, r.expressions = file.Err, len(file.Exprs)
	if first {
		r.text = file.Text
	}
}

// lintFixed fills r with the outcome of LintInput.
func (w *Workspace) lintFixed(r *Result) {
	defer close(r.parts)
	file, fixed, err := w.LintInput(r.Input, true)
	if err != nil {
		r.err = err
		return
	}
	r.fixed, r.expressions = fixed, len(file.Exprs)
	r.parts <- part{Part: Part{Diagnostics: file.Diagnostics, Profiles: file.Profiles, Ignored: file.Ignored}, first: true, text: file.Text,
		failOn: cmp.Or(w.settings.FailOn, file.FailOn())}
}
