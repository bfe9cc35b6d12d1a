package grammar

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// corpus loads every expression of the conformance corpora in testdata.
func corpus(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"realworld.jsonl", "cases.jsonl"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "conformance", name))
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var rec struct {
				Expr string `json:"expr"`
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &rec))
			out = append(out, rec.Expr)
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return out
}

func realworld(t testing.TB) []string {
	t.Helper()
	all := corpus(t)
	var out []string
	f, err := os.Open(filepath.Join("..", "..", "testdata", "conformance", "realworld.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		out = append(out, all[len(out)])
	}
	return out
}

// TestFormatRoundTrip checks parse(print(ast)) == ast for every valid
// corpus expression, in each notation and with line breaking.
func TestFormatRoundTrip(t *testing.T) {
	for _, src := range corpus(t) {
		x, errs := Parse(src)
		if len(errs) > 0 {
			continue
		}
		want := Dump(x.Root)
		for _, o := range []PrintOptions{{}, {Width: 40}, {Width: -1}, {Notation: EnglishNotation}, {Notation: SymbolNotation, Width: 30}} {
			out := Format(x, o)
			y, errs := Parse(out)
			require.Empty(t, errs, "formatted text does not parse: %q -> %q", src, out)
			require.Equal(t, want, Dump(y.Root), "tree changed: %q -> %q", src, out)
			require.Equal(t, out, Format(y, o), "formatting is not idempotent for %q", src)
		}
	}
}

// Parses by one Parser build the trees, and report the errors, that
// parses of their own do, whatever the parse before left in its memory.
func TestParserParsesAlike(t *testing.T) {
	var pr Parser
	exprs := corpus(t)
	// Small trees after large ones, and the reverse, reuse blocks both
	// larger and smaller than the parse needs.
	for _, i := range []int{0, len(exprs) - 1, 1, len(exprs) / 2} {
		exprs = append(exprs, exprs[i])
	}
	for _, src := range exprs {
		want, wantErrs := Parse(src)
		got, gotErrs := pr.Parse(src, Options{})
		require.Equal(t, wantErrs, gotErrs, src)
		require.Equal(t, Dump(want.Root), Dump(got.Root), src)
		require.Equal(t, want.NodeCount(), got.NodeCount(), src)
		require.Equal(t, nodeList(want), nodeList(got), src)
	}
}

// nodeList lists every node of a tree with its span, ID and, for a
// literal, its fields.
func nodeList(x *Expression) []string {
	var out []string
	Inspect(x.Root, func(n Node) bool {
		s := fmt.Sprintf("%T %v %d", n, n.Span(), x.NodeID(n))
		if l, ok := n.(*Literal); ok {
			s += fmt.Sprintf(" %v %q %q %d %d", l.Kind, l.Raw, l.Value, l.Hashes, l.Pos)
		}
		out = append(out, s)
		return true
	})
	return out
}
