package feedback

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
)

// Result is the outcome of [ValidateJSON].
type Result struct {
	// Report is the decoded report, or nil when the document is not
	// well-formed JSON or not an object. Members with the wrong type are
	// left at their zero value.
	Report *Report
	// Diagnostics lists every finding, ordered by position in the file.
	Diagnostics diag.List
	doc         *jsonscan.Document
}

// Span returns the byte span of the value at the JSON pointer ptr, for
// tools that want to point at values themselves; ok is false when the
// document has no such value (or is not JSON).
func (r *Result) Span(ptr string) (diag.Span, bool) {
	if r == nil || r.doc == nil {
		return diag.Span{}, false
	}
	return r.doc.Span(ptr)
}

// ValidateJSON decodes and validates a report file in one pass. Each
// diagnostic has Where set to the JSON pointer it is about and Span to the
// bytes in data: the value, the member name for findings about a key, the
// containing object for a missing member, and for findings about the
// expression's content the exact bytes inside the string literal, mapped
// through JSON escapes. Malformed JSON yields a single invalid-json
// diagnostic whose message starts with the line and column.
//
// A suggested value is a Fix whose Title is the value as a person would
// type it and whose one edit replaces the span with its JSON spelling, so
// applying the fix yields valid JSON; see [Suggestions]. A fix of the
// expression keeps the analyzer's title, and its edit writes the
// analyzer's text, JSON-escaped, inside the string literal: wflint shows
// the same fix for the same report.
//
// At most 20 findings of each rule and severity are given (WithMaxPerRule),
// then one "and N more" finding for the rest.
func ValidateJSON(data []byte, opts ...Option) *Result {
	doc, serr := jsonscan.Parse(data)
	if serr != nil {
		end := min(serr.Offset+1, len(data))
		return &Result{Diagnostics: diag.List{{
			Severity: diag.Error, Rule: RuleInvalidJSON, Where: serr.Pointer, Rejected: true,
			Message: serr.Error(), Span: diag.SpanOf(serr.Offset, end),
		}}}
	}
	return ValidateDocument(data, doc, opts...)
}

// ValidateDocument is ValidateJSON on data already parsed by
// jsonscan.Parse (doc must be data's document), for callers that read the
// document too: a large report is then parsed once.
func ValidateDocument(data []byte, doc *jsonscan.Document, opts ...Option) *Result {
	res := &Result{doc: doc}
	lim := newLimiter(parseOptions(opts).maxPerRule)
	var findings []finding
	for _, d := range doc.Duplicates {
		f := dupFinding(d)
		if shown, _ := lim.admit(f); shown {
			findings = append(findings, f)
		}
	}
	d := decoder{lim: lim}
	rep := d.report(doc.Root)
	findings = append(findings, d.findings...)
	if rep != nil {
		res.Report = rep
		v := newValidator(rep, opts, func(ptr string) bool {
			if name, ok := strings.CutPrefix(ptr, "/"); ok && reportFields[name] {
				return d.present[ptr]
			}
			return true
		})
		v.metricPresent = func(list string, i int, field string) bool { return !d.metricAbsent[metricKey{list, i, field}] }
		// A value with the wrong type was already reported; checking its
		// zero value would only add noise ("requests is 0").
		v.suppress = d.bad
		v.lim = lim
		v.run()
		findings = append(findings, v.findings...)
	}
	findings = append(findings, lim.summaries()...)
	p := placer{data: data, doc: doc}
	for _, f := range findings {
		res.Diagnostics = append(res.Diagnostics, p.place(f))
	}
	// Stable by start only: findings at one place keep validation order.
	sort.SliceStable(res.Diagnostics, func(i, j int) bool {
		return res.Diagnostics[i].Span.Start < res.Diagnostics[j].Span.Start
	})
	return res
}

// placer turns findings into diagnostics with spans in one document.
type placer struct {
	data []byte
	doc  *jsonscan.Document
	expr *jsonscan.OffsetMap // the expression literal's map, decoded once
}

// place finds the bytes a finding is about and spells its fixes as edits.
func (p *placer) place(f finding) diag.Diagnostic {
	d := f.Diagnostic
	d.Rejected = d.Rejected || rejectedRules[d.Rule]
	if f.inExpr {
		if m := p.exprMap(); m != nil {
			d.Span = m.MapSpan(d.Span)
			for i, r := range d.Related {
				d.Related[i].Span = m.MapSpan(r.Span)
			}
			fixes := make([]diag.Fix, 0, len(d.Fixes))
			for _, fix := range d.Fixes {
				if len(fix.Edits) == 1 { // checkExpression keeps no other
					fixes = append(fixes, diag.Fix{Title: fix.Title, Edits: []diag.Edit{{Span: d.Span, New: jsonInner(fix.Edits[0].New)}}, Safe: fix.Safe})
				}
			}
			d.Fixes = fixes
			return d
		}
	}
	d.Related, d.Fixes = nil, nil
	exact := false
	if s, ok := p.doc.KeySpan(d.Where); ok && f.onKey {
		d.Span, exact = s, true
	} else {
		for ptr := d.Where; ; ptr = jsonscan.ParentPointer(ptr) {
			if s, ok := p.doc.Span(ptr); ok {
				d.Span, exact = s, ptr == d.Where
				break
			}
			if ptr == "" {
				d.Span = diag.SpanOf(0, len(p.data))
				break
			}
		}
	}
	for _, s := range f.suggestions {
		fix := diag.Fix{Title: s}
		// Only a span that is the value (or key) itself can be replaced;
		// a missing member's suggestion has nowhere to go.
		if exact {
			fix.Edits = []diag.Edit{{Span: d.Span, New: p.spell(d.Span, s)}}
		}
		d.Fixes = append(d.Fixes, fix)
	}
	return d
}

// exprMap decodes the expression literal's offset map, or returns nil when
// the expression is not a string.
func (p *placer) exprMap() *jsonscan.OffsetMap {
	if p.expr != nil {
		return p.expr
	}
	lit, ok := p.doc.Span("/expression")
	if !ok || int(lit.Start) >= len(p.data) || p.data[lit.Start] != '"' {
		return nil
	}
	if _, _, m, err := jsonscan.Unquote(p.data, int(lit.Start)); err == nil {
		p.expr = m
	}
	return p.expr
}

// spell writes s the way the bytes at span are written: as a JSON string
// when they are one, verbatim otherwise (a number).
func (p *placer) spell(span diag.Span, s string) string {
	if int(span.Start) < len(p.data) && p.data[span.Start] == '"' {
		return `"` + jsonInner(s) + `"`
	}
	return s
}

// jsonInner escapes s for use inside a JSON string literal, leaving <, >
// and & alone (they need no escape outside HTML).
func jsonInner(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// Suggestions returns the titles of a report diagnostic's fixes: for a
// finding about a member, the replacement values as a person would type
// them (the decoded value, not its JSON spelling); for a finding in the
// expression, the analyzer's titles ("Use http.host"), whose edits hold
// the text.
func Suggestions(d diag.Diagnostic) []string {
	var out []string
	for _, f := range d.Fixes {
		out = append(out, f.Title)
	}
	return out
}
