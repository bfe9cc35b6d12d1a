package grammar

import (
	"bufio"
	"encoding/json"
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
		f, err := os.Open(filepath.Join("..", "testdata", "conformance", name))
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
	f, err := os.Open(filepath.Join("..", "testdata", "conformance", "realworld.jsonl"))
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
