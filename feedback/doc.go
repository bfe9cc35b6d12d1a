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
// The workflow is:
//
//  1. Build: fill in a [Report] in Go, or read one from a JSON file.
//  2. Validate: [Validate] checks a Report value and [ValidateJSON] checks a
//     JSON document, returning every [Problem] at once, each with a stable
//     code, a JSON pointer and (for ValidateJSON) the byte span in the file.
//     The expression itself is checked by an [ExpressionChecker] supplied by
//     the caller (wflint's analyzer), so this package does not depend on the
//     parser.
//  3. Submit: a [Client] talks to the Cloudflare v4 API, retrying rate limits
//     and server errors with backoff. [Submitter.Submit] wraps it so that a
//     report is never lost and never sent twice: on failure the report is
//     written to an [Outbox] directory with the reason, and after an
//     ambiguous failure (the request may have reached Cloudflare) the zone's
//     reports are listed and compared before anything is resent.
//  4. Outbox: [Submitter.RetryOutbox] sends saved reports later and removes
//     each file only once Cloudflare has the report.
//
// Credentials are held in [Secret] values, which print as "[REDACTED]" under
// every fmt verb and are scrubbed from API error messages, so they never end
// up in logs, errors or outbox files.
package feedback
