package lsp

import (
	"github.com/wflint/wflint/diag"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/docs"
)

func severity(s diag.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diag.Error:
		return protocol.DiagnosticSeverityError
	case diag.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// toDiagnostic converts one analyzer finding of region r.
func toDiagnostic(doc *document, r *region, d diag.Diagnostic, enc protocol.PositionEncodingKind) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    doc.rangeOf(doc.hostSpan(r, d.Span), enc),
		Severity: severity(d.Severity),
		Source:   protocol.NewOptional("wflint"),
		Message:  protocol.String(d.Message),
	}
	if d.Rule != "" {
		out.Code = protocol.String(d.Rule)
		if _, known := analyzer.LookupRule(d.Rule); known {
			out.CodeDescription = protocol.CodeDescription{Href: uri.URI(docs.RuleURL(d.Rule))}
		}
	}
	for _, rel := range d.Related {
		out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: doc.URI, Range: doc.rangeOf(doc.hostSpan(r, rel.Span), enc)},
			Message:  rel.Message,
		})
	}
	return out
}

// toDiagnostics converts an analysis to protocol diagnostics, in document
// order.
func toDiagnostics(doc *document, a *analysis, enc protocol.PositionEncodingKind) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	for _, p := range a.report {
		// Expression findings come from the analyzer below, with fixes and
		// related information; the report validator adds the rest.
		out = append(out, protocol.Diagnostic{
			Range:    doc.rangeOf(p.Span, enc),
			Severity: severity(p.Severity),
			Code:     protocol.String(p.Rule),
			Source:   protocol.NewOptional("wflint"),
			Message:  protocol.String(p.Message),
		})
	}
	regions := doc.Regions()
	for _, p := range doc.hostProbs {
		out = append(out, protocol.Diagnostic{
			Range: doc.rangeOf(p.Span, enc), Severity: severity(p.Severity), Code: protocol.String(p.Code),
			Source: protocol.NewOptional("wflint"), Message: protocol.String(p.Message),
		})
	}
	for i, res := range a.results {
		for _, d := range res.Diagnostics {
			out = append(out, toDiagnostic(doc, regions[i], d, enc))
		}
	}
	return out
}
