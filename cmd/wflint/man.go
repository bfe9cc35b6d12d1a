package main

// The man page, generated from the command tree like the help.

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/internal/version"
)

// runMan runs "wflint man": the page in roff, for man -l or MANPATH.
func runMan(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) int {
		if len(args) > 0 {
			return usageError(e.stderr, "man", "takes no arguments")
		}
		writeMan(e.stdout)
		return exitOK
	}
}

// roff escapes text for a roff line: backslashes, and a leading . or '
// that would read as a request.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			line = `\&` + line
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func writeMan(w io.Writer) {
	fmt.Fprintf(w, ".TH WFLINT 1 \"\" \"wflint %s\" \"User Commands\"\n", roff(version.String()))
	fmt.Fprint(w, ".SH NAME\nwflint \\- lint and format Cloudflare Rules language (wirefilter) expressions\n")
	fmt.Fprint(w, ".SH SYNOPSIS\n")
	visible(root, "wflint", func(p string, c *command) {
		fmt.Fprintf(w, ".B %s\n", p)
		if a := argsOf(c); a != "" {
			fmt.Fprintln(w, roff(a))
		}
		fmt.Fprint(w, ".br\n")
	})
	fmt.Fprintf(w, ".SH DESCRIPTION\n%s\n.PP\n%s\n", roff("wflint catches mistakes in Cloudflare Rules-language expressions before they ship: in .wf files, Terraform, ruleset and feedback-report JSON, and JSON Lines. Without a command, wflint lints."),
		roff(strings.ReplaceAll(filesHelp, "\n", " ")))
	fmt.Fprint(w, ".SH COMMANDS\n")
	visible(root, "wflint", func(p string, c *command) {
		fmt.Fprintf(w, ".SS %s\n%s\n", roff(strings.TrimSpace(p+" "+argsOf(c))), roff(c.summary+"."))
		if c.long != "" && c != lintCommand {
			fmt.Fprintf(w, ".PP\n.nf\n%s\n.fi\n", roff(strings.TrimRight(c.long, "\n")))
		}
		fs, _ := c.flagSet(p)
		for _, d := range flagDocs(fs) {
			fmt.Fprintf(w, ".TP\n.B %s\n%s\n", roff(d.String()), roff(d.usage))
		}
	})
	fmt.Fprint(w, `.SH EXIT STATUS
0 when nothing at or above \-\-fail\-on (default error) was found; 1 when something was
(and for fmt \-\-check, a file not in canonical form or that does not parse);
2 on a usage, configuration or I/O error.
.SH ENVIRONMENT
.TP
.B NO_COLOR
when set and not empty, no colour unless \-\-color=always.
.TP
.B CLICOLOR_FORCE
when set and not 0, colour even when standard output is no terminal.
.TP
.B CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY, CLOUDFLARE_BASE_URL
credentials and API root of the report and config commands.
.TP
.B WFLINT_OUTBOX
where reports that could not be sent are kept.
.SH FILES
.TP
.B .wflint.yaml
configuration, found by walking up from each linted file.
.SH SEE ALSO
.BR wfls (1),
https://github.com/wflint/wflint
`)
}
