package cmdline

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Man holds what a man page says beyond the commands and their flags.
type Man struct {
	// Section is the manual section, 1 for commands.
	Section int
	// Version is shown in the page's header.
	Version string
	// Name is the one-line description after the program's name.
	Name string
	// Description is the DESCRIPTION section, in paragraphs of plain text.
	Description []string
	// Exit is the EXIT STATUS section, in plain text.
	Exit string
	// Environment and Files are the ENVIRONMENT and FILES sections: each
	// variable or file with what it is for.
	Environment, Files []ManItem
	// SeeAlso lists related man pages, as "name(section)", and addresses.
	SeeAlso []string
	// Skip lists commands whose Long text the page leaves out (because
	// the description already says it).
	Skip []string
}

// ManItem is a term of a man page section and what it means, in plain
// text.
type ManItem struct{ Term, Text string }

// ManCommand is "man": the page in roff, for man -l or MANPATH.
func (p *Program[E]) ManCommand() *Command[E] {
	return &Command[E]{Name: "man", Summary: fmt.Sprintf("print the man page in roff (%s man > %s.%d)", p.Name, p.Name, max(p.Man.Section, 1)),
		Flags: NoFlags(func(e E, args []string) int {
			if len(args) > 0 {
				return UsageError(e.Stderr(), p.Name+" man", "takes no arguments")
			}
			p.WriteMan(e.Stdout())
			return ExitOK
		})}
}

// roffEscaper escapes backslashes and hyphens, which roff would read as
// escapes and as breakable hyphens.
var roffEscaper = strings.NewReplacer(`\`, `\e`, "-", `\-`)

// Roff escapes text for a roff line: backslashes and hyphens, and a
// leading . or ' that would read as a request.
func Roff(s string) string {
	s = roffEscaper.Replace(s)
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			line = `\&` + line
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// WriteMan writes the man page, generated from the command tree like the
// help.
func (p *Program[E]) WriteMan(w io.Writer) {
	m := p.Man
	fmt.Fprintf(w, ".TH %s %d \"\" \"%s %s\" \"User Commands\"\n", strings.ToUpper(p.Name), max(m.Section, 1), p.Name, Roff(m.Version))
	fmt.Fprintf(w, ".SH NAME\n%s \\- %s\n", p.Name, Roff(m.Name))
	fmt.Fprint(w, ".SH SYNOPSIS\n")
	p.Walk(func(path string, c *Command[E]) {
		fmt.Fprintf(w, ".B %s\n", path)
		if a := argsOf(c); a != "" {
			fmt.Fprintln(w, Roff(a))
		}
		fmt.Fprint(w, ".br\n")
	})
	fmt.Fprint(w, ".SH DESCRIPTION\n")
	for i, para := range m.Description {
		if i > 0 {
			fmt.Fprint(w, ".PP\n")
		}
		fmt.Fprintln(w, Roff(para))
	}
	fmt.Fprint(w, ".SH COMMANDS\n")
	p.Walk(func(path string, c *Command[E]) {
		fmt.Fprintf(w, ".SS %s\n%s\n", Roff(strings.TrimSpace(path+" "+argsOf(c))), Roff(c.Summary+"."))
		if c.Long != "" && !slices.Contains(m.Skip, c.Name) {
			fmt.Fprintf(w, ".PP\n.nf\n%s\n.fi\n", Roff(strings.TrimRight(c.Long, "\n")))
		}
		fs, _ := c.FlagSet(path)
		for _, d := range FlagDocs(fs) {
			fmt.Fprintf(w, ".TP\n.B %s\n%s\n", Roff(d.String()), Roff(d.Usage))
		}
	})
	if m.Exit != "" {
		fmt.Fprintf(w, ".SH EXIT STATUS\n%s\n", Roff(m.Exit))
	}
	for _, sec := range []struct {
		title string
		items []ManItem
	}{{"ENVIRONMENT", m.Environment}, {"FILES", m.Files}} {
		if len(sec.items) > 0 {
			fmt.Fprintf(w, ".SH %s\n", sec.title)
		}
		for _, it := range sec.items {
			fmt.Fprintf(w, ".TP\n.B %s\n%s\n", roffEscaper.Replace(it.Term), Roff(it.Text))
		}
	}
	if len(m.SeeAlso) > 0 {
		fmt.Fprint(w, ".SH SEE ALSO\n")
	}
	for i, ref := range m.SeeAlso {
		sep := ","
		if i == len(m.SeeAlso)-1 {
			sep = ""
		}
		if name, sect, ok := strings.Cut(strings.TrimSuffix(ref, ")"), "("); ok {
			fmt.Fprintf(w, ".BR %s (%s)%s\n", roffEscaper.Replace(name), sect, sep)
		} else {
			fmt.Fprintf(w, "%s%s\n", Roff(ref), sep)
		}
	}
}
