package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/diag"
)

// Rule is one check, a value in the manner of go/analysis's Analyzer.
// Rules whose Run is nil are reported by the parser or the type checker
// (their findings need the checker's own walk), or by package ruleset's
// Check over a whole ruleset (category ruleset); they are listed all the
// same so that every finding has an ID, a doc page and configurable
// severity.
type Rule struct {
	ID       string // stable, kebab-case
	Category Category
	Severity diag.Severity // default severity
	// Summary is one line for `wflint rules`; the full page lives in
	// docs/rules/<ID>.md.
	Summary string
	// Requires lists the facts Run reads with ResultOf. A fact is computed
	// once per pass, however many rules require it.
	Requires []AnyFact
	// Run inspects the pass and reports diagnostics through it.
	Run func(*Pass)
	// Fatal rules report problems that make the expression unusable
	// (syntax and type errors); they cannot be disabled or downgraded.
	Fatal bool
	// OptIn rules run only when enabled in configuration.
	OptIn bool
}

// all is every rule, by category: the one table of rules, whose Run
// functions and docs live in the category files (syntax.go, schema.go,
// correctness*.go, …). A rule not declared here does not exist.
var all = []*Rule{
	// syntax
	fatal(CatSyntax, "syntax", "The text is not a valid Rules-language expression."),
	fatal(CatSyntax, "empty-expression", "The expression is empty."),
	fatal(CatSyntax, "input-too-large", "The expression is larger than the parser reads."),
	fatal(CatSyntax, "nesting-too-deep", "Parentheses, not and function calls are nested deeper than the engine allows."),
	fatal(CatSyntax, "unbalanced", "A bracket is never closed, or closes nothing."),
	fatal(CatSyntax, "tab-separator", "A tab separates tokens; the engine accepts only spaces and line breaks."),
	fatal(CatSyntax, "unicode-space", "A non-ASCII space separates tokens; the engine accepts only spaces and line breaks."),
	fatal(CatSyntax, "comment", "A # or // comment: the language has no comments."),
	fatal(CatSyntax, "malformed-name", "A field or function name has an empty part (`x..y` or a trailing dot)."),
	fatal(CatSyntax, "single-quoted-string", "A string in single quotes; strings use double quotes."),
	fatal(CatSyntax, "missing-quote", "A string, raw string or regex is never closed."),
	fatal(CatSyntax, "invalid-escape", "A backslash escape the engine does not accept, such as \\n."),
	fatal(CatSyntax, "raw-string-hashes", "A raw string with more than 255 #."),
	fatal(CatSyntax, "raw-string-quote", "`r#` is not followed by a quote."),
	fatal(CatSyntax, "invalid-list-name", "A $list name with characters lists cannot have."),
	fatal(CatSyntax, "uppercase-keyword", "A keyword written in upper case; keywords are lower case."),
	fatal(CatSyntax, "strict-wildcard-spacing", "`strict wildcard` written with other than one space."),
	fatal(CatSyntax, "single-equals", "A single `=`; equality is `eq` or `==`."),
	fatal(CatSyntax, "infix-function", "A function such as starts_with used as an operator."),
	fatal(CatSyntax, "unknown-operator", "A word where a comparison operator belongs."),
	fatal(CatSyntax, "negated-operator", "`not in`, `not contains` or `!~`: negate the whole comparison instead."),
	fatal(CatSyntax, "boolean-literal", "A Bool field compared with true or false; there are no boolean literals."),
	fatal(CatSyntax, "in-needs-braces", "`in` followed by a bare value instead of a set in braces or a list."),
	fatal(CatSyntax, "set-needs-in", "A set `{…}` after an operator other than `in`."),
	fatal(CatSyntax, "list-needs-in", "A $list after an operator other than `in`."),
	fatal(CatSyntax, "slash-regex", "A regex between slashes; regexes are written as strings."),
	fatal(CatSyntax, "comma-in-set", "Set items separated by commas; they are separated by spaces."),
	fatal(CatSyntax, "unquoted-string", "A bare word where a quoted string belongs."),
	fatal(CatSyntax, "space-before-index", "A space before `[`; an index must follow its value directly."),
	fatal(CatSyntax, "trailing-comma", "A trailing comma in a function call."),
	fatal(CatSyntax, "argument-needs-parens", "A function argument combining conditions without parentheses."),
	// type: the type check's findings (package check). Like syntax errors
	// they are fatal and cannot be turned off; each carries the engine's
	// error kind.
	fatal(CatType, "expected-int", "A number was expected."),
	fatal(CatType, "invalid-int", "An integer literal is malformed or, with a leading 0, not octal."),
	fatal(CatType, "int-overflow", "An integer does not fit the engine's integer type."),
	fatal(CatType, "range-bounds", "A range whose end is below its start, or mixes IP families."),
	fatal(CatType, "invalid-ip", "An IP address literal is malformed."),
	fatal(CatType, "invalid-cidr", "A CIDR prefix length is malformed or too long."),
	fatal(CatType, "cidr-host-bits", "A CIDR has bits set after its prefix."),
	fatal(CatType, "cidr-needs-set", "A CIDR compared with an equality operator; use `in {…}`."),
	fatal(CatType, "invalid-bytes", "A bare value where a string belongs (hex byte syntax did not match)."),
	fatal(CatType, "invalid-map-key", "A map key that is not a double-quoted string."),
	fatal(CatType, "invalid-index", "An index that does not fit the value: a number on a map, a key on an array, any index on a scalar."),
	fatal(CatType, "quoted-ip", "An IP field compared with a quoted string."),
	fatal(CatType, "quoted-number", "An integer field compared with a quoted string."),
	fatal(CatType, "type-mismatch", "Operands of the wrong type: the filter or a logical operand is not a condition."),
	fatal(CatType, "missing-operator", "A non-Bool value used as a condition without a comparison."),
	fatal(CatType, "bool-compared", "A Bool value followed by a comparison operator."),
	fatal(CatType, "unsupported-operator", "An operator that does not work on the value's type."),
	fatal(CatType, "argument-count", "A function called with too few or too many arguments."),
	fatal(CatType, "argument-kind", "A literal where a field is required, or the other way round."),
	fatal(CatType, "argument-type", "A function argument of the wrong type."),
	fatal(CatType, "argument-value", "A literal argument outside the values the function accepts."),
	fatal(CatType, "map-each-argument", "`[*]` in a function argument other than the first."),
	fatal(CatType, "invalid-regex", "A regex that does not compile."),
	fatal(CatType, "regex-literal", "`matches` followed by something other than a string."),
	fatal(CatType, "invalid-wildcard", "A wildcard pattern with `**` or an escape other than \\* and \\\\."),
	fatal(CatType, "wildcard-literal", "`wildcard` followed by something other than a string."),
	fatal(CatType, "list-type", "A list whose items are of another type than the value."),
	// schema
	fatal(CatSchema, "unknown-field", "A name that is not a field of the schema."),
	fatal(CatSchema, "unknown-function", "A call to a name that is not a function of the schema."),
	{ID: "deprecated-field", Category: CatSchema, Severity: diag.Warning, Run: runDeprecatedField,
		Summary: "A deprecated field such as ip.geoip.country or cf.threat_score; use its replacement."},
	// feedback
	// not-feedback-field is reported by the type check, which knows the
	// profile; its Run does nothing.
	{ID: "not-feedback-field", Category: CatFeedback, Severity: diag.Warning, Run: func(*Pass) {},
		Summary: "A Rules field that is not one of the eight documented feedback-expression fields (nor the current name of one); the docs do not say it is rejected."},
	{ID: "feedback-missing-score", Category: CatFeedback, Severity: diag.Warning, Run: runFeedbackMissingScore,
		Summary: "A feedback expression (or one branch of its `or`) that does not constrain cf.bot_management.score."},
	// correctness
	{ID: "contradiction", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{constantFindings}, Run: runContradiction,
		Summary: "Conditions joined with `and` that can never all be true, so the expression never matches."},
	{ID: "tautology", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{constantFindings}, Run: runTautology,
		Summary: "A condition that is always true or always false, such as `port ne 80 or port ne 443`."},
	{ID: "map-each-different-arrays", Category: CatCorrectness, Severity: diag.Warning, Run: runMapEachDifferentArrays,
		Summary: "`[*]` on different arrays in one any(…) or all(…): their elements are paired by position."},
	{ID: "ne-missing-value", Category: CatCorrectness, Severity: diag.Info, Run: runNeMissingValue,
		Summary: "`ne` on a value that may be missing, where the engine and the documentation disagree."},
	{ID: "expression-too-long", Category: CatCorrectness, Severity: diag.Error, Run: runExpressionTooLong,
		Summary: "An expression longer than the 4,096 characters Cloudflare accepts."},
	{ID: "duplicate-set-item", Category: CatCorrectness, Severity: diag.Warning, Run: runDuplicateSetItem,
		Summary: "The same value appears twice in a set, possibly in different notations (\"a\" and 61, 10 and 0xa)."},
	{ID: "overlapping-set-item", Category: CatCorrectness, Severity: diag.Warning, Run: runOverlappingSetItem,
		Summary: "A set item (address, CIDR or range) is already covered by another item of the same set."},
	{ID: "bogon-ip", Category: CatCorrectness, Severity: diag.Warning, Run: runBogonIP,
		Summary: "ip.src compared with private, reserved or documentation address space that Internet traffic never comes from."},
	{ID: "empty-set", Category: CatCorrectness, Severity: diag.Error, Run: runEmptySet,
		Summary: "An empty set `{}`: `in {}` never matches."},
	{ID: "regex-matches-everything", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexMatchesEverything,
		Summary: "A regex such as `.*`, `^` or `.+` (or `/` on a path) that matches every value, or every non-empty one."},
	{ID: "regex-in-wildcard", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexInWildcard,
		Summary: "A wildcard pattern written like a regex (`^`, `.*`, `[a-z]`, `$`)."},
	{ID: "glob-in-matches", Category: CatCorrectness, Severity: diag.Warning, Run: runGlobInMatches,
		Summary: "A regex written like a wildcard pattern (`*.example.com`, `/api/*`)."},
	{ID: "regex-unescaped-metachar", Category: CatCorrectness, Severity: diag.Warning, Run: runRegexUnescaped,
		Summary: "An unescaped `.` between name characters, or a `?` before a query parameter, in a regex on a host, path or URI."},
	{ID: "wildcard-matches-everything", Category: CatCorrectness, Severity: diag.Warning, Run: runWildcardMatchesEverything,
		Summary: "A wildcard pattern `*` (or `/*` on a URI path) that matches every value."},
	{ID: "value-domain", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runValueDomain,
		Summary: "A literal outside the field's documented values, such as an unknown continent code."},
	{ID: "case-never-matches", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runCaseNeverMatches,
		Summary: "A comparison that can never match because of letter case, such as http.request.method eq \"get\"."},
	{ID: "path-without-slash", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runPathWithoutSlash,
		Summary: "A URI path compared with a value that does not start with `/`."},
	{ID: "host-with-scheme-or-port", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runHostWithSchemeOrPort,
		Summary: "http.host compared with a value that has a scheme, a port or a path."},
	{ID: "invalid-country-code", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runInvalidCountryCode,
		Summary: "A country field compared with a code that is not an ISO 3166-1 alpha-2 code (UK instead of GB)."},
	{ID: "ja3-format", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runJA3Format,
		Summary: "A JA3 hash that is not 32 lower-case hex digits, or a malformed JA4 fingerprint."},
	{ID: "score-out-of-range", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runScoreOutOfRange,
		Summary: "A 1–99 score compared so that the condition is never or always true (score lt 0, score gt 99)."},
	{ID: "asn-out-of-range", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runASNOutOfRange,
		Summary: "An AS number outside 0–4294967295."},
	{ID: "timestamp-bounds", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runTimestampBounds,
		Summary: "A request timestamp compared with a value far in the past or future, or in the wrong unit."},
	{ID: "octal-literal", Category: CatCorrectness, Severity: diag.Warning, Run: runOctalLiteral,
		Summary: "An integer with a leading zero, which is octal: 010 is 8."},
	{ID: "ip-ordering", Category: CatCorrectness, Severity: diag.Info, Run: runIPOrdering,
		Summary: "lt/le/gt/ge on an IP address, which Cloudflare documents as unsupported; use an IP range."},
	{ID: "pattern-in-equality", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runPatternInEquality,
		Summary: "A regex anchor (`^`, `$`) or a `*` in a literal compared with `eq` or `in`, which compare whole values literally."},
	{ID: "surrounding-space", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runSurroundingSpace,
		Summary: "A literal with leading or trailing whitespace compared with a whole value."},
	{ID: "length-comparison", Category: CatCorrectness, Severity: diag.Error, Run: runLengthComparison,
		Summary: "A len(…) comparison with a negative bound or `ge 0`, which is always or never true."},
	{ID: "substring-bounds", Category: CatCorrectness, Severity: diag.Warning, Run: runSubstringBounds,
		Summary: "substring(s, start, end) with start at or after end, which is always empty."},
	{ID: "replace-once", Category: CatCorrectness, Severity: diag.Error, Run: runReplaceOnce,
		Summary: "regex_replace or wildcard_replace used more than once in an expression, or nested in each other."},
	{ID: "rewrite-only-function", Category: CatCorrectness, Severity: diag.Error, Run: runRewriteOnlyFunction,
		Summary: "A function that Cloudflare allows only in rewrite expressions (regex_replace, to_string, …) used in a filter or a counting expression."},
	{ID: "field-not-in-phase", Category: CatCorrectness, Severity: diag.Error, Run: runFieldNotInPhase,
		Summary: "A field the rule's phase does not have, such as a response field in a request phase."},
	{ID: "function-not-in-phase", Category: CatCorrectness, Severity: diag.Error, Run: runFunctionNotInPhase,
		Summary: "A function Cloudflare does not allow in the rule's phase, such as cidr outside custom and rate limiting rules."},
	{ID: "unknown-managed-list", Category: CatCorrectness, Severity: diag.Warning, Run: runUnknownManagedList,
		Summary: "A `$cf.…` list that is not one of the managed lists Cloudflare documents, such as $cf.tor."},
	{ID: "argument-field", Category: CatCorrectness, Severity: diag.Error, Run: runArgumentField,
		Summary: "A function argument that must be one of a few documented fields, such as remove_query_args on a field that is not a query."},
	{ID: "json-key-path", Category: CatCorrectness, Severity: diag.Warning, Run: runJSONKeyPath,
		Summary: "A lookup_json_* key written as a path (`\"a.b\"`, `\"$.a\"`, `\"/a/b\"`) instead of one argument per step."},
	{ID: "too-many-regexes", Category: CatCorrectness, Severity: diag.Error, Run: runTooManyRegexes,
		Summary: "More than the 64 regular expressions Cloudflare allows in one rule."},
	{ID: "percent-encoded-literal", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runPercentEncodedLiteral,
		Summary: "A normalised URI path compared with a literal that URL normalization never leaves in it (`%61`, `%2f`)."},
	{ID: "mixed-product-fields", Category: CatCorrectness, Severity: diag.Warning, Run: runMixedProductFields,
		Summary: "Magic Firewall packet fields (ip.proto, tcp.dstport, …) in a rule that also reads HTTP fields."},
	{ID: "raw-field", Category: CatCorrectness, Severity: diag.Info, Requires: []AnyFact{valueSites}, Run: runRawField,
		Summary: "A raw.* URI field compared with a plain literal, where the normalised field is meant."},
	// correctness: URL parts and names (correctness_urls.go), literals
	// whose shape is not that of what the field holds.
	{ID: "query-question-mark", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runQueryQuestionMark,
		Summary: "A query-string field compared with a value that starts with `?`, which the field does not hold."},
	{ID: "path-with-query", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runPathWithQuery,
		Summary: "A URI path compared with a value holding `?`: the path ends where the query begins."},
	{ID: "uri-with-scheme", Category: CatCorrectness, Severity: diag.Error, Requires: []AnyFact{valueSites}, Run: runURIWithScheme,
		Summary: "http.request.uri (path and query) compared with a full URL such as \"https://example.com/a\"."},
	{ID: "referer-without-scheme", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runRefererWithoutScheme,
		Summary: "http.referer compared with a host name (\"google.com\") where the header holds a full URL."},
	{ID: "host-suffix-without-dot", Category: CatCorrectness, Severity: diag.Warning, Requires: []AnyFact{valueSites}, Run: runHostSuffixWithoutDot,
		Summary: "ends_with(http.host, \"acme.io\") or wildcard \"*acme.io\", which also match evilacme.io."},
	{ID: "wildcard-without-star", Category: CatCorrectness, Severity: diag.Info, Run: runWildcardWithoutStar,
		Summary: "A wildcard pattern without `*`, which compares the whole value like eq (ignoring case)."},
	// style
	{ID: "negated-comparison", Category: CatStyle, Severity: diag.Info, Run: runNegatedComparison,
		Summary: "`not a eq b` and similar: write the opposite operator (`a ne b`)."},
	{ID: "double-negation", Category: CatStyle, Severity: diag.Warning, Run: runDoubleNegation,
		Summary: "`not not x` or `!!x`: the two negations cancel out."},
	{ID: "or-to-in", Category: CatStyle, Severity: diag.Info, Run: runOrToIn,
		Summary: "`f eq a or f eq b`: write `f in {a b}`."},
	{ID: "redundant-parens", Category: CatStyle, Severity: diag.Info, Run: runRedundantParens,
		Summary: "Doubled parentheses `((x))`, or parentheses that regroup an operator with itself."},
	{ID: "mixed-and-or", Category: CatStyle, Severity: diag.Info, Run: runMixedAndOr,
		Summary: "`and` mixed with `or` or `xor` without parentheses."},
	{ID: "mixed-notation", Category: CatStyle, Severity: diag.Info, Run: runMixedNotation,
		Summary: "English and C-like operators mixed in one expression (`and` with `&&`, `eq` with `==`)."},
	{ID: "single-element-range", Category: CatStyle, Severity: diag.Info, Run: runSingleElementRange,
		Summary: "A range whose bounds are equal (5..5); write the single value."},
	{ID: "regex-not-raw", Category: CatStyle, Severity: diag.Info, Run: runRegexNotRaw,
		Summary: "A quoted regex with backslashes; a raw string r\"…\" says the same thing more plainly."},
	{ID: "hex-bytes-literal", Category: CatStyle, Severity: diag.Info, Run: runHexBytesLiteral,
		Summary: "An unquoted hex byte string such as 61:62; write the string in quotes."},
	{ID: "keyword-glued", Category: CatStyle, Severity: diag.Info, Run: runKeywordGlued,
		Summary: "A keyword run together with the next word (`notssl`, `andssl`)."},
	{ID: "regex-could-be-eq", Category: CatStyle, Severity: diag.Info, Run: runRegexCouldBeEq,
		Summary: "A regex `^literal$` (or `^(a|b)$`) that matches fixed values only; `eq` (or `in`) says the same without a regex."},
	// ruleset: reported by package ruleset's Check over a whole ruleset
	// (its tables cite Cloudflare's API schema and documentation).
	{ID: "unknown-phase", Category: CatRuleset, Severity: diag.Info,
		Summary: "A ruleset phase (or a phase to skip) that Cloudflare's API schema does not list; wflint does not check its actions."},
	{ID: "unknown-action", Category: CatRuleset, Severity: diag.Info,
		Summary: "A rule action that Cloudflare's API schema does not list; wflint does not check its parameters."},
	{ID: "unknown-parameter", Category: CatRuleset, Severity: diag.Info,
		Summary: "A member of a rule or of its action parameters that Cloudflare's API schema does not list."},
	{ID: "legacy-action", Category: CatRuleset, Severity: diag.Error,
		Summary: "allow or bypass, actions of the deprecated Firewall Rules, in a ruleset, whose API rejects them."},
	{ID: "action-not-in-phase", Category: CatRuleset, Severity: diag.Error,
		Summary: "An action the ruleset's phase does not take, such as redirect in http_request_firewall_custom."},
	{ID: "missing-parameter", Category: CatRuleset, Severity: diag.Error,
		Summary: "A rule without a parameter its action or phase requires, such as a redirect without a target URL."},
	{ID: "parameter-value", Category: CatRuleset, Severity: diag.Error,
		Summary: "A parameter outside its allowed values or type, such as a redirect with status_code 200 or a rate limit period of 30."},
	{ID: "conflicting-parameters", Category: CatRuleset, Severity: diag.Error,
		Summary: "Two parameters that exclude each other, such as a value and an expression for the same target URL."},
	{ID: "misplaced-parameter", Category: CatRuleset, Severity: diag.Warning,
		Summary: "A parameter of another action or phase, which does nothing where it is."},
	{ID: "ratelimit-characteristics", Category: CatRuleset, Severity: diag.Error,
		Summary: "Rate limit characteristics without the mandatory cf.colo.id, or with both ip.src and cf.unique_visitor_id."},
	{ID: "duplicate-rule", Category: CatRuleset, Severity: diag.Warning,
		Summary: "A rule that repeats an earlier enabled rule of its ruleset: the same filter after formatting, action and parameters."},
	{ID: "shadowed-rule", Category: CatRuleset, Severity: diag.Error,
		Summary: "A rule that can never run: wflint proves every request it matches is stopped first by earlier rules of its ruleset (a block, a skip of the rest)."},
	// ignore: reported by package workspace, which applies the ignores.
	{ID: "unused-ignore", Category: CatIgnore, Severity: diag.Warning,
		Summary: "An ignore comment or configuration entry that silences nothing: no finding of its rule where it applies."},
	// performance
	{ID: "long-set", Category: CatPerformance, Severity: diag.Info, Run: runLongSet,
		Summary: "An inline set with many items that a custom list ($name) could hold."},
}

// byID indexes all; sorted is all sorted by ID. Both are built once, checked
// (a duplicate or incomplete rule is a programming error that panics at
// start-up, caught by every test) and then only read.
var byID, sorted = index(all)

func index(rules []*Rule) (map[string]*Rule, []*Rule) {
	m := make(map[string]*Rule, len(rules))
	for _, r := range rules {
		if r.ID == "" || r.Category == "" || r.Severity == 0 || r.Summary == "" {
			panic(fmt.Sprintf("analyzer: rule %q is incomplete", r.ID))
		}
		if _, dup := m[r.ID]; dup {
			panic("analyzer: duplicate rule " + r.ID)
		}
		m[r.ID] = r
	}
	s := slices.Clone(rules)
	slices.SortFunc(s, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return m, s
}

// Rules returns every rule sorted by ID. The slice is shared: callers must
// not modify it.
func Rules() []*Rule { return sorted }

// LookupRule returns the rule with the given ID.
func LookupRule(id string) (*Rule, bool) {
	r, ok := byID[id]
	return r, ok
}

// A Fact is a typed result that several rules share, computed at most once
// per pass, as go/analysis's Requires and ResultOf share one analyzer's
// result with others. A rule names the facts it reads in Requires and
// reads them with [ResultOf].
type Fact[T any] struct {
	Name    string
	compute func(*Pass) T
	slot    int
}

// AnyFact is a [Fact] of any type, for [Rule.Requires].
type AnyFact interface{ factName() string }

func (f *Fact[T]) factName() string { return f.Name }

// nFacts counts the facts declared, so that a pass keeps them in a slice.
var nFacts int

// newFact declares a fact computed by compute. Facts are package-level
// variables, declared once.
func newFact[T any](name string, compute func(*Pass) T) *Fact[T] {
	nFacts++
	return &Fact[T]{Name: name, compute: compute, slot: nFacts - 1}
}

// ResultOf returns the value of fact f for the pass, computing it on first
// use. The running rule must list f in its Requires.
func ResultOf[T any](p *Pass, f *Fact[T]) T {
	if p.rule != nil && !slices.Contains(p.rule.Requires, AnyFact(f)) {
		panic(fmt.Sprintf("analyzer: rule %s reads fact %s without requiring it", p.rule.ID, f.Name))
	}
	if p.facts == nil {
		p.facts = make([]any, nFacts)
	}
	if v := p.facts[f.slot]; v != nil {
		return v.(T)
	}
	v := f.compute(p)
	p.facts[f.slot] = v
	return v
}
