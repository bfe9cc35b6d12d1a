package logpush

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/gziptest"
)

// TestBlocks cuts small inputs into tiny blocks and checks that the lines
// come back whole, numbered, in order, with too-long lines as markers and
// every input byte accounted for.
func TestBlocks(t *testing.T) {
	long := strings.Repeat("x", 100)
	lines := []string{"a", "", "bb", long, "ccc", long + long, "d"}
	src := []byte(strings.Join(lines, "\n"))
	for _, in := range [][]byte{src, gziptest.Compress(t, src)} {
		for _, size := range []int{8, 16, 1 << 10} {
			b, err := NewBlocks(bytes.NewReader(in), "in", 50, NewBuffers(size))
			require.NoError(t, err)
			var got []string
			var nums []int64
			var inputBytes int64
			for {
				blk, err := b.Next()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				assert.Equal(t, "in", blk.Name)
				inputBytes += blk.InputBytes
				if blk.TooLong {
					got, nums = append(got, "<too long>"), append(nums, blk.Line)
					continue
				}
				for n, line := range blk.Lines {
					if len(line) > 50 {
						line = []byte("<too long>")
					}
					got, nums = append(got, string(line)), append(nums, n)
				}
			}
			require.NoError(t, b.Close())
			assert.Equal(t, []string{"a", "", "bb", "<too long>", "ccc", "<too long>", "d"}, got, "block size %d", size)
			assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7}, nums, "block size %d", size)
			assert.Equal(t, int64(len(in)), inputBytes, "block size %d", size)
		}
	}
}

func TestBlocksTruncatedGzip(t *testing.T) {
	z := gziptest.Compress(t, bytes.Repeat([]byte("{\"BotScore\":1}\n"), 1000))
	b, err := NewBlocks(bytes.NewReader(z[:len(z)/2]), "in.gz", 0, nil)
	require.NoError(t, err)
	for {
		_, err = b.Next()
		if err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "in.gz:")
}
