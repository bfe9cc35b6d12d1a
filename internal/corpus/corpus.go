// Package corpus reads the real-world expression corpus,
// testdata/conformance/realworld.jsonl, for the tests and benchmarks of
// several packages.
package corpus

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Entry is one line of the corpus.
type Entry struct {
	Expr   string `json:"expr"`
	Source string `json:"source"`
}

// Realworld returns the corpus in file order.
func Realworld(tb testing.TB) []Entry {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "conformance", "realworld.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			tb.Fatal(err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// RealworldExprs returns the corpus's expressions in file order.
func RealworldExprs(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, e := range Realworld(tb) {
		out = append(out, e.Expr)
	}
	return out
}

// RealworldJSONL returns the corpus's expressions as JSON Lines, one
// {"expr": …} object a line, as wflint's whole-process benchmark
// (scripts/bench-engine.sh) feeds them to it.
func RealworldJSONL(tb testing.TB) []byte {
	tb.Helper()
	var out []byte
	for _, s := range RealworldExprs(tb) {
		line, err := json.Marshal(map[string]string{"expr": s})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(append(out, line...), '\n')
	}
	return out
}
