package main

// The "playground" command serves or exports the playground, the page
// where wflint runs in the browser (package playground).

import (
	"flag"
	"fmt"
	"net"

	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/playground"
)

const playgroundLong = `The page lints as you type, explains each finding's rule, offers its quick
fixes (safe and unsafe marked), formats, and completes and explains fields
and functions, under a chosen profile, role and phase. wflint runs in the
page (WebAssembly): the expression never leaves the browser. The address
bar holds a link that reproduces the page: #e=EXPR&p=PROFILE&r=ROLE&ph=PHASE.

--export DIR writes the page as static files (for GitHub Pages) instead of
serving it. A wflint built with plain "go install" has no page: build it
with scripts/build-playground.sh first, or use a release binary.
`

// playgroundSite is the site the command serves; tests replace it.
var playgroundSite = playground.Site

var playgroundCommand = &cmdline.Command[*env]{Name: "playground", Summary: "serve the playground (lint in the browser) or export it as a static site",
	Long: playgroundLong, Flags: playgroundFlags}

func playgroundFlags(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "playground"
	addr := fs.String("addr", "127.0.0.1:8026", "`address` to serve on (host:port; port 0 picks a free one)")
	export := fs.String("export", "", "write the static site into `dir` instead of serving it")
	return func(e *env, rest []string) int {
		if len(rest) > 0 {
			return usageError(e.stderr, cmd, "unexpected arguments %q", rest)
		}
		site := playgroundSite()
		if err := playground.Built(site); err != nil {
			fmt.Fprintf(e.stderr, "wflint %s: %v\n", cmd, err)
			return exitFailure
		}
		if *export != "" {
			if err := playground.Export(site, *export); err != nil {
				return fail(e.stderr, cmd, err)
			}
			fmt.Fprintf(e.stderr, "wflint %s: wrote the site to %s\n", cmd, *export)
			return exitOK
		}
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return fail(e.stderr, cmd, err)
		}
		fmt.Fprintf(e.stdout, "http://%s/\n", ln.Addr())
		fmt.Fprintf(e.stderr, "wflint %s: serving; Ctrl-C stops\n", cmd)
		ctx, stop := interruptible()
		defer stop()
		if err := playground.Serve(ctx, ln, site); err != nil {
			return fail(e.stderr, cmd, err)
		}
		return exitOK
	}
}
