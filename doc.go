// Package wflint checks Cloudflare Rules-language ("wirefilter")
// expressions, rulesets and Bot Management feedback reports before they
// are deployed or submitted, and builds feedback reports from Logpush logs.
//
// One function per task:
//
//	CheckExpression  an expression, as a rule's filter (Options: profile, phase)
//	CheckFile        a ruleset file: Terraform (.tf, .tfvars, .hcl) or API JSON (.json), or .wf, .jsonl
//	Format           an expression in canonical form
//	ValidateReport   a feedback report's JSON: may it be submitted?
//	BuildReport      a feedback report from Logpush http_requests logs
//
// Each check returns [Findings], every finding at once, in source order.
// A [Finding] has a stable Rule ID (`wflint explain RULE` prints its page),
// a Severity, a Message, its place as 1-based line and column and as byte
// offsets, the Fixes wflint suggests (each marked Safe or not), Related
// places, Where (the place in the host's own terms) and Rejected.
// [Findings.Err] is nil unless some finding is an error, and prints as
// name:line:col: message:
//
//	if err := wflint.CheckExpression(expr, nil).Err(); err != nil {
//		return err // <expr>:1:14: single quotes are not string delimiters … (and 2 more)
//	}
//
// An error means Cloudflare rejects the input, or a condition can never
// or always match, or a rule can never run; a warning, very likely a bug;
// an info, style. A safe fix keeps what the expression matches.
//
// # Profiles
//
// A profile is the set of fields, functions and lists an expression may
// use. [Rules] is the whole Rules language, for WAF, Transform and other
// rules; [Feedback] is the eight fields a feedback report's expression may
// use. The zero [Options] (or nil) checks an expression under Rules, in no
// particular phase: a valid rule is never reported for using a field that
// Rules has, and the stricter Feedback profile applies where it belongs,
// to a report's expression, which [ValidateReport] and [BuildReport] always
// check under Feedback. CheckFile lets the file decide, as the wflint
// command does: Rules for rulesets, Feedback for reports and for .wf
// files without directives.
//
// Nothing here reads a configuration file (.wflint.yaml) or any file at
// all: the result depends on the arguments alone. Every function is safe
// for concurrent use.
package wflint
