// Package feedback builds, validates and submits Cloudflare Bot Management
// feedback reports, and reads and updates a zone's Bot Management
// configuration.
//
// A feedback report tells Cloudflare that Bot Management scored some traffic
// wrongly: a "false_positive" is human traffic that was scored as automated,
// a "false_negative" is automation that was not caught. The report names the
// traffic with a Rules-language (wirefilter) expression and summarises it with
// histograms (requests by score, by score source, and top attribute values).
//
// This package is the report model and its validation, and nothing else:
// no network, no files. [Validate] checks a Report value and [ValidateJSON]
// checks a JSON document, returning every finding at once. Package cfapi
// submits reports; package reportbuild builds them from Logpush logs.
package feedback
