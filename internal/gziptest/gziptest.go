// Package gziptest compresses test data, so the tests of the Logpush
// reader, the report builder and the report command share one helper.
package gziptest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// Compress returns b as one gzip member, failing the test on error.
func Compress(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
