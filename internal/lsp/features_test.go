package lsp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// pos finds the position just after the first occurrence of marker in text,
// in UTF-16 units (the default encoding) or bytes.
func pos(t *testing.T, text, marker string, utf8 bool) protocol.Position {
	t.Helper()
	i := strings.Index(text, marker)
	require.GreaterOrEqual(t, i, 0, "marker %q", marker)
	d := newDocument("file:///x.wf", "", 1, text)
	enc := protocol.PositionEncodingKindUTF16
	if utf8 {
		enc = protocol.PositionEncodingKindUTF8
	}
	return d.position(i+len(marker), enc)
}

func labels(items []protocol.CompletionItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Label
	}
	return out
}

func (s *session) complete(u uri.URI, p protocol.Position) []protocol.CompletionItem {
	s.t.Helper()
	res, err := s.server.Completion(s.ctx, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: p}})
	require.NoError(s.t, err)
	list, ok := res.(*protocol.CompletionList)
	require.True(s.t, ok, "%T", res)
	return list.Items
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		name, text, at string
		want           []string
		notWant        []string
		first          string
	}{
		{name: "field prefix", text: "cf.bot_ma", at: "cf.bot_ma", want: []string{"cf.bot_management.score", "cf.bot_management.ja3_hash"}},
		{name: "http.re", text: "http.re", at: "http.re", want: []string{"http.request.uri.path", "http.referer"}},
		{name: "empty start", text: "", at: "", want: []string{"ip.src", "lower", "not"}},
		{name: "after and", text: "ip.src eq 1.2.3.4 and ", at: "and ", want: []string{"http.host"}},
		{name: "bytes operators", text: "http.host ", at: "http.host ", want: []string{"eq", "contains", "matches", "wildcard"}, notWant: []string{"bitwise_and"}},
		{name: "int operators", text: "cf.bot_management.score ", at: "score ", want: []string{"lt", "ge", "in"}, notWant: []string{"contains", "matches"}},
		{name: "ip operators", text: "ip.src ", at: "ip.src ", want: []string{"eq", "in"}, notWant: []string{"contains"}},
		{name: "function result operators", text: "lower(http.host) ", at: ") ", want: []string{"eq", "contains"}},
		{name: "countries", text: "ip.geoip.country eq ", at: "eq ", want: []string{`"US"`, `"GB"`, `"T1"`}},
		{name: "countries in set", text: `ip.geoip.country in {"US" `, at: `"US" `, want: []string{`"FR"`}},
		{name: "country in string", text: `ip.geoip.country eq "F`, at: `"F`, want: []string{"FR"}, notWant: []string{"US"}},
		{name: "methods", text: "http.request.method == ", at: "== ", want: []string{`"GET"`, `"POST"`}},
		{name: "score range", text: "cf.bot_management.score in ", at: "in ", want: []string{"{1..99}"}},
		{name: "managed lists", text: "ip.src in $", at: "$", want: []string{"$cf.open_proxies", "$cf.malware"}},
		{name: "lists after in", text: "ip.src in ", at: "in ", want: []string{"$cf.vpn"}},
		{name: "logical", text: `http.host eq "a" `, at: `"a" `, want: []string{"and", "or", "xor"}},
		{name: "feedback first", text: "", at: "", first: "cf.bot_management.ja3_hash"},
	}
	s := newSession(t, nil)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := s.open(strings.ReplaceAll(tc.name, " ", "_")+string(rune('a'+i))+".wf", tc.text)
			items := s.complete(u, pos(t, tc.text, tc.at, false))
			got := labels(items)
			for _, w := range tc.want {
				assert.Contains(t, got, w)
			}
			for _, w := range tc.notWant {
				assert.NotContains(t, got, w)
			}
			if tc.first != "" {
				best := items[0]
				for _, it := range items {
					a, _ := it.SortText.Get()
					b, _ := best.SortText.Get()
					if a < b {
						best = it
					}
				}
				assert.Equal(t, tc.first, best.Label)
			}
		})
	}
}

func TestCompletionFieldDetail(t *testing.T) {
	s := newSession(t, nil)
	u := s.open("d.wf", "cf.bot_management.sc")
	items := s.complete(u, pos(t, "cf.bot_management.sc", "sc", false))
	require.NotEmpty(t, items)
	it := items[0]
	assert.Equal(t, "cf.bot_management.score", it.Label)
	d, _ := it.Detail.Get()
	assert.Equal(t, "Int", d)
	resolved, err := s.server.CompletionResolve(s.ctx, &it)
	require.NoError(t, err)
	doc, ok := resolved.Documentation.(*protocol.MarkupContent)
	require.True(t, ok)
	assert.Contains(t, doc.Value, "feedback")
	edit, ok := it.TextEdit.(*protocol.TextEdit)
	require.True(t, ok)
	assert.Equal(t, protocol.Range{Start: protocol.Position{}, End: protocol.Position{Character: 20}}, edit.Range)
}

func TestHover(t *testing.T) {
	tests := []struct {
		name, text, at string
		profile        string
		want           []string
	}{
		{name: "field", text: "cf.bot_management.score lt 30", at: "cf.bot", want: []string{"cf.bot_management.score: Int", "fields the Bot Management feedback documentation lists"}},
		{name: "deprecated field", text: `ip.geoip.country eq "US"`, at: "ip.geo", profile: "rules", want: []string{"Deprecated", "ip.src.country"}},
		{name: "function", text: `starts_with(http.host, "a")`, at: "starts", want: []string{"starts_with(source: Bytes"}},
		{name: "octal", text: "cf.bot_management.score eq 010", at: "01", want: []string{"integer 8", "octal"}},
		{name: "hex", text: "cf.bot_management.score eq 0x1f", at: "0x1", want: []string{"integer 31"}},
		{name: "escape", text: `http.host eq "\x41b"`, at: `"\x4`, want: []string{`decodes to "Ab"`}},
		{name: "cidr", text: "ip.src in {10.0.0.0/8}", at: "10.0", want: []string{"10.0.0.0 – 10.255.255.255"}},
		{name: "operator", text: `http.host contains "a"`, at: "conta", want: []string{"**contains**"}},
		{name: "logical", text: `http.host eq "a" && ip.src eq 1.1.1.1`, at: "&", want: []string{"**and** (`&&`)"}},
		{name: "current name of a feedback field", profile: "feedback", text: "ip.src.asnum eq 13335", at: "ip.src.as",
			want: []string{"Accepted in Bot Management feedback reports: the current name of `ip.geoip.asnum`"}},
		{name: "list", text: "ip.src in $cf.open_proxies", at: "$cf.o", want: []string{"$cf.open_proxies"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			init := &protocol.InitializeParams{}
			if tc.profile != "" {
				init.InitializationOptions = settingsJSON(Settings{Profile: tc.profile})
			}
			s := newSession(t, init)
			u := s.open("h.wf", tc.text)
			h, err := s.server.Hover(s.ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos(t, tc.text, tc.at, false)}})
			require.NoError(t, err)
			require.NotNil(t, h)
			mc, ok := h.Contents.(*protocol.MarkupContent)
			require.True(t, ok)
			for _, w := range tc.want {
				assert.Contains(t, mc.Value, w)
			}
		})
	}
}

// TestEncodings checks exact conversion with emoji (two UTF-16 units, four
// bytes) and CJK (one unit, three bytes) before the diagnostic.
func TestEncodings(t *testing.T) {
	text := "http.host eq \"😀漢字\" and ip.src eq 'x'"
	for _, tc := range []struct {
		name string
		encs []protocol.PositionEncodingKind
		want uint32
	}{
		{"utf-16 default", nil, uint32(len("http.host eq \"") + 2 + 2 + len("\" and ip.src eq "))},
		{"utf-8 offered", []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF32, protocol.PositionEncodingKindUTF8}, uint32(strings.Index(text, "'x'"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			init := &protocol.InitializeParams{}
			if tc.encs != nil {
				init.Capabilities.General = &protocol.GeneralClientCapabilities{PositionEncodings: tc.encs}
			}
			s := newSession(t, init)
			u := s.open("e.wf", text)
			p := s.waitDiags(u, 1)
			require.NotEmpty(t, p.Diagnostics)
			d := p.Diagnostics[len(p.Diagnostics)-1]
			assert.Equal(t, protocol.String("single-quoted-string"), d.Code)
			assert.Equal(t, tc.want, d.Range.Start.Character)
			assert.Equal(t, tc.want+3, d.Range.End.Character)
			href := d.CodeDescription.Href
			assert.Contains(t, string(href), "single-quoted-string")

			// An incremental edit after the emoji, in the same encoding:
			// replace 'x' with "x".
			start := d.Range.Start
			end := d.Range.End
			require.NoError(t, s.server.DidChange(s.ctx, &protocol.DidChangeTextDocumentParams{
				TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
				ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
					Range: protocol.Range{Start: start, End: end}, Text: `"x"`}},
			}))
			p = s.waitDiags(u, 2)
			for _, d := range p.Diagnostics {
				assert.NotEqual(t, protocol.String("single-quoted-string"), d.Code)
			}
		})
	}
}

func TestCodeActions(t *testing.T) {
	s := newSession(t, &protocol.InitializeParams{InitializationOptions: settingsJSON(Settings{Profile: "rules"})})
	text := `not (http.host eq "a") and ip.geoip.country eq "US" and http.host eq 'b'`
	u := s.open("c.wf", text)
	all := protocol.Range{End: pos(t, text, text, false)}
	acts, err := s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: all})
	require.NoError(t, err)
	titles := map[string]*protocol.CodeAction{}
	for _, a := range acts {
		ca := a.(*protocol.CodeAction)
		titles[ca.Title] = ca
	}
	for _, w := range []string{`Use "b"`, "Fix all wflint problems in the document", "Simplify negation", "Convert to raw string", "Replace deprecated ip.geoip.country with ip.src.country"} {
		assert.Contains(t, titles, w)
	}
	if ca := titles["Simplify negation"]; ca != nil {
		edits := ca.Edit.Changes[u]
		require.Len(t, edits, 1)
		assert.Equal(t, `http.host ne "a"`, edits[0].NewText)
	}
	if ca := titles[`Use "b"`]; ca != nil {
		assert.Equal(t, protocol.CodeActionKindQuickFix, *ca.Kind)
		require.Len(t, ca.Diagnostics, 1)
	}
}

func TestFormattingAndTF(t *testing.T) {
	s := newSession(t, nil)
	src := "http.host   eq \"a\"and(ip.src in {1.1.1.1   2.2.2.2})\n"
	u := s.open("f.wf", src)
	edits, err := s.server.Formatting(s.ctx, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	require.NoError(t, err)
	require.Len(t, edits, 1)
	// The edit covers the expression; the file's final newline stays, as
	// wflint fmt keeps it.
	got := applyChanges(src, []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: edits[0].Range, Text: edits[0].NewText}}, protocol.PositionEncodingKindUTF16)
	assert.Equal(t, "http.host eq \"a\" and (ip.src in {1.1.1.1 2.2.2.2})\n", got)

	tf := "resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = \"http.host eq \\\"😀\\\" and ip.src eq 'x'\"\n    action = \"block\"\n  }\n}\n"
	tu := uri.File("/work/main.tf")
	require.NoError(t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: tu, LanguageID: "terraform", Version: 1, Text: tf}}))
	p := s.waitDiags(tu, 1)
	require.Len(t, p.Diagnostics, 1)
	d := p.Diagnostics[0]
	// 'x' sits on line 2; the escaped quotes count as two characters each
	// in the host, and the emoji as two UTF-16 units.
	line := strings.Split(tf, "\n")[2]
	col := strings.Index(line, "'x'")
	col -= 2 // the emoji is four bytes but two UTF-16 units
	assert.Equal(t, protocol.Range{Start: protocol.Position{Line: 2, Character: uint32(col)}, End: protocol.Position{Line: 2, Character: uint32(col + 3)}}, d.Range)

	// Hover inside the HCL string.
	h, err := s.server.Hover(s.ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: tu}, Position: protocol.Position{Line: 2, Character: 22}}})
	require.NoError(t, err)
	require.NotNil(t, h)
	assert.Contains(t, h.Contents.(*protocol.MarkupContent).Value, "http.host: Bytes")

	// A quick fix in HCL is escaped for HCL.
	acts, err := s.server.CodeAction(s.ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: tu}, Range: d.Range})
	require.NoError(t, err)
	var fix *protocol.CodeAction
	for _, a := range acts {
		if ca := a.(*protocol.CodeAction); *ca.Kind == protocol.CodeActionKindQuickFix {
			fix = ca
			break
		}
	}
	require.NotNil(t, fix)
	assert.Equal(t, `\"x\"`, fix.Edit.Changes[tu][0].NewText)
}

func TestReportJSON(t *testing.T) {
	s := newSession(t, nil)
	report := `{"type": "false_positive", "expression": "http.host eq \"a\\u00e9\" and ip.src eq 'x'", "requests": -1}`
	u := uri.File("/work/report.json")
	require.NoError(t, s.server.DidOpen(s.ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "json", Version: 1, Text: report}}))
	p := s.waitDiags(u, 1)
	var codes []string
	for _, d := range p.Diagnostics {
		c, _ := d.Code.(protocol.String)
		codes = append(codes, string(c))
		if c == "single-quoted-string" {
			i := strings.Index(report, "'x'")
			assert.Equal(t, uint32(i), d.Range.Start.Character)
			assert.Equal(t, uint32(i+3), d.Range.End.Character)
		}
	}
	assert.Contains(t, codes, "single-quoted-string")
	assert.Greater(t, len(codes), 1, "report validation problems too: %v", codes)
}

func TestSignatureTokensSymbolsHints(t *testing.T) {
	s := newSession(t, nil)
	text := "(starts_with(http.host, \"a\")\n  or cf.bot_management.score eq 010)"
	u := s.open("s.wf", text)
	sh, err := s.server.SignatureHelp(s.ctx, &protocol.SignatureHelpParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos(t, text, "host, ", false)}})
	require.NoError(t, err)
	require.NotNil(t, sh)
	assert.Contains(t, sh.Signatures[0].Label, "starts_with(")
	active, _ := sh.ActiveParameter.Get()
	assert.Equal(t, uint32(1), active)

	toks, err := s.server.SemanticTokensFull(s.ctx, &protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	require.NoError(t, err)
	require.Zero(t, len(toks.Data)%5)
	// starts_with is the first token: line 0, char 1, length 11, function.
	assert.Equal(t, []uint32{0, 1, 11, stFunction, 0}, toks.Data[:5])
	rt, err := s.server.SemanticTokensRange(s.ctx, &protocol.SemanticTokensRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range: protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 1, Character: 40}}})
	require.NoError(t, err)
	assert.Less(t, len(rt.Data), len(toks.Data))

	syms, err := s.server.DocumentSymbol(s.ctx, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	require.NoError(t, err)
	require.Len(t, syms.(protocol.DocumentSymbolSlice), 1)

	folds, err := s.server.FoldingRanges(s.ctx, &protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	require.NoError(t, err)
	require.NotEmpty(t, folds)

	hints, err := s.server.InlayHint(s.ctx, &protocol.InlayHintParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range: protocol.Range{End: protocol.Position{Line: 2}}})
	require.NoError(t, err)
	require.Len(t, hints, 1)
	assert.Equal(t, protocol.String("= 8"), hints[0].Label)
}

// Hover in a rule says what the expression under the cursor is for (its
// role, parameter, rule and phase); outside every expression it describes
// the rule.
func TestHoverRuleContext(t *testing.T) {
	s := newSession(t, nil)
	tf := `resource "cloudflare_ruleset" "r" {
  phase = "http_request_late_transform"
  rules {
    action = "rewrite"
    action_parameters {
      headers {
        name       = "x-score"
        operation  = "set"
        expression = "to_string(cf.bot_management.score)"
      }
    }
    expression = "true"
  }
}
`
	u := s.open("main.tf", tf)
	s.waitDiags(u, 1)
	hover := func(marker string) string {
		t.Helper()
		h, err := s.server.Hover(s.ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos(t, tf, marker, false)}})
		require.NoError(t, err)
		if h == nil {
			return ""
		}
		return h.Contents.(*protocol.MarkupContent).Value
	}
	v := hover("to_str")
	assert.Contains(t, v, "to_string")
	assert.Contains(t, v, "**value** (Bytes) — `action_parameters.headers.*.expression`")
	assert.Contains(t, v, "Rule `cloudflare_ruleset.r.rules[0]`, action `rewrite`")
	assert.Contains(t, v, "Phase: `http_request_late_transform`")
	assert.Contains(t, hover(`expression = "tr`), "**filter** — `expression`")
	r := hover(`operation  = "s`)
	assert.Contains(t, r, "Rule `cloudflare_ruleset.r.rules[0]`")
	assert.Contains(t, r, "- `action_parameters.headers.*.expression`: value (Bytes)")
	assert.Contains(t, r, "- `expression`: filter")
	assert.Empty(t, hover(`phase = "`), "outside every rule")
}
