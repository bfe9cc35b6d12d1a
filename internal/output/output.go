// Package output writes linted files in the formats people and tools
// read: text (code frames, in the style of rustc), JSON (wflint's own,
// stable schema), SARIF 2.1.0 (GitHub code scanning and other viewers) and
// GitHub Actions workflow commands. It takes diagnostics in file byte
// coordinates and converts positions at its edge; it decides nothing
// about what is reported or how the run exits.
package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/internal/diag"
)

// File is one input as the output shows it.
type File struct {
	// Path is the input's display path: relative, forward slashes;
	// "<expr>" or "<stdin>" for input that is no file.
	Path string
	// Text is the file's text; diagnostic spans index it.
	Text string
	// Expressions counts the expressions found.
	Expressions int
	// Diagnostics are in file byte coordinates, fix text host-escaped.
	Diagnostics diag.List
	// Profiles[i] is the schema profile of Diagnostics[i] ("" for
	// problems with the file itself, whose fixes --fix does not apply);
	// may be shorter than Diagnostics.
	Profiles []string
	// Ignored are the findings an ignore silenced: counted, and carried
	// by SARIF as suppressed results; the other formats do not show them.
	Ignored []diag.Suppressed
	// Err is set when the input could not be linted at all.
	Err string
	// NoFix marks an input --fix cannot rewrite (an expression given on
	// the command line, standard input): its fixes are not counted as
	// fixable.
	NoFix bool
	// NotInput marks a file with findings that was not linted as an
	// input (a configuration whose ignore entries silenced nothing): the
	// summary does not count it among the inputs.
	NotInput bool

	index *diag.LineIndex
}

// Lines returns the line index of the text.
func (f *File) Lines() *diag.LineIndex {
	if f.index == nil {
		f.index = diag.NewLineIndex(f.Text)
	}
	return f.index
}

func (f *File) profile(i int) string {
	if i < len(f.Profiles) {
		return f.Profiles[i]
	}
	return ""
}

// Counts tallies diagnostics by severity, the findings ignores silenced,
// and the fixes --fix would apply (Fixable) and those only
// --unsafe-fixes would (UnsafeFixable).
type Counts struct {
	Files, Expressions, Errors, Warnings, Infos, Failures int
	Ignored, Fixable, UnsafeFixable                       int
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return fmt.Sprintf("%d %s", n, word)
	case strings.HasSuffix(word, "x"):
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// String is the one-line summary printed after text output.
func (c Counts) String() string {
	s := fmt.Sprintf("%s, %s, %s in %s (%s)", plural(c.Errors, "error"), plural(c.Warnings, "warning"),
		plural(c.Infos, "info"), plural(c.Files, "input"), plural(c.Expressions, "expression"))
	if c.Failures > 0 {
		s += fmt.Sprintf("; %s could not be linted", plural(c.Failures, "input"))
	}
	if c.Ignored > 0 {
		s += fmt.Sprintf("; %d ignored (--no-ignore shows them)", c.Ignored)
	}
	return s
}

// FixLine says, after the summary, how many findings `wflint --fix`
// would fix and how many more `--unsafe-fixes` would, as ruff does; ""
// when there are none.
func (c Counts) FixLine() string {
	switch {
	case c.Fixable > 0 && c.UnsafeFixable > 0:
		return fmt.Sprintf("[*] %d fixable with --fix (%s can be enabled with --unsafe-fixes)", c.Fixable, plural(c.UnsafeFixable, "hidden fix"))
	case c.Fixable > 0:
		return fmt.Sprintf("[*] %d fixable with --fix", c.Fixable)
	case c.UnsafeFixable > 0:
		return fmt.Sprintf("%s can be enabled with --unsafe-fixes", plural(c.UnsafeFixable, "hidden fix"))
	}
	return ""
}

// Formats lists the format names [Write] accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// Options are what the writers need from the run.
type Options struct {
	// Version is the tool version written into JSON and SARIF.
	Version string
	// Color colours text output with ANSI escapes.
	Color bool
	// AllRules describes every rule in SARIF output, not only those
	// with results.
	AllRules bool
	// Width is the width text output wraps its prose to (the terminal's);
	// 0 means 80. Code frames are never wrapped.
	Width int
	// UnsafeFixes says the run applies unsafe fixes too
	// (--unsafe-fixes): they are marked and counted as fixable.
	UnsafeFixes bool
}

// DefaultWidth is the width text wraps to when Options.Width is 0, as
// when the output is no terminal.
const DefaultWidth = 80

func (o Options) width() int {
	if o.Width <= 0 {
		return DefaultWidth
	}
	return max(o.Width, 40)
}

// fixClass says whether --fix applies the fix of a finding: applies is
// set when the finding's only fix edits an expression (profile is its
// profile: "" for problems with the file itself, whose fixes --fix does
// not apply), safe when --fix rather than --unsafe-fixes applies it.
func fixClass(d *diag.Diagnostic, profile string) (applies, safe bool) {
	if profile == "" {
		return false, false
	}
	f, ok := d.Applicable()
	if !ok {
		return false, false
	}
	return true, f.Safe
}

// Write writes files in a format (one of [Formats]); text output sends
// inputs that could not be linted to errw, the others keep them in the
// output. Text and github end with the summary line. It is [Stream] over
// a list.
func Write(w, errw io.Writer, format string, files []*File, o Options) error {
	s, err := NewStream(w, errw, format, o)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := s.File(f); err != nil {
			return err
		}
	}
	return s.Close()
}
