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
//	wflint help [COMMAND...]           every command's flags (also COMMAND --help)
//	wflint completion bash|zsh|fish    shell completion
//	wflint man                         the man page
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

	"github.com/wflint/wflint/internal/version"
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

// root is the command tree; lintCommand also runs when no command is
// named. They are set by init: help refers to the tree it prints.
var root, lintCommand *command

func init() {
	lintCommand = &command{name: "lint", args: "PATHS...",
		summary: "lint files, directories, stdin (-) or -e expressions (the default command)",
		long:    filesHelp + "\n" + exitHelp, flags: lintFlagSet(false)}
	root = &command{name: "wflint", subs: []*command{
		lintCommand,
		{name: "fmt", args: "PATHS...", summary: "print expressions in canonical form, or check or rewrite files",
			long: "Only the expression text changes; in a .tf or .json file the rest stays\n" +
				"byte for byte the same. --check and --diff exit 1 when a file is not in\n" +
				"canonical form or does not parse.\n",
			flags: lintFlagSet(true)},
		{name: "rules", summary: "list the rules with their default severity", flags: noFlags(runRules)},
		{name: "explain", args: "RULE-ID", summary: "print the documentation page of a rule", flags: noFlags(runExplain), complete: ruleIDs},
		reportCommand,
		configCommand,
		{name: "help", args: "[COMMAND...]", summary: "show the help of wflint or of a command", flags: runHelp, complete: commandNames},
		{name: "completion", args: "bash|zsh|fish", summary: "print the shell completion script", flags: runCompletion,
			long: completionHelp, complete: func() []string { return shells }},
		{name: "man", summary: "print the man page in roff (wflint man > wflint.1)", flags: runMan},
		{name: "version", summary: "print the version", flags: noFlags(func(e *env, _ []string) int { return printVersion(e) })},
		{name: "__complete", hidden: true, raw: true, flags: noFlags(runComplete)},
	}}
}

// noFlags is the flag definition of a command without flags.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
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
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, stdoutTTY: isTTY(stdout)}
	return root.exec(e, "wflint", args)
}

func printVersion(e *env) int {
	fmt.Fprintf(e.stdout, "wflint %s\n", version.String())
	return exitOK
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
