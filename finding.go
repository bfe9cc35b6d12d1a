package wflint

import (
	"fmt"

	"github.com/wflint/wflint/internal/diag"
)

// Severity says how much a finding matters. The order is Info < Warning
// < Error.
type Severity int

// Severities. Their meaning is fixed across wflint.
const (
	// Info is style, or a habit worth knowing about.
	Info Severity = iota + 1
	// Warning is very likely a bug: the input is valid and can match.
	Warning
	// Error is what Cloudflare rejects, a condition that can never or
	// always match, or a rule that can never run.
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string { return diag.Severity(s).String() }

// Position is a place in the checked text.
type Position struct {
	// Offset is the byte offset, from 0.
	Offset int
	// Line is the line number, from 1; lines end at "\n".
	Line int
	// Column is the column, from 1, in characters (Unicode code points),
	// as the wflint command prints it.
	Column int
}

// String returns "line:col".
func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Finding is one thing wflint found.
type Finding struct {
	// Name is the checked input's name: the file name given, or "<expr>"
	// for an expression.
	Name string
	// Rule is the stable ID of the rule that found it
	// ("single-quoted-string"); `wflint explain RULE` prints its page.
	Rule     string
	Severity Severity
	Message  string
	// Start and End delimit the text the finding is about: End is just
	// past it.
	Start, End Position
	// Where names the place in the host file in the host's own terms,
	// when it has one: a Terraform traversal
	// (cloudflare_ruleset.waf.rules[0].expression), a JSON path of a
	// ruleset (result.rules[3].expression) or a report's JSON pointer
	// (/requests_by_score/100).
	Where string
	// Rejected says that Cloudflare's documented contract (the language,
	// the API schema) rejects what the finding is about, rather than
	// wflint inferring a likely mistake.
	Rejected bool
	// Fixes are the changes wflint suggests; a choice between several
	// needs a person.
	Fixes []Fix
	// Related are other places that explain the finding, such as the
	// first copy of a duplicate rule.
	Related []Related
}

// Error returns "name:line:col: message".
func (f Finding) Error() string {
	return fmt.Sprintf("%s:%s: %s", f.Name, f.Start, f.Message)
}

// Fix is a suggested change of the checked text.
type Fix struct {
	// Title says what the fix does ("Use \"www.example.com\"").
	Title string
	// Safe marks a fix that keeps what the expression matches, or only
	// writes what Cloudflare rejects as it was evidently meant (quotes,
	// spacing, notation); `wflint --fix` applies only these. An unsafe
	// fix changes what a rule matches: read it before applying it.
	Safe bool
	// Edits carry the fix out; they never overlap. Their text is escaped
	// for the host file (a JSON or HCL string).
	Edits []Edit
}

// Apply returns src, the text that was checked, with the fix's edits
// made.
func (f Fix) Apply(src string) string {
	es := make([]diag.Edit, len(f.Edits))
	for i, e := range f.Edits {
		es[i] = diag.Edit{Span: diag.SpanOf(e.Start.Offset, e.End.Offset), New: e.New}
	}
	return diag.ApplyEdits(src, es)
}

// Edit replaces the text from Start to End with New; an insertion has
// Start equal to End.
type Edit struct {
	Start, End Position
	New        string
}

// Related is another place that explains a finding.
type Related struct {
	Message    string
	Start, End Position
}

// Findings are the findings of one check, in source order.
type Findings []Finding

// Err returns the findings that are errors, as an error (a Findings), or
// nil when there are none: a check passes when Err is nil.
func (fs Findings) Err() error {
	var errs Findings
	for _, f := range fs {
		if f.Severity >= Error {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Error returns the first finding as "name:line:col: message", followed
// by "(and N more)" when there are others.
func (fs Findings) Error() string {
	switch len(fs) {
	case 0:
		return "no findings"
	case 1:
		return fs[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", fs[0].Error(), len(fs)-1)
}

// findings converts diagnostics about text, whose spans are byte offsets
// into it, to Findings named name.
func findings(name, text string, ds []diag.Diagnostic) Findings {
	if len(ds) == 0 {
		return nil
	}
	lines := diag.NewLineIndex(text)
	span := func(s diag.Span) (Position, Position) {
		s = s.Clamp(len(text))
		a := lines.Position(s.Start)
		return position(a), position(lines.PositionAfter(a, s.End))
	}
	out := make(Findings, len(ds))
	for i, d := range ds {
		f := Finding{Name: name, Rule: d.Rule, Severity: Severity(d.Severity), Message: d.Message,
			Where: d.Where, Rejected: d.Rejected}
		f.Start, f.End = span(d.Span)
		for _, fx := range d.Fixes {
			fix := Fix{Title: fx.Title, Safe: fx.Safe, Edits: make([]Edit, len(fx.Edits))}
			for j, e := range fx.Edits {
				fix.Edits[j].Start, fix.Edits[j].End = span(e.Span)
				fix.Edits[j].New = e.New
			}
			f.Fixes = append(f.Fixes, fix)
		}
		for _, r := range d.Related {
			rel := Related{Message: r.Message}
			rel.Start, rel.End = span(r.Span)
			f.Related = append(f.Related, rel)
		}
		out[i] = f
	}
	return out
}

func position(p diag.Position) Position {
	return Position{Offset: int(p.Offset), Line: p.Line, Column: p.RuneCol}
}
