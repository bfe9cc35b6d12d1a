package cmdline

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Walk calls f for every command that help and completion show, depth
// first, with the words that call it ("wflint report build").
func (p *Program[E]) Walk(f func(path string, c *Command[E])) {
	visible(p.Root, p.Name, f)
}

func visible[E Env](c *Command[E], path string, f func(path string, c *Command[E])) {
	for _, s := range c.Subs {
		if s.Hidden {
			continue
		}
		if len(s.Subs) > 0 {
			visible(s, path+" "+s.Name, f)
			continue
		}
		f(path+" "+s.Name, s)
	}
}

// WriteHelp prints the help of command c, called as path. A program whose
// root is a command of its own, without subcommands (a server, say), gets
// that command's help.
func (p *Program[E]) WriteHelp(w io.Writer, path string, c *Command[E]) {
	if c == p.Root && len(c.Subs) > 0 {
		p.writeRootHelp(w)
		return
	}
	fmt.Fprintf(w, "%s: %s\n\nUsage:\n", path, c.Summary)
	if len(c.Subs) > 0 {
		visible(c, path, func(sp string, s *Command[E]) {
			fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace(sp+" "+argsOf(s)), s.Summary)
		})
	} else {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(path+" "+argsOf(c)))
	}
	if c.Long != "" {
		fmt.Fprintf(w, "\n%s", strings.TrimLeft(c.Long, "\n"))
	}
	if len(c.Subs) > 0 {
		fmt.Fprintf(w, "\nRun '%s COMMAND --help' for a command's flags.\n", path)
		return
	}
	fs, _ := c.FlagSet(path)
	writeFlags(w, fs)
}

// argsOf is a command's synopsis after its name.
func argsOf[E Env](c *Command[E]) string {
	if c.Flags == nil {
		return c.Args
	}
	fs, _ := c.FlagSet("")
	if len(FlagDocs(fs)) == 0 {
		return c.Args
	}
	return strings.TrimSpace("[flags] " + c.Args)
}

func writeFlags(w io.Writer, fs *flag.FlagSet) {
	docs := FlagDocs(fs)
	fmt.Fprint(w, "\nFlags:\n")
	for _, d := range append(docs, FlagDoc{[]string{"h", "help"}, "", "show this help"}) {
		s := d.String()
		if len(s) > 24 {
			fmt.Fprintf(w, "  %s\n", s)
			s = ""
		}
		for i, line := range wrap(d.Usage, 52) {
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

func (p *Program[E]) writeRootHelp(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage:\n", strings.TrimRight(p.Intro, "\n"))
	line := func(args, summary string) {
		if len(args) > 30 {
			fmt.Fprintf(w, "  %s %s\n  %-*s %s\n", p.Name, args, len(p.Name)+31, "", summary)
		} else {
			fmt.Fprintf(w, "  %s %-30s %s\n", p.Name, args, summary)
		}
	}
	p.Walk(func(path string, c *Command[E]) {
		line(strings.TrimSpace(strings.TrimPrefix(path, p.Name+" ")+" "+argsOf(c)), c.Summary)
		for _, u := range c.Also {
			line(u.Args, u.Summary)
		}
	})
	if p.Epilogue != "" {
		fmt.Fprintf(w, "\n%s", p.Epilogue)
	}
	if p.Default != nil {
		fs, _ := p.Default.FlagSet(p.Name)
		writeFlags(w, fs)
	}
	fmt.Fprintf(w, "\nRun '%s help COMMAND' (or '%s COMMAND --help') for a command's flags.\n%s", p.Name, p.Name, p.Footer)
}
