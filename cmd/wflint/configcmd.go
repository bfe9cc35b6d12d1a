package main

// The "config" command reads and updates a zone's Bot Management
// configuration. Identifiers start with "configCmd" because the rest of
// package main is written concurrently by others.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/cfapi"
)

const configCmdUsageText = `Usage:
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
		fmt.Fprint(stderr, configCmdUsageText)
		return reportExitFailure
	}
	switch args[0] {
	case "get":
		return configCmdGet(args[1:], stdout, stderr)
	case "set":
		return configCmdSet(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, configCmdUsageText)
		return reportExitOK
	}
	fmt.Fprintf(stderr, "wflint config: unknown subcommand %q\n%s", args[0], configCmdUsageText)
	return reportExitFailure
}

// configCmdUsageErr prints a usage problem and returns the usage status.
func configCmdUsageErr(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "wflint %s: %s\nRun 'wflint config help' for usage.\n", cmd, fmt.Sprintf(format, args...))
	return reportExitFailure
}

func configCmdGet(args []string, stdout, stderr io.Writer) int {
	const cmd = "config get"
	fs := reportFlagSet(cmd, stderr)
	api := reportAddAPIFlags(fs)
	format := fs.String("format", "text", "output format: text or json")
	rest, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	switch {
	case len(rest) > 0:
		return configCmdUsageErr(stderr, cmd, "unexpected arguments %q", rest)
	case *api.zone == "":
		return configCmdUsageErr(stderr, cmd, "--zone is required")
	case *format != "text" && *format != "json":
		return configCmdUsageErr(stderr, cmd, "--format must be text or json")
	}
	client, ok := reportClientFor(api, cmd, stderr)
	if !ok {
		return reportExitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := client.GetConfig(ctx, *api.zone)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}
	return configCmdPrint(stdout, stderr, cmd, cfg, *format)
}

// configCmdPrint writes cfg as indented JSON or as sorted "key = value"
// lines, nested objects flattened with dots.
func configCmdPrint(stdout, stderr io.Writer, cmd string, cfg *cfapi.Config, format string) int {
	b, err := reportMarshal(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	if format == "json" {
		_, _ = stdout.Write(b)
		return reportExitOK
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	var lines []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			lines = append(lines, fmt.Sprintf("%s = %v", prefix+k, v))
		}
	}
	walk("", m)
	sort.Strings(lines)
	if len(lines) == 0 {
		fmt.Fprintln(stdout, "(no settings)")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return reportExitOK
}

// configCmdSets collects repeated --set flags.
type configCmdSets []string

func (s *configCmdSets) String() string     { return strings.Join(*s, ",") }
func (s *configCmdSets) Set(v string) error { *s = append(*s, v); return nil }

func configCmdSet(args []string, stdout, stderr io.Writer) int {
	const cmd = "config set"
	fs := reportFlagSet(cmd, stderr)
	api := reportAddAPIFlags(fs)
	var sets configCmdSets
	var (
		file   = fs.String("file", "", "JSON `file` with the settings to send")
		preset = fs.String("preset", "", "documented clean-up body for a `plan`: bot-fight-mode, sbfm-pro, sbfm-business, bm-enterprise")
		dryRun = fs.Bool("dry-run", false, "print the request body without sending it")
		format = fs.String("format", "text", "output format for the new configuration: text or json")
	)
	fs.Var(&sets, "set", "set one `key=value` (repeatable)")
	rest, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	switch {
	case len(rest) > 0:
		return configCmdUsageErr(stderr, cmd, "unexpected arguments %q", rest)
	case *api.zone == "" && !*dryRun:
		return configCmdUsageErr(stderr, cmd, "--zone is required")
	case *file != "" && *preset != "":
		return configCmdUsageErr(stderr, cmd, "--file and --preset are alternatives; use one")
	case *file == "" && *preset == "" && len(sets) == 0:
		return configCmdUsageErr(stderr, cmd, "nothing to set: give --file, --preset or --set")
	case *format != "text" && *format != "json":
		return configCmdUsageErr(stderr, cmd, "--format must be text or json")
	}

	cfg := &cfapi.Config{}
	switch {
	case *file != "":
		b, err := reportReadFile(*file)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
			return reportExitFailure
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		// An unknown key is most likely a typo that would otherwise be
		// dropped silently and leave the setting unchanged.
		dec.DisallowUnknownFields()
		if err := dec.Decode(cfg); err != nil {
			fmt.Fprintf(stderr, "wflint %s: %s: %v\n", cmd, *file, err)
			return reportExitFindings
		}
	case *preset != "":
		p, err := cfapi.CleanupPreset(cfapi.Plan(*preset))
		if err != nil {
			return configCmdUsageErr(stderr, cmd, "%v", err)
		}
		cfg = p
	}
	for _, kv := range sets {
		if err := configCmdApply(cfg, kv); err != nil {
			return configCmdUsageErr(stderr, cmd, "--set %s: %v", kv, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFindings
	}
	if *dryRun {
		b, err := reportMarshal(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
			return reportExitFailure
		}
		_, _ = stdout.Write(b)
		fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
		return reportExitOK
	}
	client, ok := reportClientFor(api, cmd, stderr)
	if !ok {
		return reportExitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	updated, err := client.UpdateConfig(ctx, *api.zone, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}
	fmt.Fprintf(stderr, "wflint %s: updated zone %s\n", cmd, *api.zone)
	return configCmdPrint(stdout, stderr, cmd, updated, *format)
}

// configCmdReadOnly are settings the API reports but does not accept.
var configCmdReadOnly = map[string]bool{"stale_zone_configuration": true, "using_latest_model": true}

// configCmdApply sets one "key=value" on cfg. key is the API's JSON name;
// the value is parsed by the setting's type (true/false for switches, the
// documented words for actions), so a typo fails here, not at the API.
func configCmdApply(cfg *cfapi.Config, kv string) error {
	key, value, ok := strings.Cut(kv, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return fmt.Errorf("want key=value")
	}
	if configCmdReadOnly[key] {
		return fmt.Errorf("%s is read-only", key)
	}
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || configCmdReadOnly[name] {
			continue
		}
		names = append(names, name)
		if name != key {
			continue
		}
		f := v.Field(i)
		if f.Kind() != reflect.Pointer {
			return fmt.Errorf("%s cannot be set", key)
		}
		nv := reflect.New(f.Type().Elem())
		switch nv.Elem().Kind() {
		case reflect.Bool:
			b, err := strconv.ParseBool(value)
			if err != nil {
				return fmt.Errorf("%s takes true or false, not %q", key, value)
			}
			nv.Elem().SetBool(b)
		case reflect.String:
			nv.Elem().SetString(value)
		default:
			return fmt.Errorf("%s cannot be set from the command line; use --file", key)
		}
		f.Set(nv)
		return nil
	}
	sort.Strings(names)
	return fmt.Errorf("unknown setting %q; settings: %s", key, strings.Join(names, ", "))
}
