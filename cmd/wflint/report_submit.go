package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"text/tabwriter"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/feedback"
)

// reportClientHook, when set, adjusts the API client options before the
// client is built. Tests use it to replace the retry sleep with a recorder;
// it is nil in the real command.
var reportClientHook func(*cfapi.Options)

// reportAPIFlags are the flags shared by the commands that call the API.
type reportAPIFlags struct {
	zone    *string
	baseURL *string
}

func reportAddAPIFlags(fs *flag.FlagSet) reportAPIFlags {
	return reportAPIFlags{
		zone:    fs.String("zone", "", "zone `ID` (32 hex characters, from the zone's Overview page)"),
		baseURL: fs.String("base-url", "", "API root (default $CLOUDFLARE_BASE_URL or "+cfapi.DefaultBaseURL+")"),
	}
}

// reportNewClient builds the API client from the flags and the environment
// (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY). The
// credentials stay inside cfapi.Secret values: nothing here prints them.
// reportClientFor builds the API client for a command, printing why when it
// cannot (missing credentials, a plain-http base URL), so every API command
// reports that failure the same way.
func reportClientFor(api reportAPIFlags, cmd string, stderr io.Writer) (*cfapi.Client, bool) {
	client, err := reportNewClient(api)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return nil, false
	}
	return client, true
}

func reportNewClient(f reportAPIFlags) (*cfapi.Client, error) {
	opts := cfapi.Options{BaseURL: *f.baseURL, UserAgent: "wflint"}
	if reportClientHook != nil {
		reportClientHook(&opts)
	}
	return cfapi.New(opts)
}

// reportOutboxDir picks the outbox directory: the flag, $WFLINT_OUTBOX,
// $XDG_STATE_HOME/wflint/outbox, or ~/.local/state/wflint/outbox. State,
// not cache: a report in the outbox has not reached Cloudflare yet, and a
// cache cleaner must not delete it.
func reportOutboxDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if d := os.Getenv("WFLINT_OUTBOX"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "wflint", "outbox"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no outbox directory: set --outbox or WFLINT_OUTBOX (%w)", err)
	}
	return filepath.Join(home, ".local", "state", "wflint", "outbox"), nil
}

// reportSubmit runs "wflint report submit".
func reportSubmit(args []string, stdout, stderr io.Writer) int {
	const cmd = "report submit"
	fs := reportFlagSet(cmd, stderr)
	api := reportAddAPIFlags(fs)
	var (
		dryRun = fs.Bool("dry-run", false, "validate and print the request body without sending it")
		force  = fs.Bool("force", false, "submit even if validation finds errors")
		retry  = fs.Bool("retry-outbox", false, "send the reports kept in the outbox (all zones, or --zone only)")
		outbox = fs.String("outbox", "", "outbox `directory` for reports that could not be sent")
	)
	files, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	if *retry {
		if len(files) > 0 || *dryRun || *force {
			return reportUsageErr(stderr, cmd, "--retry-outbox takes no report file, --dry-run or --force")
		}
		return reportRetryOutbox(api, *outbox, stdout, stderr)
	}
	if len(files) != 1 {
		return reportUsageErr(stderr, cmd, "give one report file")
	}
	if *api.zone == "" && !*dryRun {
		return reportUsageErr(stderr, cmd, "--zone is required")
	}
	data, err := reportReadFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}
	res := reportValidateBytes(data)
	reportPrintProblems(stderr, reportLocate(files[0], data, res.Diagnostics))
	if res.Report == nil {
		fmt.Fprintf(stderr, "wflint %s: %s is not a report; nothing to send\n", cmd, files[0])
		return reportExitFindings
	}
	if res.Diagnostics.HasErrors() && !*force {
		fmt.Fprintf(stderr, "wflint %s: not submitting an invalid report (fix it, or use --force)\n", cmd)
		return reportExitFindings
	}
	body, err := reportMarshal(res.Report)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	if *dryRun {
		_, _ = stdout.Write(body)
		fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
		return reportExitOK
	}

	sub, code := reportSubmitter(api, *outbox, cmd, stderr)
	if sub == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	result, err := sub.Submit(ctx, *api.zone, res.Report)
	if err != nil {
		// A QueuedError says where the report is kept; anything else
		// means it could not even be saved.
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		var q *cfapi.QueuedError
		if errors.As(err, &q) {
			fmt.Fprintf(stderr, "wflint %s: run 'wflint report submit --retry-outbox' to send it later\n", cmd)
		}
		return reportExitFailure
	}
	switch result.Outcome {
	case cfapi.OutcomeAlreadyPresent:
		fmt.Fprintf(stderr, "wflint %s: zone %s already has this report (an earlier attempt reached Cloudflare); not sent again\n", cmd, *api.zone)
	default:
		fmt.Fprintf(stderr, "wflint %s: submitted to zone %s\n", cmd, *api.zone)
	}
	_, _ = stdout.Write(body)
	return reportExitOK
}

// reportSubmitter builds the client and outbox, printing why when it cannot.
func reportSubmitter(api reportAPIFlags, outboxFlag, cmd string, stderr io.Writer) (*cfapi.Submitter, int) {
	client, ok := reportClientFor(api, cmd, stderr)
	if !ok {
		return nil, reportExitFailure
	}
	dir, err := reportOutboxDir(outboxFlag)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return nil, reportExitFailure
	}
	ob, err := cfapi.NewOutbox(dir)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: outbox: %s\n", cmd, reportErrText(err))
		return nil, reportExitFailure
	}
	return cfapi.NewSubmitter(client, ob), reportExitOK
}

// reportRetryOutbox sends the saved reports. Without --zone it is
// feedback's RetryOutbox. With --zone it resubmits that zone's entries one
// by one through Submit, which consults the saved entry's ambiguity flag
// (listing the zone's reports first when an earlier attempt may have
// arrived) and removes the entry once delivered, so nothing is doubled.
func reportRetryOutbox(api reportAPIFlags, outboxFlag string, stdout, stderr io.Writer) int {
	const cmd = "report submit --retry-outbox"
	sub, code := reportSubmitter(api, outboxFlag, cmd, stderr)
	if sub == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var sum cfapi.RetrySummary
	var err error
	if *api.zone == "" {
		sum, err = sub.RetryOutbox(ctx)
	} else {
		sum, err = reportRetryZone(ctx, sub, *api.zone)
	}
	fmt.Fprintf(stdout, "sent %d, already present %d, still in the outbox %d (%s)\n",
		sum.Sent, sum.AlreadyPresent, sum.Remaining, sub.Outbox.Dir())
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}
	if sum.Remaining > 0 {
		return reportExitFailure
	}
	return reportExitOK
}

// reportRetryZone delivers the outbox entries of one zone, oldest first.
// Like RetryOutbox it stops at a rate limit or a credentials problem,
// since every remaining report would fail the same way.
func reportRetryZone(ctx context.Context, sub *cfapi.Submitter, zone string) (cfapi.RetrySummary, error) {
	var sum cfapi.RetrySummary
	entries, err := sub.Outbox.List()
	if err != nil {
		return sum, err
	}
	var errs []error
	stopped := false
	for _, e := range entries {
		if e.Zone != zone {
			continue
		}
		if stopped || ctx.Err() != nil {
			sum.Remaining++
			continue
		}
		res, err := sub.Submit(ctx, zone, e.Report)
		switch {
		case err != nil:
			sum.Remaining++
			errs = append(errs, err)
			var apiErr *cfapi.APIError
			if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusTooManyRequests ||
				apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden) {
				stopped = true
			}
		case res.Outcome == cfapi.OutcomeAlreadyPresent:
			sum.AlreadyPresent++
		default:
			sum.Sent++
		}
	}
	return sum, errors.Join(errs...)
}

// reportList runs "wflint report list".
func reportList(args []string, stdout, stderr io.Writer) int {
	const cmd = "report list"
	fs := reportFlagSet(cmd, stderr)
	api := reportAddAPIFlags(fs)
	format := fs.String("format", "table", "output format: table or json")
	rest, ok := reportParseArgs(fs, args)
	if !ok {
		return reportExitFailure
	}
	switch {
	case len(rest) > 0:
		return reportUsageErr(stderr, cmd, "unexpected arguments %q", rest)
	case *api.zone == "":
		return reportUsageErr(stderr, cmd, "--zone is required")
	case *format != "table" && *format != "json":
		return reportUsageErr(stderr, cmd, "--format must be table or json")
	}
	client, ok := reportClientFor(api, cmd, stderr)
	if !ok {
		return reportExitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	list, err := client.ListFeedback(ctx, *api.zone)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, reportErrText(err))
		return reportExitFailure
	}
	if *format == "json" {
		if list == nil {
			list = []feedback.Report{}
		}
		b, err := reportMarshal(list)
		if err != nil {
			fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
			return reportExitFailure
		}
		_, _ = stdout.Write(b)
		return reportExitOK
	}
	if len(list) == 0 {
		fmt.Fprintf(stdout, "no feedback reports for zone %s\n", *api.zone)
		return reportExitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED\tTYPE\tREQUESTS\tFIRST SEEN\tLAST SEEN\tEXPRESSION")
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", reportOr(r.CreatedAt, "-"), reportOr(r.Type, "-"),
			reportThousands(r.Requests), reportOr(r.FirstRequestSeenAt, "-"), reportOr(r.LastRequestSeenAt, "-"),
			reportClip(reportOneLine(r.Expression), 60))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "wflint %s: %v\n", cmd, err)
		return reportExitFailure
	}
	return reportExitOK
}

// reportOr returns s, or def when s is empty.
func reportOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
