package reportbuild

import "github.com/wflint/wflint/internal/feedback"

// NewReport fills a feedback report from totals computed elsewhere (by the
// ClickHouse build, package chbuild), with exactly the local build's
// layout: the same fields copied from opts, the same omissions.
func NewReport(opts *Options, res *Totals) *feedback.Report { return newReport(opts, res) }

// TopN resolves Options.TopN: 0 means DefaultTopN, negative means every
// value (returned as 0).
func TopN(n int) int { return topN(n) }
