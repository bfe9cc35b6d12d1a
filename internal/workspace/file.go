package workspace

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/pool"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// Source is one thing to lint: a file, or a buffer that stands for one.
type Source struct {
	// Path finds the configuration (the nearest .wflint.yaml up from its
	// directory) and, unless Name is set, the kind of file. Empty means a
	// buffer that is no file: it gets the settings' or the default
	// configuration.
	Path string
	// Name decides the kind of file by its extension when set (".wf" for
	// an expression given on the command line); else Path does.
	Name string
	// Lang is an editor's language id ("terraform", "json"), used when the
	// name's extension says nothing.
	Lang string
	// Text is the file's content.
	Text []byte
	// Named says the user named this file (rather than a walk meeting
	// it): a file that holds nothing wflint reads then gets a note saying
	// so. A file that looks like Cloudflare configuration gets it either
	// way.
	Named bool
}

func (s Source) name() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Path
}

// Detect returns the kind of file a name and an editor language id
// describe: the extension decides, the language id stands in for a buffer
// without one, and anything else is a bare expression.
func Detect(name, lang string) host.Kind {
	if k := host.KindOf(name); k != host.Unknown {
		return k
	}
	switch lang {
	case "terraform", "terraform-vars", "hcl":
		return host.HCL
	case "json":
		return host.JSON
	case "jsonl", "jsonlines":
		return host.JSONL
	}
	return host.WF
}

// extractName is the name host.Extract picks the extractor by: the file's
// own when its extension is known, else one with the detected kind's.
func extractName(name string, k host.Kind) string {
	if host.KindOf(name) != host.Unknown {
		return name
	}
	return name + map[host.Kind]string{host.HCL: ".tf", host.JSON: ".json", host.JSONL: ".jsonl", host.WF: ".wf"}[k]
}

// File is a linted file: its expressions with their analyses, and every
// diagnostic in file byte coordinates.
type File struct {
	// Source is what was linted.
	Source Source
	// Kind is the detected kind of file.
	Kind host.Kind
	// Text is the file's text; diagnostic spans index it.
	Text string
	// Config is the configuration that applied.
	Config *config.Config
	// Exprs are the expressions found, in file order.
	Exprs []*Expr
	// Content is what the file holds (rulesets, a rule, a report, …).
	Content host.Content
	// Rulesets are the rulesets read from the file, in file order; each
	// rule's expressions are among Exprs (Expr.Use.Rule).
	Rulesets []*ruleset.Ruleset
	// Diagnostics are every finding about the file, ordered by start
	// offset and then rule: host problems (bad HCL or JSON, skipped
	// interpolations), report validation and analyzer findings. Spans,
	// fix edits and related spans are file byte offsets; fix text is
	// escaped for the host. Where names the expression or JSON value.
	Diagnostics diag.List
	// Profiles[i] is the schema profile Diagnostics[i] was found under,
	// "" for problems with the file itself.
	Profiles []string
	// Ignored are the findings that ignore comments and the
	// configuration's ignore entries silenced, in file order, each with
	// its ignore: not among Diagnostics, kept for counts and SARIF.
	Ignored []diag.Suppressed
	// Err is set when the file could not be linted at all (its
	// configuration does not load); Diagnostics is then empty.
	Err error

	// ignores are the file's ignores, for the fix loop: a silenced
	// finding's fix is not applied.
	ignores *ignorer
}

// FailOn is the lowest severity the configuration says fails a run; the
// default is error.
func (f *File) FailOn() diag.Severity { return failOn(f.Config) }

// failOn is the lowest severity c says fails a run; the default is error.
func failOn(c *config.Config) diag.Severity {
	if c != nil && c.FailOn != 0 {
		return c.FailOn
	}
	return diag.Error
}

// ExprAt returns the expression holding a file offset and the offset
// within its text.
func (f *File) ExprAt(off int) (*Expr, int, bool) {
	for _, e := range f.Exprs {
		if o, ok := e.TextOffset(off); ok {
			return e, o, true
		}
	}
	return nil, 0, false
}

// Expr is one expression of a file with its analysis.
type Expr struct {
	*host.Snippet
	// Options are the analyzer options it was checked under.
	Options analyzer.Options
	// Result is the analysis; when Err is set it is empty (no tree, no
	// diagnostics), so callers need not check.
	Result *analyzer.Result
	// Err is set when its configuration could not be resolved.
	Err error
}

// Schema is the schema the expression was checked against.
func (e *Expr) Schema() *schema.Schema {
	if e.Options.Schema == nil {
		return schema.Feedback()
	}
	return e.Options.Schema
}

// FileSpan maps a span of the expression's text to the file.
func (e *Expr) FileSpan(s diag.Span) diag.Span {
	a, b := e.HostSpan(int(s.Start), int(s.End))
	return diag.Span{Start: diag.Pos(a), End: diag.Pos(b)}
}

// FileEdit maps an edit of the expression's text to the file, escaping the
// new text for the host (HCL or JSON string escapes, heredoc indentation).
func (e *Expr) FileEdit(ed diag.Edit) diag.Edit {
	s, t, text := e.HostEdit(ed)
	return diag.Edit{Span: diag.Span{Start: diag.Pos(s), End: diag.Pos(t)}, New: text}
}

// FileDiagnostic maps an analyzer diagnostic of the expression to the file.
func (e *Expr) FileDiagnostic(d diag.Diagnostic) diag.Diagnostic {
	out := d
	out.Span = e.FileSpan(d.Span)
	out.Where = e.Where
	out.Fixes = make([]diag.Fix, len(d.Fixes))
	for i, fx := range d.Fixes {
		nf := diag.Fix{Title: fx.Title, Edits: make([]diag.Edit, len(fx.Edits)), Safe: fx.Safe}
		for j, ed := range fx.Edits {
			nf.Edits[j] = e.FileEdit(ed)
		}
		out.Fixes[i] = nf
	}
	out.Related = make([]diag.Related, len(d.Related))
	for i, r := range d.Related {
		out.Related[i] = r
		out.Related[i].Span = e.FileSpan(r.Span)
	}
	if len(out.Fixes) == 0 {
		out.Fixes = nil
	}
	if len(out.Related) == 0 {
		out.Related = nil
	}
	return out
}

// RuleConfig is the rule of a diagnostic about a configuration that could
// not be applied to an expression.
const RuleConfig = "config"

// Lint extracts and analyses every expression of a source, and keeps
// everything: each expression's analysis and every finding. Settings.Jobs
// goroutines analyse a large file's expressions; they are done when Lint
// returns. A linter that only prints findings uses a [Batch].
func (w *Workspace) Lint(src Source) *File {
	f := w.newFile(src)
	if f.Err != nil {
		return f
	}
	snippets, fileDiags := w.read(f, src.Text, false)
	exprs := f.setExprs(snippets)
	chunks := (len(exprs) + lintChunk - 1) / lintChunk
	// Each chunk's diagnostics, with their profiles, in one list: each
	// expression's sorted, one expression after another.
	per := make([]diag.List, chunks)
	profiles := make([][]string, chunks)
	size := w.poolSize(len(exprs) >= 2*lintChunk)
	scratch := make([]scratch, max(size.Workers, 1))
	_ = pool.Ordered(context.Background(), size, pool.Count(chunks), func(wk, c int) int {
		sc := &scratch[wk]
		// The file's findings are kept whole: thousands of expressions
		// repeat the same messages, so keep one copy of each per chunk.
		w.lintExprs(f, exprs[c*lintChunk:min((c+1)*lintChunk, len(exprs))], sc, nil, map[string]string{})
		per[c], profiles[c] = slices.Clone(sc.ds), slices.Clone(sc.ps)
		sc.reset()
		return c
	}, func(int, int) error { return nil })
	f.Diagnostics, f.Profiles = mergeDiagnostics(fileDiags, per, profiles)
	f.Diagnostics, f.Profiles, f.Ignored = w.applyIgnores(f, f.ignores, f.Diagnostics, f.Profiles)
	return f
}

// lintChunk is how many expressions a worker analyses at a time.
const lintChunk = 128

// poolSize is the pool that analyses chunks of a file's expressions, on
// the calling goroutine unless parallel (the file is large enough for
// goroutines to pay).
func (w *Workspace) poolSize(parallel bool) pool.Size {
	if !parallel || w.settings.Jobs <= 1 {
		return pool.Size{}
	}
	return pool.Size{Workers: w.settings.Jobs}
}

// newFile starts linting src: its kind, text and configuration.
func (w *Workspace) newFile(src Source) *File {
	f := &File{Source: src, Kind: Detect(src.name(), src.Lang), Text: string(src.Text)}
	f.Config, f.Err = w.Config(src.Path)
	return f
}

// read extracts f's expressions from data, sets its content, rulesets
// and ignores, and returns the expressions with the problems with the
// file itself: host problems (bad HCL or JSON, skipped interpolations),
// report validation, the rulesets' checks and the nothing-to-lint note.
// With streamed, each ruleset is checked as it is read and none is kept:
// the model of a 50 MB file's rules would double its memory.
func (w *Workspace) read(f *File, data []byte, streamed bool) ([]host.Snippet, diag.List) {
	name := extractName(f.Source.name(), f.Kind)
	var rulesetDiags diag.List
	var opts host.ReadOptions
	// A .json file is parsed once, for its expressions and, when it is a
	// feedback report, for the report's validation.
	if host.KindOf(name) == host.JSON {
		opts.JSON, _ = jsonscan.Parse(data) // on error ReadWith says where
	}
	if streamed {
		check := w.rulesetCheck(f)
		opts.Each = func(rs *ruleset.Ruleset) { rulesetDiags = append(rulesetDiags, check(rs)...) }
	}
	doc := host.ReadWith(name, data, opts)
	if doc.Broken {
		rulesetDiags = nil // of the parts read before the error: not linted
	}
	snippets := doc.Snippets
	f.shareText(snippets)
	f.ignores = w.newIgnorer(f, doc.Ignores)
	f.Content, f.Rulesets = doc.Content, doc.Rulesets
	// Problems with the file itself come first among equals.
	var fileDiags diag.List
	fileDiags = append(fileDiags, doc.Problems...)
	if doc.Content == host.ContentReport && opts.JSON != nil {
		fileDiags = append(fileDiags, validateReport(data, opts.JSON, w.settings.MaxPerRule)...)
	}
	if !streamed {
		check := w.rulesetCheck(f)
		for _, rs := range doc.Rulesets {
			rulesetDiags = append(rulesetDiags, check(rs)...)
		}
	}
	fileDiags = append(fileDiags, rulesetDiags...)
	if d, ok := nothingToLint(f, doc, f.Source.Named); ok {
		fileDiags = append(fileDiags, d)
	}
	return snippets, fileDiags
}

// setExprs makes f's expressions of snippets, in one allocation for them
// all, and returns them.
func (f *File) setExprs(snippets []host.Snippet) []Expr {
	f.Exprs = make([]*Expr, len(snippets))
	exprs := make([]Expr, len(snippets))
	for i := range exprs {
		exprs[i].Snippet = &snippets[i]
		f.Exprs[i] = &exprs[i]
	}
	return exprs
}

// shareText makes verbatim expressions share the file's text rather than
// keep a copy of their own.
func (f *File) shareText(snippets []host.Snippet) {
	for i := range snippets {
		if sn := &snippets[i]; sn.Verbatim() && sn.End <= len(f.Text) && f.Text[sn.Start:sn.End] == sn.Text {
			sn.Text = f.Text[sn.Start:sn.End]
		}
	}
}

// lintExprs analyses a chunk of f's expressions (their Snippet set) and
// appends their diagnostics, in the file's coordinates, each
// expression's sorted, one expression after another, with their
// profiles, to sc's lists. With batch, each analysis is made in the
// batch's memory and only its findings are kept (Expr.Result is nil).
// messages, when set, keeps one copy of each message.
func (w *Workspace) lintExprs(f *File, exprs []Expr, sc *scratch, batch *analyzer.Batch, messages map[string]string) {
	ds, ps := sc.ds, sc.ps
	for i := range exprs {
		e := &exprs[i]
		found := w.analyzeExpr(f, e, batch)
		if e.Err != nil {
			ds, ps = append(ds, found...), append(ps, "")
			continue
		}
		profile := e.Schema().Profile()
		from := len(ds)
		for _, d := range found {
			fd := e.FileDiagnostic(d)
			if messages != nil {
				if m, ok := messages[fd.Message]; ok {
					fd.Message = m
				} else {
					messages[fd.Message] = fd.Message
				}
			}
			ds, ps = append(ds, fd), append(ps, profile)
		}
		sortDiagnostics(ds[from:])
	}
	sc.ds, sc.ps = ds, ps
}

// analyzeExpr analyses an expression of f and returns its diagnostics,
// capped, in its own coordinates; a configuration problem is one in the
// file's. With batch, the analysis is made in the batch's memory and not
// kept.
func (w *Workspace) analyzeExpr(f *File, e *Expr, batch *analyzer.Batch) []diag.Diagnostic {
	e.Options, e.Err = w.Options(f.Config, e.Profile)
	if u := e.Use; u != nil {
		e.Options.Role, e.Options.ValueType, e.Options.Phase = u.Role, u.Type, u.Phase
	}
	if e.Err != nil {
		if batch == nil {
			e.Result = &analyzer.Result{Expr: &grammar.Expression{Src: e.Text}, Info: &check.Checked{}}
		}
		return diag.List{{Rule: RuleConfig, Severity: diag.Error, Message: e.Err.Error(),
			Span: diag.Span{Start: diag.Pos(e.Start), End: diag.Pos(e.Start)}}}
	}
	r := w.analyze(e.Text, e.Options, batch)
	if batch == nil {
		e.Result = r
	}
	return capPerRule(r.Diagnostics, w.settings.MaxPerRule)
}

// scratch is the working memory of a chunk, lent to the next on the same
// goroutine: the lists its findings gather in.
type scratch struct {
	ds diag.List
	ps []string
}

// reset clears the lists (they point to messages) for the next chunk.
func (sc *scratch) reset() {
	clear(sc.ds)
	clear(sc.ps)
	sc.ds, sc.ps = sc.ds[:0], sc.ps[:0]
}

// inFileOrder reports whether snippets follow one another without
// touching, so that the diagnostics of each (which lie within it) come
// after those of the one before.
func inFileOrder(snippets []host.Snippet) bool {
	for i := 1; i < len(snippets); i++ {
		if snippets[i].Start <= snippets[i-1].End {
			return false
		}
	}
	return true
}

// less orders diagnostics by start offset and then rule.
func less(a, b *diag.Diagnostic) bool { return diag.Compare(a, b) < 0 }

func sortDiagnostics(ds diag.List) { ds.SortByPosition() }

// merger merges the file's problems (sorted) into a stream of expression
// diagnostics that arrives in order: on equal keys the problems come
// first, as in one stable sort of the problems followed by the rest.
type merger struct {
	file diag.List
	j    int
}

// add appends ds (sorted; profiles[k] is the profile of ds[k]) to out,
// after the file's problems that sort before them.
func (m *merger) add(out diag.List, ps []string, ds diag.List, profiles []string) (diag.List, []string) {
	for k := range ds {
		d := &ds[k]
		for m.j < len(m.file) && !less(d, &m.file[m.j]) {
			out, ps = append(out, m.file[m.j]), append(ps, "")
			m.j++
		}
		out, ps = append(out, *d), append(ps, profiles[k])
	}
	return out, ps
}

// merge returns ds (sorted; profiles[k] is the profile of ds[k]) with the
// file's problems that sort before them, in new lists of their size.
func (m *merger) merge(ds diag.List, profiles []string) (diag.List, []string) {
	n := len(ds) + len(m.file) - m.j
	return m.add(make(diag.List, 0, n), make([]string, 0, n), ds, profiles)
}

// rest appends the file's problems not yet merged.
func (m *merger) rest(out diag.List, ps []string) (diag.List, []string) {
	for ; m.j < len(m.file); m.j++ {
		out, ps = append(out, m.file[m.j]), append(ps, "")
	}
	return out, ps
}

// mergeDiagnostics orders the problems with the file and the diagnostics
// of each expression (each already sorted) as one stable sort of them all,
// in that order, would: expressions are disjoint and in file order, so
// their lists follow one another and a merge with the file's problems
// suffices, in one pass and without a second copy of everything. Should
// an expression's diagnostics reach before the previous one's, it falls
// back to the sort. profiles[i][k] is the profile of per[i][k].
func mergeDiagnostics(fileDiags diag.List, per []diag.List, profiles [][]string) (diag.List, []string) {
	n := len(fileDiags)
	for _, p := range per {
		n += len(p)
	}
	if n == 0 {
		return nil, nil
	}
	sortDiagnostics(fileDiags)
	sorted := true
	var last *diag.Diagnostic
	for _, p := range per {
		for k := range p {
			if last != nil && less(&p[k], last) {
				sorted = false
			}
			last = &p[k]
		}
	}
	m := merger{file: fileDiags}
	out, outProfiles := make(diag.List, 0, n), make([]string, 0, n)
	for i, p := range per {
		out, outProfiles = m.add(out, outProfiles, p, profiles[i])
		per[i] = nil
	}
	out, outProfiles = m.rest(out, outProfiles)
	if !sorted {
		idx := make([]int, len(out))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return less(&out[idx[a]], &out[idx[b]]) })
		ds, ps := make(diag.List, len(out)), make([]string, len(out))
		for i, k := range idx {
			ds[i], ps[i] = out[k], outProfiles[k]
		}
		return ds, ps
	}
	return out, outProfiles
}

// capPerRule keeps the first max diagnostics of each rule (in the
// analyzer's order) and puts one diagnostic in place of the rest, at the
// first one left out: "and N more". max 0 means DefaultMaxPerRule, a
// negative max keeps everything. The input is not modified.
func capPerRule(ds []diag.Diagnostic, max int) []diag.Diagnostic {
	if max == 0 {
		max = DefaultMaxPerRule
	}
	if max < 0 || len(ds) <= max {
		return ds
	}
	total := map[string]int{}
	over := false
	for _, d := range ds {
		total[d.Rule]++
		over = over || total[d.Rule] > max
	}
	if !over {
		return ds
	}
	out := make([]diag.Diagnostic, 0, len(ds))
	seen := map[string]int{}
	for _, d := range ds {
		seen[d.Rule]++
		switch n := seen[d.Rule]; {
		case n <= max:
			out = append(out, d)
		case n == max+1:
			more := total[d.Rule] - max
			out = append(out, diag.Diagnostic{Rule: d.Rule, Severity: d.Severity, Span: d.Span, Where: d.Where,
				Message: fmt.Sprintf("and %d more %s %s in this expression (showing the first %d)", more, d.Rule, plural(more, "finding"), max)})
		}
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// analyze runs the analyzer within the settings' size cap.
func (w *Workspace) analyze(src string, o analyzer.Options, batch *analyzer.Batch) *analyzer.Result {
	if max := w.settings.MaxExprBytes; max <= 0 || len(src) <= max {
		if batch != nil {
			return batch.Analyze(src, o)
		}
		return analyzer.Analyze(src, o)
	}
	return &analyzer.Result{
		Expr: &grammar.Expression{Src: src},
		Info: &check.Checked{},
		Diagnostics: []diag.Diagnostic{{
			Span: diag.Span{End: diag.Pos(min(len(src), 1))}, Severity: diag.Error, Rule: "input-too-large",
			Message: fmt.Sprintf("expression is %d bytes; wflint analyses expressions up to %d bytes here (the product limit is 4,096 characters)", len(src), w.settings.MaxExprBytes),
		}},
	}
}

// validateReport checks a JSON file that is a Bot Management feedback
// report (an object with a top-level "expression"), from the document
// the expressions were extracted from, and returns the problems with the
// report itself, at most maxPerRule of a rule as for expressions; the
// expression is analysed like any other. Every report check goes through here, so a change of the
// feedback API is a change of this one function.
func validateReport(data []byte, doc *jsonscan.Document, maxPerRule int) []diag.Diagnostic {
	res := feedback.ValidateDocument(data, doc, feedback.WithoutExpressionCheck(), feedback.WithScoreRange(feedback.AnalyzerScores()), feedback.WithMaxPerRule(maxPerRule))
	if _, ok := res.Span("/expression"); !ok {
		return nil
	}
	return res.Diagnostics
}
