// Package feedback is the Cloudflare Bot Management feedback report: its
// model (Report, its JSON form) and its validation.
//
// A feedback report tells Cloudflare that Bot Management scored some traffic
// wrongly: a "false_positive" is human traffic that was scored as automated,
// a "false_negative" is automation that was not caught. The report names the
// traffic with a Rules-language (wirefilter) expression and summarises it with
// histograms (requests by score, by score source, and top attribute values).
//
// It is the model and its validation and nothing else: no network, no
// files. [Validate] checks a Report value and [ValidateJSON] checks a JSON
// document, returning every finding at once as diag.Diagnostics: Rule is a
// stable ID (the Rule constants, or the analyzer's for the expression),
// Where the JSON pointer, Span the bytes in the document. The expression
// is checked by wflint's analyzer under the feedback profile, and the
// score histogram is cross-checked against the expression's score
// interval. Package cfapi submits reports; package reportbuild builds them
// from Logpush logs.
package feedback
