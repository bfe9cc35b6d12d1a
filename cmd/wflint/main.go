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
//	wflint report ...                  Bot Management feedback reports
//	wflint config get|set ...          a zone's Bot Management configuration
//	wflint explain ID                  print a rule's documentation
//	wflint --version
//
// Exit status: 0 when nothing at or above --fail-on (default error) was
// found; 1 when something was; 2 on a usage, configuration or I/O error.
//
// With --format json the output is one JSON object, described in package
// output; its shape is stable and new members are only ever added.
package main

import (
	"flag"
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

// command is a subcommand: its name, how it is called and what it does,
// which the help lists in this order.
type command struct {
	name, args, summary string
	run                 func(e *env, args []string) int
}

// commands is filled in by init: the commands refer to usage, which
// lists the commands, and a package-level initializer cannot be circular.
var commands []command

func init() {
	commands = []command{
		{"lint", "[flags] PATHS...", "lint files, directories, stdin (-) or -e expressions (the default command)", runLint},
		{"fmt", "[--check|--diff|-w] PATHS...", "print expressions in canonical form", runFmt},
		{"rules", "", "list the rules with their default severity", runRules},
		{"explain", "ID", "print the documentation page of a rule", runExplain},
		{"report", "SUBCOMMAND ...", "build, show, validate, submit and list Bot Management feedback reports",
			func(e *env, a []string) int { return runReport(a, e.stdin, e.stdout, e.stderr) }},
		{"config", "get|set ...", "get or set a zone's Bot Management configuration",
			func(e *env, a []string) int { return runConfigCmd(a, e.stdin, e.stdout, e.stderr) }},
	}
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
		for _, c := range commands {
			if c.name == args[0] {
				return c.run(e, args[1:])
			}
		}
	}
	return runLint(e, args)
}

// usage prints the help, generated from the command table and the flag
// definitions so that it cannot drift from them.
func usage(w io.Writer) {
	fmt.Fprint(w, "wflint lints Cloudflare Rules language (wirefilter) expressions.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  wflint %-34s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintf(w, "  wflint %-34s %s\n", "-e 'EXPR' [-e 'EXPR']...", "lint expressions given as arguments")
	fmt.Fprintf(w, "  wflint %-34s %s\n", "--version", "print the version")
	fmt.Fprint(w, `
Files: .wf (one expression), .tf/.tfvars/.hcl (Terraform), .json (ruleset
or feedback report), .jsonl (one expression per line). Directories are
walked recursively.

Flags (lint and fmt):
`)
	var f lintFlags
	printFlags(w, flagSet("lint", &f, false), nil)
	fmt.Fprint(w, "\nFlags (fmt only):\n")
	printFlags(w, flagSet("fmt", &f, true), flagSet("lint", &f, false))
	fmt.Fprint(w, "\nExit status: 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O error.\n")
}

// printFlags lists the flags of fs that skip does not define.
func printFlags(w io.Writer, fs, skip *flag.FlagSet) {
	fs.VisitAll(func(fl *flag.Flag) {
		if skip != nil && skip.Lookup(fl.Name) != nil {
			return
		}
		arg, use := flag.UnquoteUsage(fl)
		if arg == "value" {
			arg = "X"
		}
		name := "-" + fl.Name
		if len(fl.Name) > 1 {
			name = "-" + name
		}
		fmt.Fprintf(w, "  %-22s %s\n", strings.TrimSpace(name+" "+arg), use)
	})
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
