package runner

import (
	"slices"

	"github.com/wflint/wflint/internal/host"
)

// The memory policy of a run: the command sets the Go runtime's soft
// memory limit and collector target from these (runtime/debug), unless
// GOMEMLIMIT or GOGC say otherwise; a library sets nothing process-wide.

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

// GCPercent is the garbage collector's target for a run: with the soft
// memory limit bounding the heap, letting it grow to many times the live
// data between collections spares small and medium runs most collections
// (a run over 10,000 expressions, which allocates about 60 MB, needs none,
// and is some 10% faster for it: fresh memory needs no sweeping or
// clearing), and a big run meets the limit first.
const GCPercent = 2000

// MemoryLimit is the soft memory limit for linting inputs on jobs
// goroutines: enough for the jobs costliest at once, each input costing
// memoryPerInputByte per byte (memoryPerJSONByte for a .json file), its
// size capped at MaxFileSize, and at least minMemoryLimit.
func MemoryLimit(inputs []Input, jobs int) int64 {
	costs := make([]int64, len(inputs))
	for i, in := range inputs {
		rate := int64(memoryPerInputByte)
		if host.KindOf(in.Path) == host.JSON {
			rate = memoryPerJSONByte
		}
		costs[i] = rate * min(in.Size(), MaxFileSize)
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
