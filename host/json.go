package host

import (
	"bytes"
	"fmt"
	"github.com/wflint/wflint/diag"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wflint/wflint/schema"
)

// A small JSON parser that keeps byte offsets: encoding/json cannot say
// where a string sits in the file, and the offsets are the whole point.

const maxJSONDepth = 512

type jkind uint8

const (
	jScalar jkind = iota
	jString
	jArray
	jObject
)

type jnode struct {
	kind       jkind
	start, end int // the whole value, quotes and brackets included
	members    []jmember
	elems      []*jnode
}

type jmember struct {
	key string
	val *jnode
}

func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

type jsonError struct {
	off int
	msg string
}

type jparser struct {
	data  []byte
	pos   int
	depth int
}

func parseJSONValue(data []byte) (*jnode, *jsonError) {
	p := &jparser{data: data}
	p.space()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.data) {
		return nil, p.errf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

func (p *jparser) errf(format string, args ...any) *jsonError {
	return &jsonError{off: p.pos, msg: fmt.Sprintf(format, args...)}
}

func (p *jparser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	return strconv.QuoteRune(r)
}

func (p *jparser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jparser) value() (*jnode, *jsonError) {
	if p.pos >= len(p.data) {
		return nil, p.errf("unexpected end of input, want a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{' || c == '[':
		if p.depth++; p.depth > maxJSONDepth {
			return nil, p.errf("JSON nested too deeply")
		}
		defer func() { p.depth-- }()
		if c == '{' {
			return p.object()
		}
		return p.array()
	case c == '"':
		start := p.pos
		end, err := skipString(p.data, p.pos)
		if err != nil {
			return nil, err
		}
		p.pos = end
		return &jnode{kind: jString, start: start, end: end}, nil
	default:
		start := p.pos
		for p.pos < len(p.data) {
			c := p.data[p.pos]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				break
			}
			p.pos++
		}
		word := string(p.data[start:p.pos])
		if word == "true" || word == "false" || word == "null" || isJSONNumber(word) {
			return &jnode{kind: jScalar, start: start, end: p.pos}, nil
		}
		p.pos = start
		return nil, p.errf("unexpected %s, want a value", p.describe())
	}
}

func isJSONNumber(s string) bool {
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || err.(*strconv.NumError).Err == strconv.ErrRange
}

func (p *jparser) object() (*jnode, *jsonError) {
	n := &jnode{kind: jObject, start: p.pos}
	p.pos++
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errf("unexpected %s, want a member name", p.describe())
		}
		keyStart := p.pos
		keyEnd, err := skipString(p.data, p.pos)
		if err != nil {
			return nil, err
		}
		key, _ := decodeJSONString(p.data, keyStart, keyEnd)
		p.pos = keyEnd
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errf("unexpected %s, want ':'", p.describe())
		}
		p.pos++
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, jmember{key: key.Text, val: v})
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			n.end = p.pos
			return n, nil
		}
		return nil, p.errf("unexpected %s, want ',' or '}'", p.describe())
	}
}

func (p *jparser) array() (*jnode, *jsonError) {
	n := &jnode{kind: jArray, start: p.pos}
	p.pos++
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	for {
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			n.end = p.pos
			return n, nil
		}
		return nil, p.errf("unexpected %s, want ',' or ']'", p.describe())
	}
}

// skipString validates the string starting at data[at] == '"' and returns
// the offset after its closing quote.
func skipString(data []byte, at int) (int, *jsonError) {
	i := at + 1
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(data) {
				return 0, &jsonError{off: i, msg: "unterminated string"}
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(data, i+2); !ok {
					return 0, &jsonError{off: i, msg: "invalid \\u escape"}
				}
				i += 6
			default:
				return 0, &jsonError{off: i, msg: fmt.Sprintf("invalid escape \\%c", data[i+1])}
			}
		case c < 0x20:
			return 0, &jsonError{off: i, msg: "control character in string; write it as an escape"}
		default:
			i++
		}
	}
	return 0, &jsonError{off: at, msg: "unterminated string"}
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[at:at+4]), 16, 16)
	return rune(v), err == nil
}

// decodeJSONString decodes the string data[start:end] (quotes included)
// with its offset map. A surrogate pair maps both its escapes to the first;
// a lone surrogate decodes to U+FFFD as encoding/json does.
func decodeJSONString(data []byte, start, end int) (Snippet, bool) {
	var b builder
	in, out := start+1, end-1
	verbatim := true
	for i := in; i < out; {
		c := data[i]
		if c != '\\' {
			_, n := utf8.DecodeRune(data[i:out])
			b.add(string(data[i:i+n]), i)
			i += n
			continue
		}
		verbatim = false
		if i+1 >= out {
			return Snippet{}, false
		}
		switch data[i+1] {
		case '"', '\\', '/':
			b.add(string(data[i+1]), i)
		case 'b':
			b.add("\b", i)
		case 'f':
			b.add("\f", i)
		case 'n':
			b.add("\n", i)
		case 'r':
			b.add("\r", i)
		case 't':
			b.add("\t", i)
		case 'u':
			r, ok := hex4(data, i+2)
			if !ok {
				return Snippet{}, false
			}
			n := 6
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if i+12 <= out && data[i+6] == '\\' && data[i+7] == 'u' {
					r2, ok2 = hex4(data, i+8)
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r, n = dec, 12
				} else {
					r = utf8.RuneError
				}
			}
			b.add(string(r), i)
			i += n
			continue
		default:
			return Snippet{}, false
		}
		i += 2
	}
	sn := b.snippet(in, out, verbatim)
	sn.Encoding = JSONString
	return sn, true
}

// extractJSON reads a ruleset (`rules[]` or `result.rules[]`, or a list of
// rulesets in `result[]`), a feedback report (a top-level `expression`), or
// a list of either. A JSON document of any other shape holds no
// expressions and yields nothing, so walking a repository does not complain
// about package.json.
func extractJSON(data []byte) ([]Snippet, []Problem) {
	root, err := parseJSONValue(data)
	if err != nil {
		return nil, []Problem{{Start: err.off, End: err.off, Severity: diag.Error, Code: CodeSyntax, Message: "invalid JSON: " + err.msg}}
	}
	x := &jsonExtractor{data: data}
	x.document(root, "")
	return x.snippets, x.problems
}

type jsonExtractor struct {
	data     []byte
	snippets []Snippet
	problems []Problem
}

func (x *jsonExtractor) document(n *jnode, where string) {
	switch n.kind {
	case jObject:
		if r := n.get("result"); r != nil {
			x.document(r, joinWhere(where, "result"))
			return
		}
		if rules := n.get("rules"); rules != nil && rules.kind == jArray {
			for i, r := range rules.elems {
				x.expression(r.get("expression"), fmt.Sprintf("%s[%d]", joinWhere(where, "rules"), i), schema.ProfileRules)
			}
			return
		}
		if e := n.get("expression"); e != nil {
			// A single rule has an action; a feedback report does not.
			profile := schema.ProfileFeedback
			if n.get("action") != nil {
				profile = schema.ProfileRules
			}
			x.expression(e, joinWhere(where, "expression"), profile)
		}
	case jArray:
		for i, el := range n.elems {
			x.document(el, fmt.Sprintf("%s[%d]", where, i))
		}
	}
}

func (x *jsonExtractor) expression(n *jnode, where, profile string) {
	if n == nil {
		return
	}
	if n.kind != jString {
		x.problems = append(x.problems, Problem{Start: n.start, End: n.end, Severity: diag.Error, Code: CodeNonLiteral, Message: where + " is not a string"})
		return
	}
	sn, ok := decodeJSONString(x.data, n.start, n.end)
	if !ok {
		x.problems = append(x.problems, Problem{Start: n.start, End: n.end, Severity: diag.Error, Code: CodeUnmappable, Message: "could not decode this string"})
		return
	}
	sn.Profile = profile
	sn.Where = where
	x.snippets = append(x.snippets, sn)
}

// extractJSONL reads one JSON value per line: a string, or an object with
// `expression` or `expr`. Blank lines are skipped; a bad line is reported
// and the rest are still read.
func extractJSONL(data []byte) ([]Snippet, []Problem) {
	var snippets []Snippet
	var problems []Problem
	lineNo := 0
	for off := 0; off < len(data); {
		lineNo++
		nl := bytes.IndexByte(data[off:], '\n')
		end := len(data)
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
		p := &jparser{data: line[:hi], pos: lo}
		v, err := p.value()
		if err == nil && p.pos != hi {
			err = p.errf("unexpected %s after the JSON value", p.describe())
		}
		where := fmt.Sprintf("line %d", lineNo)
		switch {
		case err != nil:
			problems = append(problems, Problem{Start: err.off, End: err.off, Severity: diag.Error, Code: CodeSyntax, Message: "invalid JSON: " + err.msg})
		case v.kind == jString:
			sn, ok := decodeJSONString(data, v.start, v.end)
			if ok {
				sn.Profile, sn.Where = schema.ProfileFeedback, where
				snippets = append(snippets, sn)
			}
		case v.kind == jObject:
			e := v.get("expression")
			if e == nil {
				e = v.get("expr")
			}
			if e == nil {
				problems = append(problems, Problem{Start: v.start, End: v.end, Severity: diag.Warning, Code: CodeNonLiteral, Message: "line has no \"expression\" or \"expr\" member"})
				break
			}
			x := &jsonExtractor{data: data}
			x.expression(e, where, schema.ProfileFeedback)
			snippets = append(snippets, x.snippets...)
			problems = append(problems, x.problems...)
		default:
			problems = append(problems, Problem{Start: v.start, End: v.end, Severity: diag.Error, Code: CodeNonLiteral, Message: "line is neither a string nor an object with an expression"})
		}
		off = next
	}
	return snippets, problems
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
