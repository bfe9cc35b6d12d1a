package lsp

import (
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruledoc"
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

// toDiagnostic converts one workspace diagnostic, already in document
// byte offsets, to the protocol's ranges.
func toDiagnostic(doc *document, d diag.Diagnostic, enc protocol.PositionEncodingKind) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    doc.rangeOf(d.Span, enc),
		Severity: severity(d.Severity),
		Source:   protocol.NewOptional("wflint"),
		Message:  protocol.String(d.Message),
	}
	if d.Rule != "" {
		out.Code = protocol.String(d.Rule)
		if _, known := analyzer.LookupRule(d.Rule); known {
			out.CodeDescription = protocol.CodeDescription{Href: uri.URI(ruledoc.RuleURL(d.Rule))}
		}
	}
	for _, rel := range d.Related {
		out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: doc.URI, Range: doc.rangeOf(rel.Span, enc)},
			Message:  rel.Message,
		})
	}
	return out
}

// toDiagnostics converts an analysis to protocol diagnostics, in document
// order.
func toDiagnostics(doc *document, a *analysis, enc protocol.PositionEncodingKind) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(a.file.Diagnostics))
	for _, d := range a.file.Diagnostics {
		out = append(out, toDiagnostic(doc, d, enc))
	}
	return out
}
