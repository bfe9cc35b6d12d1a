package main

// The "config" command reads and updates a zone's Bot Management
// configuration through cfapi.

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/reportview"
)

const configUsage = `Usage:
  wflint config get --zone Z [--format text|json]
  wflint config set --zone Z (--file F | --preset NAME | --set key=value ...) [--dry-run]

--file reads a JSON body (the shape "config get --format json" prints).
--preset applies Cloudflare's documented clean-up body after a plan change:
  bot-fight-mode, sbfm-pro, sbfm-business, bm-enterprise.
--set changes one setting and may be repeated, alone or on top of --file or
--preset: --set fight_mode=true --set sbfm_likely_automated=managed_challenge.
Only the settings given are sent; the others keep their values.

Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY;
CLOUDFLARE_BASE_URL or --base-url for the API root.
`

// runConfigCmd runs "wflint config ARGS...": args starts with get or set.
func runConfigCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, configUsage)
		return exitFailure
	}
	switch args[0] {
	case "get":
		return configGet(args[1:], stdout, stderr)
	case "set":
		return configSet(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, configUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "wflint config: unknown subcommand %q\n%s", args[0], configUsage)
	return exitFailure
}

func configGet(args []string, stdout, stderr io.Writer) int {
	const cmd = "config get"
	fs := newFlagSet(cmd, stderr)
	api := addAPIFlags(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	rest, ok := parseInterspersed(fs, args)
	if !ok {
		return exitFailure
	}
	switch {
	case len(rest) > 0:
		return usageError(stderr, cmd, "unexpected arguments %q", rest)
	case *api.zone == "":
		return usageError(stderr, cmd, "--zone is required")
	case *format != "text" && *format != "json":
		return usageError(stderr, cmd, "--format must be text or json")
	}
	client, ok := newClient(api, cmd, stderr)
	if !ok {
		return exitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := client.GetConfig(ctx, *api.zone)
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if err := reportview.Config(stdout, cfg, *format == "json"); err != nil {
		return fail(stderr, cmd, err)
	}
	return exitOK
}

// settings collects repeated --set flags.
type settings []string

func (s *settings) String() string     { return strings.Join(*s, ",") }
func (s *settings) Set(v string) error { *s = append(*s, v); return nil }

func configSet(args []string, stdout, stderr io.Writer) int {
	const cmd = "config set"
	fs := newFlagSet(cmd, stderr)
	api := addAPIFlags(fs)
	var sets settings
	var (
		file   = fs.String("file", "", "JSON `file` with the settings to send")
		preset = fs.String("preset", "", "documented clean-up body for a `plan`: bot-fight-mode, sbfm-pro, sbfm-business, bm-enterprise")
		dryRun = fs.Bool("dry-run", false, "print the request body without sending it")
		format = fs.String("format", "text", "output `format` for the new configuration: text or json")
		force  = fs.Bool("force", false, "send settings the zone's plan cannot take")
	)
	fs.Var(&sets, "set", "set one `key=value` (repeatable)")
	rest, ok := parseInterspersed(fs, args)
	if !ok {
		return exitFailure
	}
	switch {
	case len(rest) > 0:
		return usageError(stderr, cmd, "unexpected arguments %q", rest)
	case *api.zone == "" && !*dryRun:
		return usageError(stderr, cmd, "--zone is required")
	case *file != "" && *preset != "":
		return usageError(stderr, cmd, "--file and --preset are alternatives; use one")
	case *file == "" && *preset == "" && len(sets) == 0:
		return usageError(stderr, cmd, "nothing to set: give --file, --preset or --set")
	case *format != "text" && *format != "json":
		return usageError(stderr, cmd, "--format must be text or json")
	}

	cfg := &cfapi.Config{}
	switch {
	case *file != "":
		b, err := readReportFile(*file)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		if cfg, err = cfapi.DecodeConfig(b); err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s: %v\n", cmd, *file, err)
			return exitFindings
		}
	case *preset != "":
		p, err := cfapi.CleanupPreset(cfapi.Plan(*preset))
		if err != nil {
			return usageError(stderr, cmd, "%v", err)
		}
		cfg = p
	}
	for _, kv := range sets {
		key, value, ok := strings.Cut(kv, "=")
		if key = strings.TrimSpace(key); !ok || key == "" {
			return usageError(stderr, cmd, "--set %s: want key=value", kv)
		}
		if err := cfg.Set(key, value); err != nil {
			return usageError(stderr, cmd, "--set %s: %v", kv, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return exitFindings
	}
	if *dryRun {
		if code := printJSON(stdout, stderr, cmd, cfg); code != exitOK {
			return code
		}
		fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
		return exitOK
	}
	client, ok := newClient(api, cmd, stderr)
	if !ok {
		return exitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if !*force {
		// The zone's current configuration shows its plan's shape.
		cur, err := client.GetConfig(ctx, *api.zone)
		if err != nil {
			return fail(stderr, cmd, err)
		}
		if plan, ok := cfapi.PlanOf(cur); ok {
			if why := cfapi.CheckPlan(plan, cfg); len(why) > 0 {
				for _, w := range why {
					fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, w)
				}
				fmt.Fprintf(stderr, "wflint %s: not sent (use --force to send it anyway)\n", cmd)
				return exitFindings
			}
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
