package workspace

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPublishKeepsOrder(t *testing.T) {
	for _, jobs := range []int{0, 1, 4} {
		var got []int
		Publish(50, jobs, func(i int, publish func(int)) { publish(i * i) }, func(r int) { got = append(got, r) })
		assert.Len(t, got, 50)
		for i, r := range got {
			assert.Equal(t, i*i, r)
		}
	}
}

// A result is emitted as soon as it is published, while its work still
// runs: the emitter drains what the work sends after publishing.
func TestPublishStreams(t *testing.T) {
	var got []int
	Publish(3, 2, func(i int, publish func(chan int)) {
		ch := make(chan int) // unbuffered: blocks until emit reads
		publish(ch)
		for j := range 3 {
			ch <- 10*i + j
		}
		close(ch)
	}, func(ch chan int) {
		for v := range ch {
			got = append(got, v)
		}
	})
	assert.Equal(t, []int{0, 1, 2, 10, 11, 12, 20, 21, 22}, got)
}

func TestMemoryLimit(t *testing.T) {
	assert.Equal(t, int64(minMemoryLimit), MemoryLimit(nil, 4))
	const mb = 1 << 20
	sizes := []int64{40 * mb, 1 * mb, 100 * mb, 30 * mb}
	// The two largest, the 100 MB capped at 50 MB.
	assert.Equal(t, int64(memoryPerInputByte*(50+40)*mb), MemoryLimit(sizes, 2))
	assert.Equal(t, []int64{40 * mb, 1 * mb, 100 * mb, 30 * mb}, sizes, "sizes are not changed")
}
