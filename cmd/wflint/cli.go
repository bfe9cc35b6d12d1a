package main

// The command tree and the one mechanism that parses every command's flags
// and generates, from the same definitions, the help, the man page and the
// shell completion. Each command defines its flags once, on a standard
// flag.FlagSet, with their usage strings; nothing else lists them.
//
// A small generator over flag.FlagSet was chosen over cobra or kong: the
// commands keep the standard library's flag definitions (no rewrite of
// the report and config commands, no new dependency), and help, man page
// and completion for three shells together are less code here than the
// adapters a framework would need for the interspersed flags, the
// default lint command and the exit codes.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// runFunc runs a command with its positional arguments, once its flags
// are parsed.
type runFunc func(e *env, args []string) int

// A command is a node of the command tree: a group of subcommands, or a
// command with flags.
type command struct {
	name    string
	args    string // the positional arguments, as help shows them
	summary string // one line, lower case, no final period
	long    string // more help, in paragraphs
	// flags defines the command's flags on fs and returns what runs it.
	// A group of subcommands has none.
	flags  func(fs *flag.FlagSet) runFunc
	subs   []*command
	hidden bool
	raw    bool // the arguments are not parsed as flags
	// complete lists the candidates for positional arguments; nil lets
	// the shell complete file names.
	complete func() []string
	// values lists the values of the command's flags, by flag name, for
	// completion; flagValues holds those common to all commands.
	values map[string]func() []string
}

// sub returns the subcommand called name, or nil.
func (c *command) sub(name string) *command {
	for _, s := range c.subs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// flagSet returns the command's flags, and what runs it.
func (c *command) flagSet(path string) (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var run runFunc
	if c.flags != nil {
		run = c.flags(fs)
	}
	return fs, run
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// exec runs command c, called as path (e.g. "wflint report build"), with
// args. A group runs the subcommand its first argument names; the root
// runs lint when it names none.
func (c *command) exec(e *env, path string, args []string) int {
	if len(c.subs) > 0 {
		if len(args) > 0 {
			if s := c.sub(args[0]); s != nil {
				return s.exec(e, path+" "+s.name, args[1:])
			}
			if isHelp(args[0]) {
				writeHelp(e.stdout, path, c)
				return exitOK
			}
		}
		if c == root {
			return lintCommand.exec(e, path, args)
		}
		if len(args) > 0 {
			fmt.Fprintf(e.stderr, "%s: unknown command %q\n\n", path, args[0])
		}
		writeHelp(e.stderr, path, c)
		return exitFailure
	}
	fs, run := c.flagSet(path)
	if c.raw {
		return run(e, args)
	}
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		writeHelp(e.stdout, path, c)
		return exitOK
	}
	if err != nil {
		// The flag package writes -name; wflint's flags are --name.
		msg := longFlagInError.ReplaceAllString(err.Error(), "$1 --$2")
		return usageError(e.stderr, strings.TrimPrefix(path, "wflint"), "%s", msg)
	}
	return run(e, pos)
}

var longFlagInError = regexp.MustCompile(`(flag|defined:) -([\w-]{2,})`)

// usageError prints a usage problem of command cmd ("report build"; ""
// for lint), pointing at its help, and returns the usage exit status.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	name := strings.TrimSpace("wflint " + strings.TrimSpace(cmd))
	fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", name, fmt.Sprintf(format, args...), name)
	return exitFailure
}

// parseArgs parses flags anywhere among the arguments (`wflint a.tf
// --format json` works as well as `wflint --format json a.tf`), stopping
// at "--"; "-" is positional. A one-letter flag may carry its value
// (-j2). It returns the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	args = splitShortValues(fs, args)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		// flag stops at the first non-flag; "--" is consumed by Parse
		// itself, so tell the two apart by what preceded rest.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// splitShortValues turns -j2 into -j 2 for one-letter flags that take a
// value, as getopt does.
func splitShortValues(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	takesValue := false // the previous argument is a flag awaiting its value
	for i, a := range args {
		if a == "--" && !takesValue {
			return append(out, args[i:]...)
		}
		if takesValue {
			out, takesValue = append(out, a), false
			continue
		}
		if len(a) < 2 || a[0] != '-' || a[1] == '-' || strings.Contains(a, "=") {
			out = append(out, a)
			if fl := lookupArg(fs, a); fl != nil && !isBool(fl) && !strings.Contains(a, "=") {
				takesValue = true
			}
			continue
		}
		if fl := fs.Lookup(a[1:2]); len(a) > 2 && fl != nil && !isBool(fl) && fs.Lookup(a[1:]) == nil {
			out = append(out, a[:2], a[2:])
			continue
		}
		out = append(out, a)
		if fl := lookupArg(fs, a); fl != nil && !isBool(fl) {
			takesValue = true
		}
	}
	return out
}

// lookupArg returns the flag an argument like -x, --name or --name=v
// names, or nil.
func lookupArg(fs *flag.FlagSet, a string) *flag.Flag {
	if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
		return nil
	}
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return fs.Lookup(name)
}

func isBool(fl *flag.Flag) bool {
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// alias defines name as another name of the flag old.
func alias(fs *flag.FlagSet, name, old string) {
	fl := fs.Lookup(old)
	fs.Var(fl.Value, name, fl.Usage)
}

// choiceValue is a flag that takes one of a fixed set of values: parsing
// rejects any other, and completion offers them.
type choiceValue struct {
	val     *string
	choices []string
}

func (c *choiceValue) String() string {
	if c.val == nil {
		return ""
	}
	return *c.val
}

func (c *choiceValue) Set(s string) error {
	if !slices.Contains(c.choices, s) {
		return fmt.Errorf("want %s", orList(c.choices))
	}
	*c.val = s
	return nil
}

// choice defines a flag whose value is one of choices, listed after its
// usage.
func choice(fs *flag.FlagSet, name, value, usage string, choices ...string) *string {
	p := new(string)
	choiceVar(fs, p, name, value, usage, choices...)
	return p
}

func choiceVar(fs *flag.FlagSet, p *string, name, value, usage string, choices ...string) {
	*p = value
	fs.Var(&choiceValue{p, choices}, name, usage+": "+orList(choices))
}

// orList is "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// flagDoc is a flag as help shows it: its names (aliases together, the
// one-letter name first), its argument and its usage.
type flagDoc struct {
	names []string
	arg   string
	usage string
}

func (d flagDoc) String() string {
	var names []string
	for _, n := range d.names {
		if len(n) == 1 {
			names = append(names, "-"+n)
		} else {
			names = append(names, "--"+n)
		}
	}
	return strings.TrimSpace(strings.Join(names, ", ") + " " + d.arg)
}

// flagDocs lists the flags of fs in name order, aliases merged (they
// share a flag.Value).
func flagDocs(fs *flag.FlagSet) []flagDoc {
	var docs []flagDoc
	at := map[flag.Value]int{}
	fs.VisitAll(func(fl *flag.Flag) {
		if i, ok := at[fl.Value]; ok {
			docs[i].names = append(docs[i].names, fl.Name)
			sort.Slice(docs[i].names, func(a, b int) bool { return len(docs[i].names[a]) < len(docs[i].names[b]) })
			return
		}
		arg, use := flag.UnquoteUsage(fl)
		if arg == "value" {
			arg = "X"
		}
		at[fl.Value] = len(docs)
		docs = append(docs, flagDoc{[]string{fl.Name}, arg, use})
	})
	return docs
}

// visible lists the commands help and completion show, depth first, with
// the words that call them.
func visible(c *command, path string, f func(path string, c *command)) {
	for _, s := range c.subs {
		if s.hidden {
			continue
		}
		if len(s.subs) > 0 {
			visible(s, path+" "+s.name, f)
			continue
		}
		f(path+" "+s.name, s)
	}
}

// writeHelp prints the help of command c, called as path.
func writeHelp(w io.Writer, path string, c *command) {
	if c == root {
		writeRootHelp(w)
		return
	}
	fmt.Fprintf(w, "%s: %s\n\nUsage:\n", path, c.summary)
	if len(c.subs) > 0 {
		visible(c, path, func(p string, s *command) {
			fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace(p+" "+argsOf(s)), s.summary)
		})
	} else {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(path+" "+argsOf(c)))
	}
	if c.long != "" {
		fmt.Fprintf(w, "\n%s", strings.TrimLeft(c.long, "\n"))
	}
	if len(c.subs) > 0 {
		fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's flags.\n", path)
		return
	}
	fs, _ := c.flagSet(path)
	writeFlags(w, fs)
}

// argsOf is a command's synopsis after its name.
func argsOf(c *command) string {
	if c.flags == nil {
		return c.args
	}
	fs, _ := c.flagSet("")
	if len(flagDocs(fs)) == 0 {
		return c.args
	}
	return strings.TrimSpace("[flags] " + c.args)
}

func writeFlags(w io.Writer, fs *flag.FlagSet) {
	docs := flagDocs(fs)
	fmt.Fprint(w, "\nFlags:\n")
	for _, d := range append(docs, flagDoc{[]string{"h", "help"}, "", "show this help"}) {
		s := d.String()
		if len(s) > 24 {
			fmt.Fprintf(w, "  %s\n", s)
			s = ""
		}
		for i, line := range wrap(d.usage, 52) {
			if i > 0 {
				s = ""
			}
			fmt.Fprintf(w, "  %-24s %s\n", s, line)
		}
	}
}

// wrap breaks text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines, line = append(lines, line), ""
		}
		line = strings.TrimSpace(line + " " + word)
	}
	return append(lines, line)
}

const filesHelp = `Files: .wf (one expression), .tf/.tfvars/.hcl (Terraform), .json (ruleset
or feedback report), .jsonl and .ndjson (one expression per line).
Directories are walked recursively, skipping .git, node_modules, vendor,
.terraform, what git ignores, the configuration's excludes, and logs
(.ndjson, .log) unless named.
`

const exitHelp = `Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O error.
`

func writeRootHelp(w io.Writer) {
	fmt.Fprint(w, "wflint lints Cloudflare Rules language (wirefilter) expressions.\n\nUsage:\n")
	line := func(args, summary string) {
		if len(args) > 30 {
			fmt.Fprintf(w, "  wflint %s\n  %-37s %s\n", args, "", summary)
		} else {
			fmt.Fprintf(w, "  wflint %-30s %s\n", args, summary)
		}
	}
	visible(root, "", func(p string, c *command) {
		line(strings.TrimSpace(p[1:]+" "+argsOf(c)), c.summary)
		if c == lintCommand {
			line("-e 'EXPR' [-e 'EXPR']...", "lint expressions given as arguments")
		}
	})
	fmt.Fprintf(w, "\n%s", filesHelp)
	fs, _ := lintCommand.flagSet("wflint")
	writeFlags(w, fs)
	fmt.Fprintf(w, "\nRun 'wflint help COMMAND' (or 'wflint COMMAND --help') for a command's flags.\n%s", exitHelp)
}

// runHelp runs "wflint help [COMMAND...]".
func runHelp(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) int {
		c, path := root, "wflint"
		for _, a := range args {
			s := c.sub(a)
			if s == nil {
				return usageError(e.stderr, "help", "unknown command %q", strings.Join(args, " "))
			}
			c, path = s, path+" "+a
		}
		writeHelp(e.stdout, path, c)
		return exitOK
	}
}

// commandNames lists the visible top-level command names.
func commandNames() []string {
	var names []string
	for _, s := range root.subs {
		if !s.hidden {
			names = append(names, s.name)
		}
	}
	return names
}
