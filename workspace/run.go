package workspace

import (
	"os"
	"runtime/debug"
	"slices"

	"github.com/wflint/wflint/host"
)

// Publish runs work(0..n-1) on up to jobs goroutines and hands each
// result to emit in index order, on the calling goroutine, as soon as it
// and all before it are published. work(i) publishes its result once, and
// may go on after: a result can bring its content later (through a channel
// emit drains, say), so a large input is written out while it is still
// being linted. At most a few results per goroutine wait for an earlier
// one, so memory does not grow with n.
func Publish[T any](n, jobs int, work func(i int, publish func(T)), emit func(T)) {
	done := make([]chan T, n)
	for i := range done {
		done[i] = make(chan T, 1)
	}
	window := make(chan struct{}, 4*max(jobs, 1))
	go func() {
		next := make(chan int)
		for range min(max(jobs, 1), max(n, 1)) {
			go func() {
				for i := range next {
					work(i, func(r T) { done[i] <- r })
				}
			}()
		}
		for i := range n {
			window <- struct{}{}
			next <- i
		}
		close(next)
	}()
	for i := range n {
		r := <-done[i]
		done[i] = nil
		emit(r)
		<-window
	}
}

// memoryPerInputByte is the soft memory limit per byte of the inputs
// being linted at once: the garbage collector works harder near it rather
// than letting the heap double, which keeps a 50 MB file under 8 times
// its size at a cost of about a third more time. Small runs stay under
// minMemoryLimit and never feel it.
const (
	memoryPerInputByte = 7
	minMemoryLimit     = 256 << 20
)

// memoryPerJSONByte stands in for memoryPerInputByte for a .json file,
// which is parsed whole into a tree (a feedback report's validation needs
// all of it): some 18 bytes per input byte for a report of a million
// top-list entries. Under the general limit the collector would run
// without pause and make `wflint report.json` three times slower than
// `wflint report validate`.
const memoryPerJSONByte = 20

// MemoryLimit is the soft memory limit for linting inputs of these sizes
// (each capped at MaxFileSize) on jobs goroutines: enough for the jobs
// largest at once.
func MemoryLimit(sizes []int64, jobs int) int64 {
	costs := make([]int64, len(sizes))
	for i, n := range sizes {
		costs[i] = memoryPerInputByte * min(n, MaxFileSize)
	}
	return limitFor(costs, jobs)
}

// limitFor is the limit for inputs that need costs bytes each: enough for
// the jobs costliest at once.
func limitFor(costs []int64, jobs int) int64 {
	costs = slices.Clone(costs)
	slices.Sort(costs)
	var sum int64
	for i := len(costs) - 1; i >= 0 && i >= len(costs)-max(jobs, 1); i-- {
		sum += costs[i]
	}
	return max(minMemoryLimit, sum)
}

// gcPercent is the garbage collector's target when GOGC is not set: with
// the soft memory limit bounding the heap, letting it grow to many times
// the live data between collections spares small and medium runs most
// collections (a run over 10,000 expressions, which allocates about 60 MB,
// needs none, and is some 10% faster for it: fresh memory needs no
// sweeping or clearing), and a big run meets the limit first.
const gcPercent = 2000

// SetMemoryLimit sets the Go runtime's soft memory limit to the
// MemoryLimit of the inputs' sizes (a .json file's at memoryPerJSONByte),
// unless GOMEMLIMIT says otherwise, and then, unless GOGC says otherwise,
// a collector target of gcPercent.
func SetMemoryLimit(inputs []Input, jobs int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(gcPercent)
	}
	costs := make([]int64, len(inputs))
	for i, in := range inputs {
		rate := int64(memoryPerInputByte)
		if host.KindOf(in.Path) == host.JSON {
			rate = memoryPerJSONByte
		}
		costs[i] = rate * min(in.Size(), MaxFileSize)
	}
	debug.SetMemoryLimit(limitFor(costs, jobs))
}
