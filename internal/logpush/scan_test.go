package logpush

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// stringRunNaive is the byte-at-a-time definition stringRun must match.
func stringRunNaive(line []byte, j int) int {
	for j < len(line) && line[j] != '"' && line[j] != '\\' && line[j] >= 0x20 {
		j++
	}
	return j
}

func TestStringRun(t *testing.T) {
	tests := []struct {
		in    string
		start int
		want  int
	}{
		{``, 0, 0},
		{`abc`, 0, 3},
		{`abcdefghijklmnop`, 0, 16},
		{`abcdefgh"`, 0, 8},
		{`abcdefg"h`, 0, 7},
		{`"`, 0, 0},
		{`ab\ncd`, 0, 2},
		{"abcdefghij\x1fk", 0, 10},
		{"abcdefghij\x7fk\"", 0, 12},              // DEL is not a control character for JSON
		{"\xff\xfe\x80\xc3\xa9abcdefgh\"", 0, 13}, // high bytes never stop the run
		{`"abcdefghijk"`, 1, 12},
		{"\x00bcdefghijk", 0, 0},
		{"abcdefg\x00", 0, 7},
		{" !#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~\"", 0, 41},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, stringRun([]byte(tt.in), tt.start), "%q from %d", tt.in, tt.start)
		assert.Equal(t, tt.want, stringRunNaive([]byte(tt.in), tt.start), "naive %q", tt.in)
	}
}

func TestStringRunMatchesNaive(t *testing.T) {
	// Random lines over an alphabet dense in the bytes that matter, at
	// every start offset, so every lane position and borrow pattern occurs.
	alphabet := []byte{'"', '\\', 0x00, 0x1f, 0x20, 0x21, 'a', 0x7f, 0x80, 0xdf, 0xff, 0x5b, 0x5d, 0x22 ^ 0x80, 0x5c ^ 0x80, 0x01, 0x02}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := rng.IntN(40)
		b := make([]byte, n)
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = byte(0x20 + rng.IntN(0xe0))
			}
		}
		for s := 0; s <= n; s++ {
			if got, want := stringRun(b, s), stringRunNaive(b, s); got != want {
				t.Fatalf("stringRun(%q, %d) = %d, want %d", b, s, got, want)
			}
		}
	}
}

func FuzzStringRun(f *testing.F) {
	f.Add([]byte(`Mozilla/5.0 (X11; Linux x86_64) "quoted" \escaped`), 3)
	f.Fuzz(func(t *testing.T, b []byte, s int) {
		if s < 0 || s > len(b) {
			return
		}
		if got, want := stringRun(b, s), stringRunNaive(b, s); got != want {
			t.Fatalf("stringRun(%q, %d) = %d, want %d", b, s, got, want)
		}
	})
}
