package workspace

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/wflint/wflint/check"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/config"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/jsonscan"
	"github.com/wflint/wflint/ruleset"
	"github.com/wflint/wflint/schema"
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

	linesOnce sync.Once
	lines     *diag.LineIndex
	// ignores are the file's ignores, for the fix loop: a silenced
	// finding's fix is not applied.
	ignores *ignorer
}

// Lines returns the line index of the text, built on first use.
func (f *File) Lines() *diag.LineIndex {
	f.linesOnce.Do(func() { f.lines = diag.NewLineIndex(f.Text) })
	return f.lines
}

// FailOn is the lowest severity the configuration says fails a run; the
// default is error.
func (f *File) FailOn() diag.Severity {
	if f.Config != nil && f.Config.FailOn != 0 {
		return f.Config.FailOn
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
	// diagnostics), so callers need not check. It is nil under
	// Settings.DiagnosticsOnly.
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

// Lint extracts and analyses every expression of a source.
func (w *Workspace) Lint(src Source) *File {
	return w.lint(src, nil)
}

// LintEach is Lint that hands the diagnostics to emit as they are found,
// in the order of File.Diagnostics, a batch at a time, instead of keeping
// them: the returned File has no Diagnostics, and memory holds a few
// batches, not the findings of a whole 50 MB file. profiles[i] is the
// profile of ds[i]; ignored are the batch's silenced findings (see
// File.Ignored); f is the file being linted (its Text and Config are
// set). emit is called from one goroutine at a time. A file with ignore
// comments comes in one batch: whether an ignore is used is known only
// at its end.
func (w *Workspace) LintEach(src Source, emit func(f *File, ds diag.List, profiles []string, ignored []diag.Suppressed)) *File {
	return w.lint(src, emit)
}

// lintChunk is how many expressions a worker analyses at a time.
const lintChunk = 128

func (w *Workspace) lint(src Source, emit func(*File, diag.List, []string, []diag.Suppressed)) *File {
	f := &File{Source: src, Kind: Detect(src.name(), src.Lang), Text: string(src.Text)}
	f.Config, f.Err = w.Config(src.Path)
	if f.Err != nil {
		return f
	}
	data := src.Text
	if w.settings.DiagnosticsOnly {
		f.Source.Text = nil // f.Text has it
	}
	name := extractName(src.name(), f.Kind)
	if emit != nil && host.KindOf(name) == host.JSONL {
		f.Content = host.ContentLines
		f.ignores = w.newIgnorer(f, nil)
		w.lintLines(f, data, emit)
		return f
	}
	// A linter that only prints findings checks each ruleset as it is
	// read and keeps none: the model of a 50 MB file's rules would double
	// its memory.
	var rulesetDiags diag.List
	var opts host.ReadOptions
	// A .json file is parsed once, for its expressions and, when it is a
	// feedback report, for the report's validation.
	if host.KindOf(name) == host.JSON {
		opts.JSON, _ = jsonscan.Parse(data) // on error ReadWith says where
	}
	if w.settings.DiagnosticsOnly {
		check := w.rulesetCheck(f)
		opts.Each = func(rs *ruleset.Ruleset) { rulesetDiags = append(rulesetDiags, check(rs)...) }
	}
	doc := host.ReadWith(name, data, opts)
	if doc.Broken {
		rulesetDiags = nil // of the parts read before the error: not linted
	}
	snippets := doc.Snippets
	f.shareText(snippets)
	ig := w.newIgnorer(f, doc.Ignores)
	f.ignores = ig
	f.Content, f.Rulesets = doc.Content, doc.Rulesets
	// Problems with the file itself come first among equals.
	var fileDiags diag.List
	fileDiags = append(fileDiags, doc.Problems...)
	if doc.Content == host.ContentReport && opts.JSON != nil {
		fileDiags = append(fileDiags, validateReport(data, opts.JSON, w.settings.MaxPerRule)...)
	}
	if opts.Each == nil {
		check := w.rulesetCheck(f)
		for _, rs := range doc.Rulesets {
			rulesetDiags = append(rulesetDiags, check(rs)...)
		}
	}
	fileDiags = append(fileDiags, rulesetDiags...)
	if d, ok := nothingToLint(f, doc, src.Named); ok {
		fileDiags = append(fileDiags, d)
	}
	f.Exprs = make([]*Expr, len(snippets))
	exprs := make([]Expr, len(snippets)) // one allocation for them all
	for i := range exprs {
		exprs[i].Snippet = &snippets[i]
		f.Exprs[i] = &exprs[i]
	}
	chunks := (len(snippets) + lintChunk - 1) / lintChunk
	// Each chunk's diagnostics, with their profiles, in one list: each
	// expression's sorted, one expression after another.
	per := make([]diag.List, chunks)
	profiles := make([][]string, chunks)
	jobs := w.settings.Jobs
	if len(snippets) < 2*lintChunk {
		jobs = 1
	}
	// whole: the file's findings are kept until it is done, not handed
	// out a chunk at a time.
	whole := emit == nil || !inFileOrder(snippets) || ig.inSource()
	runChunk := func(c int) {
		per[c], profiles[c] = w.lintExprs(f, exprs[c*lintChunk:min((c+1)*lintChunk, len(exprs))], whole)
	}
	if whole {
		// A .jsonl file can hold thousands of expressions: spread them
		// over the workers, in chunks so goroutine overhead stays small.
		Parallel(chunks, jobs, runChunk)
		f.Diagnostics, f.Profiles = mergeDiagnostics(fileDiags, per, profiles)
		f.Diagnostics, f.Profiles, f.Ignored = w.applyIgnores(f, ig, f.Diagnostics, f.Profiles)
		if emit != nil {
			emit(f, f.Diagnostics, f.Profiles, f.Ignored)
			f.Diagnostics, f.Profiles, f.Ignored = nil, nil, nil
		}
		return f
	}
	// Expressions follow one another in the file and their diagnostics lie
	// within them, so each chunk's can be merged with the file's problems
	// and emitted as soon as the chunks before it are done.
	m := merger{file: fileDiags}
	sortDiagnostics(fileDiags)
	Ordered(chunks, jobs, runChunk, func(c int) {
		ds, ps := per[c], profiles[c]
		per[c], profiles[c] = nil, nil
		if m.j < len(m.file) {
			// Some of the file's problems are still to come: merge.
			ds, ps = m.merge(ds, ps)
		}
		// Only configuration entries here: comments make the file whole.
		ds, ps, silenced := ig.split(ds, ps)
		if len(ds) > 0 || len(silenced) > 0 {
			emit(f, ds, ps, silenced)
		}
	})
	if ds, ps := m.rest(nil, nil); len(ds) > 0 {
		ds, ps, silenced := ig.split(ds, ps)
		if len(ds) > 0 || len(silenced) > 0 {
			emit(f, ds, ps, silenced)
		}
	}
	return f
}

// lintLines lints a JSON Lines file a chunk of lines at a time, each
// chunk's lines extracted by the worker that analyses them, so that the
// workers start at once rather than after the whole file is read. Its
// diagnostics are those of lint: a line's problems lie within the line,
// so merging each chunk's with its expressions' orders them as merging
// the file's would.
func (w *Workspace) lintLines(f *File, data []byte, emit func(*File, diag.List, []string, []diag.Suppressed)) {
	bounds := []int{0}
	for off := 0; off < len(data); {
		for range lintChunk {
			nl := bytes.IndexByte(data[off:], '\n')
			if nl < 0 {
				off = len(data)
				break
			}
			if off += nl + 1; off == len(data) {
				break
			}
		}
		bounds = append(bounds, off)
	}
	chunks := len(bounds) - 1
	exprs := make([][]Expr, chunks)
	per := make([]diag.List, chunks)
	profiles := make([][]string, chunks)
	jobs := w.settings.Jobs
	if chunks < 2 {
		jobs = 1
	}
	Ordered(chunks, jobs, func(c int) {
		snippets, problems := host.JSONLines(data, bounds[c], bounds[c+1], c*lintChunk)
		f.shareText(snippets)
		es := make([]Expr, len(snippets))
		for i := range es {
			es[i].Snippet = &snippets[i]
		}
		exprs[c] = es
		ds, ps := w.lintExprs(f, es, false)
		if len(problems) > 0 {
			sortDiagnostics(problems)
			m := merger{file: problems}
			ds, ps = m.merge(ds, ps)
			ds, ps = m.rest(ds, ps)
		}
		per[c], profiles[c] = ds, ps
	}, func(c int) {
		ds, ps, silenced := f.ignores.split(per[c], profiles[c])
		if len(ds) > 0 || len(silenced) > 0 {
			emit(f, ds, ps, silenced)
		}
		per[c], profiles[c] = nil, nil
	})
	n := 0
	for _, es := range exprs {
		n += len(es)
	}
	f.Exprs = make([]*Expr, 0, n)
	for _, es := range exprs {
		for i := range es {
			f.Exprs = append(f.Exprs, &es[i])
		}
	}
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
// returns their diagnostics, in the file's coordinates, each
// expression's sorted, one expression after another, with their
// profiles. With whole, the file's findings are kept until it is done.
func (w *Workspace) lintExprs(f *File, exprs []Expr, whole bool) (diag.List, []string) {
	// The chunk's findings gather in scratch lists, copied out at their
	// size at the end; when only the findings are kept, the analyses
	// share memory too.
	sc := scratches.Get().(*scratch)
	defer sc.put()
	var arena *analyzer.Arena
	if w.settings.DiagnosticsOnly {
		arena = &sc.arena
	}
	ds, ps := sc.ds[:0], sc.ps[:0]
	var messages map[string]string
	if whole {
		messages = map[string]string{}
	}
	for i := range exprs {
		e := &exprs[i]
		found := w.analyzeExpr(f, e, arena)
		if e.Err != nil {
			ds, ps = append(ds, found...), append(ps, "")
			continue
		}
		profile := e.Schema().Profile()
		from := len(ds)
		for _, d := range found {
			fd := e.FileDiagnostic(d)
			// Thousands of expressions in one file repeat the same
			// messages; when the file's findings are kept whole, keep
			// one copy of each.
			if m, ok := messages[fd.Message]; ok {
				fd.Message = m
			} else if whole {
				messages[fd.Message] = fd.Message
			}
			ds, ps = append(ds, fd), append(ps, profile)
		}
		sortDiagnostics(ds[from:])
		if w.settings.DiagnosticsOnly {
			e.Result = nil
		}
	}
	sc.ds, sc.ps = ds, ps
	if whole {
		return slices.Clone(ds), slices.Clone(ps)
	}
	// Handed out in part, these lists come back once written (see
	// Result.Read) for a later chunk.
	l := partLists.Get().(*partList)
	return append(l.ds[:0], ds...), append(l.ps[:0], ps...)
}

// partList is a part's lists, back from the reader for reuse: a run
// writes many megabytes of findings through a few of them.
type partList struct {
	ds diag.List
	ps []string
}

var partLists = sync.Pool{New: func() any { return new(partList) }}

// recycle clears the lists of a part that has been read (they point to
// messages) and keeps them for another.
func recycle(p Part) {
	clear(p.Diagnostics)
	clear(p.Profiles)
	partLists.Put(&partList{p.Diagnostics[:0], p.Profiles[:0]})
}

// analyzeExpr analyses an expression of f and returns its diagnostics,
// capped, in its own coordinates; a configuration problem is one in the
// file's.
func (w *Workspace) analyzeExpr(f *File, e *Expr, arena *analyzer.Arena) []diag.Diagnostic {
	e.Options, e.Err = w.Options(f.Config, e.Profile)
	if u := e.Use; u != nil {
		e.Options.Role, e.Options.ValueType, e.Options.Phase = u.Role, u.Type, u.Phase
	}
	if e.Err != nil {
		e.Result = &analyzer.Result{Expr: &grammar.Expression{Src: e.Text}, Info: &check.Checked{}}
		return diag.List{{Rule: RuleConfig, Severity: diag.Error, Message: e.Err.Error(),
			Span: diag.Span{Start: diag.Pos(e.Start), End: diag.Pos(e.Start)}}}
	}
	o := e.Options
	o.Arena = arena
	e.Result = w.analyze(e.Text, o)
	ds := capPerRule(e.Result.Diagnostics, w.settings.MaxPerRule)
	if arena != nil {
		e.Result = nil // its tree and facts are the arena's, for the next
	}
	return ds
}

// scratch is the working memory of a chunk, lent to the next: the arena
// of its analyses and the lists its findings gather in.
type scratch struct {
	arena analyzer.Arena
	ds    diag.List
	ps    []string
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// put clears the lists (they point to messages) and returns sc to the
// pool.
func (sc *scratch) put() {
	clear(sc.ds)
	clear(sc.ps)
	sc.ds, sc.ps = sc.ds[:0], sc.ps[:0]
	scratches.Put(sc)
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

// Ordered runs work(0..n-1) on up to jobs goroutines and then(i) in index
// order, each as soon as work(i) and every then before it are done, on
// the calling goroutine. At most a few works per goroutine run ahead of
// the oldest unfinished then, so their results do not pile up.
func Ordered(n, jobs int, work, then func(int)) {
	if jobs <= 1 || n <= 1 {
		for i := range n {
			work(i)
			then(i)
		}
		return
	}
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	window := make(chan struct{}, 2*jobs)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
				close(done[i])
			}
		}()
	}
	go func() {
		for i := range n {
			window <- struct{}{}
			next <- i
		}
		close(next)
	}()
	for i := range n {
		<-done[i]
		then(i)
		<-window
	}
	wg.Wait()
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
func (w *Workspace) analyze(src string, o analyzer.Options) *analyzer.Result {
	if max := w.settings.MaxExprBytes; max <= 0 || len(src) <= max {
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
