package host

import (
	"testing"

	"github.com/wflint/wflint/diag"
)

// fuzzCheck runs the extractor and checks the map invariants and that
// replacing each snippet with its own text round-trips through Rewrite.
func fuzzCheck(t *testing.T, path string, data []byte) {
	sns, probs := Extract(path, data)
	for _, p := range probs {
		if p.Span.Start < 0 || p.Span.Start > p.Span.End || int(p.Span.End) > len(data) {
			t.Fatalf("problem span %d-%d outside input of %d bytes", p.Span.Start, p.Span.End, len(data))
		}
	}
	for i := range sns {
		checkMap(t, data, sns[i])
		sn := &sns[i]
		edit := diag.Edit{Span: diag.Span{Start: 0, End: diag.Pos(len(sn.Text))}, New: sn.Text}
		if _, err := Rewrite(path, data, []Change{{Snippet: sn, Edits: []diag.Edit{edit}}}); err != nil {
			t.Fatalf("identity rewrite of %q failed: %v", sn.Text, err)
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "f.json", data)
		fuzzCheck(t, "f.jsonl", data)
	})
}
