package workspace

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// A set of n repeated items gives at most DefaultMaxPerRule findings of
// each rule plus one "and N more": the count of diagnostics does not
// grow with n.
func TestFindingsPerRuleAreCapped(t *testing.T) {
	count := func(n int, s Settings) map[string]int {
		src := "ip.src in {" + strings.TrimSpace(strings.Repeat("10.0.0.1 ", n)) + "}"
		f := New(s).Lint(Source{Name: "x.wf", Text: []byte(src)})
		require.NoError(t, f.Err)
		out := map[string]int{}
		for _, d := range f.Diagnostics {
			out[d.Rule]++
		}
		return out
	}
	small, big := count(1000, Settings{}), count(10000, Settings{})
	assert.Equal(t, small, big)
	assert.Equal(t, DefaultMaxPerRule+1, big["duplicate-set-item"])

	f := New(Settings{}).Lint(Source{Name: "x.wf", Text: []byte("ip.src in {" + strings.Repeat("10.0.0.1 ", 100) + "}")})
	var more []string
	for _, d := range f.Diagnostics {
		if strings.HasPrefix(d.Message, "and ") {
			more = append(more, d.Message)
		}
	}
	assert.Contains(t, more, "and 79 more duplicate-set-item findings in this expression (showing the first 20)")

	assert.Equal(t, 6, count(100, Settings{MaxPerRule: 5})["duplicate-set-item"])
	assert.Equal(t, 99, count(100, Settings{MaxPerRule: -1})["duplicate-set-item"])
}

// mergeDiagnostics gives the order of one stable sort of the file's
// problems followed by every expression's diagnostics, whether or not the
// expressions' lists follow one another.
func TestMergeDiagnosticsIsAStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rules := []string{"a", "b", "c"}
	gen := func(n, lo, hi int) diag.List {
		var ds diag.List
		for range n {
			at := lo + rng.IntN(hi-lo+1)
			ds = append(ds, diag.Diagnostic{Rule: rules[rng.IntN(3)], Span: diag.SpanOf(at, at), Message: fmt.Sprint(len(ds))})
		}
		return ds
	}
	for iter := range 300 {
		overlap := iter%3 == 0
		fileDiags := gen(rng.IntN(5), 0, 100)
		var per []diag.List
		var profiles [][]string
		for i := range rng.IntN(6) {
			lo := i * 10
			if overlap {
				lo = 0
			}
			ds := gen(rng.IntN(5), lo, lo+10)
			sortDiagnostics(ds)
			per = append(per, ds)
			ps := make([]string, len(ds))
			for k := range ps {
				ps[k] = fmt.Sprint("p", i)
			}
			profiles = append(profiles, ps)
		}
		type item struct {
			d diag.Diagnostic
			p string
		}
		var all []item
		for _, d := range fileDiags {
			all = append(all, item{d, ""})
		}
		for i, ds := range per {
			for _, d := range ds {
				all = append(all, item{d, profiles[i][0]})
			}
		}
		sort.SliceStable(all, func(a, b int) bool { return less(&all[a].d, &all[b].d) })
		gotD, gotP := mergeDiagnostics(fileDiags, per, profiles)
		require.Len(t, gotD, len(all))
		for i, it := range all {
			assert.Equal(t, it.d, gotD[i], "iteration %d item %d", iter, i)
			assert.Equal(t, it.p, gotP[i], "iteration %d item %d", iter, i)
		}
	}
}

// A Batch hands out, part by part, exactly the diagnostics and profiles
// Lint keeps, in the same order, in parallel or not, whatever the sources
// before left in its memory.
func TestBatchMatchesLint(t *testing.T) {
	var jsonl strings.Builder
	for i := range 700 {
		switch i % 7 {
		case 0:
			jsonl.WriteString("not json\n")
		case 1:
			fmt.Fprintf(&jsonl, "{\"expr\": \"ip.src in {10.0.0.1 10.0.0.1} and http.host eq 'h%d'\"}\n", i)
		default:
			fmt.Fprintf(&jsonl, "\"http.host eq \\\"h%d\\\" and (\"\n", i)
		}
	}
	tf := "x = { expression = \"http.host eq 'a'\" }\nresource \"cloudflare_filter\" \"f\" { expression = \"ip.src eq 1.1.1.1 and http.host eq 'b'\" }\ny = [{ expression = \"http.host eq 'c'\" }]\n"
	batches := map[int]*Batch{} // one per jobs, across sources
	for _, src := range []Source{
		{Name: "a.jsonl", Text: []byte(jsonl.String())},
		{Name: "b.tf", Text: []byte(tf)},
		{Name: "c.json", Text: []byte(`{"type": "false_positive", "expression": "http.host eq 'x'", "requests": -1}`)},
	} {
		for _, jobs := range []int{1, 2, 4} {
			w := New(Settings{Jobs: jobs})
			want := w.Lint(src)
			b := batches[jobs]
			if b == nil {
				b = w.NewBatch()
				batches[jobs] = b
			}
			var gotD diag.List
			var gotP []string
			parts := 0
			l := b.Lint(src, func(_ *Linted, p Part) {
				require.Len(t, p.Profiles, len(p.Diagnostics))
				gotD, gotP = append(gotD, p.Diagnostics...), append(gotP, p.Profiles...)
				b.Recycle(p) // copied out above: the next part reuses its lists
				parts++
			})
			assert.Equal(t, len(want.Exprs), l.Expressions)
			assert.Equal(t, want.Text, l.Text)
			assert.Equal(t, want.Diagnostics, gotD, "%s jobs %d", src.Name, jobs)
			assert.Equal(t, want.Profiles, gotP, "%s jobs %d", src.Name, jobs)
			if src.Name == "a.jsonl" {
				assert.Greater(t, parts, 2)
			}
		}
	}
}
