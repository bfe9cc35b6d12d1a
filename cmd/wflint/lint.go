package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/wflint/wflint/cmdline"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/config"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/internal/version"
	"github.com/wflint/wflint/output"
	"github.com/wflint/wflint/workspace"
)

// maxFileSize is the largest file wflint reads.
const maxFileSize = workspace.MaxFileSize

// lintFlags are the flags of lint and fmt.
type lintFlags struct {
	exprs     listFlag
	profile   string
	config    string
	enable    listFlag
	disable   listFlag
	format    string
	failOn    string
	fix       bool
	allRules  bool
	noColor   bool
	color     string
	jobs      int
	perRule   int
	version   bool
	fmtCheck  bool
	fmtDiff   bool
	fmtWrite  bool
	paths     []string
	failOnSev diag.Severity
}

// lintFlagSet defines the flags of lint, and with fmtMode those of fmt,
// each with its usage once; help, man page and completion come from it.
func lintFlagSet(fmtMode bool) func(fs *flag.FlagSet) cmdline.Run[*env] {
	return func(fs *flag.FlagSet) cmdline.Run[*env] {
		f := &lintFlags{enable: listFlag{split: true}, disable: listFlag{split: true}}
		fs.Var(&f.exprs, "e", "lint `EXPR` (repeatable)")
		cmdline.ChoiceVar(fs, &f.format, "format", "text", "output `FORMAT`", output.Formats...)
		fs.StringVar(&f.failOn, "fail-on", "", "lowest `SEVERITY` that exits 1: error (default), warning or info")
		fs.BoolVar(&f.fix, "fix", false, "apply safe suggested fixes in place")
		fs.BoolVar(&f.allRules, "sarif-all-rules", false, "describe every rule in SARIF output, not only those with results")
		cmdline.ChoiceVar(fs, &f.color, "color", "auto", "colour the text output `WHEN` (auto: on a terminal unless NO_COLOR is set, or if CLICOLOR_FORCE is)", "auto", "always", "never")
		fs.BoolVar(&f.noColor, "no-color", false, "same as --color=never")
		fs.StringVar(&f.profile, "profile", "", "schema `PROFILE`: feedback, rules, engine2020 or a schema JSON file")
		fs.StringVar(&f.config, "config", "", "use `FILE` instead of the nearest "+config.FileName)
		fs.Var(&f.enable, "enable", "turn rule `IDs` on (repeatable, comma-separated)")
		fs.Var(&f.disable, "disable", "turn rule `IDs` off (repeatable, comma-separated)")
		fs.IntVar(&f.perRule, "max-per-rule", workspace.DefaultMaxPerRule, "show at most `N` findings of one rule per expression, then one \"and N more\" (0: all)")
		fs.IntVar(&f.jobs, "j", runtime.GOMAXPROCS(0), "`N` files linted in parallel (default: number of CPUs)")
		cmdline.Alias(fs, "jobs", "j")
		fs.BoolVar(&f.version, "version", false, "print the version")
		run := runLint
		if fmtMode {
			fs.BoolVar(&f.fmtCheck, "check", false, "list files whose formatting differs or that do not parse (exit 1 if any)")
			fs.BoolVar(&f.fmtDiff, "diff", false, "print a unified diff of the formatting changes (exit 1 if any)")
			fs.BoolVar(&f.fmtWrite, "w", false, "write the formatted text back to the files")
			run = runFmt
		}
		return func(e *env, paths []string) int {
			f.paths = paths
			if code, ok := f.check(e); !ok {
				return code
			}
			return run(e, f)
		}
	}
}

// check vets the parsed flags; it also handles --version.
func (f *lintFlags) check(e *env) (int, bool) {
	if f.version {
		return printVersion(e), false
	}
	if f.noColor {
		f.color = "never"
	}
	if f.failOn != "" {
		s, err := diag.ParseSeverity(f.failOn)
		if err != nil {
			fmt.Fprintf(e.stderr, "wflint: --fail-on: %v\n", err)
			return exitFailure, false
		}
		f.failOnSev = s
	}
	for _, id := range append(append([]string(nil), f.enable.vals...), f.disable.vals...) {
		if _, ok := analyzer.LookupRule(id); !ok {
			fmt.Fprintf(e.stderr, "wflint: unknown rule %q (run 'wflint rules' for the list)\n", id)
			return exitFailure, false
		}
	}
	f.jobs = max(f.jobs, 1)
	return exitOK, true
}

// newWorkspace turns the flags into workspace settings. A --profile schema
// file is relative to the working directory, as paths on a command line
// are, and is checked once here rather than failing on every file.
func newWorkspace(e *env, f *lintFlags) (*workspace.Workspace, bool) {
	s := workspace.Settings{Profile: f.profile, Enable: f.enable.vals, Disable: f.disable.vals, Jobs: f.jobs, MaxPerRule: f.perRule,
		DiagnosticsOnly: !f.fix && !f.fmtCheck && !f.fmtDiff && !f.fmtWrite}
	if f.perRule <= 0 {
		s.MaxPerRule = -1
	}
	if f.config != "" {
		c, err := config.Load(f.config)
		if err != nil {
			fmt.Fprintf(e.stderr, "wflint: %v\n", err)
			return nil, false
		}
		s.Config = c
	}
	if err := workspace.CheckProfile(f.profile); err != nil {
		fmt.Fprintf(e.stderr, "wflint: --profile: %v\n", err)
		return nil, false
	}
	if p := f.profile; p != "" && !workspace.IsBuiltinProfile(p) {
		if abs, err := filepath.Abs(p); err == nil {
			s.Profile = abs
		}
	}
	return workspace.New(s), true
}

// input is a workspace.Input under the names fmt also uses.
type input struct {
	path    string // file path, or "" for stdin and -e
	display string // what output calls it
	data    []byte // preloaded for stdin and -e
}

func (in input) ws() workspace.Input {
	return workspace.Input{Path: in.path, Display: in.display, Data: in.data}
}

// source is the workspace's view of an input (see workspace.Input.Source).
func (in input) source(data []byte) workspace.Source { return in.ws().Source(data) }

// linted is everything reported about one input.
type linted struct {
	out    *output.File
	failOn diag.Severity
	fixed  bool // --fix rewrote the file
	// parts, when set, brings out's diagnostics a batch at a time while
	// the input is still being linted (see lintStreamed); out.Text and
	// out.Expressions are set by the first part and at the close.
	parts    chan part
	findings bool // a streamed diagnostic is at or above failOn
	// last is what the worker learns at the end of a streamed input; the
	// writer reads it once parts is closed.
	last struct {
		text, err   string
		expressions int
	}
}

// part is a batch of a streamed input's diagnostics.
type part struct {
	text     string // the input's text, in the first part
	ds       diag.List
	profiles []string
}

func failed(in input, msg string) *linted {
	return &linted{out: &output.File{Path: output.DisplayPath(in.display), Err: msg}}
}

func runLint(e *env, f *lintFlags) int {
	ws, ok := newWorkspace(e, f)
	if !ok {
		return exitFailure
	}
	inputs, walkErrs := collectInputs(e, ws, f)
	if len(inputs) == 0 && len(walkErrs) == 0 {
		fmt.Fprintln(e.stderr, "wflint: nothing to lint: give files, directories, - for stdin, or -e EXPR (see 'wflint --help')")
		return exitFailure
	}
	setMemoryLimit(inputs, f.jobs)
	if f.fix {
		for _, in := range inputs {
			if in.path == "" {
				fmt.Fprintln(e.stderr, "wflint: --fix rewrites files; it cannot be used with -e or stdin")
				return exitFailure
			}
		}
	}
	return report(e, f, walkErrs, inputs, func(in input, publish func(*linted)) {
		if !f.fix {
			lintStreamed(ws, f, in, publish)
			return
		}
		publish(lintInput(ws, f, in))
	})
}

// setMemoryLimit sets the Go runtime's soft memory limit from the sizes
// of the inputs (see workspace.SetMemoryLimit).
func setMemoryLimit(inputs []input, jobs int) {
	var sizes []int64
	for _, in := range inputs {
		sizes = append(sizes, in.ws().Size())
	}
	workspace.SetMemoryLimit(sizes, jobs)
}

// lintStreamed lints an input and publishes its result at once, before
// linting: the diagnostics follow through the result's parts as they are
// found, so a 50 MB file's findings are written out while it is linted
// rather than kept.
func lintStreamed(ws *workspace.Workspace, f *lintFlags, in input, publish func(*linted)) {
	data, err := in.ws().Read()
	if err != nil {
		publish(failed(in, err.Error()))
		return
	}
	res := &linted{out: &output.File{Path: output.DisplayPath(in.display)}, failOn: f.failOnSev, parts: make(chan part, 4)}
	publish(res)
	first := true
	file := ws.LintEach(in.source(data), func(wf *workspace.File, ds diag.List, ps []string) {
		p := part{ds: ds, profiles: ps}
		if first {
			p.text, first = wf.Text, false
			if res.failOn == 0 {
				res.failOn = wf.FailOn()
			}
		}
		for _, d := range ds {
			res.findings = res.findings || d.Severity >= res.failOn
		}
		res.parts <- p
	})
	if file.Err != nil {
		res.last.err = file.Err.Error()
	}
	res.last.expressions = len(file.Exprs)
	if first {
		res.last.text = file.Text
	}
	close(res.parts)
}

// collectInputs turns arguments into inputs (see workspace.Inputs); the
// paths that cannot be linted come back as failed results.
func collectInputs(e *env, ws *workspace.Workspace, f *lintFlags) ([]input, []*linted) {
	ins, errs := ws.Inputs(f.exprs.vals, f.paths, e.stdin)
	inputs := make([]input, len(ins))
	for i, in := range ins {
		inputs[i] = input{path: in.Path, display: in.Display, data: in.Data}
	}
	var failures []*linted
	for _, err := range errs {
		failures = append(failures, failed(input{display: err.Display}, err.Msg))
	}
	return inputs, failures
}

// readInput loads and vets an input's bytes; the message says why not.
func readInput(in input) ([]byte, string) {
	data, err := in.ws().Read()
	if err != nil {
		return nil, err.Error()
	}
	return data, ""
}

// lintInput reads, optionally fixes, and lints one input.
func lintInput(ws *workspace.Workspace, f *lintFlags, in input) *linted {
	file, fixed, err := ws.LintInput(in.ws(), f.fix)
	if fe := (*workspace.FixError)(nil); errors.As(err, &fe) {
		return failed(in, "--fix: "+fe.Msg)
	} else if err != nil {
		return failed(in, err.Error())
	}
	res := &linted{failOn: f.failOnSev, fixed: fixed}
	if res.failOn == 0 {
		res.failOn = file.FailOn()
	}
	res.out = &output.File{Path: output.DisplayPath(in.display), Text: file.Text, Expressions: len(file.Exprs),
		Diagnostics: file.Diagnostics, Profiles: file.Profiles}
	return res
}

// report lints inputs through lint and writes each result as soon as it
// is done (after the walk errors), in input order, in the chosen format;
// it returns the exit code. A written file's text and diagnostics are
// dropped, so memory holds the files being linted, not the whole run.
func report(e *env, f *lintFlags, walkErrs []*linted, inputs []input, lint func(input, func(*linted))) int {
	color := output.UseColor(f.color, e.stdoutTTY)
	stream, err := output.NewStream(e.stdout, e.stderr, f.format, output.Options{Version: version.String(), Color: color, AllRules: f.allRules})
	if err != nil {
		fmt.Fprintf(e.stderr, "wflint: writing output: %v\n", err)
		return exitFailure
	}
	var failed, fixed []string
	findings := false
	var writeErr error
	emit := func(r *linted) {
		if r.parts != nil {
			// Written as it comes; Begin waits for the text, which the
			// first part brings (or the close, when there is none).
			begun := false
			for p := range r.parts {
				if !begun {
					r.out.Text, begun = p.text, true
					stream.Begin(r.out)
				}
				stream.Part(r.out, p.ds, p.profiles)
			}
			r.out.Err, r.out.Expressions = r.last.err, r.last.expressions
			if !begun {
				r.out.Text = r.last.text
				stream.Begin(r.out)
			}
			if err := stream.End(r.out); writeErr == nil {
				writeErr = err
			}
			findings = findings || r.findings
		} else if writeErr == nil {
			writeErr = stream.File(r.out)
		}
		if r.out.Err != "" {
			failed = append(failed, fmt.Sprintf("%s: %s", r.out.Path, r.out.Err))
		}
		if r.fixed {
			fixed = append(fixed, r.out.Path)
		}
		for _, d := range r.out.Diagnostics {
			if d.Severity >= r.failOn {
				findings = true
				break
			}
		}
		r.out.Text, r.out.Diagnostics, r.out.Profiles = "", nil, nil
	}
	for _, r := range walkErrs {
		emit(r)
	}
	workspace.Publish(len(inputs), f.jobs, func(i int, publish func(*linted)) { lint(inputs[i], publish) }, emit)
	if writeErr == nil {
		writeErr = stream.Close()
	}
	if writeErr != nil {
		fmt.Fprintf(e.stderr, "wflint: writing output: %v\n", writeErr)
		return exitFailure
	}
	if f.format != "text" {
		// Machine formats keep stdout clean; people still see failures.
		for _, msg := range failed {
			fmt.Fprintf(e.stderr, "wflint: %s\n", msg)
		}
	}
	for _, p := range fixed {
		fmt.Fprintf(e.stderr, "wflint: fixed %s\n", p)
	}
	switch {
	case len(failed) > 0:
		return exitFailure
	case findings:
		return exitFindings
	}
	return exitOK
}
