package workspace

import "github.com/wflint/wflint/diag"

// Part is a batch of a streamed input's diagnostics, in file order.
type Part struct {
	// Text is the input's text, in the first part only.
	Text string
	// FailOn is the input's configured fail-on severity (File.FailOn), in
	// the first part only.
	FailOn      diag.Severity
	Diagnostics diag.List
	Profiles    []string // as File.Profiles, for Diagnostics
}

// Streamed is the result of an input that is reported while it is linted.
type Streamed struct {
	// Parts brings the diagnostics a batch at a time; LintStreamed closes
	// it at the end. Only the reader receives from it.
	Parts chan Part
	// Set once Parts is closed: the text, when no part brought it; why the
	// input could not be linted, if so; how many expressions it holds.
	Text        string
	Err         error
	Expressions int
}

// LintStreamed reads in and lints it, handing start its Streamed before
// linting begins, so a reader on another goroutine can write a large
// file's findings out while it is still linted rather than keep them all.
// The reader must drain Parts. The error is why in could not be read;
// start is not called then.
func (w *Workspace) LintStreamed(in Input, start func(*Streamed)) error {
	data, err := in.Read()
	if err != nil {
		return err
	}
	s := &Streamed{Parts: make(chan Part, 4)}
	start(s)
	first := true
	file := w.LintEach(in.Source(data), func(wf *File, ds diag.List, ps []string) {
		p := Part{Diagnostics: ds, Profiles: ps}
		if first {
			p.Text, p.FailOn, first = wf.Text, wf.FailOn(), false
		}
		s.Parts <- p
	})
	s.Err, s.Expressions = file.Err, len(file.Exprs)
	if first {
		s.Text = file.Text
	}
	close(s.Parts)
	return nil
}
