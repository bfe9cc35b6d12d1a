package feedback

import (
	"sort"
	"strings"
)

// Result is the outcome of [ValidateJSON].
type Result struct {
	// Report is the decoded report, or nil when the document is not
	// well-formed JSON or not an object. Members with the wrong type are
	// left at their zero value.
	Report *Report
	// Problems lists every problem, ordered by position in the file. Each
	// has Span set.
	Problems []Problem
	// Spans maps the JSON pointer of every value in the document to its
	// byte span, for tools that want to point at values themselves.
	Spans map[string]Span
}

// ValidateJSON decodes and validates a report file in one pass. Malformed
// JSON yields a single invalid-json problem whose message starts with
// line:column; type mismatches are reported with their pointers; every
// problem carries the byte span it is about (see [Position] to turn a span
// into line and column). Findings of the ExpressionChecker are mapped
// through JSON escapes to the exact bytes inside the expression literal.
func ValidateJSON(data []byte, opts ...Option) *Result {
	p, serr := parseJSON(data)
	if serr != nil {
		end := min(serr.Offset+1, len(data))
		return &Result{Problems: []Problem{{
			Severity: SeverityError, Code: CodeInvalidJSON, Pointer: serr.Pointer,
			Message: serr.Error(), Span: &Span{serr.Offset, end},
		}}}
	}
	res := &Result{Spans: p.spans}
	var problems []Problem
	for _, d := range p.dups {
		problems = append(problems, dupProblem(d))
	}
	var d decoder
	rep := d.report(p.root)
	problems = append(problems, d.problems...)
	if rep != nil {
		res.Report = rep
		v := newValidator(rep, opts, func(ptr string) bool {
			toks := strings.Split(ptr, "/")
			if (len(toks) == 2 && reportFields[toks[1]]) ||
				(len(toks) == 5 && toks[1] == "requests_by_attribute" && metricFields[toks[4]]) {
				return d.present[ptr]
			}
			return true
		})
		// A value with the wrong type was already reported; checking its
		// zero value would only add noise ("requests is 0").
		v.suppress = d.bad
		v.run()
		problems = append(problems, v.problems...)
	}
	for i := range problems {
		problems[i].Span = locate(data, p, &problems[i])
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Span.Start < problems[j].Span.Start })
	res.Problems = problems
	return res
}

// locate finds the bytes a problem is about: the mapped expression span,
// the key or value at its pointer, or, for a missing member, the object
// that should contain it.
func locate(data []byte, p *parsed, pr *Problem) *Span {
	if pr.ExprSpan != nil && pr.Pointer == "/expression" {
		if lit, ok := p.spans["/expression"]; ok && lit.Start < len(data) && data[lit.Start] == '"' {
			var m offsetMap
			if _, _, err := unquote(data, lit.Start, &m); err == nil {
				s := m.mapSpan(*pr.ExprSpan)
				return &s
			}
		}
	}
	if pr.onKey {
		if s, ok := p.keySpans[pr.Pointer]; ok {
			return &s
		}
	}
	for ptr := pr.Pointer; ; ptr = parentPointer(ptr) {
		if s, ok := p.spans[ptr]; ok {
			return &s
		}
		if ptr == "" {
			return &Span{0, len(data)}
		}
	}
}
