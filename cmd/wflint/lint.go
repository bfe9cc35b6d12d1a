package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"github.com/wflint/wflint/diag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/config"
	"github.com/wflint/wflint/host"
	"github.com/wflint/wflint/schema"
)

// maxFileSize is the largest file wflint reads; bigger ones are refused
// with a message rather than exhausting memory on a stray log dump.
const maxFileSize = 50 << 20

// lintFlags are the flags shared by lint and fmt.
type lintFlags struct {
	exprs     listFlag
	profile   string
	config    string
	enable    listFlag
	disable   listFlag
	format    string
	failOn    string
	fix       bool
	noColor   bool
	jobs      int
	version   bool
	fmtCheck  bool
	fmtDiff   bool
	fmtWrite  bool
	paths     []string
	failOnSev diag.Severity
}

// parseFlags parses flags anywhere among the arguments (`wflint a.tf
// --format json` works), stopping at "--".
func parseFlags(e *env, name string, args []string, fmtMode bool) (*lintFlags, int, bool) {
	f := &lintFlags{enable: listFlag{split: true}, disable: listFlag{split: true}}
	fs := flag.NewFlagSet("wflint "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&f.exprs, "e", "")
	fs.StringVar(&f.profile, "profile", "", "")
	fs.StringVar(&f.config, "config", "", "")
	fs.Var(&f.enable, "enable", "")
	fs.Var(&f.disable, "disable", "")
	fs.StringVar(&f.format, "format", "text", "")
	fs.StringVar(&f.failOn, "fail-on", "", "")
	fs.BoolVar(&f.fix, "fix", false, "")
	fs.BoolVar(&f.noColor, "no-color", false, "")
	fs.IntVar(&f.jobs, "j", runtime.GOMAXPROCS(0), "")
	fs.BoolVar(&f.version, "version", false, "")
	if fmtMode {
		fs.BoolVar(&f.fmtCheck, "check", false, "")
		fs.BoolVar(&f.fmtDiff, "diff", false, "")
		fs.BoolVar(&f.fmtWrite, "w", false, "")
	}
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage(e.stdout)
			return nil, exitOK, false
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "wflint: %v\nRun 'wflint --help' for usage.\n", err)
			return nil, exitFailure, false
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			f.paths = append(f.paths, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		f.paths = append(f.paths, rest[0])
		args = rest[1:]
	}
	if f.version {
		fmt.Fprintf(e.stdout, "wflint %s\n", version())
		return nil, exitOK, false
	}
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		fmt.Fprintf(e.stderr, "wflint: unknown --format %q (want text, json, sarif or github)\n", f.format)
		return nil, exitFailure, false
	}
	if f.failOn != "" {
		s, err := diag.ParseSeverity(f.failOn)
		if err != nil {
			fmt.Fprintf(e.stderr, "wflint: --fail-on: %v\n", err)
			return nil, exitFailure, false
		}
		f.failOnSev = s
	}
	for _, id := range append(append([]string(nil), f.enable.vals...), f.disable.vals...) {
		if _, ok := analyzer.LookupRule(id); !ok {
			fmt.Fprintf(e.stderr, "wflint: unknown rule %q (run 'wflint rules' for the list)\n", id)
			return nil, exitFailure, false
		}
	}
	if f.jobs < 1 {
		f.jobs = 1
	}
	return f, exitOK, true
}

// input is one thing to lint: a file, stdin or an -e expression.
type input struct {
	path    string // file path, or "" for stdin and -e
	display string // what output calls it
	data    []byte // preloaded for stdin and -e
	kindOf  string // extension-like hint used to choose the extractor
}

// finding is one diagnostic in host-file coordinates.
type finding struct {
	Rule     string
	Severity diag.Severity
	Message  string
	Where    string
	Profile  string
	Start    int
	End      int
	Fixes    []hostFix
	Related  []hostRelated
}

type hostFix struct {
	Title string
	Edits []hostEdit
}

type hostEdit struct {
	Start, End int
	New        string // escaped for the host file
}

type hostRelated struct {
	Start, End int
	Message    string
}

// fileResult is everything reported about one input.
type fileResult struct {
	in          input
	src         string
	index       *diag.LineIndex
	expressions int
	findings    []finding
	err         string // set when the input could not be linted at all
	failOn      diag.Severity
	fixed       bool // --fix rewrote the file
}

func (r *fileResult) lines() *diag.LineIndex {
	if r.index == nil {
		r.index = diag.NewLineIndex(r.src)
	}
	return r.index
}

// linter holds what every input shares.
type linter struct {
	flags  *lintFlags
	finder *config.Finder

	mu   sync.Mutex
	opts map[optKey]analyzer.Options
}

type optKey struct {
	cfg     *config.Config
	profile string
}

func newLinter(e *env, f *lintFlags) (*linter, bool) {
	l := &linter{flags: f, finder: &config.Finder{}, opts: map[optKey]analyzer.Options{}}
	if f.config != "" {
		c, err := config.Load(f.config)
		if err != nil {
			fmt.Fprintf(e.stderr, "wflint: %v\n", err)
			return nil, false
		}
		l.finder.Explicit = c
	}
	if p := f.profile; p != "" && p != schema.ProfileFeedback && p != schema.ProfileRules {
		if _, err := schema.LoadFile(p); err != nil {
			fmt.Fprintf(e.stderr, "wflint: --profile: %v\n", err)
			return nil, false
		}
		abs, err := filepath.Abs(p)
		if err == nil {
			f.profile = abs
		}
	}
	return l, true
}

// options returns (cached) analyzer options for one snippet.
func (l *linter) options(c *config.Config, hint string) (analyzer.Options, error) {
	profile := l.flags.profile
	if profile == "" {
		profile = c.ProfileFor(hint)
	}
	k := optKey{c, profile}
	l.mu.Lock()
	o, ok := l.opts[k]
	l.mu.Unlock()
	if ok {
		return o, nil
	}
	o, err := c.OptionsFor(profile)
	if err != nil {
		return o, err
	}
	for _, id := range l.flags.enable.vals {
		o.Enabled[id] = true
		delete(o.Disabled, id)
	}
	for _, id := range l.flags.disable.vals {
		o.Disabled[id] = true
		delete(o.Enabled, id)
	}
	l.mu.Lock()
	l.opts[k] = o
	l.mu.Unlock()
	return o, nil
}

func runLint(e *env, args []string) int {
	if len(args) > 0 && args[0] == "lint" {
		args = args[1:]
	}
	f, code, ok := parseFlags(e, "lint", args, false)
	if !ok {
		return code
	}
	l, ok := newLinter(e, f)
	if !ok {
		return exitFailure
	}
	inputs, walkErrs, code := collectInputs(e, l, f)
	if code != exitOK {
		return code
	}
	if len(inputs) == 0 && len(walkErrs) == 0 {
		fmt.Fprintln(e.stderr, "wflint: nothing to lint: give files, directories, - for stdin, or -e EXPR (see 'wflint --help')")
		return exitFailure
	}
	if f.fix {
		for _, in := range inputs {
			if in.path == "" {
				fmt.Fprintln(e.stderr, "wflint: --fix rewrites files; it cannot be used with -e or stdin")
				return exitFailure
			}
		}
	}
	results := make([]*fileResult, len(inputs))
	parallel(len(inputs), f.jobs, func(i int) { results[i] = l.lintInput(inputs[i]) })
	results = append(walkErrs, results...)
	sort.SliceStable(results, func(i, j int) bool { return results[i].order() < results[j].order() })
	return report(e, f, results)
}

// order keeps walk errors next to where they happened; inputs are already
// in a deterministic order and stable sorting keeps it.
func (r *fileResult) order() int { return 0 }

// collectInputs turns arguments into inputs: -e expressions first, then
// paths in argument order, directories walked in lexical order.
func collectInputs(e *env, l *linter, f *lintFlags) ([]input, []*fileResult, int) {
	var inputs []input
	var errs []*fileResult
	for i, x := range f.exprs.vals {
		name := "<expr>"
		if len(f.exprs.vals) > 1 {
			name = fmt.Sprintf("<expr:%d>", i+1)
		}
		inputs = append(inputs, input{display: name, data: []byte(x), kindOf: ".wf"})
	}
	stdinUsed := false
	for _, p := range f.paths {
		if p == "-" {
			if stdinUsed {
				continue
			}
			stdinUsed = true
			data, err := io.ReadAll(io.LimitReader(e.stdin, maxFileSize+1))
			if err != nil {
				errs = append(errs, &fileResult{in: input{display: "<stdin>"}, err: "cannot read standard input: " + err.Error()})
				continue
			}
			if len(data) > maxFileSize {
				errs = append(errs, &fileResult{in: input{display: "<stdin>"}, err: "standard input is larger than 50 MB; refusing to lint it"})
				continue
			}
			inputs = append(inputs, input{display: "<stdin>", data: data, kindOf: ".wf"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &fileResult{in: input{path: p, display: p}, err: describeErr(err)})
			continue
		}
		if !st.IsDir() {
			if c, err := l.finder.For(p); err == nil && c.Excluded(p, false) {
				continue
			}
			inputs = append(inputs, input{path: p, display: p})
			continue
		}
		walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &fileResult{in: input{path: path, display: path}, err: describeErr(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if path != p && (name == ".git" || name == ".terraform" || name == "node_modules") {
					return fs.SkipDir
				}
				if c, err := l.finder.For(filepath.Join(path, "x")); err == nil && path != p && c.Excluded(path, true) {
					return fs.SkipDir
				}
				return nil
			}
			if host.KindOf(path) == host.Unknown || !d.Type().IsRegular() {
				return nil
			}
			c, err := l.finder.For(path)
			if err != nil {
				errs = append(errs, &fileResult{in: input{path: path, display: path}, err: err.Error()})
				return nil
			}
			if c.Excluded(path, false) {
				return nil
			}
			inputs = append(inputs, input{path: path, display: path})
			return nil
		})
		if walkErr != nil {
			errs = append(errs, &fileResult{in: input{path: p, display: p}, err: describeErr(walkErr)})
		}
	}
	return inputs, errs, exitOK
}

// describeErr shortens os errors: the path is printed separately.
func describeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// parallel runs fn(0..n-1) on up to jobs goroutines.
func parallel(n, jobs int, fn func(int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// readInput loads and vets an input's bytes.
func readInput(in input) ([]byte, string) {
	data := in.data
	if in.path != "" {
		st, err := os.Stat(in.path)
		if err != nil {
			return nil, describeErr(err)
		}
		if st.Size() > maxFileSize {
			return nil, fmt.Sprintf("file is %d MB, larger than the 50 MB limit; refusing to lint it", st.Size()>>20)
		}
		data, err = os.ReadFile(in.path)
		if err != nil {
			return nil, describeErr(err)
		}
	}
	probe := data
	if len(probe) > 8000 {
		probe = probe[:8000]
	}
	if bytes.IndexByte(probe, 0) >= 0 {
		return nil, "binary file (contains NUL bytes); skipped"
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		p := diag.NewLineIndex(string(data)).Position(diag.Pos(off))
		return nil, fmt.Sprintf("not valid UTF-8 (first invalid byte at line %d, column %d); skipped", p.Line, p.ByteCol)
	}
	return data, ""
}

// lintInput reads, extracts, optionally fixes, and analyzes one input.
func (l *linter) lintInput(in input) *fileResult {
	res := &fileResult{in: in, failOn: l.flags.failOnSev}
	data, msg := readInput(in)
	if msg != "" {
		res.err = msg
		return res
	}
	cfgPath := in.path
	if cfgPath == "" {
		cfgPath = "stdin" // config of the working directory
	}
	c, err := l.finder.For(cfgPath)
	if err != nil {
		res.err = err.Error()
		return res
	}
	if res.failOn == 0 {
		res.failOn = c.FailOn
	}
	if res.failOn == 0 {
		res.failOn = diag.Error
	}
	name := in.path
	if name == "" {
		name = in.kindOf
	}
	if l.flags.fix && in.path != "" {
		fixed, changed, err := l.fixFile(c, name, data)
		if err != nil {
			res.err = "--fix: " + err.Error()
			return res
		}
		if changed {
			mode := fs.FileMode(0o644)
			if st, err := os.Stat(in.path); err == nil {
				mode = st.Mode().Perm()
			}
			if err := os.WriteFile(in.path, fixed, mode); err != nil {
				res.err = "--fix: cannot write: " + describeErr(err)
				return res
			}
			data, res.fixed = fixed, true
		}
	}
	res.src = string(data)
	snippets, problems := host.Extract(name, data)
	res.expressions = len(snippets)
	for _, p := range problems {
		res.findings = append(res.findings, finding{Rule: p.Code, Severity: p.Severity, Message: p.Message, Start: p.Start, End: p.End})
	}
	per := make([][]finding, len(snippets))
	work := func(i int) {
		sn := &snippets[i]
		o, err := l.options(c, sn.Profile)
		if err != nil {
			per[i] = []finding{{Rule: "config", Severity: diag.Error, Message: err.Error(), Start: sn.Start, End: sn.Start}}
			return
		}
		r := analyzer.Analyze(sn.Text, o)
		for _, d := range r.Diagnostics {
			per[i] = append(per[i], toFinding(sn, d, o.Schema.Profile()))
		}
	}
	// A .jsonl file can hold thousands of expressions: spread them over
	// the workers too, in chunks so goroutine overhead stays small.
	if len(snippets) >= 256 && l.flags.jobs > 1 {
		const chunk = 128
		n := (len(snippets) + chunk - 1) / chunk
		parallel(n, l.flags.jobs, func(c int) {
			for i := c * chunk; i < (c+1)*chunk && i < len(snippets); i++ {
				work(i)
			}
		})
	} else {
		for i := range snippets {
			work(i)
		}
	}
	for _, fs := range per {
		res.findings = append(res.findings, fs...)
	}
	sort.SliceStable(res.findings, func(i, j int) bool {
		a, b := res.findings[i], res.findings[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Rule < b.Rule
	})
	return res
}

func toFinding(sn *host.Snippet, d diag.Diagnostic, profile string) finding {
	f := finding{Rule: d.Rule, Severity: d.Severity, Message: d.Message, Where: sn.Where, Profile: profile}
	f.Start, f.End = sn.HostSpan(int(d.Span.Start), int(d.Span.End))
	for _, fx := range d.Fixes {
		hf := hostFix{Title: fx.Title}
		for _, e := range fx.Edits {
			s, t, txt := sn.HostEdit(e)
			hf.Edits = append(hf.Edits, hostEdit{s, t, txt})
		}
		f.Fixes = append(f.Fixes, hf)
	}
	for _, r := range d.Related {
		s, t := sn.HostSpan(int(r.Span.Start), int(r.Span.End))
		f.Related = append(f.Related, hostRelated{s, t, r.Message})
	}
	return f
}

// fixFile applies safe fixes to every expression in a file. A fix is safe
// when it is the only one its diagnostic offers (a choice between several
// needs a person). Fixes that overlap an earlier one wait for the next
// round; rounds repeat until nothing changes, at most a few times.
func (l *linter) fixFile(c *config.Config, name string, data []byte) ([]byte, bool, error) {
	snippets, _ := host.Extract(name, data)
	var changes []host.Change
	for i := range snippets {
		sn := &snippets[i]
		o, err := l.options(c, sn.Profile)
		if err != nil {
			return nil, false, err
		}
		text := fixText(sn.Text, o)
		if text == sn.Text {
			continue
		}
		// Minimal edits keep the untouched parts of the host string, escapes
		// included (a `\u00e9` next to a fixed quote stays as written).
		edits := minimalEdits(sn.Text, text)
		changes = append(changes, host.Change{Snippet: sn, Edits: edits})
	}
	if len(changes) == 0 {
		return data, false, nil
	}
	out, err := host.Rewrite(name, data, changes)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// fixText applies safe fixes to one expression until it is stable.
func fixText(text string, o analyzer.Options) string {
	for round := 0; round < 8; round++ {
		r := analyzer.Analyze(text, o)
		type cand struct {
			start, end diag.Pos
			edits      []diag.Edit
		}
		var cands []cand
		for _, d := range r.Diagnostics {
			if len(d.Fixes) != 1 || len(d.Fixes[0].Edits) == 0 {
				continue
			}
			c := cand{start: d.Fixes[0].Edits[0].Span.Start, end: -1, edits: d.Fixes[0].Edits}
			for _, e := range c.edits {
				c.start = min(c.start, e.Span.Start)
				c.end = max(c.end, e.Span.End)
			}
			cands = append(cands, c)
		}
		// Fix spans do not follow diagnostic order (a fix may rewrite the
		// whole comparison around its diagnostic), so choose greedily by
		// fix position and leave overlapping ones for the next round.
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].start < cands[j].start })
		var edits []diag.Edit
		last, lastStart := diag.Pos(-1), diag.Pos(-1)
		for _, c := range cands {
			if c.start < last || c.start == lastStart {
				continue
			}
			edits = append(edits, c.edits...)
			last, lastStart = c.end, c.start
		}
		if len(edits) == 0 {
			return text
		}
		next := diag.ApplyEdits(text, edits)
		if next == text {
			return text
		}
		text = next
	}
	return text
}

// displayPath is a path as output shows it: relative, with forward
// slashes, so golden files and SARIF URIs do not depend on the OS.
func displayPath(p string) string {
	return filepath.ToSlash(strings.TrimPrefix(p, "./"))
}

// minimalEdits returns edits turning a into b that touch only the runes
// that differ, found with a rune-level LCS (expressions are short; large
// ones fall back to one edit between the common prefix and suffix).
func minimalEdits(a, b string) []diag.Edit {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && (p < len(a) && !utf8.RuneStart(a[p]) || p < len(b) && !utf8.RuneStart(b[p])) {
		p--
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(a[len(a)-s]) {
		s--
	}
	ar, br := []rune(a[p:len(a)-s]), []rune(b[p:len(b)-s])
	if len(ar)*len(br) > 1_000_000 {
		return []diag.Edit{{Span: diag.Span{Start: diag.Pos(p), End: diag.Pos(len(a) - s)}, New: b[p : len(b)-s]}}
	}
	lcs := make([][]int32, len(ar)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(br)+1)
	}
	for i := len(ar) - 1; i >= 0; i-- {
		for j := len(br) - 1; j >= 0; j-- {
			if ar[i] == br[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var edits []diag.Edit
	off := p // byte offset in a
	var cur *diag.Edit
	flush := func() {
		if cur != nil {
			edits = append(edits, *cur)
			cur = nil
		}
	}
	i, j := 0, 0
	for i < len(ar) || j < len(br) {
		switch {
		case i < len(ar) && j < len(br) && ar[i] == br[j]:
			flush()
			off += utf8.RuneLen(ar[i])
			i++
			j++
		case j < len(br) && (i == len(ar) || lcs[i][j+1] >= lcs[i+1][j]):
			if cur == nil {
				cur = &diag.Edit{Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(off)}}
			}
			cur.New += string(br[j])
			j++
		default:
			if cur == nil {
				cur = &diag.Edit{Span: diag.Span{Start: diag.Pos(off), End: diag.Pos(off)}}
			}
			off += utf8.RuneLen(ar[i])
			cur.Span.End = diag.Pos(off)
			i++
		}
	}
	flush()
	return edits
}
