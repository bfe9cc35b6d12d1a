package feedback

import (
	"fmt"
	"strings"
)

// Severity says how serious a [Problem] is.
type Severity string

// Severities, from most to least serious. The CLI fails on errors only.
const (
	// SeverityError marks something the API rejects or data that is
	// definitely wrong (for example histograms that do not add up).
	SeverityError Severity = "error"
	// SeverityWarning marks something suspicious that may still be accepted.
	SeverityWarning Severity = "warning"
	// SeverityInfo marks a remark that needs no action.
	SeverityInfo Severity = "info"
)

// Span is a half-open byte range [Start, End) in some text.
type Span struct {
	// Start is the offset of the first byte.
	Start int `json:"start"`
	// End is the offset just past the last byte.
	End int `json:"end"`
}

// Problem is one finding about a report.
type Problem struct {
	// Severity is error, warning or info.
	Severity Severity `json:"severity"`
	// Code is a stable kebab-case identifier (see the Code… constants);
	// expression findings carry the analyzer's own codes.
	Code string `json:"code"`
	// Pointer is an RFC 6901 JSON pointer to the offending value, such as
	// "/requests_by_score/100". The empty string means the whole document.
	Pointer string `json:"pointer"`
	// Message explains the problem so that a person can fix it.
	Message string `json:"message"`
	// Suggestions are replacement values the user probably meant, if any.
	Suggestions []string `json:"suggestions,omitempty"`
	// Span is the byte span in the JSON document. Only ValidateJSON sets it.
	Span *Span `json:"span,omitempty"`
	// ExprSpan is the byte span within the decoded expression string, for
	// findings reported by an ExpressionChecker.
	ExprSpan *Span `json:"expr_span,omitempty"`

	// onKey says the problem is about an object member's key rather than
	// its value, so ValidateJSON underlines the key.
	onKey bool
}

// String formats the problem as "severity code pointer: message".
func (p Problem) String() string {
	ptr := p.Pointer
	if ptr == "" {
		ptr = "(document)"
	}
	s := fmt.Sprintf("%s %s %s: %s", p.Severity, p.Code, ptr, p.Message)
	if len(p.Suggestions) > 0 {
		s += " (did you mean " + quoteList(p.Suggestions) + "?)"
	}
	return s
}

// HasErrors reports whether any problem has error severity.
func HasErrors(problems []Problem) bool {
	for _, p := range problems {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Problem codes. They are part of the public contract: tools may filter or
// suppress findings by code, so a code is never renamed.
const (
	// CodeInvalidJSON: the document is not well-formed JSON.
	CodeInvalidJSON = "invalid-json"
	// CodeDuplicateKey: an object has the same member twice; one value
	// would be silently dropped.
	CodeDuplicateKey = "duplicate-key"
	// CodeTypeMismatch: a value has the wrong JSON type.
	CodeTypeMismatch = "type-mismatch"
	// CodeNumberOutOfRange: an integer does not fit in int64.
	CodeNumberOutOfRange = "number-out-of-range"
	// CodeUnknownField: a member the API does not document.
	CodeUnknownField = "unknown-field"
	// CodeMissingField: a required member is absent or null.
	CodeMissingField = "missing-field"
	// CodeMissingAttributes: requests_by_attribute is absent; the API schema
	// requires it even though the docs call it optional.
	CodeMissingAttributes = "missing-requests-by-attribute"
	// CodeInvalidType: type is not false_positive or false_negative.
	CodeInvalidType = "invalid-type"
	// CodeUnknownSubtype: subtype is not one of the documented values.
	CodeUnknownSubtype = "unknown-subtype"
	// CodeSubtypeOnFalsePositive: the docs list subtypes for false negatives only.
	CodeSubtypeOnFalsePositive = "subtype-on-false-positive"
	// CodeEmptyDescription: description is empty or blank.
	CodeEmptyDescription = "empty-description"
	// CodeEmptyExpression: expression is empty or blank.
	CodeEmptyExpression = "empty-expression"
	// CodeNonPositiveRequests: requests is zero or negative.
	CodeNonPositiveRequests = "non-positive-requests"
	// CodeNegativeCount: a histogram or metric count is negative.
	CodeNegativeCount = "negative-count"
	// CodeInvalidScoreKey: a requests_by_score key is not an integer 1–99
	// written without sign or leading zeros.
	CodeInvalidScoreKey = "invalid-score-key"
	// CodeScoreSumMismatch: requests_by_score does not add up to requests.
	CodeScoreSumMismatch = "score-sum-mismatch"
	// CodeScoreSrcSumMismatch: requests_by_score_src does not add up to requests.
	CodeScoreSrcSumMismatch = "score-src-sum-mismatch"
	// CodeInvalidTimestamp: a timestamp is not RFC 3339.
	CodeInvalidTimestamp = "invalid-timestamp"
	// CodeTimestampOrder: first_request_seen_at is after last_request_seen_at.
	CodeTimestampOrder = "timestamp-order"
	// CodeTimestampInFuture: a timestamp lies in the future.
	CodeTimestampInFuture = "timestamp-in-future"
	// CodeUnknownAttribute: a requests_by_attribute key is not documented.
	CodeUnknownAttribute = "unknown-attribute"
	// CodeInvalidMetric: a metric value does not fit its attribute (for
	// example a topIPs entry that is not an IP address).
	CodeInvalidMetric = "invalid-metric"
	// CodeMetricExceedsTotal: one metric claims more requests than the report.
	CodeMetricExceedsTotal = "metric-exceeds-total"
	// CodeAttributeSumExceedsTotal: a top list adds up to more than requests,
	// which is impossible because each request has one value per attribute.
	CodeAttributeSumExceedsTotal = "attribute-sum-exceeds-total"
	// CodeUnsortedMetrics: a top list is not sorted by count, descending.
	CodeUnsortedMetrics = "unsorted-metrics"
	// CodeDuplicateMetric: a top list names the same metric twice.
	CodeDuplicateMetric = "duplicate-metric"
	// CodeTypeScoreMismatch: the report type contradicts the scores (for
	// example a false positive whose traffic was all scored likely human).
	CodeTypeScoreMismatch = "type-score-mismatch"
	// CodeScoreOutsideExpression: requests_by_score has scores that the
	// expression's cf.bot_management.score constraint excludes.
	CodeScoreOutsideExpression = "score-outside-expression"
)

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}
