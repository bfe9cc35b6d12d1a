// Package logpush reads Cloudflare Logpush http_requests logs (NDJSON, one
// JSON object per line, optionally gzip-compressed) into Records holding the
// fields that have a Rules-language equivalent, for building Bot Management
// feedback reports and evaluating Rules expressions against real traffic.
//
// Decoding is a hand-written single-pass scanner rather than encoding/json:
// Logpush files run to gigabytes and a line carries dozens of fields of which
// a report needs a handful, so the scanner decodes only known keys, validates
// and skips the rest, and makes one string allocation per line. It accepts
// exactly the JSON grammar (RFC 8259), decodes escapes including UTF-16
// surrogate pairs, and keeps invalid UTF-8 bytes as they are (Rules-language
// strings are bytes).
//
// Missing values: a key that is absent, or JSON null, is not in
// Record.Present. An empty ClientIP or EdgeStartTimestamp string is also
// treated as missing (Logpush writes "" when it has no value), and so is
// ClientIP text that is not an address (see ParseClientIP); other empty
// strings are present, empty values.
//
// Malformed lines (bad JSON, a known field with the wrong type, a line over
// Options.MaxLineBytes) are reported as *LineError with file and line, and
// skipped unless Options.Strict is set. Blank lines are skipped silently.
//
// EdgeStartTimestamp is accepted in every Logpush timestamp_format: RFC 3339
// strings ("rfc3339", with optional fraction), Unix seconds ("unix") and Unix
// nanoseconds ("unixnano"), as JSON numbers or as decimal strings. Numbers are
// told apart by magnitude: below 1e11 seconds, below 1e14 milliseconds, below
// 1e17 microseconds, otherwise nanoseconds. This is unambiguous for every
// date from 1973 to 5138.
//
// Reading: Blocks is the one reader of Logpush bytes. It opens gzip
// transparently and cuts an input into blocks of whole lines, so callers
// can decode blocks in parallel (package reportbuild does) or one line at
// a time (Reader and MultiReader, which read through Blocks).
//
// See README.md in this directory for the field mapping table.
package logpush
