// Package logreport builds a Bot Management feedback report from Cloudflare
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
//     lines by one reader goroutine, and GOMAXPROCS workers decode
//     (logpush.Parser) and match them;
//  4. the matched records are aggregated (aggregate.Aggregator) in input
//     order, so the report does not depend on the number of workers;
//  5. the aggregate becomes a feedback.Report, with type, subtype and
//     description from the options, and Stats say what was read, what was
//     skipped and how exact each top list is.
//
// Checker adapts the analyzer to feedback's ExpressionChecker and
// ScoreConstraint hooks. It lives here because package feedback does not
// import the parser and analyzer (by design), while this package already
// needs both.
package logreport
