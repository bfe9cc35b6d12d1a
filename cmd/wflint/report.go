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
	"strings"
	"syscall"
	"time"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/cmdline"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/output"
	"github.com/wflint/wflint/internal/reportview"
	"github.com/wflint/wflint/internal/version"
)

const logsHelp = `LOGS are Cloudflare Logpush http_requests NDJSON files or globs, optionally
gzip-compressed; "-" (or no LOGS) reads stdin.
`

const apiHelp = `The API commands read CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and
CLOUDFLARE_API_KEY) and CLOUDFLARE_BASE_URL. Reports that cannot be sent are
kept in the outbox (--outbox, $WFLINT_OUTBOX, or $XDG_STATE_HOME/wflint/outbox)
until "submit --retry-outbox" delivers them.
`

const reportLong = logsHelp + `
--clickhouse builds the report inside ClickHouse from the table's rows
(native protocol); the password comes from the DSN or CLICKHOUSE_PASSWORD
and is never printed. "report sql" prints that query instead.

` + apiHelp + `
Exit status: 0 ok; 1 invalid report or expression; 2 usage or I/O failure.
`

// submitLong is the help of "report submit": its own arguments only.
const submitLong = `REPORT.json is validated first: errors block (--force sends anyway), and
with --strict warnings do too. --dry-run prints the body that would be sent.

` + apiHelp + `
Each report is stored once, whoever sends it and however often. Before the
first POST the zone's reports are listed (every page); one with the same
type, expression, description, requests and window means the report is
stored already, and it is not sent again (--allow-duplicate sends another
copy). After an answer that leaves in doubt whether it was stored (a 5xx, a
timeout, a reset, an unreadable answer), the list is watched for up to
--reconcile-wait before the report is sent again. One process at a time
works on a zone's reports: another waits up to --lock-wait, then goes on
with what the first left. Nothing is sent when the outbox cannot record
the report first.

Exit status: 0 submitted, or already stored; 1 invalid report; 2 usage,
not sent, or kept in the outbox for --retry-outbox.
`

// reportCommand is "wflint report" and its subcommands; their flags are
// defined in buildCmd, showCmd, validateCmd, submitCmd, listCmd and sqlCmd.
var reportCommand = &cmdline.Command[*env]{Name: "report", Summary: "build, show, validate, submit and list Bot Management feedback reports",
	Long: reportLong, Subs: []*cmdline.Command[*env]{
		{Name: "build", Args: "LOGS...", Summary: "build a feedback report from Logpush logs", Flags: buildCmd, Long: logsHelp},
		{Name: "show", Args: "REPORT.json", Summary: "show a report's traffic, scores and validation", Flags: showCmd},
		{Name: "validate", Args: "REPORT.json...", Summary: "check reports against Cloudflare's documented contract", Flags: validateCmd},
		{Name: "submit", Args: "REPORT.json", Summary: "submit a report to a zone, or send the outbox (--retry-outbox)", Flags: submitCmd, Long: submitLong},
		{Name: "list", Summary: "list a zone's reports", Flags: listCmd},
		{Name: "sql", Summary: "print the ClickHouse query that computes a report, to run it yourself", Flags: sqlCmd, Long: sqlLong},
	}}

// fail prints err for command cmd and returns the failure exit status.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, errText(err))
	return exitFailure
}

// writeFindings shows a report's findings as "wflint" shows them in text.
func writeFindings(w io.Writer, f reportview.File) {
	output.TextWith(w, w, []*output.File{output.ReportFile(f.Name, f.Data, f.Result)}, output.Options{Width: output.TerminalWidth(w)})
}

// errText is err's message, with a bare path error as "path: reason"
// (a wrapped one keeps what wraps it: "not sent: …"); the cfapi client
// already scrubs credentials from everything it returns.
func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
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
		ctx, stop := interruptible()
		defer stop()
		if err := read(ctx, client, *api.zone, *format == "json", e.stdout); err != nil {
			return fail(e.stderr, cmd, err)
		}
		return exitOK
	}
}

// interruptible is a context that Ctrl-C and the other signals given
// cancel, so an API call or a build stops cleanly.
func interruptible(sigs ...os.Signal) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), append([]os.Signal{os.Interrupt}, sigs...)...)
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

// showCmd defines the flags of "wflint report show" and returns what runs it.
func showCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report show"
	scores := fs.Bool("scores", false, "one histogram row per score instead of ranges")
	format := cmdline.Choice(fs, "format", "text", "output `format` (markdown for tickets)", "text", "json", "markdown")
	summary := fs.String("summary", "", "the `file` report build --summary wrote: adds requests over time, distinct values and exactness")
	return func(e *env, files []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(files) != 1 {
			return usageError(stderr, cmd, "give one report file")
		}
		res, file, err := reportview.ValidateFile(files[0])
		if err != nil {
			return fail(stderr, cmd, err)
		}
		opts := reportview.ShowOptions{PerScore: *scores}
		if *summary != "" {
			if opts.Summary, err = reportview.ReadSummary(*summary); err != nil {
				return fail(stderr, cmd, err)
			}
		}
		if res.Report == nil {
			writeFindings(stderr, file)
			return exitFindings
		}
		if err := reportview.ShowAs(stdout, *format, files[0], res.Report, res.Diagnostics, opts); err != nil {
			return fail(stderr, cmd, err)
		}
		return exitOK
	}
}

// validateCmd defines "wflint report validate FILE..."; it prints every finding of
// every file, each at its line and column (expression findings at the
// offending token inside the JSON string), in the formats of "wflint"
// itself, json included (docs/json-output.schema.json). It exits 1 when a
// report would not be submitted (feedback.Blocking without --strict).
func validateCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report validate"
	format := cmdline.Choice(fs, "format", "text", "output `format`", output.Formats...)
	return func(e *env, names []string) int {
		stdout, stderr := e.stdout, e.stderr
		if len(names) == 0 {
			return usageError(stderr, cmd, "give at least one report file")
		}
		var outFiles []*output.File
		code := exitOK
		for _, name := range names {
			res, file, err := reportview.ValidateFile(name)
			if err != nil {
				// Shown as wflint shows an input it cannot read: in
				// the document's errors, on stderr in text.
				outFiles = append(outFiles, &output.File{Path: name, Err: strings.TrimPrefix(errText(err), name+": ")})
				code = exitFailure
				continue
			}
			outFiles = append(outFiles, output.ReportFile(file.Name, file.Data, res))
			if blocks, _ := feedback.Blocking(res.Diagnostics, false); blocks && code == exitOK {
				code = exitFindings
			}
		}
		o := output.Options{Version: version.String(), Width: output.TerminalWidth(stdout)}
		if err := output.Write(stdout, stderr, *format, outFiles, o); err != nil {
			return fail(stderr, cmd, err)
		}
		return code
	}
}

// submitFlags are the flags of "report submit" that shape how it sends.
type submitFlags struct {
	api                 apiFlags
	outbox              *string
	allowDup            *bool
	reconcile, lockWait *time.Duration
}

// submitCmd defines the flags of "wflint report submit" and returns what runs it.
func submitCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report submit"
	sf := submitFlags{api: addAPIFlags(fs)}
	api := sf.api
	var (
		dryRun  = fs.Bool("dry-run", false, "validate and print the request body without sending it")
		force   = fs.Bool("force", false, "submit even if validation finds errors")
		strict  = fs.Bool("strict", false, "treat warnings as blocking, like errors")
		retry   = fs.Bool("retry-outbox", false, "send the reports kept in the outbox (all zones, or --zone only)")
		unknown = fs.Bool("send-unknown", false, "also send created_at and members the API schema does not define (left out by default)")
	)
	sf.outbox = fs.String("outbox", "", "outbox `directory` for reports that could not be sent (default $"+cfapi.EnvOutbox+" or $XDG_STATE_HOME/wflint/outbox)")
	sf.allowDup = fs.Bool("allow-duplicate", false, "send the report even if the zone already holds one with the same key: another copy, on purpose")
	sf.reconcile = fs.Duration("reconcile-wait", cfapi.DefaultPatience, "after an answer in doubt, watch the zone's list up to `DURATION` (default 30s; 0: look once) for the report before sending it again")
	sf.lockWait = fs.Duration("lock-wait", cfapi.DefaultLockWait, "wait up to `DURATION` (default 2m) for another wflint sending the zone's reports")
	return func(e *env, files []string) int {
		stdout, stderr := e.stdout, e.stderr
		if *retry {
			if len(files) > 0 || *dryRun || *force || *sf.allowDup {
				return usageError(stderr, cmd, "--retry-outbox takes no report file, --dry-run, --force or --allow-duplicate")
			}
			return retryOutbox(sf, stdout, stderr)
		}
		if len(files) != 1 {
			return usageError(stderr, cmd, "give one report file")
		}
		if *api.zone == "" && !*dryRun {
			return usageError(stderr, cmd, "--zone is required")
		}
		if *api.zone != "" {
			if err := cfapi.CheckZoneID(*api.zone); err != nil {
				return usageError(stderr, cmd, "%s", errText(err))
			}
		}
		res, file, err := reportview.ValidateFile(files[0])
		if err != nil {
			return fail(stderr, cmd, err)
		}
		writeFindings(stderr, file)
		if res.Report == nil {
			fmt.Fprintf(stderr, "wflint %s: %s is not a report; nothing to send\n", cmd, files[0])
			return exitFindings
		}
		if blocks, why := feedback.Blocking(res.Diagnostics, *strict); blocks && !*force {
			fmt.Fprintf(stderr, "wflint %s: not submitting: %s (fix it, or use --force)\n", cmd, why)
			return exitFindings
		}
		if *dryRun {
			body, err := reportview.JSON(cfapi.Outgoing(res.Report, *unknown))
			if err != nil {
				return fail(stderr, cmd, err)
			}
			_, _ = stdout.Write(body)
			fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
			return exitOK
		}

		sub, ok := newSubmitter(sf, cmd, stderr)
		if !ok {
			return exitFailure
		}
		sub.SendUnknown = *unknown
		sub.AllowDuplicate = *sf.allowDup
		// SIGINT and SIGTERM cancel the call; the report is then in the
		// outbox, marked for a check before any resend.
		ctx, stop := interruptible(syscall.SIGTERM)
		defer stop()
		result, err := sub.Submit(ctx, *api.zone, res.Report)
		if err != nil {
			// A QueuedError says where the report is kept; a
			// NotSentError or LockedError that nothing was sent.
			fail(stderr, cmd, err)
			var q *cfapi.QueuedError
			if errors.As(err, &q) {
				fmt.Fprintf(stderr, "wflint %s: run 'wflint report submit --retry-outbox' to send it later\n", cmd)
			}
			return exitFailure
		}
		// Nothing on stdout: the outcome is the exit status and this line.
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportview.SubmitOutcome(*api.zone, result))
		return exitOK
	}
}

// newSubmitter builds the client and outbox, printing why when it cannot.
// What the submitter has to tell as it goes (a lock held by another
// process, a list that lags, files recovered) goes to stderr.
func newSubmitter(sf submitFlags, cmd string, stderr io.Writer) (*cfapi.Submitter, bool) {
	client, ok := newClient(sf.api, cmd, stderr)
	if !ok {
		return nil, false
	}
	dir, err := cfapi.OutboxDir(*sf.outbox)
	if err != nil {
		fail(stderr, cmd, err)
		return nil, false
	}
	ob, err := cfapi.NewOutbox(dir)
	if err != nil {
		fail(stderr, cmd, err)
		return nil, false
	}
	sub := cfapi.NewSubmitter(client, ob)
	sub.Command = cmd
	sub.LockWait = *sf.lockWait
	sub.Patience = *sf.reconcile
	if sub.Patience <= 0 {
		sub.Patience = -1 // look once
	}
	sub.Notify = func(format string, args ...any) {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, fmt.Sprintf(format, args...))
	}
	return sub, true
}

// retryOutbox sends the saved reports, of every zone or of --zone only.
func retryOutbox(sf submitFlags, stdout, stderr io.Writer) int {
	const cmd = "report submit --retry-outbox"
	sub, ok := newSubmitter(sf, cmd, stderr)
	if !ok {
		return exitFailure
	}
	ctx, stop := interruptible(syscall.SIGTERM)
	defer stop()
	var zones []string
	if *sf.api.zone != "" {
		zones = []string{*sf.api.zone}
	}
	sum, err := sub.RetryOutbox(ctx, zones...)
	reportview.RetrySummary(stdout, sum, sub.Outbox.Dir())
	if err != nil {
		return fail(stderr, cmd, err)
	}
	if sum.Remaining > 0 {
		return exitFailure
	}
	return exitOK
}

// listCmd defines the flags of "wflint report list" and returns what runs it.
func listCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	return zoneReader(fs, "report list", "table", func(ctx context.Context, client *cfapi.Client, zone string, asJSON bool, w io.Writer) error {
		list, err := client.ListFeedback(ctx, zone)
		if err != nil {
			return err
		}
		return reportview.ListAs(w, zone, list, asJSON)
	})
}
