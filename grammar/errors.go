package grammar

import (
	"fmt"
	"sort"
	"strings"
)

// ErrorKind names a class of syntax error. The names are the wirefilter
// engine's error kinds (LANGUAGE.md §11) so that wflint's verdicts can be
// cross-checked against the engine; wflint adds a few kinds of its own for
// mistakes the engine reports only vaguely.
type ErrorKind string

// Engine error kinds.
const (
	ExpectedName              ErrorKind = "ExpectedName"
	ExpectedLiteral           ErrorKind = "ExpectedLiteral"
	ParseInt                  ErrorKind = "ParseInt"
	ParseNetwork              ErrorKind = "ParseNetwork"
	ParseRegex                ErrorKind = "ParseRegex"
	ParseWildcard             ErrorKind = "ParseWildcard"
	InvalidCharacterEscape    ErrorKind = "InvalidCharacterEscape"
	InvalidRawStringHashCount ErrorKind = "InvalidRawStringHashCount"
	MissingEndingQuote        ErrorKind = "MissingEndingQuote"
	CountMismatch             ErrorKind = "CountMismatch"
	IncompatibleRangeBounds   ErrorKind = "IncompatibleRangeBounds"
	UnrecognisedInput         ErrorKind = "EOF" // the engine calls it EOF: "unrecognised input"
	InvalidListName           ErrorKind = "InvalidListName"
	InvalidIndexAccess        ErrorKind = "InvalidIndexAccess"
	NestingLimitExceeded      ErrorKind = "NestingLimitExceeded"
	// InputTooLarge is wflint's own: the input exceeds the parser's size limit.
	InputTooLarge ErrorKind = "InputTooLarge"
)

// Edit replaces the bytes in Span with New. An insertion has an empty span.
type Edit struct {
	Span Span
	New  string
}

// Fix is a suggested change: a title a person can read and the edits that
// carry it out. Edits within one fix never overlap.
type Fix struct {
	Title string
	Edits []Edit
}

// Apply returns src with the fix's edits applied. Edits are applied from the
// end so earlier offsets stay valid.
func (f Fix) Apply(src string) string { return ApplyEdits(src, f.Edits) }

// ApplyEdits applies non-overlapping edits to src. Overlapping edits after
// the first are dropped rather than corrupting the text.
func ApplyEdits(src string, edits []Edit) string {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Span.Start < es[j].Span.Start })
	var b strings.Builder
	last := 0
	for _, e := range es {
		s, t := clamp(int(e.Span.Start), len(src)), clamp(int(e.Span.End), len(src))
		if s < last || t < s {
			continue
		}
		b.WriteString(src[last:s])
		b.WriteString(e.New)
		last = t
	}
	b.WriteString(src[last:])
	return b.String()
}

// Error is one syntax error: where it is, what class it is, a message a
// person can act on, and suggested fixes where the intent is clear.
type Error struct {
	Kind ErrorKind
	Span Span
	Msg  string
	// Code is a stable kebab-case identifier for the specific mistake (for
	// example "single-quoted-string"); the analyzer reports syntax errors
	// under these rule IDs.
	Code  string
	Fixes []Fix
}

func (e *Error) Error() string { return fmt.Sprintf("%d: %s", e.Span.Start, e.Msg) }

// ErrorList is every syntax error found in one expression, in source order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns nil for an empty list, so callers can write `if err := l.Err()`.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Span.Start != l[j].Span.Start {
			return l[i].Span.Start < l[j].Span.Start
		}
		return l[i].Span.End < l[j].Span.End
	})
}
