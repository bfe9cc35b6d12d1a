package main

// The "config" command reads and updates a zone's Bot Management
// configuration through cfapi.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/wflint/wflint/internal/cmdline"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/reportview"
)

const configSetLong = `--file reads a JSON body (the shape "config get --format json" prints).
--preset applies Cloudflare's documented clean-up body after a plan change:
  bot-fight-mode, sbfm-pro, sbfm-business, bm-enterprise.
--set changes one setting and may be repeated, alone or on top of --file or
--preset: --set fight_mode=true --set sbfm_likely_automated=managed_challenge.
Only the settings given are sent; the others keep their values.
`

const configLong = `Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY;
CLOUDFLARE_BASE_URL or --base-url for the API root.
`

// configCommand is "wflint config get|set".
var configCommand = &cmdline.Command[*env]{Name: "config", Summary: "get or set a zone's Bot Management configuration", Long: configLong,
	Subs: []*cmdline.Command[*env]{
		{Name: "get", Summary: "print a zone's Bot Management configuration", Flags: configGet, Long: configLong},
		{Name: "set", Summary: "change a zone's Bot Management configuration (--file, --preset or --set)", Flags: configSet,
			Long: configSetLong + "\n" + configLong, Values: map[string]func() []string{
				"preset": func() []string { return []string{"bot-fight-mode", "sbfm-pro", "sbfm-business", "bm-enterprise"} },
			}},
	}}

// configGet defines the flags of "wflint config get" and returns what runs it.
func configGet(fs *flag.FlagSet) cmdline.Run[*env] {
	return zoneReader(fs, "config get", "text", func(ctx context.Context, client *cfapi.Client, zone string, asJSON bool, w io.Writer) error {
		cfg, err := client.GetConfig(ctx, zone)
		if err != nil {
			return err
		}
		return reportview.Config(w, cfg, asJSON)
	})
}

// configSet defines the flags of "wflint config set" and returns what runs it.
func configSet(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "config set"
	api := addAPIFlags(fs)
	var sets []string
	var (
		file   = fs.String("file", "", "JSON `file` with the settings to send")
		preset = fs.String("preset", "", "documented clean-up body for a `plan`: bot-fight-mode, sbfm-pro, sbfm-business, bm-enterprise")
		dryRun = fs.Bool("dry-run", false, "print the request body without sending it")
		format = cmdline.Choice(fs, "format", "text", "output `format` for the new configuration", "text", "json")
		force  = fs.Bool("force", false, "send settings the zone's plan cannot take")
	)
	cmdline.ListVar(fs, &sets, "set", "set one `key=value` (repeatable)", false)
	return func(e *env, rest []string) int {
		stdout, stderr := e.stdout, e.stderr
		switch {
		case len(rest) > 0:
			return usageError(stderr, cmd, "unexpected arguments %q", rest)
		case *api.zone == "" && !*dryRun:
			return usageError(stderr, cmd, "--zone is required")
		case *file != "" && *preset != "":
			return usageError(stderr, cmd, "--file and --preset are alternatives; use one")
		case *file == "" && *preset == "" && len(sets) == 0:
			return usageError(stderr, cmd, "nothing to set: give --file, --preset or --set")
		}

		cfg, err := cfapi.Change(*file, cfapi.Plan(*preset), sets)
		ce := (*cfapi.ChangeError)(nil)
		switch {
		case errors.As(err, &ce) && ce.Arg == "pairs":
			return usageError(stderr, cmd, "--set %v", err)
		case errors.As(err, &ce) && ce.Arg == "preset":
			return usageError(stderr, cmd, "%v", err)
		case errors.As(err, &ce):
			fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
			return exitFindings
		case err != nil:
			return fail(stderr, cmd, err)
		}
		if *dryRun {
			if err := reportview.Config(stdout, cfg, true); err != nil {
				return fail(stderr, cmd, err)
			}
			fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
			return exitOK
		}
		client, ok := newClient(api, cmd, stderr)
		if !ok {
			return exitFailure
		}
		ctx, stop := interruptible()
		defer stop()
		if !*force {
			// The zone's current configuration shows its plan's shape.
			cur, err := client.GetConfig(ctx, *api.zone)
			if err != nil {
				return fail(stderr, cmd, err)
			}
			if why := cfapi.CheckChange(cur, cfg); len(why) > 0 {
				for _, w := range why {
					fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, w)
				}
				fmt.Fprintf(stderr, "wflint %s: not sent (use --force to send it anyway)\n", cmd)
				return exitFindings
			}
		}
		updated, err := client.UpdateConfig(ctx, *api.zone, cfg)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		fmt.Fprintf(stderr, "wflint %s: updated zone %s\n", cmd, *api.zone)
		if err := reportview.Config(stdout, updated, *format == "json"); err != nil {
			return fail(stderr, cmd, err)
		}
		return exitOK
	}
}
