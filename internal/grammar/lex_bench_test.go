package grammar

import "testing"

// BenchmarkLex measures the lexer alone on the real-world corpus.
func BenchmarkLex(b *testing.B) {
	c := realworld(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lex(c[i%len(c)])
	}
}
