//go:build race

package eval

// raceEnabled is set when the tests run under the race detector, whose
// instrumentation allocates.
const raceEnabled = true
