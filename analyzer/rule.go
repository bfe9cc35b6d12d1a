package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/diag"
)

// Rule is one check, a value in the manner of go/analysis's Analyzer.
// Rules whose Run is nil are reported by the parser or the type checker
// (their findings need the checker's own walk); they are listed all the
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

// all is every rule, by category. It is the one list of rules: a rule
// not named here does not exist.
var all = slices.Concat(
	syntaxRules,
	typeRules,
	[]*Rule{unknownFieldRule, unknownFunctionRule, deprecatedFieldRule}, // schema
	[]*Rule{notFeedbackFieldRule, feedbackMissingScoreRule},             // feedback
	[]*Rule{ // correctness
		contradictionRule, tautologyRule, mapEachDifferentArraysRule, neMissingValueRule, expressionTooLongRule,
		duplicateSetItemRule, overlappingSetItemRule, bogonIpRule, emptySetRule,
		regexMatchesEverythingRule, regexInWildcardRule, globInMatchesRule, regexUnescapedRule, wildcardMatchesEverythingRule,
		valueDomainRule, caseNeverMatchesRule, pathWithoutSlashRule, hostWithSchemeOrPortRule, invalidCountryCodeRule, ja3FormatRule,
		scoreOutOfRangeRule, asnOutOfRangeRule, timestampBoundsRule, octalLiteralRule, ipOrderingRule,
		patternInEqualityRule, surroundingSpaceRule,
		lengthComparisonRule, substringBoundsRule, replaceOnceRule, rewriteOnlyFunctionRule, argumentFieldRule, jsonKeyPathRule,
		tooManyRegexesRule, percentEncodedLiteralRule, mixedProductFieldsRule, rawFieldRule,
	},
	[]*Rule{ // style
		negatedComparisonRule, doubleNegationRule, orToInRule, redundantParensRule, mixedAndOrRule, mixedNotationRule,
		singleElementRangeRule, regexNotRawRule, hexBytesLiteralRule, keywordGluedRule, regexCouldBeEqRule,
	},
	[]*Rule{longSetRule}, // performance
)

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
