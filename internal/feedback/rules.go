package feedback

// Rule IDs of report validation, the Rule of each diag.Diagnostic it
// returns. They are part of the public contract: tools may filter or
// suppress findings by rule, so an ID is never renamed. Expression findings
// carry the analyzer's own rule IDs.
const (
	// RuleInvalidJSON: the document is not well-formed JSON.
	RuleInvalidJSON = "invalid-json"
	// RuleDuplicateKey: an object has the same member twice; one value
	// would be silently dropped.
	RuleDuplicateKey = "duplicate-key"
	// RuleTypeMismatch: a value has the wrong JSON type.
	RuleTypeMismatch = "type-mismatch"
	// RuleNumberOutOfRange: an integer does not fit in int64.
	RuleNumberOutOfRange = "number-out-of-range"
	// RuleUnknownField: a member the API does not document.
	RuleUnknownField = "unknown-field"
	// RuleMissingField: a required member is absent or null.
	RuleMissingField = "missing-field"
	// RuleMissingAttributes: requests_by_attribute is absent; the API schema
	// requires it even though the docs call it optional.
	RuleMissingAttributes = "missing-requests-by-attribute"
	// RuleInvalidType: type is not false_positive or false_negative.
	RuleInvalidType = "invalid-type"
	// RuleUnknownSubtype: subtype is not one of the documented values.
	RuleUnknownSubtype = "unknown-subtype"
	// RuleSubtypeOnFalsePositive is no longer reported: the docs' table
	// is under false negatives, but the API's own examples put subtypes
	// on false positives. The ID stays reserved.
	RuleSubtypeOnFalsePositive = "subtype-on-false-positive"
	// RuleEmptyDescription: description is empty or blank.
	RuleEmptyDescription = "empty-description"
	// RuleEmptyExpression: expression is empty or blank.
	RuleEmptyExpression = "empty-expression"
	// RuleNonPositiveRequests: requests is zero or negative.
	RuleNonPositiveRequests = "non-positive-requests"
	// RuleNegativeCount: a histogram or metric count is negative.
	RuleNegativeCount = "negative-count"
	// RuleInvalidScoreKey: a requests_by_score key is not an integer 1–99
	// written without sign or leading zeros.
	RuleInvalidScoreKey = "invalid-score-key"
	// RuleScoreSumMismatch: requests_by_score does not add up to requests.
	RuleScoreSumMismatch = "score-sum-mismatch"
	// RuleScoreSrcSumMismatch: requests_by_score_src does not add up to requests.
	RuleScoreSrcSumMismatch = "score-src-sum-mismatch"
	// RuleUnknownScoreSource: a requests_by_score_src key that is neither
	// documented nor the spelling of a source Cloudflare records.
	RuleUnknownScoreSource = "unknown-score-source"
	// RuleInvalidTimestamp: a timestamp is not RFC 3339.
	RuleInvalidTimestamp = "invalid-timestamp"
	// RuleTimestampOrder: first_request_seen_at is after last_request_seen_at.
	RuleTimestampOrder = "timestamp-order"
	// RuleTimestampInFuture: a timestamp lies in the future.
	RuleTimestampInFuture = "timestamp-in-future"
	// RuleUnknownAttribute: a requests_by_attribute key is not documented.
	RuleUnknownAttribute = "unknown-attribute"
	// RuleInvalidMetric: a metric value does not fit its attribute (for
	// example a topIPs entry that is not an IP address).
	RuleInvalidMetric = "invalid-metric"
	// RuleMetricExceedsTotal: one metric claims more requests than the report.
	RuleMetricExceedsTotal = "metric-exceeds-total"
	// RuleAttributeSumExceedsTotal: a top list adds up to more than requests,
	// which is impossible because each request has one value per attribute.
	RuleAttributeSumExceedsTotal = "attribute-sum-exceeds-total"
	// RuleUnsortedMetrics: a top list is not sorted by count, descending.
	RuleUnsortedMetrics = "unsorted-metrics"
	// RuleDuplicateMetric: a top list names the same metric twice.
	RuleDuplicateMetric = "duplicate-metric"
	// RuleTypeScoreMismatch: the report type contradicts the scores (for
	// example a false positive whose traffic was all scored likely human).
	RuleTypeScoreMismatch = "type-score-mismatch"
	// RuleVerifiedBotInFalseNegative: a false negative (bots Bot
	// Management did not catch) counts requests scored by the Verified Bot
	// source, which are allowed by design.
	RuleVerifiedBotInFalseNegative = "verified-bot-in-false-negative"
	// RuleScoreOutsideExpression: requests_by_score has scores that the
	// expression's cf.bot_management.score constraint excludes.
	RuleScoreOutsideExpression = "score-outside-expression"
)
