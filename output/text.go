package output

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/diag"
)

type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) sev(s diag.Severity, text string) string {
	switch s {
	case diag.Error:
		return p.wrap("1;31", text)
	case diag.Warning:
		return p.wrap("1;33", text)
	}
	return p.wrap("1;36", text)
}

func (p palette) gutter(s string) string { return p.wrap("1;34", s) }
func (p palette) bold(s string) string   { return p.wrap("1", s) }

// Text prints each diagnostic as a code frame in the style of rustc:
//
//	error[single-quoted-string]: single quotes are not string delimiters …
//	 --> main.tf:5:18
//	  |
//	5 |     expression = "http.host eq 'a'"
//	  |                                ^^^
//	  = help: Use "a": `\"a\"`
func Text(w, errw io.Writer, files []*File, color bool) {
	p := palette{color}
	for _, r := range files {
		if r.Err != "" {
			fmt.Fprintf(errw, "wflint: %s: %s\n", r.Path, r.Err)
			continue
		}
		for _, f := range r.Diagnostics {
			writeFrame(w, p, r, f)
		}
	}
}

func writeFrame(w io.Writer, p palette, r *File, f diag.Diagnostic) {
	idx := r.Lines()
	start, end := idx.Position(f.Span.Start), idx.Position(f.Span.End)
	gw := len(fmt.Sprint(start.Line))
	pad := strings.Repeat(" ", gw)
	fmt.Fprintf(w, "%s%s\n", p.sev(f.Severity, fmt.Sprintf("%s[%s]", f.Severity, f.Rule)), p.bold(": "+f.Message))
	fmt.Fprintf(w, "%s%s %s:%d:%d\n", pad, p.gutter("-->"), r.Path, start.Line, start.RuneCol)
	line := idx.LineText(start.Line)
	lineStart := int(start.LineOffset)
	from := int(start.Offset) - lineStart
	to := len(line)
	if end.Line == start.Line {
		to = int(end.Offset) - lineStart
	}
	from, to = min(from, len(line)), min(max(to, from), len(line))
	line, from, to = clipLine(line, from, to)
	shown, col, endCol := displayRange(line, from, to)
	carets := max(endCol-col, 1)
	fmt.Fprintf(w, "%s %s\n", pad, p.gutter("|"))
	fmt.Fprintf(w, "%s %s %s\n", p.gutter(fmt.Sprint(start.Line)), p.gutter("|"), shown)
	mark := strings.Repeat("^", carets)
	if end.Line > start.Line {
		mark += fmt.Sprintf(" (continues to line %d)", end.Line)
	}
	fmt.Fprintf(w, "%s %s %s%s\n", pad, p.gutter("|"), strings.Repeat(" ", col), p.sev(f.Severity, mark))
	for _, rel := range f.Related {
		rp := idx.Position(rel.Span.Start)
		fmt.Fprintf(w, "%s %s note: %s (%d:%d)\n", pad, p.gutter("="), rel.Message, rp.Line, rp.RuneCol)
	}
	for _, fx := range f.Fixes {
		fmt.Fprintf(w, "%s %s %s %s\n", pad, p.gutter("="), p.bold("help:"), fixText1(r.Text, fx))
	}
	fmt.Fprintln(w)
}

// Frame lines longer than maxFrameLine bytes are clipped to a window
// around the span, so a finding on a 1 MiB line prints a line, not the
// megabyte: output stays linear in the number of findings.
const (
	maxFrameLine  = 160
	frameContext  = 40  // bytes shown before the span
	maxFrameCaret = 100 // bytes of the span shown
)

// clipLine cuts a long line to a window around [from, to) with "…" where
// text was left out, and returns the window with from and to moved into it.
func clipLine(line string, from, to int) (string, int, int) {
	if len(line) <= maxFrameLine {
		return line, from, to
	}
	lo := runeStart(line, max(0, from-frameContext))
	hi := min(len(line), max(to, from)+frameContext)
	if hi-from > maxFrameCaret+frameContext {
		hi = from + maxFrameCaret + frameContext
	}
	hi = runeStart(line, hi)
	if hi < from {
		hi = from
	}
	from, to = from-lo, min(to, hi)-lo
	shown := line[lo:hi]
	if lo > 0 {
		shown = "…" + shown
		from, to = from+len("…"), to+len("…")
	}
	if hi < len(line) {
		shown += "…"
	}
	return shown, from, to
}

// runeStart moves i back to the start of the UTF-8 character it is in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

// fixText1 describes a fix in one line: its title and what it writes.
func fixText1(src string, fx diag.Fix) string {
	if len(fx.Edits) != 1 {
		return fx.Title
	}
	e := fx.Edits[0]
	old := e.Span.Text(src)
	switch {
	case e.New != "" && strings.Contains(fx.Title, e.New):
		return fx.Title // the title already shows the replacement
	case e.New == "":
		return fmt.Sprintf("%s: remove `%s`", fx.Title, oneLine(old))
	case old == "":
		return fmt.Sprintf("%s: insert `%s`", fx.Title, oneLine(e.New))
	}
	return fmt.Sprintf("%s: `%s`", fx.Title, oneLine(e.New))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if len(s) > 120 {
		cut := 117
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// displayLine expands tabs to 4 spaces and returns the line and the
// display column (in terminal cells) of byte offset off.
func displayLine(line string, off int) (string, int) {
	shown, col, _ := displayRange(line, off, off)
	return shown, col
}

// displayRange is displayLine for two offsets at once (from <= to), in
// one pass, with printable ASCII copied as it is.
func displayRange(line string, from, to int) (string, int, int) {
	var b strings.Builder
	b.Grow(len(line))
	col, at, atEnd := 0, -1, -1
	for i := 0; i < len(line); {
		if i >= from && at < 0 {
			at = col
		}
		if i >= to && atEnd < 0 {
			atEnd = col
		}
		c := line[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			col++
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(line[i:])
		switch {
		case r == '\t':
			b.WriteString("    ")
			col += 4
		case r < 0x20 || r == 0x7f:
			b.WriteRune('�')
			col++
		default:
			b.WriteRune(r)
			col += runeWidth(r)
		}
		i += n
	}
	if at < 0 {
		at = col
	}
	if atEnd < 0 {
		atEnd = col
	}
	return b.String(), at, atEnd
}
