package grammar

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks, on any input, that the parser terminates without
// panicking, that every error span lies inside the input, that every fix
// applies, that the specification (grammar/spec) accepts exactly when the
// parser reports no error and builds the same tree, and that a valid
// expression survives formatting.
//
//	go test ./internal/grammar -run '^$' -fuzz FuzzParse -parallel 1 -fuzztime 10m
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "fuzz-seed", "*"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{`http.host eq "a"`, `ip.src in {10.0.0.0/8}`, `any(x[*] == "a")`, `(`, `"`, `r#"`, `not`, "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, errs := ParseWith(src, Options{MaxSize: 1 << 16})
		for _, e := range errs {
			if e.Span.Start < 0 || e.Span.End < e.Span.Start || int(e.Span.End) > len(src) {
				t.Fatalf("error span %v outside input of %d bytes: %v", e.Span, len(src), e)
			}
			if e.Message == "" || e.EngineKind == "" || e.Rule == "" {
				t.Fatalf("incomplete error %#v", e)
			}
			for _, fix := range e.Fixes {
				_ = fix.Apply(src)
			}
		}
		differential(t, src, Options{MaxSize: 1 << 16})
		// A parse in memory another parse used first builds the same tree
		// and errors.
		var pr Parser
		_, _ = pr.Parse(`any(http.request.headers.names[*] == "x") and ip.src in {10.0.0.0/8 $list} or not (a[0] eq "b")`, Options{})
		xa, errsA := pr.Parse(src, Options{MaxSize: 1 << 16})
		if len(errsA) != len(errs) || (x.Root != nil) != (xa.Root != nil) || (x.Root != nil && Dump(x.Root) != Dump(xa.Root)) {
			t.Fatalf("a parse in a used Parser differs: %d errors vs %d", len(errsA), len(errs))
		}
		if len(errs) > 0 || !utf8.ValidString(src) {
			return
		}
		out := Format(x, PrintOptions{})
		y, errs := Parse(out)
		if len(errs) > 0 {
			t.Fatalf("formatted %q as %q, which does not parse: %v", src, out, errs)
		}
		if Dump(x.Root) != Dump(y.Root) {
			t.Fatalf("formatting changed the tree: %q -> %q", src, out)
		}
	})
}
