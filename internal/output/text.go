package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruledoc"
)

// palette colours text with ANSI escapes when on.
type palette struct{ on bool }

// paint appends s in the colour code names (none when off).
func (p palette) paint(b []byte, code, s string) []byte {
	if !p.on {
		return append(b, s...)
	}
	b = append(b, "\x1b["...)
	b = append(b, code...)
	b = append(b, 'm')
	b = append(b, s...)
	return append(b, "\x1b[0m"...)
}

// sevCodes are the colours of the severities; the others are cyan.
var sevCodes = map[diag.Severity]string{diag.Error: "1;31", diag.Warning: "1;33"}

// sevCode is the colour of a severity.
func sevCode(s diag.Severity) string {
	if c, ok := sevCodes[s]; ok {
		return c
	}
	return "1;36"
}

const (
	gutterCode = "1;34"
	boldCode   = "1"
)

// Text prints each diagnostic as a code frame in the style of rustc:
//
//	error[single-quoted-string]: single quotes are not string delimiters
//	  in the Rules language; use double quotes
//	 --> main.tf:5:18
//	  |
//	5 |     expression = "http.host eq 'a'"
//	  |                                ^^^
//	  = fix: Use "a": `\"a\"`
//	  = see: wflint explain single-quoted-string
//
// A fix that `wflint --fix` applies is a `fix`, one only `--unsafe-fixes`
// applies a `fix (unsafe)`, and fixes to choose from are each a `help`.
// Prose wraps at 80 columns; TextWith takes the terminal's width.
func Text(w, errw io.Writer, files []*File, color bool) {
	TextWith(w, errw, files, Options{Color: color})
}

// TextWith is Text with the options of a run: colour, the width prose
// wraps to, whether unsafe fixes are applied.
func TextWith(w, errw io.Writer, files []*File, o Options) {
	t := textOptions{palette: palette{o.Color}, width: o.width(), unsafe: o.UnsafeFixes}
	var buf []byte // one frame at a time, reused
	for _, r := range files {
		if r.Err != "" {
			fmt.Fprintf(errw, "wflint: %s: %s\n", r.Path, r.Err)
			continue
		}
		for i, f := range r.Diagnostics {
			buf = appendFrame(buf[:0], t, r, f, r.profile(i))
			w.Write(buf)
		}
	}
}

// textOptions are what a frame needs of the run.
type textOptions struct {
	palette
	width  int
	unsafe bool
}

// appendFrame appends the code frame of one diagnostic found under
// profile; frames are built with append rather than fmt, which was most
// of the cost of text output.
func appendFrame(b []byte, t textOptions, r *File, f diag.Diagnostic, profile string) []byte {
	p := t.palette
	idx := r.Lines()
	start, end := idx.Position(f.Span.Start), idx.Position(f.Span.End)
	var num [20]byte
	lineNo := strconv.AppendInt(num[:0], int64(start.Line), 10)
	pad := spaces(len(lineNo))
	sev := sevCode(f.Severity)
	// error[rule]: message
	if p.on {
		b = append(append(append(b, "\x1b["...), sev...), 'm')
	}
	b = append(b, f.Severity.String()...)
	if f.Rule != "" { // a finding of no rule (the evaluator's refusal) has no code
		b = append(append(append(b, '['), f.Rule...), ']')
	}
	if p.on {
		b = append(b, "\x1b[0m\x1b[1m"...)
	}
	b = append(b, ": "...)
	b = appendWrapped(b, f.Message, len(f.Severity.String())+len(f.Rule)+4, "  ", t.width)
	if p.on {
		b = append(b, "\x1b[0m"...)
	}
	b = append(b, '\n')
	//  --> path:line:col
	b = p.paint(append(b, pad...), gutterCode, "-->")
	b = append(append(append(b, ' '), r.Path...), ':')
	b = append(strconv.AppendInt(append(append(b, lineNo...), ':'), int64(start.RuneCol), 10), '\n')
	line := idx.LineText(start.Line)
	lineStart := int(start.LineOffset)
	from := int(start.Offset) - lineStart
	to := len(line)
	if end.Line == start.Line {
		to = int(end.Offset) - lineStart
	}
	from, to = min(from, len(line)), min(max(to, from), len(line))
	line, from, to = clipLine(line, from, to)
	//   |
	// n | text
	//   |   ^^^
	b = append(p.paint(append(append(b, pad...), ' '), gutterCode, "|"), '\n')
	if p.on {
		b = append(b, "\x1b["+gutterCode+"m"...)
	}
	b = append(b, lineNo...)
	if p.on {
		b = append(b, "\x1b[0m"...)
	}
	b = append(p.paint(append(b, ' '), gutterCode, "|"), ' ')
	b, col, endCol := appendDisplayRange(b, line, from, to)
	carets := max(endCol-col, 1)
	b = p.paint(append(append(append(b, '\n'), pad...), ' '), gutterCode, "|")
	b = append(append(b, ' '), spaces(col)...)
	if p.on {
		b = append(append(append(b, "\x1b["...), sev...), 'm')
	}
	for range carets {
		b = append(b, '^')
	}
	if end.Line > start.Line {
		b = strconv.AppendInt(append(b, " (continues to line "...), int64(end.Line), 10)
		b = append(b, ')')
	}
	if p.on {
		b = append(b, "\x1b[0m"...)
	}
	b = append(b, '\n')
	// The notes and helps wrap under their text: `  = note: ` is the
	// gutter's width and 9 more.
	for _, rel := range f.Related {
		rp := idx.Position(rel.Span.Start)
		b = p.paint(append(append(b, pad...), ' '), gutterCode, "=")
		b = append(b, " note: "...)
		var at [24]byte
		loc := strconv.AppendInt(append(strconv.AppendInt(append(at[:0], " ("...), int64(rp.Line), 10), ':'), int64(rp.RuneCol), 10)
		b = appendNote(b, t, len(pad)+8, rel.Message+string(append(loc, ')')))
	}
	applies, safe := fixClass(&f, profile)
	for _, fx := range f.Fixes {
		label := "help:"
		switch {
		case applies && safe:
			label = "fix:"
		case applies:
			label = "fix (unsafe):"
		}
		b = p.paint(append(append(b, pad...), ' '), gutterCode, "=")
		b = p.paint(append(b, ' '), boldCode, label)
		b = appendNote(append(b, ' '), t, len(pad)+len(label)+4, fixText1(r.Text, fx))
	}
	if _, ok := pages()[f.Rule]; ok && hasPage(profile, f.Rule) {
		b = p.paint(append(append(b, pad...), ' '), gutterCode, "=")
		b = append(append(append(b, " see: wflint explain "...), f.Rule...), '\n')
	}
	return append(b, '\n')
}

// appendNote appends a note's text wrapped to the width, its lines after
// the first indented by indent columns, and a line break.
func appendNote(b []byte, t textOptions, indent int, text string) []byte {
	return append(appendWrapped(b, text, indent, spaces(indent), t.width), '\n')
}

// pages are the rules `wflint explain` has a page for.
var pages = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, r := range analyzer.Rules() {
		if _, ok := ruledoc.Rule(r.ID); ok {
			m[r.ID] = true
		}
	}
	return m
})

// hasPage reports whether the page of rule is about a finding of it found
// under profile: always for an expression's finding, for a file's own only
// as pageForFile says.
func hasPage(profile, rule string) bool {
	return profile != "" || pageForFile(rule)
}

// pageForFile reports whether a finding about a file itself (no
// expression's) has a page: the ruleset and ignore rules do; report
// validation's codes are not analyzer rules, though some share an ID
// with one (unknown-field), and host problems have none.
func pageForFile(rule string) bool {
	r, ok := analyzer.LookupRule(rule)
	return ok && (r.Category == analyzer.CatRuleset || r.Category == analyzer.CatIgnore)
}

// appendWrapped appends text broken at spaces into lines of at most width
// columns, the first of which starts at column used; each line after the
// first starts with indent. A word longer than a line, and a `code span`
// (kept whole when it fits a line), stays on one line.
func appendWrapped(b []byte, text string, used int, indent string, width int) []byte {
	if used+len(text) <= width && !strings.Contains(text, "\n") {
		return append(b, text...) // the usual short message: no measuring
	}
	if isPlainASCII(text) {
		return appendWrappedASCII(b, text, used, indent, width)
	}
	col, lineStart := used, used
	for i := 0; i < len(text); {
		if text[i] == '\n' {
			b = append(append(b, '\n'), indent...)
			col, lineStart = len(indent), len(indent)
			i++
			continue
		}
		// The next word: up to a space, with a `code span` whole.
		j, code := i, false
		for j < len(text) && (code || text[j] != ' ' && text[j] != '\n') {
			if text[j] == '`' {
				code = !code
			}
			j++
		}
		word := text[i:j]
		if w := strings.IndexByte(word, ' '); w >= 0 && len(indent)+utf8.RuneCountInString(word) > width {
			// A code span longer than a line breaks at its spaces after all.
			j = i + w
			word = text[i:j]
		}
		n := utf8.RuneCountInString(word)
		if col+n > width && col > lineStart {
			// Back up over the space written before the word.
			if len(b) > 0 && b[len(b)-1] == ' ' {
				b = b[:len(b)-1]
			}
			b = append(append(b, '\n'), indent...)
			col, lineStart = len(indent), len(indent)
		}
		b = append(b, word...)
		col += n
		if j < len(text) && text[j] == ' ' {
			b = append(b, ' ')
			col++
			j++
		}
		i = j
	}
	return b
}

// spaces returns n spaces, without allocating for the usual widths.
func spaces(n int) string {
	const s = "                                                                "
	if n <= len(s) {
		return s[:n]
	}
	return strings.Repeat(" ", n)
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

// appendDisplayRange appends the line with tabs expanded to 4 spaces and
// returns the display columns (in terminal cells) of two offsets
// (from <= to), in one pass, with printable ASCII copied as it is.
func appendDisplayRange(b []byte, line string, from, to int) ([]byte, int, int) {
	col, at, atEnd := 0, -1, -1
	for i := 0; i < len(line); {
		// A run of printable ASCII is copied whole, a column a byte.
		j := i
		for j < len(line) && line[j] >= 0x20 && line[j] < 0x7f {
			j++
		}
		if j > i {
			if at < 0 && from < j {
				at = col + max(from-i, 0)
			}
			if atEnd < 0 && to < j {
				atEnd = col + max(to-i, 0)
			}
			b = append(b, line[i:j]...)
			col += j - i
			i = j
			continue
		}
		if i >= from && at < 0 {
			at = col
		}
		if i >= to && atEnd < 0 {
			atEnd = col
		}
		r, n := utf8.DecodeRuneInString(line[i:])
		switch {
		case r == '\t':
			b = append(b, "    "...)
			col += 4
		case r < 0x20 || r == 0x7f:
			b = utf8.AppendRune(b, '�')
			col++
		default:
			b = utf8.AppendRune(b, r)
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
	return b, at, atEnd
}

// isPlainASCII reports whether s is ASCII without control characters
// (line breaks, tabs), a column a byte: most messages are. Eight bytes
// are tested at a time, as plain8 does.
func isPlainASCII(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (x-ones*0x20|x)&highs != 0 { // a byte below 0x20 borrows into its high bit
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// appendWrappedASCII is appendWrapped for plain ASCII text, a line at a
// time: each line ends at the last space that fits, or before a `code
// span` that would not, found by searching rather than by measuring words.
func appendWrappedASCII(b []byte, text string, used int, indent string, width int) []byte {
	room := width - used
	for len(text) > room {
		cut := strings.LastIndexByte(text[:room+1], ' ')
		if cut > 0 && strings.Count(text[:cut], "`")%2 == 1 {
			// Inside a code span: break before it if it is not the
			// line's first word.
			if open := strings.LastIndexByte(text[:cut], '`'); open > 0 {
				if before := strings.LastIndexByte(text[:open], ' '); before > 0 {
					cut = before
				}
			}
		}
		if cut <= 0 {
			// A word longer than the line: it stays whole.
			cut = strings.IndexByte(text, ' ')
			if cut < 0 {
				break
			}
		}
		b = append(append(append(b, text[:cut]...), '\n'), indent...)
		text = text[cut+1:]
		room = width - len(indent)
	}
	return append(b, text...)
}
