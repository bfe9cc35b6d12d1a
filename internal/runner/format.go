package runner

import (
	"bytes"
	"context"
	"fmt"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/pool"
	"github.com/wflint/wflint/internal/workspace"
)

// Reformatted is an input as [Format] hands it over.
type Reformatted struct {
	Input Input
	// Old is the input's text before formatting.
	Old []byte
	// Formatted is the outcome; nil when Err is set.
	*workspace.Formatted
	// Err is why the input could not be read or formatted; its text is
	// the message to show.
	Err error
}

// Changed reports whether formatting changed the text.
func (r *Reformatted) Changed() bool { return !bytes.Equal(r.Old, r.Text) }

// NoteLines are the notes as "line:col: message", columns in runes.
func (r *Reformatted) NoteLines() []string {
	if r.Formatted == nil {
		return nil
	}
	idx := diag.NewLineIndex(string(r.Old))
	var lines []string
	for _, n := range r.Notes {
		pos := idx.Position(n.Span.Start)
		lines = append(lines, fmt.Sprintf("%d:%d: %s", pos.Line, pos.RuneCol, n.Message))
	}
	return lines
}

// Format reads and formats inputs (see workspace.Format) on up to jobs
// goroutines and hands each outcome to emit in input order, on the
// calling goroutine, as soon as it and those before it are done.
func Format(inputs []Input, jobs int, emit func(*Reformatted)) {
	jobs = max(jobs, 1)
	_ = pool.Ordered(context.Background(), pool.Size{Workers: jobs, Ahead: 4 * jobs}, pool.Count(len(inputs)),
		func(_, i int) *Reformatted {
			r := &Reformatted{Input: inputs[i]}
			if r.Old, r.Err = r.Input.Read(); r.Err == nil {
				r.Formatted, r.Err = workspace.Format(r.Input.Source(r.Old))
			}
			return r
		}, func(_ int, r *Reformatted) error {
			emit(r)
			return nil
		})
}
