package pool

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderedKeepsOrder(t *testing.T) {
	for _, s := range []Size{{}, {Workers: 1}, {Workers: 4}, {Workers: 3, Ahead: 1}} {
		var got []int
		err := Ordered(context.Background(), s, Count(50), func(w, i int) int {
			assert.True(t, w >= 0 && w < max(s.Workers, 1), "worker %d", w)
			return i * i
		}, func(i, r int) error {
			assert.Equal(t, i*i, r)
			got = append(got, i)
			return nil
		})
		require.NoError(t, err)
		assert.Len(t, got, 50, "%+v", s)
		for i, r := range got {
			assert.Equal(t, i, r)
		}
	}
}

// A result is emitted as soon as it is published, while its work still
// runs: the emitter drains what the work sends after publishing.
func TestStreamedStreams(t *testing.T) {
	var got []int
	err := Streamed(context.Background(), Size{Workers: 2}, Count(3), func(_, i int, publish func(chan int)) {
		ch := make(chan int) // unbuffered: blocks until emit reads
		publish(ch)
		for j := range 3 {
			ch <- 10*i + j
		}
		close(ch)
	}, func(_ int, ch chan int) error {
		for v := range ch {
			got = append(got, v)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 10, 11, 12, 20, 21, 22}, got)
}

// Work on item i starts only once item i-Ahead is emitted, so per-item
// memory in Ahead slots used in turn is never shared by two items.
func TestAheadBoundsTheWork(t *testing.T) {
	for _, s := range []Size{{Workers: 1}, {Workers: 4}, {Workers: 4, Ahead: 2}, {Workers: 2, Ahead: 5}} {
		var emitted atomic.Int64 // how many items are emitted
		var mu sync.Mutex
		var late []int
		err := Ordered(context.Background(), s, Count(200), func(_, i int) int {
			if int64(i-s.ahead()) >= emitted.Load() {
				mu.Lock()
				late = append(late, i)
				mu.Unlock()
			}
			return i
		}, func(int, int) error {
			emitted.Add(1)
			return nil
		})
		require.NoError(t, err)
		assert.Empty(t, late, "%+v: started before item i-Ahead was emitted", s)
	}
}

// An error from emit stops the run: it is returned, nothing after the
// failing item is emitted, and every work started has returned.
func TestEmitErrorStops(t *testing.T) {
	boom := errors.New("boom")
	for _, s := range []Size{{}, {Workers: 3}} {
		var running atomic.Int64
		var emitted []int
		err := Ordered(context.Background(), s, Count(1000), func(_, i int) int {
			running.Add(1)
			defer running.Add(-1)
			return i
		}, func(i, _ int) error {
			emitted = append(emitted, i)
			if i == 5 {
				return boom
			}
			return nil
		})
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5}, emitted)
		assert.Zero(t, running.Load(), "a work still runs after Ordered returned")
	}
}

// A cancelled context stops the run with its error, also while items
// blocks, and while the oldest item's work does not finish.
func TestCancelStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	blocked := func(yield func(int) bool) {
		if !yield(0) {
			return
		}
		<-release // an input that never comes
	}
	err := Streamed(ctx, Size{Workers: 2}, blocked, func(_, i int, publish func(int)) {
		publish(i)
	}, func(int, int) error {
		cancel()
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled)

	ctx, cancel = context.WithCancel(context.Background())
	never := make(chan struct{})
	err = Streamed(ctx, Size{Workers: 2}, Count(10), func(_, i int, publish func(int)) {
		if i == 0 {
			cancel()
			<-ctx.Done()
			return // never publishes
		}
		publish(i)
	}, func(int, int) error {
		close(never) // panics if called twice; never called at all here
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled)

	err = Ordered(ctx, Size{}, Count(3), func(_, i int) int { return i }, func(int, int) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}
