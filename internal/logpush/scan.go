package logpush

import (
	"encoding/binary"
	"math/bits"
)

// SWAR constants: a byte repeated in every lane of a uint64.
const (
	lanes01 = 0x0101010101010101
	lanes80 = 0x8080808080808080
)

// stringRun returns the index of the first byte at or after j that ends a
// plain run inside a JSON string: '"', '\\' or a control character
// (< 0x20). It returns len(line) if there is none.
//
// Most of a Logpush line is string contents (user agents, URIs, hashes), so
// this loop is the scanner's hot path. It tests eight bytes per step with
// the classic "has a zero byte" bit trick applied three times; the lowest
// flagged lane is always a true match (borrows only propagate upwards, away
// from it), so the first special byte is found exactly. Bytes ≥ 0x80 are
// never flagged, as UTF-8 and invalid bytes are kept as they are.
func stringRun(line []byte, j int) int {
	for j+8 <= len(line) {
		w := binary.LittleEndian.Uint64(line[j:])
		q := w ^ (lanes01 * '"')
		b := w ^ (lanes01 * '\\')
		t := ((q - lanes01) &^ q) | ((b - lanes01) &^ b) | ((w - lanes01*0x20) &^ w)
		if t &= lanes80; t != 0 {
			return j + bits.TrailingZeros64(t)/8
		}
		j += 8
	}
	for j < len(line) {
		if c := line[j]; c == '"' || c == '\\' || c < 0x20 {
			return j
		}
		j++
	}
	return j
}
