package workspace

import (
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
)

// RuleNotFormatted is the rule of a note about an expression that was
// left unformatted because it does not parse.
const RuleNotFormatted = "not-formatted"

// Formatted is the outcome of [Format].
type Formatted struct {
	// Text is the whole file after formatting.
	Text []byte
	// Edits change the original file into Text, one per changed
	// expression, each covering the expression without the whitespace
	// around it, in file order.
	Edits []diag.Edit
	// Notes are why some of the file was not formatted: host syntax errors
	// and expressions that do not parse.
	Notes diag.List
}

// Format prints every expression of a source in canonical form. Only the
// expression text changes; in a .tf or .json file every other byte stays
// as it is, and so does the whitespace around an expression (a heredoc's
// final newline, a .wf file's trailing newline). An expression with syntax
// errors is left alone and noted: a formatter must never lose text. A
// quoted string stays on one line; a .wf file and a heredoc may break
// lines. Formatting does not depend on the configuration.
func Format(src Source) (*Formatted, error) {
	name := extractName(src.name(), Detect(src.name(), src.Lang))
	snippets, problems := host.Extract(name, src.Text)
	out := &Formatted{Text: src.Text}
	for _, p := range problems {
		if p.Severity == diag.Error {
			out.Notes = append(out.Notes, p)
		}
	}
	var changes []host.Change
	for i := range snippets {
		sn := &snippets[i]
		core := strings.TrimSpace(sn.Text)
		if core == "" {
			continue
		}
		lead := sn.Text[:strings.Index(sn.Text, core)]
		x, errs := grammar.Parse(core)
		if len(errs) > 0 {
			at := diag.Pos(sn.HostOffset(int(errs[0].Span.Start) + len(lead)))
			out.Notes = append(out.Notes, diag.Diagnostic{Rule: RuleNotFormatted, Severity: diag.Info, Where: sn.Where,
				Span:    diag.Span{Start: at, End: at},
				Message: "not formatted: " + errs[0].Message + " (run wflint to see every error)"})
			continue
		}
		opts := grammar.PrintOptions{}
		if !sn.Multiline() {
			opts.Width = -1 // a quoted string cannot hold a line break readably
		}
		formatted := grammar.Format(x, opts)
		if formatted == core {
			continue
		}
		edit := diag.Edit{Span: diag.Span{Start: diag.Pos(len(lead)), End: diag.Pos(len(lead) + len(core))}, New: formatted}
		changes = append(changes, host.Change{Snippet: sn, Edits: []diag.Edit{edit}})
		s, t, hostText := sn.HostEdit(edit)
		out.Edits = append(out.Edits, diag.Edit{Span: diag.Span{Start: diag.Pos(s), End: diag.Pos(t)}, New: hostText})
	}
	if len(changes) == 0 {
		return out, nil
	}
	var err error
	if out.Text, err = host.Rewrite(name, src.Text, changes); err != nil {
		return nil, err
	}
	return out, nil
}

// Unparsed reports whether formatting left something alone because it
// does not parse (an expression or the host file): such text is not in
// canonical form.
func (f *Formatted) Unparsed() bool {
	for _, n := range f.Notes {
		if n.Rule == RuleNotFormatted || n.Severity == diag.Error {
			return true
		}
	}
	return false
}
