package host

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/schema"
)

// decodeJSONString decodes the string literal at data[start] (quotes
// included, ending before end) with its offset map: each decoded byte maps
// to the start of the bytes that encoded it, so an escape maps as a whole.
// A surrogate pair maps both its escapes to the first; invalid UTF-8 and a
// lone surrogate decode to U+FFFD, as encoding/json does. The offset map
// is taken from slab; the caller gives back what it did not use with
// slab.trim.
func decodeJSONString(data []byte, start, end int, slab *runSlab) (Snippet, bool) {
	if end-start < 2 || data[end-1] != '"' {
		return Snippet{}, false
	}
	raw := data[start+1 : end-1]
	if plainJSON(raw) {
		// No escapes and nothing to replace: the text is the bytes.
		return Snippet{Text: string(raw), Start: start + 1, End: end - 1, Encoding: JSONString}, true
	}
	// Runs of bytes that stand for themselves are copied whole; only
	// escapes and invalid UTF-8 are decoded a byte at a time.
	var b builder
	b.text.Grow(len(raw))
	// An escape takes at most two runs: its own and the copy after it.
	b.runs = slab.take(2*bytes.Count(raw, []byte{'\\'}) + 2)
	close := end - 1
	for i := start + 1; i < close; {
		j := i
		for j < close && jsonSelf[data[j]] {
			j++
		}
		if j > i {
			b.addCopied(data[i:j], i)
			i = j
			continue
		}
		switch c := data[i]; {
		case c == '\\':
			if i+1 >= close {
				return Snippet{}, false
			}
			next := i + 2
			var dec [utf8.UTFMax]byte
			n := 1
			if dec[0] = jsonscan.Escapes[data[i+1]]; dec[0] == 0 {
				if data[i+1] != 'u' {
					return Snippet{}, false
				}
				r, e, ok := jsonscan.DecodeUnicodeEscape(data[:close], i)
				if !ok {
					return Snippet{}, false
				}
				n, next = utf8.EncodeRune(dec[:], r), e
			}
			for k := range n {
				b.add(string(dec[k:k+1]), i)
			}
			i = next
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[i:close])
			if r == utf8.RuneError && size == 1 {
				for k := range len(replacement) {
					b.add(replacement[k:k+1], i)
				}
				i++
				continue
			}
			b.addCopied(data[i:i+size], i)
			i += size
		default: // a control character or a quote inside the string
			return Snippet{}, false
		}
	}
	sn := b.snippet(start+1, end-1, b.text.String() == string(raw))
	sn.Encoding = JSONString
	return sn, true
}

// replacement is U+FFFD, which invalid UTF-8 decodes to.
const replacement = string(utf8.RuneError)

// plainJSON reports whether the inside of a JSON string decodes to
// itself: no backslash, no quote, no control character, valid UTF-8.
// jsonSelf[c] says that byte c stands for itself in a JSON string: ASCII
// other than a control character, a backslash or a quote. A table keeps
// the scan of a string's runs to one test a byte.
var jsonSelf = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '\\' && c != '"'
	}
	return t
}()

func plainJSON(b []byte) bool {
	high := false
	for _, c := range b {
		switch {
		case c < 0x20 || c == '\\' || c == '"':
			return false
		case c >= utf8.RuneSelf:
			high = true
		}
	}
	return !high || utf8.Valid(b)
}

type jsonExtractor struct {
	data     []byte
	snippets []Snippet
	problems diag.List
	runs     runSlab
}

// runSlab hands out the offset maps of many strings from shared blocks:
// one allocation for many strings rather than one each.
type runSlab struct {
	block []run
	last  int  // where the list taken last starts
	open  bool // that list is not trimmed yet
}

// take returns an empty list with room for n runs; an append past them
// moves the list rather than overwrite the next one.
func (s *runSlab) take(n int) []run {
	if cap(s.block)-len(s.block) < n {
		s.block = make([]run, 0, max(n, 1024))
	}
	s.last, s.open = len(s.block), true
	s.block = s.block[:s.last+n]
	return s.block[s.last : s.last : s.last+n]
}

// trim ends the list taken last, now sn's map (nil when sn failed or is
// verbatim): the room it did not use goes to the next.
func (s *runSlab) trim(sn *Snippet) {
	if !s.open {
		return
	}
	s.open = false
	rs := sn.runs
	if len(rs) > 0 && &rs[0] != &s.block[s.last] {
		return // it outgrew its room and moved
	}
	s.block = s.block[:s.last+len(rs)]
	sn.runs = rs[:len(rs):len(rs)]
}

// syntaxProblem reports malformed JSON at the offending byte.
func syntaxProblem(err *jsonscan.SyntaxError) diag.Diagnostic {
	return diag.Diagnostic{Span: diag.SpanOf(err.Offset, err.Offset), Rule: RuleSyntax, Severity: diag.Error, Message: "invalid JSON: " + err.Msg}
}

// expression extracts the expression string n and returns the index of
// its snippet, or -1 when it is not linted (and says why).
func (x *jsonExtractor) expression(n *jsonscan.Node, where, profile string) int {
	if n == nil {
		return -1
	}
	start, end := int(n.Span.Start), int(n.Span.End)
	if n.Kind != jsonscan.String {
		x.problems = append(x.problems, diag.Diagnostic{Span: diag.SpanOf(start, end), Rule: RuleNonLiteral, Severity: diag.Error, Message: where + " is not a string"})
		return -1
	}
	sn, ok := decodeJSONString(x.data, start, end, &x.runs)
	x.runs.trim(&sn)
	if !ok {
		x.problems = append(x.problems, diag.Diagnostic{Span: diag.SpanOf(start, end), Rule: RuleUnmappable, Severity: diag.Error, Message: "could not decode this string"})
		return -1
	}
	sn.Profile = profile
	sn.Where = where
	x.snippets = append(x.snippets, sn)
	return len(x.snippets) - 1
}

// extractJSONL reads one JSON value per line: a string, or an object with
// `expression` or `expr`. Blank lines are skipped; a bad line is reported
// and the rest are still read.
func extractJSONL(data []byte) ([]Snippet, diag.List) {
	// Lines are independent: a large file is read in parts, one per CPU.
	return extractJSONLParts(data, min(runtime.GOMAXPROCS(0), len(data)/jsonlPart))
}

// jsonlPart is the least JSON Lines text worth a goroutine of its own.
const jsonlPart = 256 << 10

// extractJSONLParts extracts data in parts read concurrently, each
// starting after a line break, and joins their lists in order.
func extractJSONLParts(data []byte, parts int) ([]Snippet, diag.List) {
	if parts < 2 {
		x := extractLines(data, 0, len(data), 0)
		return x.snippets, x.problems
	}
	bounds := make([]int, parts+1)
	bounds[parts] = len(data)
	for k := 1; k < parts; k++ {
		b := len(data) * k / parts
		if nl := bytes.IndexByte(data[b:], '\n'); nl >= 0 {
			b += nl + 1
		} else {
			b = len(data)
		}
		bounds[k] = max(b, bounds[k-1])
	}
	xs := make([]*jsonExtractor, parts)
	var wg sync.WaitGroup
	for k := range parts {
		lines := bytes.Count(data[:bounds[k]], []byte{'\n'})
		wg.Go(func() { xs[k] = extractLines(data, bounds[k], bounds[k+1], lines) })
	}
	wg.Wait()
	n := 0
	for _, x := range xs {
		n += len(x.snippets)
	}
	snippets := make([]Snippet, 0, n)
	var problems diag.List
	for _, x := range xs {
		snippets, problems = append(snippets, x.snippets...), append(problems, x.problems...)
	}
	return snippets, problems
}

// JSONLines extracts the lines of JSON Lines text data[from:to], which
// starts a line and has lineNo lines before it, as Extract extracts them
// from the whole file: a large file can be read a part at a time, each
// part as it is needed. Offsets are offsets in data.
func JSONLines(data []byte, from, to, lineNo int) ([]Snippet, diag.List) {
	x := extractLines(data, from, to, lineNo)
	return x.snippets, x.problems
}

// extractLines extracts the lines of data[from:to], which starts a line;
// lineNo lines come before it.
func extractLines(data []byte, from, to, lineNo int) *jsonExtractor {
	// One extractor for the lines: its lists grow in line order.
	lines := bytes.Count(data[from:to], []byte{'\n'}) + 1
	x := &jsonExtractor{data: data, snippets: make([]Snippet, 0, lines)}
	// Each line's "line N", sliced in turn from one string of them all.
	var names []byte
	for n := lineNo + 1; n <= lineNo+lines; n++ {
		names = strconv.AppendInt(append(names, "line "...), int64(n), 10)
	}
	allNames, nameAt := string(names), 0
	var scan jsonscan.Scanner
	for off := from; off < to; {
		lineNo++
		where := allNames[nameAt : nameAt+len("line ")+digits(lineNo)]
		nameAt += len(where)
		nl := bytes.IndexByte(data[off:to], '\n')
		end := to
		if nl >= 0 {
			end = off + nl
		}
		line := data[:end] // offsets stay file offsets
		next := end + 1
		lo, hi := off, end
		for lo < hi && isSpace(line[lo]) {
			lo++
		}
		for hi > lo && isSpace(line[hi-1]) {
			hi--
		}
		if lo == hi {
			off = next
			continue
		}
		// Strings are decoded with their offset maps below; the parse
		// only checks them.
		doc, err := scan.ScanRange(line, lo, hi)
		var v *jsonscan.Node
		if err == nil {
			v = doc.Root
		}
		switch {
		case err != nil:
			x.problems = append(x.problems, syntaxProblem(err))
		case v.Kind == jsonscan.String:
			sn, ok := decodeJSONString(data, int(v.Span.Start), int(v.Span.End), &x.runs)
			x.runs.trim(&sn)
			if ok {
				sn.Profile, sn.Where = schema.ProfileFeedback, where
				x.snippets = append(x.snippets, sn)
			}
		case v.Kind == jsonscan.Object:
			e := v.Get("expression")
			if e == nil {
				e = v.Get("expr")
			}
			if e == nil {
				x.problems = append(x.problems, diag.Diagnostic{Span: diag.SpanOf(int(v.Span.Start), int(v.Span.End)), Rule: RuleNonLiteral, Severity: diag.Warning, Message: "line has no \"expression\" or \"expr\" member"})
				break
			}
			x.expression(e, where, schema.ProfileFeedback)
		default:
			x.problems = append(x.problems, diag.Diagnostic{Span: diag.SpanOf(int(v.Span.Start), int(v.Span.End)), Rule: RuleNonLiteral, Severity: diag.Error, Message: "line is neither a string nor an object with an expression"})
		}
		off = next
	}
	return x
}

// digits is the number of decimal digits of n > 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
