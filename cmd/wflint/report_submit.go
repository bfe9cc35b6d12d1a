package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/wflint/wflint/cmdline"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/reportview"
)

// submitCmd defines the flags of "wflint report submit" and returns what runs it.
func submitCmd(fs *flag.FlagSet) cmdline.Run[*env] {
	const cmd = "report submit"
	api := addAPIFlags(fs)
	var (
		dryRun  = fs.Bool("dry-run", false, "validate and print the request body without sending it")
		force   = fs.Bool("force", false, "submit even if validation finds errors")
		strict  = fs.Bool("strict", false, "treat warnings as blocking, like errors")
		retry   = fs.Bool("retry-outbox", false, "send the reports kept in the outbox (all zones, or --zone only)")
		unknown = fs.Bool("send-unknown", false, "also send created_at and members the API schema does not define (left out by default)")
		outbox  = fs.String("outbox", "", "outbox `directory` for reports that could not be sent (default $"+cfapi.EnvOutbox+" or $XDG_STATE_HOME/wflint/outbox)")
	)
	return func(e *env, files []string) int {
		stdout, stderr := e.stdout, e.stderr
		if *retry {
			if len(files) > 0 || *dryRun || *force {
				return usageError(stderr, cmd, "--retry-outbox takes no report file, --dry-run or --force")
			}
			return retryOutbox(api, *outbox, stdout, stderr)
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
		body, err := reportview.JSON(cfapi.Outgoing(res.Report, *unknown))
		if err != nil {
			return fail(stderr, cmd, err)
		}
		if *dryRun {
			_, _ = stdout.Write(body)
			fmt.Fprintf(stderr, "wflint %s: dry run: not sent\n", cmd)
			return exitOK
		}

		sub, ok := newSubmitter(api, *outbox, cmd, stderr)
		if !ok {
			return exitFailure
		}
		sub.SendUnknown = *unknown
		// SIGINT and SIGTERM cancel the call; the report is then in the
		// outbox, marked for a check before any resend.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		result, err := sub.Submit(ctx, *api.zone, res.Report)
		if err != nil {
			// A QueuedError says where the report is kept; anything else
			// means it could not even be saved.
			fail(stderr, cmd, err)
			var q *cfapi.QueuedError
			if errors.As(err, &q) {
				fmt.Fprintf(stderr, "wflint %s: run 'wflint report submit --retry-outbox' to send it later\n", cmd)
			}
			return exitFailure
		}
		switch result.Outcome {
		case cfapi.OutcomeAlreadyPresent:
			fmt.Fprintf(stderr, "wflint %s: zone %s already has this report (an earlier attempt reached Cloudflare); not sent again\n", cmd, *api.zone)
		default:
			fmt.Fprintf(stderr, "wflint %s: submitted to zone %s\n", cmd, *api.zone)
		}
		_, _ = stdout.Write(body)
		return exitOK
	}
}

// newSubmitter builds the client and outbox, printing why when it cannot.
func newSubmitter(api apiFlags, outboxFlag, cmd string, stderr io.Writer) (*cfapi.Submitter, bool) {
	client, ok := newClient(api, cmd, stderr)
	if !ok {
		return nil, false
	}
	dir, err := cfapi.OutboxDir(outboxFlag)
	if err != nil {
		fail(stderr, cmd, err)
		return nil, false
	}
	ob, err := cfapi.NewOutbox(dir)
	if err != nil {
		fmt.Fprintf(stderr, "wflint %s: outbox: %s\n", cmd, errText(err))
		return nil, false
	}
	return cfapi.NewSubmitter(client, ob), true
}

// retryOutbox sends the saved reports, of every zone or of --zone only.
func retryOutbox(api apiFlags, outboxFlag string, stdout, stderr io.Writer) int {
	const cmd = "report submit --retry-outbox"
	sub, ok := newSubmitter(api, outboxFlag, cmd, stderr)
	if !ok {
		return exitFailure
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var zones []string
	if *api.zone != "" {
		zones = []string{*api.zone}
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
