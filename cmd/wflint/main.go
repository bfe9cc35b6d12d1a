// Command wflint lints Cloudflare Rules language ("wirefilter") expressions
// wherever they are kept: on the command line, in .wf files, in Terraform
// (.tf, .tfvars, .hcl), in Cloudflare API JSON (rulesets and Bot Management
// feedback reports) and in JSON Lines.
//
// Usage:
//
//	wflint [lint] [flags] PATHS...     lint files and directories ("-" reads stdin)
//	wflint -e 'EXPR' [-e 'EXPR'...]    lint expressions given as arguments
//	wflint fmt [--check|--diff|-w] PATHS...
//	wflint rules                       list the rules
//	wflint explain ID                  print a rule's documentation
//	wflint --version
//
// Exit status: 0 when nothing at or above --fail-on (default error) was
// found; 1 when something was; 2 on a usage, configuration or I/O error.
//
// With --format json the output is one JSON object, described by
// [jsonReport]; its shape is stable and new members are only ever added.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitFailure  = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// env is what a command needs from the process, so tests can run commands
// in-process with buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdoutTTY says stdout is a terminal (colour allowed).
	stdoutTTY bool
}

// command is a subcommand. More (report, config) are registered by their
// own files through this table, which keeps dispatch in one place.
type command struct {
	run     func(e *env, args []string) int
	summary string
}

var commands = map[string]command{}

func init() {
	commands["lint"] = command{runLint, "lint files, directories, stdin (-) or -e expressions (the default command)"}
	commands["fmt"] = command{runFmt, "print expressions in canonical form (--check, --diff, -w)"}
	commands["rules"] = command{runRules, "list the rules with their default severity"}
	commands["explain"] = command{runExplain, "print the documentation page of a rule"}
	commands["report"] = command{func(e *env, a []string) int { return runReport(a, e.stdin, e.stdout, e.stderr) },
		"build, show, validate, submit and list Bot Management feedback reports"}
	commands["config"] = command{func(e *env, a []string) int { return runConfigCmd(a, e.stdin, e.stdout, e.stderr) },
		"get or set a zone's Bot Management configuration"}
	// "report" (feedback report validate/submit/list) and "config" (get/set)
	// are added by their owners with another init in this package.
}

// run executes one wflint invocation and returns the exit status. It never
// lets a panic escape: a bug prints one clear line and exits 2.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "wflint: internal error: %v\nwflint: please report this at https://github.com/wflint/wflint/issues with the input that caused it\n", r)
			if os.Getenv("WFLINT_TRACE") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitFailure
		}
	}()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if f, ok := stdout.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			e.stdoutTTY = true
		}
	}
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version", "version":
			fmt.Fprintf(stdout, "wflint %s\n", version())
			return exitOK
		case "help", "-h", "--help", "-help":
			usage(stdout)
			return exitOK
		}
		if c, ok := commands[args[0]]; ok {
			return c.run(e, args[1:])
		}
	}
	return runLint(e, args)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `wflint lints Cloudflare Rules language (wirefilter) expressions.

Usage:
  wflint [lint] [flags] PATHS...      lint files and directories; "-" reads stdin
  wflint -e 'EXPR' [-e 'EXPR']...     lint expressions given as arguments
  wflint fmt [--check|--diff|-w] PATHS...
  wflint rules                        list the rules
  wflint explain ID                   print a rule's documentation
  wflint --version

Files: .wf (one expression), .tf/.tfvars/.hcl (Terraform), .json (ruleset
or feedback report), .jsonl (one expression per line). Directories are
walked recursively.

Lint flags:
  -e EXPR               lint EXPR (repeatable)
  --profile P           feedback, rules, or a schema JSON file
  --config FILE         use FILE instead of the nearest .wflint.yaml
  --enable ID, --disable ID
                        turn rules on or off (repeatable, comma-separated)
  --format F            text (default), json, sarif or github
  --fail-on S           error (default), warning or info
  --fix                 apply safe suggested fixes in place
  --no-color            never colour the output (NO_COLOR is honoured too)
  -j N                  files linted in parallel (default: number of CPUs)
  --version             print the version

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O error.
`)
}

// version is the module version for `go install …@vX`, else the VCS
// revision the binary was built from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}

// listFlag is a repeatable string flag; with split set, each value may
// also hold comma-separated items.
type listFlag struct {
	vals  []string
	split bool
}

func (l *listFlag) String() string { return strings.Join(l.vals, ",") }

func (l *listFlag) Set(s string) error {
	if !l.split {
		l.vals = append(l.vals, s)
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			l.vals = append(l.vals, p)
		}
	}
	return nil
}
