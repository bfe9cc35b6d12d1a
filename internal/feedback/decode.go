package feedback

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
)

// decoder turns a parsed tree into a Report, collecting every type mismatch
// (with its pointer) instead of stopping at the first.
type decoder struct {
	findings []finding
	// present records the pointers of members that exist and are not null,
	// so validation can tell "missing" from "zero".
	present map[string]bool
	// bad records pointers whose value had the wrong type.
	bad map[string]bool
	// metricAbsent records the top-list entry members that are missing,
	// null or of the wrong type.
	metricAbsent map[metricKey]bool
	// lim caps the findings of each rule (WithMaxPerRule); nil: no cap.
	lim *limiter
}

func (d *decoder) add(sev diag.Severity, rule, ptr, msg string, sugg ...string) {
	f := finding{Diagnostic: diag.Diagnostic{Severity: sev, Rule: rule, Where: ptr, Message: msg}, suggestions: sugg}
	if shown, _ := d.lim.admit(f); shown {
		d.findings = append(d.findings, f)
	}
}

func (d *decoder) errors() diag.List {
	var out diag.List
	for _, f := range d.findings {
		if f.Severity == diag.Error {
			out = append(out, f.Diagnostic)
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

func (d *decoder) mismatch(ptr, what string, n *jsonscan.Node) {
	d.markBad(ptr)
	d.add(diag.Error, RuleTypeMismatch, ptr, fmt.Sprintf("%s must be %s, not %s", describePointer(ptr), what, describeNode(n)))
}

func (d *decoder) report(n *jsonscan.Node) *Report {
	if n.Kind != jsonscan.Object {
		d.mismatch("", "a JSON object", n)
		return nil
	}
	r := &Report{}
	for _, m := range n.Members {
		ptr := "/" + jsonscan.EscapePointerToken(m.Key)
		v := m.Value
		if v.Kind == jsonscan.Null && reportFields[m.Key] {
			// null reads as "not given", like encoding/json leaving the
			// field untouched; required fields are then reported missing.
			continue
		}
		switch m.Key {
		case "requests":
			r.Requests, _ = d.int(v, ptr)
		case "requests_by_score":
			r.RequestsByScore = d.counts(v, ptr)
		case "requests_by_score_src":
			r.RequestsByScoreSrc = d.counts(v, ptr)
		case "requests_by_attribute":
			r.RequestsByAttribute = d.attributes(v, ptr)
		default:
			if field, ok := stringMembers[m.Key]; ok {
				*field(r) = d.str(v, ptr)
				break
			}
			if r.Extra == nil {
				r.Extra = map[string]json.RawMessage{}
			}
			r.Extra[m.Key] = json.RawMessage(append([]byte(nil), rawText(v)...))
			continue
		}
		if !d.bad[ptr] {
			d.mark(ptr)
		}
	}
	return r
}

func (d *decoder) str(n *jsonscan.Node, ptr string) string {
	if n.Kind != jsonscan.String {
		d.mismatch(ptr, "a string", n)
		return ""
	}
	return n.Str
}

// int decodes a JSON integer into int64. 1e3 and 100.0 are rejected: the
// API types counts as int64 and a fraction is almost always a mistake.
func (d *decoder) int(n *jsonscan.Node, ptr string) (int64, bool) {
	if n.Kind != jsonscan.Number {
		d.mismatch(ptr, "an integer", n)
		return 0, false
	}
	s := string(n.Raw)
	v, err := strconv.ParseInt(s, 10, 64)
	if err == nil {
		return v, true
	}
	d.markBad(ptr)
	if strings.ContainsAny(s, ".eE") {
		d.add(diag.Error, RuleTypeMismatch, ptr, fmt.Sprintf("%s must be a whole number, not %s", describePointer(ptr), s))
	} else {
		d.add(diag.Error, RuleNumberOutOfRange, ptr, fmt.Sprintf("%s is %s, which does not fit in a 64-bit integer", describePointer(ptr), s))
	}
	return 0, false
}

func (d *decoder) counts(n *jsonscan.Node, ptr string) Counts {
	if n.Kind != jsonscan.Object {
		d.mismatch(ptr, "an object of counts", n)
		return nil
	}
	c := Counts{}
	for _, m := range n.Members {
		if v, ok := d.int(m.Value, ptr+"/"+jsonscan.EscapePointerToken(m.Key)); ok {
			c[m.Key] = v
		}
	}
	return c
}

func (d *decoder) attributes(n *jsonscan.Node, ptr string) map[string][]MetricRequests {
	if n.Kind != jsonscan.Object {
		d.mismatch(ptr, "an object of top lists", n)
		return nil
	}
	out := map[string][]MetricRequests{}
	for _, m := range n.Members {
		lptr := ptr + "/" + jsonscan.EscapePointerToken(m.Key)
		if m.Value.Kind != jsonscan.Array {
			d.mismatch(lptr, "an array of {\"metric\", \"requests\"} objects", m.Value)
			continue
		}
		list := make([]MetricRequests, 0, len(m.Value.Elems))
		for i, e := range m.Value.Elems {
			list = append(list, d.metric(e, func() string { return lptr + "/" + strconv.Itoa(i) }, m.Key, i))
		}
		out[m.Key] = list
	}
	return out
}

// metricKey names one member of one top-list entry without building its
// JSON pointer: a large report has millions of them.
type metricKey struct {
	list  string
	index int
	field string
}

// metric decodes one top-list entry. Pointers are built only for problems;
// members that are missing, null or of the wrong type are recorded in
// metricAbsent, the rest are present.
func (d *decoder) metric(n *jsonscan.Node, ptr func() string, list string, i int) MetricRequests {
	var mr MetricRequests
	if n.Kind != jsonscan.Object {
		d.mismatch(ptr(), "an object with \"metric\" and \"requests\"", n)
		d.absent(list, i, "metric")
		d.absent(list, i, "requests")
		return mr
	}
	var hasMetric, hasRequests bool
	for _, m := range n.Members {
		switch m.Key {
		case "metric":
			hasMetric = m.Value.Kind == jsonscan.String
			if hasMetric {
				mr.Metric = m.Value.Str
			} else {
				mr.Metric = d.str(m.Value, ptr()+"/metric")
			}
		case "requests":
			if m.Value.Kind == jsonscan.Number {
				if v, err := strconv.ParseInt(string(m.Value.Raw), 10, 64); err == nil {
					mr.Requests, hasRequests = v, true
					continue
				}
			}
			mr.Requests, _ = d.int(m.Value, ptr()+"/requests")
		default:
			if mr.Extra == nil {
				mr.Extra = map[string]json.RawMessage{}
			}
			mr.Extra[m.Key] = json.RawMessage(append([]byte(nil), rawText(m.Value)...))
		}
	}
	if !hasMetric {
		d.absent(list, i, "metric")
	}
	if !hasRequests {
		d.absent(list, i, "requests")
	}
	return mr
}

func (d *decoder) absent(list string, i int, field string) {
	if d.metricAbsent == nil {
		d.metricAbsent = map[metricKey]bool{}
	}
	d.metricAbsent[metricKey{list, i, field}] = true
}

// rawText re-creates the source text of a node. Scalars keep their literal;
// containers are re-encoded compactly, which is enough for Extra members.
func rawText(n *jsonscan.Node) []byte {
	// container writes n items between open and close, comma-separated.
	container := func(open, close byte, n int, item func(b []byte, i int) []byte) []byte {
		b := []byte{open}
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = item(b, i)
		}
		return append(b, close)
	}
	switch n.Kind {
	case jsonscan.Object:
		return container('{', '}', len(n.Members), func(b []byte, i int) []byte {
			kb, _ := json.Marshal(n.Members[i].Key)
			return append(append(append(b, kb...), ':'), rawText(n.Members[i].Value)...)
		})
	case jsonscan.Array:
		return container('[', ']', len(n.Elems), func(b []byte, i int) []byte { return append(b, rawText(n.Elems[i])...) })
	case jsonscan.String:
		// Re-encode rather than copy: the literal may contain invalid
		// UTF-8, which json.RawMessage consumers would reject.
		b, _ := json.Marshal(n.Str)
		return b
	default:
		return n.Raw
	}
}

func describeNode(n *jsonscan.Node) string {
	switch n.Kind {
	case jsonscan.String:
		s := n.Str
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("the string %q", s)
	case jsonscan.Number:
		return "the number " + string(n.Raw)
	case jsonscan.Bool:
		return string(n.Raw)
	case jsonscan.Null:
		return "null"
	case jsonscan.Array:
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

func dupFinding(d jsonscan.Duplicate) finding {
	return finding{onKey: true, Diagnostic: diag.Diagnostic{
		Severity: diag.Error, Rule: RuleDuplicateKey, Where: d.Pointer,
		Message: fmt.Sprintf("%s appears more than once; JSON readers keep only one of the values, so merge them", describePointer(d.Pointer)),
	}}
}
