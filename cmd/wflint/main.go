// Command wflint lints and formats Cloudflare Rules language ("wirefilter")
// expressions wherever they are kept: on the command line, in .wf files, in
// Terraform, in Cloudflare API JSON and in JSON Lines. It also builds,
// validates and submits Bot Management feedback reports.
//
// "wflint help" and the man page ("wflint man") list the commands and their
// flags, generated from the flag definitions. Exit status: 0 clean, 1
// findings at or above --fail-on, 2 a usage, configuration or I/O error.
// The shape of --format json output is described in package output.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/ruledoc"
	"github.com/wflint/wflint/internal/schema"

	"github.com/wflint/wflint/internal/version"
)

// Exit codes.
const (
	exitOK       = cmdline.ExitOK
	exitFindings = 1
	exitFailure  = cmdline.ExitUsage // also configuration and I/O failures
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

// Stdout is where a command writes its results.
func (e *env) Stdout() io.Writer { return e.stdout }

// Stderr is where a command writes errors and progress.
func (e *env) Stderr() io.Writer { return e.stderr }

// program is wflint's command tree; lintCommand also runs when no command
// is named. They are set by init: help refers to the tree it prints.
var (
	program     *cmdline.Program[*env]
	lintCommand *cmdline.Command[*env]
)

const filesHelp = `Files: .wf (one expression), .tf/.tfvars/.hcl (Terraform), .json (ruleset
or feedback report), .jsonl and .ndjson (one expression per line). With no
PATHS and no -e, the current directory. Directories are walked
recursively, skipping .git, node_modules, vendor, .terraform, what git
ignores, the configuration's excludes, and logs (.ndjson, .log) unless
named.
`

const exitHelp = `Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O error.
`

func init() {
	lintCommand = &cmdline.Command[*env]{Name: "lint", Args: "[PATHS...]",
		Summary: "lint files, directories, stdin (-) or -e expressions (the default command)",
		Long:    filesHelp + "\n" + exitHelp, Flags: lintFlagSet(false),
		Also: []cmdline.Usage{{Args: "-e 'EXPR' [-e 'EXPR']...", Summary: "lint expressions given as arguments"}}}
	program = &cmdline.Program[*env]{Name: "wflint", Default: lintCommand,
		Intro: "wflint lints Cloudflare Rules language (wirefilter) expressions.", Epilogue: filesHelp, Footer: exitHelp,
		Values: map[string]func() []string{
			"profile": func() []string {
				return []string{schema.ProfileFeedback, schema.ProfileRules, schema.ProfileEngine2020}
			},
			"fail-on": func() []string { return []string{"error", "warning", "info"} },
			"enable":  ruleIDs,
			"disable": ruleIDs,
		},
		Man: cmdline.Man{Section: 1, Version: version.String(),
			Name: "lint and format Cloudflare Rules language (wirefilter) expressions",
			Description: []string{
				"wflint catches mistakes in Cloudflare Rules-language expressions before they ship: in .wf files, Terraform, ruleset and feedback-report JSON, and JSON Lines. Without a command, wflint lints.",
				strings.ReplaceAll(filesHelp, "\n", " "),
			},
			Skip: []string{"lint"},
			Exit: "0 when nothing at or above --fail-on (default error) was found; 1 when something was\n" +
				"(and for fmt --check, a file not in canonical form or that does not parse);\n2 on a usage, configuration or I/O error.",
			Environment: []cmdline.ManItem{
				{Term: "NO_COLOR", Text: "when set and not empty, no colour unless --color=always."},
				{Term: "CLICOLOR_FORCE", Text: "when set and not 0, colour even when standard output is no terminal."},
				{Term: "CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY, CLOUDFLARE_BASE_URL",
					Text: "credentials and API root of the report and config commands."},
				{Term: "WFLINT_OUTBOX", Text: "where reports that could not be sent are kept."},
			},
			Files:   []cmdline.ManItem{{Term: ".wflint.yaml", Text: "configuration, found by walking up from each linted file."}},
			SeeAlso: []string{"wfls(1)", "https://github.com/wflint/wflint"}},
	}
	program.Root = &cmdline.Command[*env]{Name: "wflint", Subs: []*cmdline.Command[*env]{
		lintCommand,
		{Name: "fmt", Args: "[PATHS...]", Summary: "print expressions in canonical form, or check or rewrite files",
			Long: "Only the expression text changes; in a .tf or .json file the rest stays\n" +
				"byte for byte the same. --check and --diff exit 1 when a file is not in\n" +
				"canonical form or does not parse. With no PATHS and no -e, the current\n" +
				"directory; PATHS are walked as wflint lint walks them.\n",
			Flags: lintFlagSet(true)},
		{Name: "rules", Summary: "list the rules with their default severity", Flags: cmdline.NoFlags(runRules)},
		{Name: "explain", Args: "RULE-ID", Summary: "print the documentation page of a rule", Flags: cmdline.NoFlags(runExplain), Complete: ruleIDs},
		reportCommand,
		configCommand,
		playgroundCommand,
		program.HelpCommand(),
		program.CompletionCommand(),
		program.ManCommand(),
		{Name: "version", Summary: "print the version", Flags: cmdline.NoFlags(func(e *env, _ []string) int { return printVersion(e) })},
		program.CompleteCommand(),
	}}
}

// ruleIDs lists every rule ID, for completion.
func ruleIDs() []string {
	var ids []string
	for _, r := range analyzer.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// usageError prints a usage problem of command cmd ("report build"; ""
// for lint), pointing at its help, and returns the usage exit status.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	return cmdline.UsageError(stderr, strings.TrimSpace("wflint "+strings.TrimSpace(cmd)), format, args...)
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
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, stdoutTTY: cmdline.IsTerminal(stdout)}
	return program.Run(e, args)
}

func printVersion(e *env) int {
	fmt.Fprintf(e.stdout, "wflint %s\n", version.String())
	return exitOK
}

// runRules prints the rule table.
func runRules(e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, "wflint rules: takes no arguments")
		return exitFailure
	}
	ruledoc.WriteRuleTable(e.stdout)
	return exitOK
}

// runExplain prints a rule's doc page.
func runExplain(e *env, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "usage: wflint explain RULE-ID")
		return exitFailure
	}
	id := args[0]
	page, ok := ruledoc.Explain(id)
	if !ok {
		msg := fmt.Sprintf("wflint: unknown rule %q", id)
		if s := ruledoc.ClosestRule(id); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintln(e.stderr, msg+" (run 'wflint rules' for the list)")
		return exitFailure
	}
	fmt.Fprint(e.stdout, page)
	return exitOK
}
