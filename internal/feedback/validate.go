package feedback

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/suggest"
)

// ExpressionChecker checks a Rules-language expression and returns its
// findings with spans in the expression's own bytes. By default the
// analyzer checks it under the feedback profile ([WithSchema] picks
// another); the hook lets callers substitute their own.
type ExpressionChecker interface {
	CheckExpression(expr string) []diag.Diagnostic
}

// ExpressionCheckerFunc adapts a function to [ExpressionChecker].
type ExpressionCheckerFunc func(expr string) []diag.Diagnostic

// CheckExpression calls f.
func (f ExpressionCheckerFunc) CheckExpression(expr string) []diag.Diagnostic { return f(expr) }

// ScoreConstraint derives the cf.bot_management.score interval an expression
// admits. ok is false when the expression does not constrain the score or
// the analysis cannot tell; lo and hi are inclusive.
type ScoreConstraint interface {
	ScoreRange(expr string) (lo, hi int, ok bool)
}

// ScoreRangeFunc adapts a function to [ScoreConstraint].
type ScoreRangeFunc func(expr string) (lo, hi int, ok bool)

// ScoreRange calls f.
func (f ScoreRangeFunc) ScoreRange(expr string) (lo, hi int, ok bool) { return f(expr) }

// Option configures [Validate] and [ValidateJSON].
type Option func(*options)

type options struct {
	checker    ExpressionChecker
	scores     ScoreConstraint
	now        func() time.Time
	maxPerRule int
}

// WithExpressionChecker checks the expression with c instead of the
// analyzer.
func WithExpressionChecker(c ExpressionChecker) Option {
	return func(o *options) { o.checker = c }
}

// WithScoreRange cross-checks requests_by_score against the score interval
// that s derives from the expression, instead of the analyzer's.
func WithScoreRange(s ScoreConstraint) Option {
	return func(o *options) { o.scores = s }
}

// WithSchema checks the expression with the analyzer under sch instead of
// the feedback profile (schema.Feedback()), which is what the API accepts.
func WithSchema(sch *schema.Schema) Option {
	return func(o *options) { o.checker = analyzerChecker{sch} }
}

// WithoutExpressionCheck leaves the expression to the caller: it is only
// checked for being non-empty, and requests_by_score is not cross-checked
// against it. The language server uses it, since it analyses the
// expression itself under the user's configuration.
func WithoutExpressionCheck() Option {
	return func(o *options) { o.checker, o.scores = nil, nil }
}

// analyzerChecker is the default ExpressionChecker: wflint's analyzer.
type analyzerChecker struct{ schema *schema.Schema }

// CheckExpression returns the analyzer's findings.
func (c analyzerChecker) CheckExpression(expr string) []diag.Diagnostic {
	return analyzer.Analyze(expr, analyzer.Options{Schema: c.schema}).Diagnostics
}

// analyzerScores is the default ScoreConstraint: the analyzer's interval
// reasoning over cf.bot_management.score.
type analyzerScores struct{}

// AnalyzerScores is the default ScoreConstraint, for a caller that leaves
// the expression's analysis out (WithoutExpressionCheck) but still wants
// requests_by_score cross-checked against it:
// WithoutExpressionCheck(), WithScoreRange(AnalyzerScores()).
func AnalyzerScores() ScoreConstraint { return analyzerScores{} }

// ScoreRange returns the analyzer's score interval.
func (analyzerScores) ScoreRange(expr string) (lo, hi int, ok bool) { return analyzer.ScoreRange(expr) }

// WithClock sets the clock used to reject timestamps in the future, so
// tests are deterministic. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// futureTolerance allows for clock skew between the machine that exported
// the data and the one validating it.
const futureTolerance = 5 * time.Minute

// Score bands as documented for Bot Management: 1 automated, 2–29 likely
// automated, 30–99 likely human.
const (
	maxAutomatedScore = 29
	minHumanScore     = 30
)

// Validate checks a report and returns every finding, in field order.
// Zero values count as missing, since a Go value cannot say whether a field
// was set; use [ValidateJSON] on files to tell "missing" from "0".
//
// There is no document, so each diagnostic's Where (the JSON pointer) says
// what it is about and its Span is empty, except for findings about the
// expression's content, whose Span, Fixes and Related are byte offsets in
// Report.Expression. A suggested value is a Fix whose Title is the value
// and which has no edits (there is nothing to edit); see [Suggestions].
func Validate(r *Report, opts ...Option) diag.List {
	if r == nil {
		return diag.List{{Severity: diag.Error, Rule: RuleMissingField, Message: "no report given"}}
	}
	v := newValidator(r, opts, func(ptr string) bool { return structPresent(r, ptr) })
	v.lim = newLimiter(v.o.maxPerRule)
	v.run()
	findings := append(v.findings, v.lim.summaries()...)
	out := make(diag.List, len(findings))
	for i, f := range findings {
		d := f.Diagnostic
		d.Rejected = d.Rejected || rejectedRules[d.Rule]
		for _, s := range f.suggestions {
			d.Fixes = append(d.Fixes, diag.Fix{Title: s})
		}
		out[i] = d
	}
	return out
}

func structPresent(r *Report, ptr string) bool {
	if name, ok := strings.CutPrefix(ptr, "/"); ok {
		if field, ok := stringMembers[name]; ok {
			return *field(r) != ""
		}
	}
	switch ptr {
	case "/requests":
		return true // 0 is reported as non-positive rather than missing
	case "/requests_by_score":
		return r.RequestsByScore != nil
	case "/requests_by_score_src":
		return r.RequestsByScoreSrc != nil
	case "/requests_by_attribute":
		return r.RequestsByAttribute != nil
	}
	return true // metric members: judged by value
}

type validator struct {
	r       *Report
	o       options
	present func(string) bool
	// metricPresent says whether a top-list entry's member ("metric" or
	// "requests") was given; nil means always (a Report built in Go).
	metricPresent func(list string, i int, field string) bool
	suppress      map[string]bool
	findings      []finding
	// lim caps the findings of each rule (WithMaxPerRule); nil: no cap.
	lim *limiter
}

// finding is a diagnostic before it is placed: the validator knows the
// pointer and the suggested values, ValidateJSON later turns them into a
// span in the document and edits.
type finding struct {
	diag.Diagnostic
	suggestions []string
	// onKey says the finding is about an object member's key rather than
	// its value, so ValidateJSON underlines the key.
	onKey bool
	// inExpr says Span, Fixes and Related are offsets in the expression.
	inExpr bool
}

func newValidator(r *Report, opts []Option, present func(string) bool) *validator {
	return &validator{r: r, o: parseOptions(opts), present: present}
}

func parseOptions(opts []Option) options {
	o := options{now: time.Now, checker: analyzerChecker{}, scores: analyzerScores{}}
	for _, opt := range opts {
		opt(&o)
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o
}

// add records a finding and returns it for the caller to complete (its
// span, fixes, related places). One suppressed, or over the cap, is not
// recorded: the caller completes one that goes nowhere (or, for the first
// over the cap, the one its summary will stand in place of).
func (v *validator) add(sev diag.Severity, rule, ptr, msg string, sugg ...string) *finding {
	for p := ptr; len(v.suppress) > 0; p = jsonscan.ParentPointer(p) {
		if v.suppress[p] {
			return &finding{} // dropped
		}
		if p == "" {
			break
		}
	}
	f := finding{Diagnostic: diag.Diagnostic{Severity: sev, Rule: rule, Where: ptr, Message: msg}, suggestions: sugg}
	if shown, stand := v.lim.admit(f); !shown {
		return stand
	}
	v.findings = append(v.findings, f)
	return &v.findings[len(v.findings)-1]
}

func (v *validator) hasBadUnder(ptr string) bool {
	for p := range v.suppress {
		if strings.HasPrefix(p, ptr+"/") {
			return true
		}
	}
	return false
}

func (v *validator) missing(ptr, what string) {
	v.add(diag.Error, RuleMissingField, ptr, fmt.Sprintf("%s is required: %s", ptr[1:], what))
}

func (v *validator) run() {
	v.unknownFields()
	v.checkType()
	v.checkSubtype()
	v.checkText("/description", v.r.Description, RuleEmptyDescription, "explain in a sentence what the traffic is and why its score is wrong")
	if v.checkText("/expression", v.r.Expression, RuleEmptyExpression, "give the Rules-language filter that selects the reported requests") {
		v.checkExpression()
	}
	first := v.checkTime("/first_request_seen_at", v.r.FirstRequestSeenAt, true)
	last := v.checkTime("/last_request_seen_at", v.r.LastRequestSeenAt, true)
	if !first.IsZero() && !last.IsZero() && first.After(last) {
		v.add(diag.Error, RuleTimestampOrder, "/last_request_seen_at",
			fmt.Sprintf("last_request_seen_at (%s) is before first_request_seen_at (%s); the window must start before it ends — are they swapped?",
				v.r.LastRequestSeenAt, v.r.FirstRequestSeenAt))
	}
	if v.present("/created_at") {
		v.checkTime("/created_at", v.r.CreatedAt, false)
	}
	v.checkRequests()
	v.checkScores()
	v.checkCounts("/requests_by_score_src", v.r.RequestsByScoreSrc, RuleScoreSrcSumMismatch,
		`map each score source (e.g. "heuristics", "machine_learning") to its request count`)
	v.checkScoreSources()
	v.checkAttributes()
	v.crossCheckType()
	v.crossCheckExpressionScore()
	v.crossCheckVerifiedBots()
}

// crossCheckVerifiedBots warns when a false negative includes requests
// the Verified Bot source scored: verified bots are known, allowed
// automation, not bots that got through.
func (v *validator) crossCheckVerifiedBots() {
	n := v.r.RequestsByScoreSrc["verified_bot"]
	if v.r.Type != FalseNegative || n <= 0 {
		return
	}
	v.add(diag.Warning, RuleVerifiedBotInFalseNegative, "/requests_by_score_src/verified_bot",
		fmt.Sprintf("this false negative includes %d requests scored by the Verified Bot source; verified bots are known, allowed automation, not bots that got through: leave them out of the report (rebuild it from logs without verified-bot traffic)", n)).onKey = true
}

func (v *validator) unknownFields() {
	keys := sortedKeys(v.r.Extra)
	known := sortedKeys(reportFields)
	for _, k := range keys {
		p := v.add(diag.Warning, RuleUnknownField, "/"+jsonscan.EscapePointerToken(k),
			fmt.Sprintf("%q is not a documented report field; the API may reject it or drop it", k),
			didYouMean(k, known, normalizeName)...)
		p.onKey = true
	}
}

func (v *validator) checkType() {
	if !v.present("/type") {
		v.missing("/type", `"false_positive" (humans scored as bots) or "false_negative" (bots not caught)`)
		return
	}
	t := v.r.Type
	if t == FalsePositive || t == FalseNegative {
		return
	}
	var sugg []string
	switch n := normalizeName(t); n {
	case "falsepositive", "fp", "falsepositives":
		sugg = []string{FalsePositive}
	case "falsenegative", "fn", "falsenegatives":
		sugg = []string{FalseNegative}
	}
	v.add(diag.Error, RuleInvalidType, "/type",
		fmt.Sprintf(`type %q is not valid; use "false_positive" (%s) or "false_negative" (%s)`, t, meaningFP, meaningFN), sugg...)
}

const (
	meaningFP = "human traffic scored as automated or likely automated, scores 1–29"
	meaningFN = "automated traffic Bot Management did not catch, scored likely human, 30–99"
)

func (v *validator) checkSubtype() {
	if !v.present("/subtype") {
		return
	}
	s := v.r.Subtype
	found := false
	for _, k := range Subtypes {
		if s == k {
			found = true
		}
	}
	if !found {
		v.add(diag.Warning, RuleUnknownSubtype, "/subtype",
			fmt.Sprintf("subtype %q is not one of the documented values (%s); the API accepts any string but Cloudflare may not recognise it",
				s, strings.Join(Subtypes, ", ")),
			didYouMean(s, Subtypes, normalizeName)...)
	}
}

// checkText reports a missing or blank string and says whether it has text.
func (v *validator) checkText(ptr, s, blankCode, what string) bool {
	if !v.present(ptr) {
		v.missing(ptr, what)
		return false
	}
	if strings.TrimSpace(s) == "" {
		// A blank expression is not a filter (the language rejects it);
		// a blank description is a string like any other to the schema.
		sev := diag.Error
		if blankCode == RuleEmptyDescription {
			sev = diag.Warning
		}
		v.add(sev, blankCode, ptr, fmt.Sprintf("%s is blank: %s", ptr[1:], what))
		return false
	}
	return true
}

func (v *validator) checkExpression() {
	if v.o.checker == nil {
		return
	}
	n := len(v.r.Expression)
	for _, d := range v.o.checker.CheckExpression(v.r.Expression) {
		sev := d.Severity
		if sev == 0 {
			sev = diag.Error // a checker that does not say is reporting an error
		}
		f := v.add(sev, d.Rule, "/expression", d.Message)
		f.inExpr = true
		f.Rejected = d.Rejected
		// A buggy checker must not produce spans outside the string.
		f.Span = d.Span.Clamp(n)
		f.EngineKind = d.EngineKind
		for _, r := range d.Related {
			f.Related = append(f.Related, diag.Related{Span: r.Span.Clamp(n), Message: r.Message})
		}
		// A fix that replaces exactly the finding's span is kept as the
		// analyzer wrote it (title and text, as wflint shows it for the
		// same report); fixes that edit elsewhere cannot be placed.
		for _, fix := range d.Fixes {
			if len(fix.Edits) == 1 && fix.Edits[0].Span == d.Span {
				f.Fixes = append(f.Fixes, diag.Fix{Title: fix.Title, Edits: []diag.Edit{{Span: f.Span, New: fix.Edits[0].New}}, Safe: fix.Safe})
			}
		}
	}
}

// checkTime parses an RFC 3339 timestamp; the zero time means unusable.
func (v *validator) checkTime(ptr, s string, required bool) time.Time {
	name := ptr[1:]
	if !v.present(ptr) {
		if required {
			v.missing(ptr, "an RFC 3339 timestamp such as 2022-08-01T00:00:00Z")
		}
		return time.Time{}
	}
	sev := diag.Error
	if !required {
		sev = diag.Warning
	}
	t, err := parseRFC3339(s)
	if err != nil {
		v.add(sev, RuleInvalidTimestamp, ptr,
			fmt.Sprintf("%s %q is not an RFC 3339 timestamp (like 2022-08-01T00:00:00Z)", name, s),
			timestampSuggestions(s)...)
		return time.Time{}
	}
	if now := v.o.now(); t.After(now.Add(futureTolerance)) {
		v.add(diag.Warning, RuleTimestampInFuture, ptr,
			fmt.Sprintf("%s %s is in the future (now is %s); wflint infers a wrong clock or time zone, since reports describe traffic already seen", name, s, FormatTime(now.Truncate(time.Second))))
	}
	return t
}

// parseRFC3339 is stricter than time.Parse(time.RFC3339): Go accepts a few
// things RFC 3339 does not, and we want the API to see what we accepted.
func parseRFC3339(s string) (time.Time, error) {
	if len(s) < len("2006-01-02T15:04:05Z") || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, fmt.Errorf("not RFC 3339")
	}
	return time.Parse(time.RFC3339Nano, strings.ToUpper(s))
}

func timestampSuggestions(s string) []string {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return []string{FormatTime(t)}
	}
	if len(s) > 10 && s[10] == ' ' {
		fixed := s[:10] + "T" + s[11:]
		if _, err := parseRFC3339(fixed); err == nil {
			return []string{fixed}
		}
		if _, err := parseRFC3339(fixed + "Z"); err == nil {
			return []string{fixed + "Z"}
		}
	}
	if _, err := parseRFC3339(s + "Z"); err == nil {
		return []string{s + "Z"}
	}
	return nil
}

func (v *validator) checkRequests() {
	if !v.present("/requests") {
		v.missing("/requests", "the total number of reported requests")
		return
	}
	if v.r.Requests <= 0 {
		v.add(diag.Error, RuleNonPositiveRequests, "/requests",
			fmt.Sprintf("requests is %d; a report must cover at least one request", v.r.Requests))
	}
}

func (v *validator) checkScores() {
	const ptr = "/requests_by_score"
	if !v.present(ptr) {
		v.missing(ptr, `map bot scores "1"…"99" to request counts`)
		return
	}
	for _, k := range sortedScoreKeys(v.r.RequestsByScore) {
		if _, ok := scoreKey(k); !ok {
			var sugg []string
			if n, err := strconv.Atoi(strings.TrimSpace(k)); err == nil && n >= 1 && n <= 99 {
				sugg = []string{strconv.Itoa(n)}
			}
			p := v.add(diag.Error, RuleInvalidScoreKey, ptr+"/"+jsonscan.EscapePointerToken(k),
				fmt.Sprintf("score key %q is not a bot score; keys must be whole numbers 1 to 99 written without sign or leading zeros", k), sugg...)
			p.onKey = true
		}
	}
	v.checkCounts(ptr, v.r.RequestsByScore, RuleScoreSumMismatch, "")
}

// checkCounts checks a histogram's counts and that they add up to requests.
func (v *validator) checkCounts(ptr string, c Counts, sumCode, what string) {
	if !v.present(ptr) {
		v.missing(ptr, what)
		return
	}
	for _, k := range sortedScoreKeys(c) {
		if c[k] < 0 {
			v.add(diag.Error, RuleNegativeCount, ptr+"/"+jsonscan.EscapePointerToken(k),
				fmt.Sprintf("%s[%q] is %d; counts cannot be negative", ptr[1:], k, c[k]))
		}
	}
	if !v.present("/requests") || v.hasBadUnder(ptr) {
		return // a sum over a partly undecodable histogram means nothing
	}
	sum, ok := c.Sum()
	switch {
	case !ok:
		v.add(diag.Error, sumCode, ptr, fmt.Sprintf("%s adds up to more than a 64-bit integer holds; it must add up to requests (%d)", ptr[1:], v.r.Requests))
	case sum != v.r.Requests:
		diff := sum - v.r.Requests
		how := fmt.Sprintf("%d more than", diff)
		if diff < 0 {
			how = fmt.Sprintf("%d fewer than", -diff)
		}
		v.add(diag.Error, sumCode, ptr,
			fmt.Sprintf("%s adds up to %d but requests is %d (%s requests); the counts must add up to requests exactly", ptr[1:], sum, v.r.Requests, how))
	}
}

// checkScoreSources warns about requests_by_score_src keys that are
// neither documented nor a source Cloudflare records: the schema takes any
// string, but Cloudflare cannot know what an invented key means.
func (v *validator) checkScoreSources() {
	known := append(append([]string(nil), DocumentedScoreSources...), RecordedScoreSources...)
	for _, k := range sortedKeys(v.r.RequestsByScoreSrc) {
		if slices.Contains(known, k) {
			continue
		}
		msg := fmt.Sprintf("score source %q is not one Cloudflare documents (%s) or records in Logpush (%s); the API schema takes any key, but wflint infers Cloudflare will not know what it means",
			k, strings.Join(DocumentedScoreSources, ", "), strings.Join(RecordedScoreSources, ", "))
		if k == "unknown" {
			msg = `score source "unknown" is the key wflint's report build uses for requests whose log record has no BotScoreSrc; Cloudflare documents no such key: add BotScoreSrc to the Logpush job and rebuild, or check with Cloudflare`
		}
		p := v.add(diag.Warning, RuleUnknownScoreSource, "/requests_by_score_src/"+jsonscan.EscapePointerToken(k), msg,
			didYouMean(k, known, normalizeName)...)
		p.onKey = true
	}
}

// scoreKey parses a canonical score key: 1–99, no sign, no leading zero.
func scoreKey(k string) (int, bool) {
	if len(k) == 0 || len(k) > 2 || k[0] == '0' || !isDigits(k) {
		return 0, false
	}
	n, _ := strconv.Atoi(k)
	return n, true
}

func (v *validator) checkAttributes() {
	const ptr = "/requests_by_attribute"
	if !v.present(ptr) {
		v.add(diag.Warning, RuleMissingAttributes, ptr,
			"requests_by_attribute is missing; the docs call it optional but the API schema requires it, so send it (an empty {} is enough)")
		return
	}
	for _, key := range sortedKeys(v.r.RequestsByAttribute) {
		lptr := ptr + "/" + jsonscan.EscapePointerToken(key)
		list := v.r.RequestsByAttribute[key]
		format, known := metricFormats[key]
		if !known {
			p := v.add(diag.Warning, RuleUnknownAttribute, lptr,
				fmt.Sprintf("%q is not a documented attribute (%s); its values will not be checked", key, strings.Join(AttributeKeys, ", ")),
				didYouMean(key, AttributeKeys, normalizeName)...)
			p.onKey = true
		}
		v.checkMetricList(lptr, key, list, format)
	}
}

func (v *validator) checkMetricList(lptr, key string, list []MetricRequests, format metricFormat) {
	// Pointers are built only for findings: a report can have millions
	// of entries.
	ptrOf := func(i int, field string) string { return lptr + "/" + strconv.Itoa(i) + "/" + field }
	present := func(i int, field string) bool { return v.metricPresent == nil || v.metricPresent(key, i, field) }
	total := v.present("/requests") && v.r.Requests > 0
	var sum int64
	overflow := false
	sorted := true
	for i, m := range list {
		if !present(i, "metric") {
			v.missing(ptrOf(i, "metric"), "the attribute value")
		} else if m.Metric == "" {
			v.add(diag.Warning, RuleInvalidMetric, ptrOf(i, "metric"), fmt.Sprintf("%s entry %d has an empty metric; give the %s", key, i, attributeNoun(key)))
		} else if format != nil {
			// The schema makes every metric a plain string: a format is
			// wflint's inference, so a warning (info for letter case).
			if msg, sugg := format(m.Metric); msg != "" {
				sev := diag.Warning
				if len(sugg) == 1 && strings.EqualFold(sugg[0], m.Metric) {
					sev = diag.Info
				}
				v.add(sev, RuleInvalidMetric, ptrOf(i, "metric"), fmt.Sprintf("%s entry %q: %s; the API schema takes any string, but wflint infers this will not match the %s Cloudflare records", key, m.Metric, msg, attributeNoun(key)), sugg...)
			}
		}
		if !present(i, "requests") {
			v.missing(ptrOf(i, "requests"), "the request count for this value")
		}
		switch {
		case m.Requests < 0:
			v.add(diag.Error, RuleNegativeCount, ptrOf(i, "requests"), fmt.Sprintf("%s entry %q has %d requests; counts cannot be negative", key, m.Metric, m.Requests))
		case total && m.Requests > v.r.Requests:
			v.add(diag.Error, RuleMetricExceedsTotal, ptrOf(i, "requests"),
				fmt.Sprintf("%s entry %q has %d requests, more than the report's total of %d", key, m.Metric, m.Requests, v.r.Requests))
		}
		if m.Requests > 0 {
			if sum > maxInt64-m.Requests {
				overflow = true
			} else {
				sum += m.Requests
			}
		}
		if i > 0 && m.Requests > list[i-1].Requests {
			sorted = false
		}
	}
	for _, d := range duplicates(key, list) {
		v.add(diag.Warning, RuleDuplicateMetric, ptrOf(d[1], "metric"),
			fmt.Sprintf("%s lists %q twice (entries %d and %d); the API schema allows it, but a top list names each value once: merge them into one entry with the combined count", key, list[d[1]].Metric, d[0], d[1]))
	}
	if !sorted {
		v.add(diag.Warning, RuleUnsortedMetrics, lptr,
			fmt.Sprintf("%s is not sorted by request count, highest first; top lists are read top-down", key))
	}
	if total && (overflow || sum > v.r.Requests) {
		v.add(diag.Warning, RuleAttributeSumExceedsTotal, lptr,
			fmt.Sprintf("%s adds up to more than requests (%d); each request has a single %s, so the list cannot cover more requests than the report",
				key, v.r.Requests, attributeNoun(key)))
	}
}

// duplicates returns, in list order, the pairs (first, later) of entries
// that name the same value (see canonicalMetric; IPs compare as
// addresses). It sorts indices rather than filling a map, so a list of a
// million entries costs a few bytes per entry.
func duplicates(key string, list []MetricRequests) [][2]int {
	if len(list) < 2 {
		return nil
	}
	canon := make([]string, len(list))
	var addrs []netip.Addr
	if key == AttrTopIPs {
		addrs = make([]netip.Addr, len(list))
	}
	for i, m := range list {
		if addrs != nil {
			if a, err := netip.ParseAddr(m.Metric); err == nil {
				addrs[i] = a.Unmap()
				continue
			}
		}
		canon[i] = canonicalMetric(key, m.Metric)
	}
	idx := make([]int32, len(list))
	for i := range idx {
		idx[i] = int32(i)
	}
	cmpAt := func(a, b int32) int {
		if addrs != nil {
			if c := addrs[a].Compare(addrs[b]); c != 0 {
				return c
			}
		}
		if c := strings.Compare(canon[a], canon[b]); c != 0 {
			return c
		}
		return int(a) - int(b)
	}
	slices.SortFunc(idx, cmpAt)
	var out [][2]int
	first := idx[0]
	for _, i := range idx[1:] {
		same := canon[i] == canon[first] && (addrs == nil || addrs[i] == addrs[first])
		if same {
			out = append(out, [2]int{int(first), int(i)})
		} else {
			first = i
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[1] - b[1] })
	return out
}

// scoreBand lists the scores with requests and whether all lie in a band.
func (v *validator) scoresWithRequests() []int {
	var out []int
	for k, c := range v.r.RequestsByScore {
		if n, ok := scoreKey(k); ok && c > 0 {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

func (v *validator) crossCheckType() {
	scores := v.scoresWithRequests()
	if len(scores) == 0 {
		return
	}
	lo, hi := scores[0], scores[len(scores)-1]
	switch {
	case v.r.Type == FalsePositive && lo >= minHumanScore:
		v.add(diag.Warning, RuleTypeScoreMismatch, "/type",
			fmt.Sprintf("a false_positive reports %s, but every request here scored %d–%d, which is already likely human; if bots got through, this is a false_negative",
				meaningFP, lo, hi), FalseNegative)
	case v.r.Type == FalseNegative && hi <= maxAutomatedScore:
		v.add(diag.Warning, RuleTypeScoreMismatch, "/type",
			fmt.Sprintf("a false_negative reports %s, but every request here scored %d–%d, which Bot Management already flags as automated; if humans were flagged, this is a false_positive",
				meaningFN, lo, hi), FalsePositive)
	}
}

func (v *validator) crossCheckExpressionScore() {
	if v.o.scores == nil || strings.TrimSpace(v.r.Expression) == "" {
		return
	}
	lo, hi, ok := v.o.scores.ScoreRange(v.r.Expression)
	if !ok {
		return
	}
	var outside []string
	for _, s := range v.scoresWithRequests() {
		if s < lo || s > hi {
			outside = append(outside, strconv.Itoa(s))
		}
	}
	if len(outside) == 0 {
		return
	}
	rng := fmt.Sprintf("%d–%d", lo, hi)
	if lo > hi {
		rng = "no score at all"
	}
	v.add(diag.Warning, RuleScoreOutsideExpression, "/requests_by_score",
		fmt.Sprintf("the expression limits cf.bot_management.score to %s, but requests_by_score has requests at score %s; the expression and the histogram describe different traffic",
			rng, strings.Join(outside, ", ")))
}

// rejectedRules are the findings Cloudflare's documented contract rejects:
// not JSON, a member of the wrong JSON type or range, a required member
// missing, a type outside the schema's enum, a timestamp that is not a
// date-time, histograms that do not add up to requests (the docs say they
// must). Expression findings carry their own Rejected from the analyzer.
var rejectedRules = map[string]bool{
	RuleInvalidJSON: true, RuleTypeMismatch: true, RuleNumberOutOfRange: true,
	RuleMissingField: true, RuleInvalidType: true, RuleInvalidTimestamp: true,
	RuleScoreSumMismatch: true, RuleScoreSrcSumMismatch: true, RuleEmptyExpression: true,
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedScoreKeys orders numeric keys numerically so problems come out in
// the order a person reads the histogram.
func sortedScoreKeys(c Counts) []string {
	keys := sortedKeys(c)
	sort.SliceStable(keys, func(i, j int) bool {
		a, aerr := strconv.Atoi(keys[i])
		b, berr := strconv.Atoi(keys[j])
		if aerr == nil && berr == nil {
			return a < b
		}
		return aerr == nil && berr != nil
	})
	return keys
}

// normalizeName folds case and separators so "Login_abuse", "login-abuse"
// and "LoginAbuse" all compare equal to "Login Abuse".
func normalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == '_' || r == '-' || r == ' ' || r == '.' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// didYouMean returns the candidates equal to s after normalisation, or else
// those within a small edit distance (typos), closest first.
func didYouMean(s string, candidates []string, norm func(string) string) []string {
	ns := norm(s)
	var exact []string
	type scored struct {
		c string
		d int
	}
	var near []scored
	for _, c := range candidates {
		nc := norm(c)
		if nc == ns {
			exact = append(exact, c)
			continue
		}
		limit := 2
		if len(nc) > 10 {
			limit = 3
		}
		if d := suggest.Distance(ns, nc, limit); d <= limit {
			near = append(near, scored{c, d})
		}
	}
	if len(exact) > 0 {
		return exact
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].d < near[j].d })
	out := make([]string, 0, len(near))
	for _, n := range near {
		out = append(out, n.c)
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// Blocking says whether findings stop a submission: some finding fails
// under Error (diag.Severity.Fails, the threshold of every command: the
// report is rejected by Cloudflare, or cannot describe real traffic) or,
// with strict, under Warning. why says how many, for the message; an "and
// N more" finding counts N (see [Count]).
func Blocking(ds diag.List, strict bool) (blocks bool, why string) {
	failOn := diag.Error
	if strict {
		failOn = diag.Warning
	}
	if !ds.Fails(failOn) {
		return false, ""
	}
	n := Count(ds)
	if n.Errors > 0 {
		return true, fmt.Sprintf("the report has %d error(s)", n.Errors)
	}
	return true, fmt.Sprintf("the report has %d warning(s) and --strict is set", n.Warnings)
}
