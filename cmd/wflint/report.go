package main

// The "report" command: build a Bot Management feedback report from Logpush
// logs, show, validate and submit it, and list a zone's reports. The work is
// done by reportbuild, feedback and cfapi and shown by reportview; these
// files parse flags, wire the packages together and choose exit codes.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/wflint/wflint/cmdline"
	"github.com/wflint/wflint/output"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/reportview"
)

const logsHelp = `LOGS are Cloudflare Logpush http_requests NDJSON files or globs, optionally
gzip-compressed; "-" (or no LOGS) reads stdin.
`

const reportLong = logsHelp + `
--clickhouse builds the report inside ClickHouse from the table's rows
(native protocol); the password comes from the DSN or CLICKHOUSE_PASSWORD
and is never printed. "report sql" prints that query instead.

The API commands read CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and
CLOUDFLARE_API_KEY) and CLOUDFLARE_BASE_URL. Reports that cannot be sent are
kept in the outbox (--outbox, $WFLINT_OUTBOX, or $XDG_STATE_HOME/wflint/outbox)
until "submit --retry-outbox" delivers them.

Exit status: 0 ok; 1 invalid report or expression; 2 usage or I/O failure.
`

// reportCommand is "wflint report" and its subcommands; their flags are
// defined in buildCmd, showCmd, validateCmd, submitCmd, listCmd and sqlCmd.
var reportCommand = &cmdline.Command[*env]{Name: "report", Summary: "build, show, validate, submit and list Bot Management feedback reports",
	Long: reportLong, Subs: []*cmdline.Command[*env]{
		{Name: "build", Args: "LOGS...", Summary: "build a feedback report from Logpush logs", Flags: buildCmd, Long: logsHelp},
		{Name: "show", Args: "REPORT.json", Summary: "show a report's traffic, scores and validation", Flags: showCmd},
		{Name: "validate", Args: "REPORT.json...", Summary: "check reports against Cloudflare's documented contract", Flags: validateCmd},
		{Name: "submit", Args: "REPORT.json", Summary: "submit a report to a zone, or send the outbox (--retry-outbox)", Flags: submitCmd, Long: reportLong},
		{Name: "list", Summary: "list a zone's reports", Flags: listCmd},
		{Name: "sql", Summary: "print the ClickHouse query that computes a report, to run it yourself", Flags: sqlCmd, Long: sqlLong},
	}}

// fail prints err for command cmd and returns the failure exit status.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, errText(err))
	return exitFailure
}

// writeFindings shows a report's findings in the text format of "wflint".
func writeFindings(w io.Writer, f reportview.File) {
	output.Text(w, w, []*output.File{output.ReportFile(f.Name, f.Data, f.Diagnostics)}, false)
}

// errText is err's message, with a path error as "path: reason"; the
// cfapi client already scrubs credentials from everything it returns.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// clientHook, when set, adjusts the API client options before the client
// is built. Tests use it to replace the retry sleep; it is nil in the real
// command.
var clientHook func(*cfapi.Options)

// apiFlags are the flags shared by the commands that call the API.
type apiFlags struct {
	zone    *string
	baseURL *string
}

func addAPIFlags(fs *flag.FlagSet) apiFlags {
	return apiFlags{
		zone:    fs.String("zone", "", "zone `ID` (32 hex characters, from the zone's Overview page)"),
		baseURL: fs.String("base-url", "", "API root `URL` (default $CLOUDFLARE_BASE_URL or "+cfapi.DefaultBaseURL+")"),
	}
}

// zoneReader defines a command that reads something of one zone and
// prints it: the API flags and --format (defaultFormat or json), no
// arguments. read fetches and writes; its error is the command's failure.
func zoneReader(fs *flag.FlagSet, cmd, defaultFormat string,
	read func(ctx context.Context, client *cfapi.Client, zone string, asJSON bool, w io.Writer) error) cmdline.Run[*env] {
	api := addAPIFlags(fs)
	format := cmdline.Choice(fs, "format", defaultFormat, "output `format`", defaultFormat, "json")
	return func(e *env, rest []string) int {
		switch {
		case len(rest) > 0:
			return usageError(e.stderr, cmd, "unexpected arguments %q", rest)
		case *api.zone == "":
			return usageError(e.stderr, cmd, "--zone is required")
		}
		client, ok := newClient(api, cmd, e.stderr)
		if !ok {
			return exitFailure
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if err := read(ctx, client, *api.zone, *format == "json", e.stdout); err != nil {
			return fail(e.stderr, cmd, err)
		}
		return exitOK
	}
}

// newClient builds the API client from the flags and the environment
// (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY),
// printing why when it cannot (missing credentials, a plain-http base URL).
func newClient(api apiFlags, cmd string, stderr io.Writer) (*cfapi.Client, bool) {
	opts := cfapi.Options{BaseURL: *api.baseURL, UserAgent: "wflint"}
	if clientHook != nil {
		clientHook(&opts)
	}
	client, err := cfapi.New(opts)
	if err != nil {
		fail(stderr, cmd, err)
		return nil, false
	}
	return client, true
}
