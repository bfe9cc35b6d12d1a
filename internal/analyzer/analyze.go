package analyzer

import (
	"sync"

	"github.com/wflint/wflint/internal/diag"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Options configures one analysis.
type Options struct {
	// Schema is the field/function catalog; nil means schema.Feedback().
	Schema *schema.Schema
	// Disabled turns rules off by ID. Fatal rules cannot be disabled.
	Disabled map[string]bool
	// Enabled turns on rules that are off by default.
	Enabled map[string]bool
	// Severity overrides default severities by rule ID.
	Severity map[string]diag.Severity
	// EngineCompat checks as the 2020 wirefilter engine would (32-bit
	// integers, single-byte hex strings); the conformance tests use it.
	EngineCompat bool
	// Role is what the expression is for: a filter (the zero Role), a
	// value (a rewrite, a header value, a redirect target: one field or
	// function call without [*], LANGUAGE.md §1) or a rate limit's
	// counting expression. Each is checked from its own entry point.
	Role schema.Role
	// ValueType is the type a value must have (its parameter's); the zero
	// Type accepts any. Conditions ignore it.
	ValueType schema.Type
	// Phase is the ruleset phase the expression runs in
	// ("http_request_firewall_custom"). "" (a bare expression) or a phase
	// wflint does not know turns the phase checks off: the analysis is
	// then what it is for an expression on its own.
	Phase string
	// Parse sets the parser limits.
	Parse grammar.Options
}

// Batch analyses expressions one after another in the same memory: the
// syntax tree (see grammar.Parser), the type check's facts (see
// check.Checker) and the list of findings. The Result an Analyze returns,
// Diagnostics included, is valid until the batch's next Analyze: a caller
// that copies out the findings it keeps spares their allocation. The zero
// Batch is ready for use; it serves one goroutine at a time.
type Batch struct {
	parser  grammar.Parser
	checker check.Checker
	diags   []diag.Diagnostic // the last Result's Diagnostics' memory
}

// Analyze is [Analyze] in the batch's memory: the Result of the previous
// Analyze must no longer be used.
func (b *Batch) Analyze(src string, opts Options) *Result {
	x, errs := b.parser.Parse(src, opts.Parse)
	return analyzeParsed(x, errs, opts, b)
}

// Pass is what a rule sees: the expression, its types, and a way to report.
type Pass struct {
	Src    string
	Expr   *grammar.Expression
	Schema *schema.Schema
	Info   *check.Checked
	// Syntax is true when the expression had syntax errors; rules still
	// run on the parts that parsed.
	Syntax bool

	rule  *Rule
	found []diag.Diagnostic // what the rules reported, after the parse and check errors
	opts  Options
	facts []any // by Fact.slot; see ResultOf
	// nodes are built once per pass, by the first rule that asks, in
	// storage the pool of passes keeps.
	indexed bool
	nodes   Nodes
	sites   []site    // valueSites' storage, kept likewise
	items   []setItem // decodeItems' storage, kept likewise
}

// Nodes are the nodes of an expression in pre-order (the order
// grammar.Inspect visits them in): all of them, and separately those of
// the kinds most rules look at. Some thirty rules look at every
// expression, most at one kind of node, and scanning a list of that kind
// is several times cheaper than each walking the tree.
type Nodes struct {
	All         []grammar.Node
	Comparisons []*grammar.Comparison
	Values      []*grammar.Value
	Logicals    []*grammar.Logical
	Nots        []*grammar.Not
	calls       []call // calls to functions the schema knows
}

// call is a call to a function the schema knows.
type call struct {
	v *grammar.Value
	f *schema.Function
}

// Nodes returns the expression's nodes, listing them on first use.
func (p *Pass) Nodes() *Nodes {
	if p.indexed {
		return &p.nodes
	}
	p.indexed = true
	ns := &p.nodes
	grammar.Inspect(p.Expr.Root, func(n grammar.Node) bool {
		ns.All = append(ns.All, n)
		switch n := n.(type) {
		case *grammar.Comparison:
			ns.Comparisons = append(ns.Comparisons, n)
		case *grammar.Value:
			ns.Values = append(ns.Values, n)
			if n.Call != nil {
				if f := p.Info.FuncOf(n); f != nil {
					ns.calls = append(ns.calls, call{n, f})
				}
			}
		case *grammar.Logical:
			ns.Logicals = append(ns.Logicals, n)
		case *grammar.Not:
			ns.Nots = append(ns.Nots, n)
		}
		return true
	})
	return ns
}

// reset empties the lists, keeping their storage and dropping every
// reference into the expression.
func (ns *Nodes) reset() {
	clear(ns.All)
	clear(ns.Comparisons)
	clear(ns.Values)
	clear(ns.Logicals)
	clear(ns.Nots)
	clear(ns.calls)
	*ns = Nodes{All: ns.All[:0], Comparisons: ns.Comparisons[:0], Values: ns.Values[:0],
		Logicals: ns.Logicals[:0], Nots: ns.Nots[:0], calls: ns.calls[:0]}
}

// Report records a diagnostic for the running rule; the rule's configured
// severity is applied when the diagnostic has none.
func (p *Pass) Report(d diag.Diagnostic) {
	if p.rule != nil {
		d.Rule = p.rule.ID
		if d.Severity == 0 {
			d.Severity = p.rule.Severity
		}
	}
	p.report(d)
}

func (p *Pass) report(d diag.Diagnostic) *diag.Diagnostic {
	p.found = append(p.found, d)
	return &p.found[len(p.found)-1]
}

// Result is the outcome of Analyze.
type Result struct {
	Expr        *grammar.Expression
	Info        *check.Checked
	Diagnostics []diag.Diagnostic // sorted by position, then rule ID
}

// Analyze parses, checks and lints one expression.
func Analyze(src string, opts Options) *Result {
	x, errs := grammar.ParseWith(src, opts.Parse)
	return AnalyzeParsed(x, errs, opts)
}

// AnalyzeParsed checks and lints an expression that is already parsed.
func AnalyzeParsed(x *grammar.Expression, errs diag.List, opts Options) *Result {
	return analyzeParsed(x, errs, opts, nil)
}

// analyzeParsed is AnalyzeParsed; with b, in the batch's memory.
func analyzeParsed(x *grammar.Expression, errs diag.List, opts Options, b *Batch) *Result {
	if opts.Schema == nil {
		opts.Schema = schema.Feedback()
	}
	co := check.Options{EngineCompat: opts.EngineCompat, Role: opts.Role, ValueType: opts.ValueType, Phase: opts.Phase, Regexes: true}
	var info *check.Checked
	var checkErrs diag.List
	if b != nil {
		info, checkErrs = b.checker.Check(x, opts.Schema, co)
	} else {
		info, checkErrs = check.Check(x, opts.Schema, co)
	}
	var diags []diag.Diagnostic
	if b != nil {
		clear(b.diags)
		diags = b.diags[:0]
	} else {
		diags = make([]diag.Diagnostic, 0, len(errs)+len(checkErrs)+2)
	}
	for _, e := range errs {
		d := e
		if e.Rule == "boolean-literal" {
			explainBooleanLiteral(&d, opts.Schema)
		}
		diags = append(diags, d)
	}
	diags = append(diags, checkErrs...)
	if x.Root != nil {
		pass := passes.Get().(*Pass)
		pass.Src, pass.Expr, pass.Schema, pass.Info, pass.Syntax = x.Src, x, opts.Schema, info, len(errs) > 0
		// The rules append to the pass's own slice header, so that
		// diags need not move to the heap.
		pass.found, pass.opts = diags, opts
		for _, r := range Rules() {
			if r.Run == nil || !ruleOn(r, &opts) {
				continue
			}
			pass.rule = r
			r.Run(pass)
		}
		diags = pass.found
		pass.reset()
		passes.Put(pass)
	}
	if b != nil {
		b.diags = diags // cleared at the next analysis
	}
	out := diags[:0]
	for _, d := range diags {
		r, known := LookupRule(d.Rule)
		// Fatal rules are the language's and the schema's own verdicts:
		// Cloudflare rejects the expression.
		d.Rejected = d.Rejected || (known && r.Fatal)
		if known && !r.Fatal {
			if !ruleOn(r, &opts) {
				continue
			}
			if s, ok := opts.Severity[d.Rule]; ok {
				d.Severity = s
			}
		}
		out = append(out, d)
	}
	diag.List(out).SortByPosition()
	return &Result{Expr: x, Info: info, Diagnostics: out}
}

// passes recycles passes with their node lists: nothing a pass holds is
// kept after AnalyzeParsed returns.
var passes = sync.Pool{New: func() any { return new(Pass) }}

// reset empties the pass for reuse, keeping the lists' storage and
// dropping every reference into the expression.
func (p *Pass) reset() {
	p.nodes.reset()
	clear(p.facts)
	clear(p.sites) // they point into the tree
	clear(p.items)
	*p = Pass{nodes: p.nodes, facts: p.facts, sites: p.sites[:0], items: p.items[:0]}
}

// ruleOn reports whether a rule runs under these options.
func ruleOn(r *Rule, o *Options) bool {
	if r.Fatal {
		return true
	}
	if o.Disabled[r.ID] {
		return false
	}
	if r.OptIn {
		return o.Enabled[r.ID]
	}
	return true
}
