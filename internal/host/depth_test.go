package host

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/ruleset"
)

// A million nested brackets of each kind, in every host that has a
// recursive parser, is one clear problem for the file and no crash: the
// HCL parser would overflow the Go stack, which cannot be recovered.
func TestDeepNestingIsAProblemNotACrash(t *testing.T) {
	const n = 1_000_000
	cases := map[string]string{
		"a.tf":     "x = " + strings.Repeat("[", n),
		"b.tf":     "x = " + strings.Repeat("{", n),
		"c.tf":     "x = " + strings.Repeat("(", n),
		"d.tfvars": "x = " + strings.Repeat("[", n),
		"e.tfvars": "x = " + strings.Repeat("{", n),
		"f.tfvars": "x = " + strings.Repeat("(", n),
		"g.tf":     `x = "${` + strings.Repeat("[", n),
		"h.tf":     "x = <<EOT\n${" + strings.Repeat("(", n),
		"a.json":   strings.Repeat("[", n),
		"b.json":   strings.Repeat(`{"a":`, n),
		"c.json":   strings.Repeat("(", n),
		"a.jsonl":  strings.Repeat("[", n) + "\n" + strings.Repeat(`{"a":`, n) + "\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			snippets, problems := Extract(name, []byte(text))
			assert.Empty(t, snippets)
			require.NotEmpty(t, problems)
			assert.Equal(t, RuleSyntax, problems[0].Rule)
		})
	}
}

// tooDeep is where hclScan finds text nesting deeper than MaxHCLDepth,
// or -1.
func tooDeep(text string) int {
	_, off := hclScan([]byte(text), MaxHCLDepth, 0)
	return off
}

func TestHCLDepthScan(t *testing.T) {
	deep := strings.Repeat("[", MaxHCLDepth+1)
	for _, text := range []string{
		`x = "` + deep + `"`,                // brackets in a string are text
		`x = "\"` + deep + `"`,              // after an escaped quote too
		"x = <<EOT\n" + deep + "\nEOT\n",    // and in a heredoc
		"# " + deep + "\nx = 1",             // and in comments
		"/* " + deep + " */ x = 1",          // of both kinds
		`x = "$${` + deep + `"`,             // $${ is no interpolation
		"x = [[1], [2], {a = (1 + 2)}]",     // siblings do not add up
		"x = <<-EOT\n  a\n  EOT\ny = [1]\n", // an indented heredoc ends
	} {
		assert.Equal(t, -1, tooDeep(text), text)
	}
	for _, text := range []string{
		"x = " + deep,
		`x = "${` + deep + `}"`,
		"x = <<EOT\n${" + deep + "\nEOT\n",
		"x = <<EOT\nEOT\ny = " + deep,
	} {
		assert.GreaterOrEqual(t, tooDeep(text), 0, text)
	}
	// The deepest accepted nesting still parses.
	ok := "x = " + strings.Repeat("[", MaxHCLDepth) + strings.Repeat("]", MaxHCLDepth) + "\n"
	_, problems := Extract("ok.tf", []byte(ok))
	assert.Empty(t, problems)
}

// The run-length offset map gives every byte the host offset the
// per-byte map of the JSON decoder gives it, and maps back the same way.
func TestOffsetRunsMatchPerByteMap(t *testing.T) {
	for _, lit := range []string{
		`"plain"`, `"a\"b\\c"`, `"\u00e9t\u00e9 é \ud83d\ude00 x"`, `"\n\t\r\/"`, `"é日本"`, `""`, `"\"\"\""`, `"ab\u0041cd"`,
	} {
		data := []byte(`{"expression": ` + lit + `}`)
		start := strings.Index(string(data), lit)
		sn, ok := decodeJSONString(data, start, start+len(lit), new(runSlab))
		require.True(t, ok, lit)
		text, _, m, err := jsonscan.Unquote(data[:start+len(lit)], start)
		require.Nil(t, err)
		ref := make([]int, 0, len(sn.Text)+1)
		for i := range len(text) {
			ref = append(ref, int(m.MapSpan(diag.SpanOf(i, i+1)).Start))
		}
		ref = append(ref, sn.End)
		for i, want := range ref {
			assert.Equal(t, want, sn.HostOffset(i), "%s at %d", lit, i)
		}
		for h := sn.Start; h <= sn.End; h++ {
			want := len(ref) - 1
			for i, o := range ref {
				if o >= h {
					want = i
					break
				}
			}
			got, ok := sn.TextOffset(h)
			assert.True(t, ok)
			assert.Equal(t, min(want, len(sn.Text)), got, "%s host %d", lit, h)
		}
	}
}

// A file parsed in segments gives the snippets and the problems of one
// parse of the whole file.
func TestHCLSegmentsMatchOneParse(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "# resource %d\nresource \"cloudflare_ruleset\" \"r%d\" {\n  rules {\n    expression = \"http.host eq \\\"h%d\\\" and ip.src in {10.0.0.%d}\"\n  }\n  rules {\n    expression = <<-EOT\n      http.host eq \"x%d\"\n    EOT\n  }\n}\n/* a\n} */\nvalue%d = { expression = \"http.host eq 'y'\" }\n", i, i, i, i, i, i)
	}
	data := []byte(b.String())
	defer func(n int) { hclSegmentBytes = n }(hclSegmentBytes)
	hclSegmentBytes = 1 << 30
	whole, wholeProblems := Extract("main.tf", data)
	require.Len(t, whole, 120)
	for _, seg := range []int{1, 100, 1000} {
		hclSegmentBytes = seg
		cuts, _ := hclScan(data, MaxHCLDepth, seg)
		require.Greater(t, len(cuts), 5)
		got, problems := Extract("main.tf", data)
		assert.Equal(t, wholeProblems, problems)
		require.Len(t, got, len(whole))
		// The same snippets, in the same (file) order.
		key := func(s Snippet) string { return fmt.Sprint(s.Start, s.End, s.Where, s.Text, s.HostOffset(3), s.Role()) }
		var a, c []string
		for i := range whole {
			a, c = append(a, key(whole[i])), append(c, key(got[i]))
		}
		assert.Equal(t, a, c)
	}
	// An error in any segment is reported at its file offset.
	bad := append(append([]byte{}, data...), []byte("resource \"x\" {\n  a = \n}\n")...)
	hclSegmentBytes = 100
	sn, problems := Extract("main.tf", bad)
	assert.Empty(t, sn)
	require.NotEmpty(t, problems)
	assert.Greater(t, int(problems[0].Span.Start), len(data))
	// Read as a stream, the rulesets before the error were handed out
	// already: the document says to forget them.
	handed := 0
	d := ReadWith("main.tf", bad, ReadOptions{Each: func(*ruleset.Ruleset) { handed++ }})
	assert.Positive(t, handed)
	assert.True(t, d.Broken)
	assert.Empty(t, d.Snippets)
	assert.False(t, Read("main.tf", data).Broken)
}

func TestPlainJSON(t *testing.T) {
	assert.True(t, plainJSON([]byte(`http.host eq é`)))
	assert.False(t, plainJSON([]byte(`é \n`)), "an escape after a non-ASCII character")
	assert.False(t, plainJSON([]byte("a\x01")))
	assert.False(t, plainJSON([]byte("\xff")))
	assert.True(t, plainJSON(nil))
}

// Strings decoded one after another from one slab get the maps each gets
// from a slab of its own, also when one outgrows the room it was given
// (invalid UTF-8 takes runs no backslash accounts for) or fails.
func TestRunSlabSharedMatchesOwn(t *testing.T) {
	lits := []string{`"a\"b"`, "\"\xff\xfe\xfd\xfc\xfb\xfa x\"", `"plain"`, `"bad \q"`, `"\u00e9\"t"`, "\"\xff\\\"\xfe\\\"\xfd\""}
	var slab runSlab
	var got, want []Snippet
	for range 3 {
		for _, lit := range lits {
			data := []byte(lit)
			sn, ok := decodeJSONString(data, 0, len(data), &slab)
			slab.trim(&sn)
			own, ownOK := decodeJSONString(data, 0, len(data), new(runSlab))
			assert.Equal(t, ownOK, ok, lit)
			got, want = append(got, sn), append(want, own)
		}
	}
	// Checked at the end: no map was overwritten by a later one.
	for i := range want {
		assert.Equal(t, want[i].Text, got[i].Text)
		assert.Equal(t, want[i].runs, got[i].runs, want[i].Text)
	}
}
