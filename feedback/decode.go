package feedback

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// decoder turns a parsed tree into a Report, collecting every type mismatch
// (with its pointer) instead of stopping at the first.
type decoder struct {
	problems []Problem
	// present records the pointers of members that exist and are not null,
	// so validation can tell "missing" from "zero".
	present map[string]bool
	// bad records pointers whose value had the wrong type.
	bad map[string]bool
}

func (d *decoder) add(sev Severity, code, ptr, msg string, sugg ...string) {
	d.problems = append(d.problems, Problem{Severity: sev, Code: code, Pointer: ptr, Message: msg, Suggestions: sugg})
}

func (d *decoder) errors() []Problem {
	var out []Problem
	for _, p := range d.problems {
		if p.Severity == SeverityError {
			out = append(out, p)
		}
	}
	return out
}

func (d *decoder) mark(ptr string) {
	if d.present == nil {
		d.present = map[string]bool{}
	}
	d.present[ptr] = true
}

func (d *decoder) markBad(ptr string) {
	if d.bad == nil {
		d.bad = map[string]bool{}
	}
	d.bad[ptr] = true
}

func (d *decoder) mismatch(ptr, what string, n *jnode) {
	d.markBad(ptr)
	d.add(SeverityError, CodeTypeMismatch, ptr, fmt.Sprintf("%s must be %s, not %s", describePointer(ptr), what, describeNode(n)))
}

func (d *decoder) report(n *jnode) *Report {
	if n.kind != jObject {
		d.mismatch("", "a JSON object", n)
		return nil
	}
	r := &Report{}
	for _, m := range n.members {
		ptr := "/" + escapePointerToken(m.key)
		v := m.value
		if v.kind == jNull && reportFields[m.key] {
			// null reads as "not given", like encoding/json leaving the
			// field untouched; required fields are then reported missing.
			continue
		}
		switch m.key {
		case "type":
			r.Type = d.str(v, ptr)
		case "subtype":
			r.Subtype = d.str(v, ptr)
		case "description":
			r.Description = d.str(v, ptr)
		case "expression":
			r.Expression = d.str(v, ptr)
		case "first_request_seen_at":
			r.FirstRequestSeenAt = d.str(v, ptr)
		case "last_request_seen_at":
			r.LastRequestSeenAt = d.str(v, ptr)
		case "created_at":
			r.CreatedAt = d.str(v, ptr)
		case "requests":
			r.Requests, _ = d.int(v, ptr)
		case "requests_by_score":
			r.RequestsByScore = d.counts(v, ptr)
		case "requests_by_score_src":
			r.RequestsByScoreSrc = d.counts(v, ptr)
		case "requests_by_attribute":
			r.RequestsByAttribute = d.attributes(v, ptr)
		default:
			if r.Extra == nil {
				r.Extra = map[string]json.RawMessage{}
			}
			r.Extra[m.key] = json.RawMessage(append([]byte(nil), v.rawText()...))
			continue
		}
		if !d.bad[ptr] {
			d.mark(ptr)
		}
	}
	return r
}

func (d *decoder) str(n *jnode, ptr string) string {
	if n.kind != jString {
		d.mismatch(ptr, "a string", n)
		return ""
	}
	return n.str
}

// int decodes a JSON integer into int64. 1e3 and 100.0 are rejected: the
// API types counts as int64 and a fraction is almost always a mistake.
func (d *decoder) int(n *jnode, ptr string) (int64, bool) {
	if n.kind != jNumber {
		d.mismatch(ptr, "an integer", n)
		return 0, false
	}
	s := string(n.raw)
	v, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return v, true
	}
	d.markBad(ptr)
	if strings.ContainsAny(s, ".eE") {
		d.add(SeverityError, CodeTypeMismatch, ptr, fmt.Sprintf("%s must be a whole number, not %s", describePointer(ptr), s))
	} else {
		d.add(SeverityError, CodeNumberOutOfRange, ptr, fmt.Sprintf("%s is %s, which does not fit in a 64-bit integer", describePointer(ptr), s))
	}
	return 0, false
}

func (d *decoder) counts(n *jnode, ptr string) Counts {
	if n.kind != jObject {
		d.mismatch(ptr, "an object of counts", n)
		return nil
	}
	c := Counts{}
	for _, m := range n.members {
		if v, ok := d.int(m.value, ptr+"/"+escapePointerToken(m.key)); ok {
			c[m.key] = v
		}
	}
	return c
}

func (d *decoder) attributes(n *jnode, ptr string) map[string][]MetricRequests {
	if n.kind != jObject {
		d.mismatch(ptr, "an object of top lists", n)
		return nil
	}
	out := map[string][]MetricRequests{}
	for _, m := range n.members {
		lptr := ptr + "/" + escapePointerToken(m.key)
		if m.value.kind != jArray {
			d.mismatch(lptr, "an array of {\"metric\", \"requests\"} objects", m.value)
			continue
		}
		list := make([]MetricRequests, 0, len(m.value.elems))
		for i, e := range m.value.elems {
			list = append(list, d.metric(e, lptr+"/"+strconv.Itoa(i)))
		}
		out[m.key] = list
	}
	return out
}

func (d *decoder) metric(n *jnode, ptr string) MetricRequests {
	var mr MetricRequests
	if n.kind != jObject {
		d.mismatch(ptr, "an object with \"metric\" and \"requests\"", n)
		return mr
	}
	for _, m := range n.members {
		mptr := ptr + "/" + escapePointerToken(m.key)
		switch m.key {
		case "metric":
			mr.Metric = d.str(m.value, mptr)
		case "requests":
			mr.Requests, _ = d.int(m.value, mptr)
		default:
			if mr.Extra == nil {
				mr.Extra = map[string]json.RawMessage{}
			}
			mr.Extra[m.key] = json.RawMessage(append([]byte(nil), m.value.rawText()...))
			continue
		}
		if !d.bad[mptr] {
			d.mark(mptr)
		}
	}
	return mr
}

// rawText re-creates the source text of a node. Scalars keep their literal;
// containers are re-encoded compactly, which is enough for Extra members.
func (n *jnode) rawText() []byte {
	switch n.kind {
	case jObject:
		var b strings.Builder
		b.WriteByte('{')
		for i, m := range n.members {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(m.key)
			b.Write(kb)
			b.WriteByte(':')
			b.Write(m.value.rawText())
		}
		b.WriteByte('}')
		return []byte(b.String())
	case jArray:
		var b strings.Builder
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(e.rawText())
		}
		b.WriteByte(']')
		return []byte(b.String())
	case jString:
		// Re-encode rather than copy: the literal may contain invalid
		// UTF-8, which json.RawMessage consumers would reject.
		b, _ := json.Marshal(n.str)
		return b
	default:
		return n.raw
	}
}

func describeNode(n *jnode) string {
	switch n.kind {
	case jString:
		s := n.str
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("the string %q", s)
	case jNumber:
		return "the number " + string(n.raw)
	case jBool:
		return string(n.raw)
	case jNull:
		return "null"
	case jArray:
		return "an array"
	default:
		return "an object"
	}
}

// describePointer names a pointer for messages: "requests" or
// "requests_by_score[\"7\"]" read better than "/requests".
func describePointer(ptr string) string {
	if ptr == "" {
		return "the report"
	}
	toks := strings.Split(ptr[1:], "/")
	var b strings.Builder
	for i, t := range toks {
		t = strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
		switch {
		case i == 0:
			b.WriteString(t)
		case isDigits(t) && i == 2:
			b.WriteString("[" + t + "]")
		default:
			b.WriteString("[" + strconv.Quote(t) + "]")
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func dupProblem(d dupKey) Problem {
	return Problem{
		Severity: SeverityError, Code: CodeDuplicateKey, Pointer: d.pointer, onKey: true,
		Message: fmt.Sprintf("%s appears more than once; JSON readers keep only one of the values, so merge them", describePointer(d.pointer)),
	}
}
