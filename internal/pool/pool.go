// Package pool runs work on a fixed number of goroutines and hands the
// results back in the order the work came in, with a bound on how far the
// work runs ahead of the results taken, so that memory does not grow with
// the number of items. It is the one worker pool of wflint: the files of a
// run, the expressions of one large file and the chunks of a report build
// go through it.
package pool

import (
	"context"
	"iter"
	"sync"
)

// Size is how much work runs at once.
type Size struct {
	// Workers is how many goroutines do the work. 0 means none: items,
	// work and emit take turns on the calling goroutine (work must then
	// not wait for emit).
	Workers int
	// Ahead bounds how far the work runs ahead of emit: work on item i
	// starts only once emit has returned for item i-Ahead, so a caller
	// may keep per-item memory in Ahead slots used in turn. 0 means
	// 2·Workers.
	Ahead int
}

func (s Size) ahead() int {
	if s.Ahead > 0 {
		return s.Ahead
	}
	return max(2*s.Workers, 1)
}

// Ordered calls work(w, x) for each x that items yields and emit(x, out)
// with its result, for each x in the order items yields them, on the
// calling goroutine, each as soon as its work and every emit before it are
// done. w, from 0 to Workers-1, names the goroutine the work runs on, so
// that work can keep per-goroutine memory in a slice. See [Streamed] for
// the error and cancellation rules.
func Ordered[In, Out any](ctx context.Context, s Size, items iter.Seq[In], work func(w int, x In) Out, emit func(x In, out Out) error) error {
	if s.Workers <= 0 {
		for x := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := emit(x, work(0, x)); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	return Streamed(ctx, s, items, func(w int, x In, publish func(Out)) { publish(work(w, x)) }, emit)
}

// Streamed is [Ordered] for work that hands over its result before it is
// done: work publishes it by calling publish once, and may go on after (a
// result can bring its content later, through a channel that emit drains,
// so that a large input is written out while it is still being worked
// on). It always runs the work on goroutines of its own, at least one.
//
// An error from emit, or the end of ctx, stops the run: no further item
// is taken, the items not yet emitted are dropped, and the error (ctx's
// for its end) is returned once every work started has returned, which
// must then not wait for emit. Streamed returns when every work has
// returned; the goroutine that ranges over items has returned too, unless
// the run stopped while it was blocked in items (reading an input that
// never ends, say): it stops at its next yield.
func Streamed[In, Out any](ctx context.Context, s Size, items iter.Seq[In], work func(w int, x In, publish func(Out)), emit func(x In, out Out) error) error {
	type job struct {
		x    In
		done chan Out
	}
	workers := max(s.Workers, 1)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	// window has a token per item between its taking and its emit; jobs
	// and order have room for every token, so that taking the next item
	// (reading it, say) never waits for a worker to be free.
	window := make(chan struct{}, s.ahead())
	jobs := make(chan job, s.ahead())
	order := make(chan job, s.ahead())
	var wg sync.WaitGroup
	wg.Add(workers)
	for w := range workers {
		go func() {
			defer wg.Done()
			for {
				select {
				case j, ok := <-jobs:
					if !ok {
						return
					}
					work(w, j.x, func(out Out) { j.done <- out })
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		defer close(order)
		defer close(jobs)
		for x := range items {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			j := job{x, make(chan Out, 1)}
			order <- j // neither blocks: see window
			jobs <- j
		}
	}()
	err := func() error {
		for {
			var j job
			select {
			case next, ok := <-order:
				if !ok {
					return ctx.Err()
				}
				j = next
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case out := <-j.done:
				if err := emit(j.x, out); err != nil {
					return err
				}
				<-window
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}()
	stop()
	wg.Wait()
	if err == nil {
		<-fed // done already: order is closed once items is
	}
	return err
}

// Count yields 0 to n-1: items for work on the elements of a slice.
func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}
