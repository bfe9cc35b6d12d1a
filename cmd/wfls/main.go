// Command wfls is the wflint language server. It speaks the Language Server
// Protocol over stdin and stdout; logs go to stderr. "wfls --help" lists
// its flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/lsp"
	"github.com/wflint/wflint/internal/version"
)

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(program.Run(e, os.Args[1:]))
}

// env is what wfls needs from the process.
type env struct {
	stdin          io.ReadCloser
	stdout, stderr io.WriteCloser
}

// Stdout is where help and the version go (and, when serving, LSP).
func (e *env) Stdout() io.Writer { return e.stdout }

// Stderr is where errors and logs go.
func (e *env) Stderr() io.Writer { return e.stderr }

const long = `Editors start wfls and talk to it over stdin and stdout; the files under
editors/ in wflint's repository set up Neovim, Helix and VS Code. It checks
.wf files, expressions in Terraform (.tf, .tfvars) and ruleset and
feedback-report JSON, reads .wflint.yaml as wflint does, and picks the
profile from the file kind unless --profile, the editor's settings or the
configuration name one.
`

var program = &cmdline.Program[*env]{Name: "wfls", Root: &cmdline.Command[*env]{Name: "wfls",
	Summary: "the wflint language server (LSP over stdin and stdout)", Long: long,
	Flags: func(fs *flag.FlagSet) cmdline.Run[*env] {
		profile := fs.String("profile", "", "default schema `PROFILE`: feedback, rules or engine2020 (the editor's settings override it)")
		verbose := fs.Bool("v", false, "log the server's work to stderr")
		showVersion := fs.Bool("version", false, "print the version")
		// vscode-languageclient and others pass --stdio for a command
		// server; stdio is the only transport, so it changes nothing.
		fs.Bool("stdio", false, "talk over stdin and stdout (the default and only transport)")
		return func(e *env, args []string) int {
			switch {
			case *showVersion:
				fmt.Fprintln(e.stdout, "wfls", version.String())
				return cmdline.ExitOK
			case len(args) > 0:
				return cmdline.UsageError(e.stderr, "wfls", "takes no arguments, only flags")
			}
			return serve(e, *profile, *verbose)
		}
	}}}

// serve runs the server until the client ends the session.
func serve(e *env, profile string, verbose bool) int {
	if cmdline.IsTerminal(e.stdin) {
		fmt.Fprintln(e.stderr, "wfls: waiting for an editor to speak LSP on stdin (Ctrl-C to quit; 'wfls --help' says more)")
	}
	logger := log.New(io.Discard, "", 0)
	if verbose {
		logger = log.New(e.stderr, "", log.LstdFlags)
	}
	srv := lsp.NewServer(lsp.Options{Logger: logger, Settings: lsp.Settings{Profile: profile}})
	if err := srv.ServeStdio(context.Background(), stdio{e}); err != nil {
		fmt.Fprintln(e.stderr, err)
		return 1
	}
	return 0
}

// stdio joins stdin and stdout into the one connection the server reads
// and writes.
type stdio struct{ e *env }

func (s stdio) Read(p []byte) (int, error)  { return s.e.stdin.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.e.stdout.Write(p) }
func (s stdio) Close() error {
	err := s.e.stdin.Close()
	if err2 := s.e.stdout.Close(); err == nil {
		err = err2
	}
	return err
}
