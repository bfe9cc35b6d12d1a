// Package host finds wirefilter expressions inside the files people keep
// them in — bare .wf files, Terraform (.tf, .tfvars, .hcl), Cloudflare API
// JSON (rulesets and feedback reports) and JSON Lines — and maps every byte
// of a decoded expression back to the exact byte in the host file.
//
// The mapping is the point of this package: an expression inside a
// Terraform string is written with HCL escapes (`\"`, `\\`, `\n`, `\u00e9`,
// `$${`), an expression in a heredoc loses its indentation, and one in JSON
// goes through JSON escapes and surrogate pairs. The analyzer works on the
// decoded text, so each diagnostic span must be translated through those
// escapes to land on the right character of the file. [Rewrite] goes the
// other way: it applies edits made to decoded expressions back to the host
// file, re-escaping the new text and leaving every other byte untouched.
package host

import (
	"path/filepath"
	"sort"
	"strings"
)

// Encoding says how an expression is written inside its host file, which
// decides how offsets map and how new text must be escaped.
type Encoding int

// Encodings.
const (
	// Raw text: the file (or line) holds the expression verbatim.
	Raw Encoding = iota
	// HCLQuoted is the inside of an HCL "quoted string".
	HCLQuoted
	// HCLHeredoc is the body of an HCL heredoc (<<EOT or <<-EOT).
	HCLHeredoc
	// JSONString is the inside of a JSON string.
	JSONString
)

// Snippet is one expression found in a host file.
type Snippet struct {
	// Text is the decoded expression, as the rules engine would see it.
	Text string
	// Profile is the schema profile the host suggests: schema.ProfileFeedback
	// for bare expressions and feedback reports, schema.ProfileRules for
	// Terraform and ruleset JSON.
	Profile string
	// Where describes the snippet's place in the host for messages, such as
	// `cloudflare_ruleset.waf rules[1]` or `rules[0]`; "" for a bare file.
	Where string
	// Start and End delimit the encoded expression in the host file (the
	// inside of the quotes, or the body of a heredoc).
	Start, End int
	// Encoding is how Text is written between Start and End.
	Encoding Encoding
	// Indent is the prefix stripped from each line of an indented heredoc;
	// Rewrite puts it back on new lines.
	Indent string
	// Use is what the expression is for where its host says (a rule's
	// parameter, a .wf file's directives); nil for a plain filter.
	Use *Use

	// runs map Text to the host (see run); the last starts at len(Text)
	// and maps it to End. Nil means Text is stored verbatim at Start.
	runs []run
}

// run maps Text from offset text up to the next run's: when linear,
// byte text+k is at host+k; otherwise every byte maps to host (the bytes
// decoded from one escape, or one multi-byte character). A few runs per
// escape take the place of an offset per byte, which kept a 50 MB file of
// escaped expressions at four times its size.
type run struct {
	text, host int32
	linear     bool
}

// Multiline reports whether the host can hold a raw line break in this
// expression; a formatter should keep quoted strings on one line.
func (s *Snippet) Multiline() bool { return s.Encoding == Raw || s.Encoding == HCLHeredoc }

// Verbatim reports whether Text is written in the host exactly as it is,
// between Start and End (no escapes), so a caller holding the host text
// can share it instead of keeping a copy.
func (s *Snippet) Verbatim() bool { return s.runs == nil }

// HostOffset maps a byte offset in Text (0..len(Text)) to a byte offset in
// the host file. An offset inside a multi-byte character or an escape maps
// to the start of that character's encoding.
func (s *Snippet) HostOffset(off int) int {
	if off < 0 {
		off = 0
	}
	if off > len(s.Text) {
		off = len(s.Text)
	}
	if s.runs == nil {
		return s.Start + off
	}
	i := sort.Search(len(s.runs), func(i int) bool { return int(s.runs[i].text) > off }) - 1
	r := s.runs[i]
	if r.linear {
		return int(r.host) + off - int(r.text)
	}
	return int(r.host)
}

// HostSpan maps a half-open range of Text to the host file. An empty range
// stays empty; a non-empty one covers the whole encoding of its characters.
func (s *Snippet) HostSpan(start, end int) (int, int) {
	a := s.HostOffset(start)
	if end <= start {
		return a, a
	}
	return a, s.HostOffset(end)
}

// TextOffset maps a host-file byte offset back to an offset in Text; ok is
// false when the offset lies outside the snippet. An offset inside an
// escape sequence lands on the byte the escape produces, so an editor
// cursor in `\"` still finds the quote.
func (s *Snippet) TextOffset(hostOff int) (int, bool) {
	if hostOff < s.Start || hostOff > s.End {
		return 0, false
	}
	if s.runs == nil {
		return min(hostOff-s.Start, len(s.Text)), true
	}
	i := sort.Search(len(s.Text)+1, func(i int) bool { return s.HostOffset(i) >= hostOff })
	return min(i, len(s.Text)), true
}

// Literal returns the host span of the whole literal that holds the
// snippet: for a quoted string the quotes are included, so a document
// outline or a fold covers what the user sees as one value.
func (s *Snippet) Literal(hostLen int) (start, end int) {
	switch s.Encoding {
	case HCLQuoted, JSONString:
		return max(0, s.Start-1), min(hostLen, s.End+1)
	}
	return s.Start, s.End
}

// Rules of the diagnostics that extraction reports about the host file
// itself (bad HCL or JSON) or about a place that holds an expression wflint
// deliberately does not lint (an interpolated Terraform string).
const (
	RuleSyntax       = "host-syntax"
	RuleInterpolated = "interpolated-expression"
	RuleNonLiteral   = "non-literal-expression"
	RuleUnmappable   = "unmappable-string"
	// RuleDirective is a .wf directive line wflint cannot apply.
	RuleDirective = "directive"
	// RuleNothingToLint is a file in which wflint found nothing to lint,
	// and why (reported by the front end, which knows whether the file was
	// named or met in a walk).
	RuleNothingToLint = "nothing-to-lint"
)

// Kind classifies a path by its extension.
type Kind int

// Host kinds.
const (
	Unknown Kind = iota
	WF
	HCL
	JSON
	JSONL
)

// KindOf returns the host kind of a file name, Unknown for files wflint
// does not read.
func KindOf(path string) Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".wf":
		return WF
	case ".tf", ".tfvars", ".hcl":
		return HCL
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	}
	return Unknown
}

// builder accumulates a decoded string and its offset map.
type builder struct {
	text strings.Builder
	runs []run
}

// add appends decoded text whose encoding starts at host offset at: each
// of its bytes maps to at.
func (b *builder) add(s string, at int) {
	n := b.text.Len()
	if len(s) == 1 {
		// One byte continues a linear run when it sits where the run
		// says; this is also how the byte an escape decodes to joins the
		// run before it (it maps to the escape's first byte).
		if k := len(b.runs) - 1; k >= 0 && b.runs[k].linear && int(b.runs[k].host)+n-int(b.runs[k].text) == at {
			b.text.WriteString(s)
			return
		}
		b.runs = append(b.runs, run{text: int32(n), host: int32(at), linear: true})
	} else if len(s) > 1 {
		b.runs = append(b.runs, run{text: int32(n), host: int32(at)})
	}
	b.text.WriteString(s)
}

// addCopied appends bytes copied unchanged from host offset at on: byte
// k maps to at+k, as if each were added alone, in one linear run.
func (b *builder) addCopied(s []byte, at int) {
	if len(s) == 0 {
		return
	}
	n := b.text.Len()
	if k := len(b.runs) - 1; k < 0 || !b.runs[k].linear || int(b.runs[k].host)+n-int(b.runs[k].text) != at {
		b.runs = append(b.runs, run{text: int32(n), host: int32(at), linear: true})
	}
	b.text.Write(s)
}

// snippet finishes the map; when the decoded text is the encoded text
// verbatim the map is dropped, which keeps large JSONL inputs cheap.
func (b *builder) snippet(start, end int, verbatim bool) Snippet {
	b.runs = append(b.runs, run{text: int32(b.text.Len()), host: int32(end)})
	s := Snippet{Text: b.text.String(), Start: start, End: end, runs: b.runs}
	if verbatim {
		s.runs = nil
	}
	return s
}
