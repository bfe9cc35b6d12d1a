package grammar

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks, on any input, that the parser terminates without
// panicking, that every error span lies inside the input, that every fix
// applies, and that a valid expression survives formatting and is read the
// same by the fast path and the participle grammar.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "fuzz-seed", "*"))
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
		if len(errs) > 0 || !utf8.ValidString(src) {
			return
		}
		slow, serrs := ParseWith(src, Options{MaxSize: 1 << 16, noFast: true})
		if len(serrs) > 0 {
			t.Fatalf("fast path accepted what the grammar rejects: %q: %v", src, serrs)
		}
		if Dump(slow.Root) != Dump(x.Root) {
			t.Fatalf("fast path and grammar disagree on %q:\n%s\n%s", src, Dump(x.Root), Dump(slow.Root))
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
