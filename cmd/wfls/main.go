// Command wfls is the wflint language server. It speaks the Language Server
// Protocol over stdin and stdout; logs go to stderr.
//
// Usage:
//
//	wfls [-profile feedback|rules|engine2020] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/wflint/wflint/internal/version"
	"github.com/wflint/wflint/lsp"
)

func main() {
	profile := flag.String("profile", "", "default profile: feedback, rules or engine2020 (the client's settings override it)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	verbose := flag.Bool("v", false, "log to stderr")
	flag.Parse()
	if *showVersion {
		fmt.Println("wfls", version.String())
		return
	}
	logger := log.New(io.Discard, "", 0)
	if *verbose {
		logger = log.New(os.Stderr, "", log.LstdFlags)
	}
	srv := lsp.NewServer(lsp.Options{Logger: logger, Settings: lsp.Settings{Profile: *profile}})
	if err := srv.ServeStdio(context.Background(), stdio{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// stdio joins stdin and stdout into the one connection the server reads
// and writes.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	err := os.Stdin.Close()
	if err2 := os.Stdout.Close(); err == nil {
		err = err2
	}
	return err
}
