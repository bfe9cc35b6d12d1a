package host

import (
	"testing"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/ruleset"
)

// fuzzCheck runs the extractor and checks the map invariants and that
// replacing each snippet with its own text round-trips through Rewrite.
func fuzzCheck(t *testing.T, path string, data []byte) {
	d := Read(path, data)
	checkModel(t, d, data)
	checkStreamed(t, path, data, d)
	sns, probs := d.Snippets, d.Problems
	for _, p := range probs {
		if p.Span.Start < 0 || p.Span.Start > p.Span.End || int(p.Span.End) > len(data) {
			t.Fatalf("problem span %d-%d outside input of %d bytes", p.Span.Start, p.Span.End, len(data))
		}
	}
	checkIgnores(t, d, data)
	for i := range sns {
		checkMap(t, data, sns[i])
		sn := &sns[i]
		edit := diag.Edit{Span: diag.Span{Start: 0, End: diag.Pos(len(sn.Text))}, New: sn.Text}
		if _, err := Rewrite(path, data, []Change{{Snippet: sn, Edits: []diag.Edit{edit}}}); err != nil {
			t.Fatalf("identity rewrite of %q failed: %v", sn.Text, err)
		}
	}
}

// checkIgnores checks that every ignore lies in the file, names its
// rules where they are written, and has either rules or a problem.
func checkIgnores(t *testing.T, d *Document, data []byte) {
	in := func(s diag.Span) bool { return 0 <= s.Start && s.Start <= s.End && int(s.End) <= len(data) }
	for _, ig := range d.Ignores {
		if !in(ig.Span) || !in(ig.Scope) || len(ig.Rules) != len(ig.RuleSpans) || (len(ig.Rules) == 0) == (ig.Problem == "") {
			t.Fatalf("ignore %+v in %d bytes", ig, len(data))
		}
		for i, sp := range ig.RuleSpans {
			if !in(sp) || string(data[sp.Start:sp.End]) != ig.Rules[i] {
				t.Fatalf("ignore rule %q at %v", ig.Rules[i], sp)
			}
		}
	}
}

// checkStreamed reads data again handing each ruleset out as it is read:
// the same rulesets, whose expressions index the same snippets, which
// holds only if the readers meet snippets in file order.
func checkStreamed(t *testing.T, path string, data []byte, d *Document) {
	var streamed []*ruleset.Ruleset
	sd := ReadWith(path, data, ReadOptions{Each: func(rs *ruleset.Ruleset) { streamed = append(streamed, rs) }})
	if sd.Rulesets != nil || len(streamed) != len(d.Rulesets) || len(sd.Snippets) != len(d.Snippets) {
		t.Fatalf("streamed %d rulesets (kept %d) and %d snippets; read %d and %d", len(streamed), len(sd.Rulesets), len(sd.Snippets), len(d.Rulesets), len(d.Snippets))
	}
	for _, rs := range streamed {
		for _, r := range rs.Rules {
			for _, e := range r.Exprs {
				if e.Snippet >= 0 && (sd.Snippets[e.Snippet].Text != e.Text || sd.Snippets[e.Snippet].Where != e.Where) {
					t.Fatalf("%s: streamed expression %d is %q at %s, its snippet %q at %s", path, e.Snippet, e.Text, e.Where, sd.Snippets[e.Snippet].Text, sd.Snippets[e.Snippet].Where)
				}
			}
		}
	}
	for i := range sd.Snippets {
		if u := sd.Snippets[i].Use; u != nil && (u.Rule != nil || u.Ruleset != nil) {
			t.Fatalf("a streamed document's snippet names its rule")
		}
	}
}

func FuzzExtractHCL(f *testing.F) {
	for _, s := range []string{
		"resource \"cloudflare_filter\" \"f\" {\n  expression = \"http.host eq \\\"a\\\\b\\u00e9$${x}%%{y}\"\n}\n",
		"resource \"cloudflare_ruleset\" \"r\" {\n  rules {\n    expression = <<-EOT\n      a\n\n        b $${c}\n    EOT\n  }\n}\n",
		"x = { a = [{ expression = <<EOT\nfoo\nEOT\n}] }\n",
		"x = [{ expression = \"${var.a}\" }]\n",
		"x = [{ expression = \"\\U0001F600 日本\" }]\n",
		"resource \"cloudflare_ruleset\" \"r\" {\n  phase = \"http_request_late_transform\"\n  rules {\n    action_parameters {\n      headers {\n        name = \"x\"\n        expression = \"to_string(ip.src)\"\n      }\n    }\n    expression = \"true\"\n  }\n}\n",
		"resource \"cloudflare_ruleset\" \"r\" {\n  rules = [{ action_parameters = { uri = { path = { expression = \"lower(http.request.uri.path)\" } } }, expression = \"true\" }]\n}\n",
		"x = [{\n  # wflint:ignore a,b -- why\n  expression = \"ssl\" // wflint:ignore c\n  /* wflint:ignore d */\n  # wflint:ignore\n}]\n",
		"resource \"cloudflare_filter\" \"f\" {\n  expression = \"ip.src eq 1.1.1.1\"\n}\nresource \"cloudflare_firewall_rule\" \"r\" {\n  filter_id = cloudflare_filter.f.id\n  action = \"block\"\n}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, "f.tf", data) })
}

func FuzzExtractJSON(f *testing.F) {
	for _, s := range []string{
		`{"result":{"rules":[{"expression":"a \"b\" \\ \u00e9 \ud83d\ude00 \/"}]}}`,
		`{"expression":"\ud83d lone","type":"false_positive"}`,
		`[{"rules":[{"expression":"x","action":"block"}]}]`,
		`{"rules":[{"expression":1}]}`,
		`{"result":[{"action":"block","filter":{"expression":"ip.src eq 1.1.1.1","paused":false}}],"success":true,"errors":[]}`,
		`[{"action":"rewrite","action_parameters":{"headers":{"x":{"expression":"to_string(ip.src)"}}},"expression":"true"}]`,
		`{"phase":"http_ratelimit","rules":[{"ratelimit":{"counting_expression":"http.response.code eq 429"},"expression":"true"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.json", data)
		fuzzCheck(t, "f.jsonl", data)
	})
}

func FuzzReadWF(f *testing.F) {
	for _, s := range []string{
		"# wflint:phase http_request_transform\n# wflint:role value Bytes\nlower(http.host)\n",
		"\xEF\xBB\xBF  #wflint:param ratelimit.counting_expression\r\n\nhttp.response.code eq 429",
		"# wflint:\n# wflint:role value Array<\n#",
		"# wflint:ignore a, b -- c\n# wflint:ignore=x\n# wflint:ignored\nssl",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, "f.wf", data) })
}
