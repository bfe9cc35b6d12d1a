package lsp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// actionsAt returns the code actions the server offers for the
// diagnostic of rule in u, by title.
func (s *session) actionsAt(u uri.URI, p *protocol.PublishDiagnosticsParams, rule string) map[string]*protocol.CodeAction {
	s.t.Helper()
	for _, d := range p.Diagnostics {
		if d.Code != protocol.String(rule) {
			continue
		}
		acts, err := s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: d.Range})
		require.NoError(s.t, err)
		out := map[string]*protocol.CodeAction{}
		for _, a := range acts {
			ca := a.(*protocol.CodeAction)
			out[ca.Title] = ca
		}
		return out
	}
	s.t.Fatalf("no %s diagnostic: %v", rule, p.Diagnostics)
	return nil
}

// edited applies a code action's edits to text.
func edited(t *testing.T, text string, u uri.URI, ca *protocol.CodeAction) string {
	t.Helper()
	require.NotNil(t, ca)
	var changes []protocol.TextDocumentContentChangeEvent
	edits := ca.Edit.Changes[u]
	for i := len(edits) - 1; i >= 0; i-- { // from the end: earlier ranges stay put
		changes = append(changes, &protocol.TextDocumentContentChangePartial{Range: edits[i].Range, Text: edits[i].NewText})
	}
	return applyChanges(text, changes, protocol.PositionEncodingKindUTF16)
}

func (s *session) openAs(path, lang, text string) (uri.URI, *protocol.PublishDiagnosticsParams) {
	s.t.Helper()
	u := uri.File(path)
	require.NoError(s.t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: protocol.LanguageKind(lang), Version: 1, Text: text}}))
	return u, s.waitDiags(u, 1)
}

func TestIgnoreHereAction(t *testing.T) {
	s := newSession(t, nil)
	tf := "resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_firewall_custom\"\n  rules {\n    action = \"block\"\n    expression = <<EOT\nnot ip.src in {10.8.0.0/16}\n  and http.request.method eq \"delete\"\nEOT\n  }\n}\n"
	u, p := s.openAs("/work/ignore.tf", "terraform", tf)

	// A new comment before the expression's attribute, indented as it,
	// even for a finding on the heredoc's second line.
	acts := s.actionsAt(u, p, "case-never-matches")
	got := edited(t, tf, u, acts["Ignore case-never-matches here"])
	assert.Contains(t, got, "    action = \"block\"\n    # wflint:ignore case-never-matches\n    expression = <<EOT\n")
	assert.Contains(t, acts, `Write "DELETE" (unsafe: changes what the expression matches)`, "an unsafe fix says so")
	assert.False(t, *acts[`Write "DELETE" (unsafe: changes what the expression matches)`].IsPreferred)

	// With the comment there, the finding is gone and the next ignore
	// joins the comment.
	require.NoError(t, s.server.DidChange(s.ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: got}}}))
	p = s.waitDiags(u, 2)
	for _, d := range p.Diagnostics {
		assert.NotEqual(t, protocol.String("case-never-matches"), d.Code)
	}
	acts = s.actionsAt(u, p, "bogon-ip")
	again := edited(t, got, u, acts["Ignore bogon-ip here"])
	assert.Contains(t, again, "    # wflint:ignore case-never-matches,bogon-ip\n    expression = <<EOT\n")

	// A .wf file takes an ignore line at its top; JSON has no comments;
	// a syntax error cannot be ignored.
	wf := "# wflint:phase http_request_firewall_custom\nnot ip.src in {10.8.0.0/16}\n"
	wu, wp := s.openAs("/work/office.wf", "wirefilter", wf)
	assert.Equal(t, "# wflint:ignore bogon-ip\n"+wf, edited(t, wf, wu, s.actionsAt(wu, wp, "bogon-ip")["Ignore bogon-ip here"]))

	js := `{"rules": [{"action": "block", "expression": "not ip.src in {10.8.0.0/16} and http.host eq 'a'"}]}`
	ju, jp := s.openAs("/work/rules.json", "json", js)
	for title := range s.actionsAt(ju, jp, "bogon-ip") {
		assert.False(t, strings.HasPrefix(title, "Ignore "), title)
	}
	_, tp := s.openAs("/work/quote.wf", "wirefilter", "http.host eq 'a'")
	for title := range s.actionsAt(uri.File("/work/quote.wf"), tp, "single-quoted-string") {
		assert.False(t, strings.HasPrefix(title, "Ignore "), title)
	}
}

// Fix-all applies what wflint --fix applies: the safe fixes only.
func TestFixAllSafeOnly(t *testing.T) {
	s := newSession(t, nil)
	tf := "resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_firewall_custom\"\n  rules {\n    action = \"block\"\n    expression = \"http.host eq \\\"*.example.com\\\" or http.request.method eq \\\"delete\\\" or ip.src.country eq \\\"uk\\\" or http.host eq 'a'\"\n  }\n}\n"
	u, _ := s.openAs("/work/fixall.tf", "terraform", tf)
	acts, err := s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindSourceFixAll}}})
	require.NoError(t, err)
	require.Len(t, acts, 1)
	got := edited(t, tf, u, acts[0].(*protocol.CodeAction))
	assert.Contains(t, got, `http.host eq \"*.example.com\" or http.request.method eq \"delete\" or ip.src.country eq \"uk\" or http.host eq \"a\"`)

	// Without a safe fix to apply, there is no fix-all.
	u, _ = s.openAs("/work/unsafe.tf", "terraform", strings.Replace(tf, `http.host eq 'a'`, `ssl`, 1))
	acts, err = s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindSourceFixAll}}})
	require.NoError(t, err)
	assert.Empty(t, acts)
}
