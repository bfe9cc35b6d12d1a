// Package cmdline runs a tree of commands whose flags are defined once, on
// a standard flag.FlagSet each, and generates from those same definitions
// the help, a man page and shell completion for bash, zsh and fish.
//
// A small generator over flag.FlagSet was chosen over cobra or kong: the
// commands keep the standard library's flag definitions, and help, man
// page and completion together are less code than the adapters a framework
// would need for flags anywhere among the arguments, a default command and
// the exit codes.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Exit codes that the package itself returns.
const (
	ExitOK    = 0 // help printed, or the command succeeded
	ExitUsage = 2 // the command line is wrong
)

// Env is what the package needs from the process a command runs in.
type Env interface {
	Stdout() io.Writer
	Stderr() io.Writer
}

// Run runs a command with its positional arguments, once its flags are
// parsed, and returns the exit status.
type Run[E Env] func(e E, args []string) int

// A Command is a node of the command tree: a group of subcommands, or a
// command with flags.
type Command[E Env] struct {
	Name    string
	Args    string // the positional arguments, as help shows them
	Summary string // one line, lower case, no final period
	Long    string // more help, in paragraphs
	// Flags defines the command's flags on fs and returns what runs it.
	// A group of subcommands has none.
	Flags  func(fs *flag.FlagSet) Run[E]
	Subs   []*Command[E]
	Hidden bool
	Raw    bool // the arguments are not parsed as flags
	// Complete lists the candidates for positional arguments; nil lets
	// the shell complete file names.
	Complete func() []string
	// Values lists the values of the command's flags, by flag name, for
	// completion (Program.Values holds those common to all commands).
	Values map[string]func() []string
	// Also lists further synopsis lines the program's help shows after
	// this command's own.
	Also []Usage
}

// Usage is one synopsis line: the arguments after the program's name and
// what they do.
type Usage struct{ Args, Summary string }

// NoFlags is the flag definition of a command without flags.
func NoFlags[E Env](run Run[E]) func(*flag.FlagSet) Run[E] {
	return func(*flag.FlagSet) Run[E] { return run }
}

// sub returns the subcommand called name, or nil.
func (c *Command[E]) sub(name string) *Command[E] {
	for _, s := range c.Subs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// FlagSet returns the command's flags, and what runs it.
func (c *Command[E]) FlagSet(path string) (*flag.FlagSet, Run[E]) {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var run Run[E]
	if c.Flags != nil {
		run = c.Flags(fs)
	}
	return fs, run
}

// A Program is a command tree with its name and the texts its generated
// help and man page add to the commands' own.
type Program[E Env] struct {
	Name string
	// Root groups the top-level commands.
	Root *Command[E]
	// Default runs when no command is named; its flags are the program's.
	Default *Command[E]
	// Intro opens the program's help, Epilogue follows its command list
	// and Footer ends it.
	Intro, Epilogue, Footer string
	// Values lists the values of flags common to several commands, by
	// flag name, for completion.
	Values map[string]func() []string
	// Man holds the man page's own sections.
	Man Man
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// Run runs the program with its arguments.
func (p *Program[E]) Run(e E, args []string) int {
	return p.Exec(e, p.Root, p.Name, args)
}

// Exec runs command c, called as path (e.g. "wflint report build"), with
// args. A group runs the subcommand its first argument names; the root
// runs the default command when it names none.
func (p *Program[E]) Exec(e E, c *Command[E], path string, args []string) int {
	if len(c.Subs) > 0 {
		if len(args) > 0 {
			if s := c.sub(args[0]); s != nil {
				return p.Exec(e, s, path+" "+s.Name, args[1:])
			}
			if isHelp(args[0]) {
				p.WriteHelp(e.Stdout(), path, c)
				return ExitOK
			}
		}
		if c == p.Root && p.Default != nil {
			return p.Exec(e, p.Default, path, args)
		}
		if len(args) > 0 {
			fmt.Fprintf(e.Stderr(), "%s: unknown command %q\n\n", path, args[0])
		}
		p.WriteHelp(e.Stderr(), path, c)
		return ExitUsage
	}
	fs, run := c.FlagSet(path)
	if c.Raw {
		return run(e, args)
	}
	pos, err := Parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		p.WriteHelp(e.Stdout(), path, c)
		return ExitOK
	}
	if err != nil {
		// The flag package writes -name; long flags are --name.
		msg := longFlagInError.ReplaceAllString(err.Error(), "$1 --$2")
		return UsageError(e.Stderr(), path, "%s", msg)
	}
	return run(e, pos)
}

var longFlagInError = regexp.MustCompile(`(flag|defined:) -([\w-]{2,})`)

// IsTerminal reports whether f, a reader or a writer, is a terminal (a
// character device): where colour and progress lines belong, and where
// nobody pipes input.
func IsTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// UsageError prints a usage problem of the command called path ("wflint
// report build"), pointing at its help, and returns ExitUsage.
func UsageError(stderr io.Writer, path, format string, args ...any) int {
	fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", path, fmt.Sprintf(format, args...), path)
	return ExitUsage
}

// HelpCommand is "help [COMMAND...]".
func (p *Program[E]) HelpCommand() *Command[E] {
	return &Command[E]{Name: "help", Args: "[COMMAND...]", Summary: "show the help of " + p.Name + " or of a command",
		Complete: p.commandNames,
		Flags: NoFlags(func(e E, args []string) int {
			c, path := p.Root, p.Name
			for _, a := range args {
				s := c.sub(a)
				if s == nil {
					return UsageError(e.Stderr(), p.Name+" help", "unknown command %q", strings.Join(args, " "))
				}
				c, path = s, path+" "+a
			}
			p.WriteHelp(e.Stdout(), path, c)
			return ExitOK
		})}
}

// commandNames lists the visible top-level command names.
func (p *Program[E]) commandNames() []string {
	var names []string
	for _, s := range p.Root.Subs {
		if !s.Hidden {
			names = append(names, s.Name)
		}
	}
	return names
}
