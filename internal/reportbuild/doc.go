// Package reportbuild builds a Bot Management feedback report from Cloudflare
// Logpush http_requests logs: the numbers of the report are counted from the
// requests that the report's own expression selects, so they are consistent
// by construction.
//
// Build is the glue between wflint's packages:
//
//  1. analyzer checks the expression under a schema profile (feedback by
//     default) and Build refuses it if a finding is fatal;
//  2. eval compiles it into a matcher over logpush.Record, through Binding,
//     which maps every Rules field that Logpush carries to a Record member;
//  3. the inputs (files, globs, stdin, gzip) are cut into blocks of whole
//     lines (logpush.Blocks) by one reader goroutine, and GOMAXPROCS
//     workers decode (logpush.Parser, skipping the string fields that
//     neither the expression nor the report reads) and match them;
//  4. the matched records are aggregated (Aggregator) in input
//     order, so the report does not depend on the number of workers;
//  5. the aggregate becomes a feedback.Report, with type, subtype and
//     description from the options, and Stats say what was read, what was
//     skipped and how exact each top list is.
//
// # Aggregation
//
// An [Aggregator] turns a stream of logpush.Records into the numbers of a
// Bot Management feedback report (requests, requests_by_score,
// requests_by_score_src, first/last_request_seen_at and the eight
// requests_by_attribute top lists) in bounded memory.
//
// What is counted:
//
// Every Add counts a record. A record is scored when BotScore is present and
// in 1..99; only scored records enter the report numbers (requests, both
// breakdowns, the time window and the top lists), so sum(requests_by_score)
// == sum(requests_by_score_src) == requests holds by construction, as the
// feedback API requires. Records without BotScore are counted in Unscored,
// those with a score outside 1..99 (Logpush writes 0 for "Not Computed") in
// InvalidScore; neither is dropped silently. A scored record without
// BotScoreSrc is counted under the source key "unknown" (which Cloudflare
// does not document: Totals.NoScoreSource counts these records and report
// build warns about them).
//
// Top lists skip missing and empty values (an empty JA3Hash on a plain-HTTP
// request is not a fingerprint) and ASN 0 (reserved, RFC 7607: "unknown").
// Metrics are rendered as in the report: IPs in canonical netip form, ASNs
// in decimal, countries upper-case.
//
// Top-K method and error guarantee:
//
// Each of the eight attributes has a Misra–Gries summary with a capacity k
// (AggregatorOptions.Capacity, default 10000) that keeps at most 2k counters, so
// memory per list is O(k) however many distinct IPs or user agents arrive.
//
//   - Exact mode: while an attribute has at most 2k distinct values, its
//     counts are exact (TopList.Exact, MaxError 0).
//   - Approximate mode: past that, the k+1-th largest count is periodically
//     subtracted from all counters. Every reported count is then a lower
//     bound: reported ≤ true ≤ reported + MaxError, and
//     MaxError ≤ requests/(k+1). Any value whose true count exceeds MaxError
//     is guaranteed to be in the summary, and a value not listed has a true
//     count of at most (the smallest listed count + MaxError).
//
// Merge keeps the guarantee with N the total over all merged aggregators:
// counts and error bounds add, and the summary is reduced again if needed
// (Agarwal et al., "Mergeable Summaries", PODS 2012). Merging aggregators
// whose combined distinct values fit in 2k stays exact.
//
// An Aggregator is not safe for concurrent use; give each goroutine its own
// and Merge them.
package reportbuild
