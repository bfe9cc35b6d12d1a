package host

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// Change is a set of edits to one snippet's decoded text.
type Change struct {
	Snippet *Snippet
	Edits   []diag.Edit // spans are byte offsets in Snippet.Text
}

// Rewrite applies changes made to decoded expressions back to the host
// file. Each edit replaces only the host bytes that encode the edited span,
// with the new text escaped for the host (HCL or JSON string escapes,
// heredoc indentation), so every other byte of the file is unchanged.
//
// path picks the extractor used to check the result: after rewriting, the
// file is extracted again and each changed snippet must decode to exactly
// the edited text; if not (an edit that would, say, glue a "$" to a "{"
// into an interpolation), Rewrite returns an error and the original bytes
// should be kept.
func Rewrite(path string, data []byte, changes []Change) ([]byte, error) {
	type hostEdit struct {
		start, end int
		text       string
	}
	var edits []hostEdit
	want := map[int]string{} // snippet start in the old file -> expected text
	for _, c := range changes {
		if len(c.Edits) == 0 {
			continue
		}
		sn := c.Snippet
		want[sn.Start] = diag.ApplyEdits(sn.Text, c.Edits)
		es := append([]diag.Edit(nil), c.Edits...)
		sort.SliceStable(es, func(i, j int) bool { return es[i].Span.Start < es[j].Span.Start })
		last := -1
		for _, e := range es {
			s, t := int(e.Span.Start), int(e.Span.End)
			if s < last || t < s || s < 0 || t > len(sn.Text) {
				return nil, fmt.Errorf("overlapping or out-of-range edit %d-%d", s, t)
			}
			last = t
			hs, ht := sn.HostSpan(s, t)
			edits = append(edits, hostEdit{hs, ht, sn.escape(e.New, t)})
		}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out bytes.Buffer
	last := 0
	// shift maps old snippet starts to new ones for the check below.
	shift := map[int]int{}
	delta := 0
	starts := make([]int, 0, len(want))
	for s := range want {
		starts = append(starts, s)
	}
	sort.Ints(starts)
	si := 0
	for _, e := range edits {
		if e.start < last {
			return nil, fmt.Errorf("overlapping edits at byte %d", e.start)
		}
		for si < len(starts) && starts[si] <= e.start {
			shift[starts[si]] = starts[si] + delta
			si++
		}
		out.Write(data[last:e.start])
		out.WriteString(e.text)
		delta += len(e.text) - (e.end - e.start)
		last = e.end
	}
	for ; si < len(starts); si++ {
		shift[starts[si]] = starts[si] + delta
	}
	out.Write(data[last:])
	res := out.Bytes()

	got, _ := Extract(path, res)
	byStart := map[int]string{}
	for _, sn := range got {
		byStart[sn.Start] = sn.Text
	}
	for old, text := range want {
		if byStart[shift[old]] != text {
			return nil, fmt.Errorf("rewriting the expression at byte %d would not round-trip through the file's escaping", old)
		}
	}
	return res, nil
}

// escape encodes new text for this snippet's host; end is the decoded
// offset where the replaced span ends.
func (s *Snippet) escape(text string, end int) string {
	switch s.Encoding {
	case HCLQuoted:
		return escapeHCLQuoted(text)
	case HCLHeredoc:
		t := escapeTemplate(text)
		if s.Indent == "" {
			return t
		}
		// Put the stripped indentation back on each new line. Blank lines
		// stay blank, as HCL does not strip them.
		// Text after the edit that starts a line needs the indentation back,
		// unless it is blank or the heredoc body ends there.
		indentNext := end < len(s.Text) && s.Text[end] != '\n'
		lines := strings.SplitAfter(t, "\n")
		var b strings.Builder
		for i, l := range lines {
			if i > 0 && l != "\n" && (l != "" || indentNext) {
				b.WriteString(s.Indent)
			}
			b.WriteString(l)
		}
		return b.String()
	case JSONString:
		return escapeJSON(text)
	}
	return text
}

// escapeTemplate doubles the template introducers that HCL would otherwise
// read as interpolation or directives.
func escapeTemplate(s string) string {
	s = strings.ReplaceAll(s, "${", "$${")
	return strings.ReplaceAll(s, "%{", "%%{")
}

func escapeHCLQuoted(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return escapeTemplate(b.String())
}

// escapeJSON escapes as encoding/json would, except that it keeps <, > and
// & as they are: HTML safety is not a concern in a rules file, and people
// read these files.
func escapeJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// HostEdit translates an edit of the decoded expression into an edit of
// the host file: the host byte range it replaces and the new text escaped
// for the host. It is what JSON and SARIF output report as a fix.
func (s *Snippet) HostEdit(e diag.Edit) (start, end int, text string) {
	start, end = s.HostSpan(int(e.Span.Start), int(e.Span.End))
	return start, end, s.escape(e.New, int(e.Span.End))
}
