package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/output"
	"github.com/wflint/wflint/internal/runner"
	"github.com/wflint/wflint/internal/version"
	"github.com/wflint/wflint/internal/workspace"
)

// lintFlags are the flags of lint and fmt; those that are workspace
// settings go straight into Settings, the run's into opts.
type lintFlags struct {
	workspace.Settings
	opts                          runner.Options
	exprs, paths                  []string
	config, format, failOn, color string
	fix                           bool
	allRules, noColor             bool
	version                       bool
	fmtCheck, fmtDiff, fmtWrite   bool
}

// lintFlagSet defines the flags of lint, and with fmtMode those of fmt,
// each with its usage once; help, man page and completion come from it.
// fmt has only the flags it reads: it neither lints nor reports.
func lintFlagSet(fmtMode bool) func(fs *flag.FlagSet) cmdline.Run[*env] {
	return func(fs *flag.FlagSet) cmdline.Run[*env] {
		f := &lintFlags{}
		fs.StringVar(&f.config, "config", "", "use `FILE` instead of the nearest "+config.FileName)
		verb := "linted"
		if fmtMode {
			verb = "formatted"
		}
		fs.IntVar(&f.Jobs, "j", runtime.GOMAXPROCS(0), "`N` files "+verb+" in parallel (default: number of CPUs)")
		cmdline.Alias(fs, "jobs", "j")
		run := runLint
		if fmtMode {
			cmdline.ListVar(fs, &f.exprs, "e", "format `EXPR` (repeatable)", false)
			fs.BoolVar(&f.fmtCheck, "check", false, "list files whose formatting differs or that do not parse (exit 1 if any)")
			fs.BoolVar(&f.fmtDiff, "diff", false, "print a unified diff of the formatting changes (exit 1 if any)")
			fs.BoolVar(&f.fmtWrite, "w", false, "write the formatted text back to the files")
			run = runFmt
		} else {
			cmdline.ListVar(fs, &f.exprs, "e", "lint `EXPR` (repeatable)", false)
			cmdline.ChoiceVar(fs, &f.format, "format", "text", "output `FORMAT`", output.Formats...)
			fs.StringVar(&f.failOn, "fail-on", "", "lowest `SEVERITY` that exits 1: error (default), warning or info")
			fs.BoolVar(&f.fix, "fix", false, "apply the safe fixes in place: those that keep what each expression matches")
			fs.BoolVar(&f.opts.UnsafeFixes, "unsafe-fixes", false, "also apply the unsafe fixes, which change what an expression matches (implies --fix)")
			fs.BoolVar(&f.NoIgnore, "no-ignore", false, "show the findings that ignore comments and the configuration's ignore entries silence")
			fs.BoolVar(&f.allRules, "sarif-all-rules", false, "describe every rule in SARIF output, not only those with results")
			cmdline.ChoiceVar(fs, &f.color, "color", "auto", "colour the text output `WHEN` (auto: on a terminal unless NO_COLOR is set, or if CLICOLOR_FORCE is)", "auto", "always", "never")
			fs.BoolVar(&f.noColor, "no-color", false, "same as --color=never")
			fs.StringVar(&f.Profile, "profile", "", "schema `PROFILE`: feedback, rules, engine2020 or a schema JSON file")
			cmdline.ListVar(fs, &f.Enable, "enable", "turn rule `IDs` on (repeatable, comma-separated)", true)
			cmdline.ListVar(fs, &f.Disable, "disable", "turn rule `IDs` off (repeatable, comma-separated)", true)
			fs.IntVar(&f.MaxPerRule, "max-per-rule", workspace.DefaultMaxPerRule, "show at most `N` findings of one rule per expression, then one \"and N more\" (0: all)")
			fs.BoolVar(&f.version, "version", false, "print the version")
		}
		return func(e *env, paths []string) int {
			if len(paths) == 0 && len(f.exprs) == 0 {
				paths = []string{"."} // as ruff and golangci-lint do
			}
			f.paths = paths
			r, code := f.runner(e)
			if r == nil {
				return code
			}
			return run(e, f, r)
		}
	}
}

// runner vets the parsed flags and turns them into a runner of inputs
// through a workspace; when it cannot, or --version is set, it returns the
// exit status.
func (f *lintFlags) runner(e *env) (*runner.Runner, int) {
	if f.version {
		return nil, printVersion(e)
	}
	r, err := f.newRunner()
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, exitFailure
	}
	return r, exitOK
}

// newRunner is runner without --version; the error's text is the
// message to print.
func (f *lintFlags) newRunner() (*runner.Runner, error) {
	if f.noColor {
		f.color = "never"
	}
	var err error
	if f.failOn != "" {
		if f.opts.FailOn, err = diag.ParseSeverity(f.failOn); err != nil {
			return nil, fmt.Errorf("wflint: --fail-on: %w", err)
		}
	}
	for _, id := range append(append([]string(nil), f.Enable...), f.Disable...) {
		if _, ok := analyzer.LookupRule(id); !ok {
			return nil, fmt.Errorf("wflint: unknown rule %q (run 'wflint rules' for the list)", id)
		}
	}
	if btoi(f.fmtCheck)+btoi(f.fmtDiff)+btoi(f.fmtWrite) > 1 {
		return nil, errors.New("wflint fmt: use only one of --check, --diff and -w")
	}
	f.Jobs = max(f.Jobs, 1)
	if f.opts.UnsafeFixes {
		f.fix = true
	}
	f.opts.Jobs, f.opts.Fix = f.Jobs, f.fix
	s := f.Settings
	if s.MaxPerRule <= 0 {
		s.MaxPerRule = -1
	}
	if f.config != "" {
		if s.Config, err = config.Load(f.config); err != nil {
			return nil, fmt.Errorf("wflint: %w", err)
		}
	}
	if s.Profile, err = workspace.CheckProfile(s.Profile); err != nil {
		return nil, fmt.Errorf("wflint: --profile: %w", err)
	}
	return runner.New(workspace.New(s), f.opts), nil
}

func runLint(e *env, f *lintFlags, r *runner.Runner) int {
	ins, walkErrs := r.Inputs(f.exprs, f.paths, e.stdin)
	if len(ins) == 0 && len(walkErrs) == 0 {
		fmt.Fprintln(e.stderr, nothingIn("wflint: nothing to lint", f.paths))
		return exitFailure
	}
	setMemoryPolicy(ins, f.Jobs)
	if f.fix {
		for _, in := range ins {
			if in.Path == "" {
				fmt.Fprintln(e.stderr, "wflint: --fix rewrites files; it cannot be used with -e or stdin")
				return exitFailure
			}
		}
	}
	return report(e, f, r, ins, walkErrs)
}

// setMemoryPolicy sets the Go runtime's soft memory limit for linting ins
// on jobs goroutines (runner.MemoryLimit), unless GOMEMLIMIT says
// otherwise, and then, unless GOGC says otherwise, the collector target
// runner.GCPercent. Only the command sets them: they are the process's.
func setMemoryPolicy(ins []runner.Input, jobs int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(runner.MemoryLimit(ins, jobs))
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(runner.GCPercent)
	}
}

// runFmt formats expressions: to stdout by default, in place with -w,
// listing unformatted files with --check, or as a unified diff with
// --diff. Only the expression text changes; in a .tf or .json file the
// rest stays byte for byte the same.
func runFmt(e *env, f *lintFlags, r *runner.Runner) int {
	ins, errs := r.Inputs(f.exprs, f.paths, e.stdin)
	for _, r := range errs {
		fmt.Fprintf(e.stderr, "wflint: %s: %s\n", output.DisplayPath(r.Display), r.Msg)
	}
	if len(ins) == 0 && len(errs) == 0 {
		fmt.Fprintln(e.stderr, nothingIn("wflint fmt: nothing to format", f.paths))
		return exitFailure
	}
	exit := exitOK
	if len(errs) > 0 {
		exit = exitFailure
	}
	runner.Format(ins, f.Jobs, func(r *runner.Reformatted) {
		name := output.DisplayPath(r.Input.Display)
		for _, m := range r.NoteLines() {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, m)
		}
		if r.Err != nil {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, r.Err)
			exit = exitFailure
			return
		}
		changed := r.Changed()
		if r.Unparsed() {
			// Text that does not parse is not in canonical form.
			exit = max(exit, exitFindings)
			if f.fmtCheck && !changed {
				fmt.Fprintln(e.stdout, name)
			}
		}
		switch {
		case f.fmtCheck:
			if changed {
				fmt.Fprintln(e.stdout, name)
				exit = max(exit, exitFindings)
			}
		case f.fmtDiff:
			if changed {
				fmt.Fprint(e.stdout, output.UnifiedDiff(name, string(r.Old), string(r.Text)))
				exit = max(exit, exitFindings)
			}
		case f.fmtWrite && r.Input.Path != "":
			if changed {
				if err := runner.WriteFile(r.Input.Path, r.Text); err != nil {
					fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, runner.DescribeErr(err))
					exit = exitFailure
				}
			}
		default:
			e.stdout.Write(r.Text)
		}
	})
	return exit
}

// nothingIn is the message for paths that hold no file wflint reads.
func nothingIn(what string, paths []string) string {
	where := strings.Join(paths[:min(len(paths), 3)], " ")
	if len(paths) > 3 {
		where += fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return what + ": no .wf, .tf, .tfvars, .hcl, .json or .jsonl file in " + where +
		" (give files, directories, - for stdin, or -e EXPR; see 'wflint --help')"
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// report lints the inputs and writes each result, after the walk errors,
// in the chosen format; it returns the exit code. A large file's findings
// are written while it is linted and dropped once written, so memory
// holds the files being linted, not the whole run.
func report(e *env, f *lintFlags, run *runner.Runner, ins []runner.Input, walkErrs []runner.InputError) int {
	color := output.UseColor(f.color, e.stdoutTTY)
	stream, err := output.NewStream(e.stdout, e.stderr, f.format, output.Options{Version: version.String(), Color: color, AllRules: f.allRules,
		Width: output.TerminalWidth(e.stdout), UnsafeFixes: f.opts.UnsafeFixes})
	if err != nil {
		fmt.Fprintf(e.stderr, "wflint: writing output: %v\n", err)
		return exitFailure
	}
	var failed, fixed []string
	findings := false
	var writeErr error
	end := func(out *output.File) {
		if err := stream.End(out); writeErr == nil {
			writeErr = err
		}
		if out.Err != "" {
			failed = append(failed, fmt.Sprintf("%s: %s", out.Path, out.Err))
		}
	}
	for _, we := range walkErrs {
		out := &output.File{Path: output.DisplayPath(we.Display), Err: we.Msg}
		stream.Begin(out)
		end(out)
	}
	run.Lint(ins, func(r *runner.Result) {
		out := &output.File{Path: output.DisplayPath(r.Input.Display), NoFix: r.Input.Path == ""}
		r.Read(func(text string, err error) {
			out.Text = text
			if fe := (*runner.FixError)(nil); errors.As(err, &fe) {
				out.Err = "--fix: " + fe.Msg
			} else if err != nil {
				out.Err = err.Error()
			}
			stream.Begin(out)
		}, func(p runner.Part) {
			stream.Part(out, p.Diagnostics, p.Profiles)
			stream.Ignored(out, p.Ignored)
		})
		out.Expressions = r.Expressions
		end(out)
		findings = findings || r.Findings
		if r.Fixed {
			fixed = append(fixed, out.Path)
		}
	})
	// Configuration ignore entries that silenced nothing, once every file
	// they could be for was linted.
	for _, cf := range run.UnusedConfigIgnores() {
		out := &output.File{Path: output.DisplayPath(cf.Path), Text: cf.Text, NotInput: true}
		stream.Begin(out)
		stream.Part(out, cf.Diagnostics, nil)
		end(out)
		findings = findings || cf.Diagnostics.Fails(f.opts.FailOn)
	}
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
