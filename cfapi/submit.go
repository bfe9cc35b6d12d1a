package cfapi

import (
	"slices"

	"github.com/wflint/wflint/feedback"

	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Submitter sends reports so that none is lost and none is filed twice:
// failures go to the Outbox, and after a failure that may have reached
// Cloudflare the zone's reports are listed before anything is resent.
//
// The protocol, for each report:
//
//  1. Write the intent record (Outbox.Intend): the report, marked in
//     flight, atomically and synced. Nothing is sent before it is on disk.
//  2. POST the report. A 201 (with any body, or none) is success.
//  3. After any failure that may follow the server's receipt (timeout,
//     connection reset, unreadable answer, 5xx), list the zone's reports
//     and look for it (see SameReport) before sending it again; found
//     means delivered.
//  4. On success remove the entry; on failure keep it with the reason.
//
// A process killed at any step leaves either nothing sent and nothing
// recorded (before step 1), or the entry in the outbox, which
// RetryOutbox resolves by step 3 before any resend: the report is filed
// once, never twice and never lost.
type Submitter struct {
	// Client talks to the API.
	Client *Client
	// Outbox keeps reports that could not be sent.
	Outbox *Outbox
	// SendUnknown sends the report as given. By default the read-only
	// created_at and members the API schema does not define are left
	// out (see feedback.Report.Submission).
	SendUnknown bool
	// Trace, when set, is called at each step of the protocol. Tests use
	// it to stop the process there.
	Trace func(Step)
}

// Step names a point of the submission protocol, for Submitter.Trace.
type Step string

// Steps of the protocol.
const (
	// StepIntent: the intent record is on disk; the POST has not started.
	StepIntent Step = "intent"
	// StepListed: after a failure that may have reached Cloudflare, the
	// zone's reports were listed and the report was looked for.
	StepListed Step = "listed"
	// StepAnswered: Cloudflare accepted the POST; the outbox entry is
	// still on disk.
	StepAnswered Step = "answered"
	// StepDone: the entry is removed.
	StepDone Step = "done"
)

func (s *Submitter) trace(st Step) {
	if s.Trace != nil {
		s.Trace(st)
	}
}

// NewSubmitter pairs a client with an outbox.
func NewSubmitter(c *Client, o *Outbox) *Submitter { return &Submitter{Client: c, Outbox: o} }

// Outcome says what happened to a report.
type Outcome string

// Outcomes of Submit and RetryOutbox.
const (
	// OutcomeSent: Cloudflare accepted the report.
	OutcomeSent Outcome = "sent"
	// OutcomeAlreadyPresent: an earlier attempt whose answer was lost had
	// in fact created the report, so it was not sent again.
	OutcomeAlreadyPresent Outcome = "already-present"
	// OutcomeQueued: the report could not be sent and is in the outbox.
	OutcomeQueued Outcome = "queued"
)

// SubmitResult describes one report's fate.
type SubmitResult struct {
	// Outcome is what happened.
	Outcome Outcome
	// Entry is the outbox entry when Outcome is OutcomeQueued.
	Entry *OutboxEntry
}

// Outgoing is the report as Submit sends it: with sendUnknown, as given;
// otherwise without the read-only created_at and the members the API schema
// does not define (feedback.Report.Submission). A dry run prints it.
func Outgoing(r *feedback.Report, sendUnknown bool) *feedback.Report {
	if sendUnknown {
		return r
	}
	return r.Submission()
}

// Submit sends the report. On failure it saves the report to the outbox and
// returns an error saying why and where the report is; the error wraps
// the API or network error. A report already in the outbox (same zone and
// content) is removed once it has been delivered.
func (s *Submitter) Submit(ctx context.Context, zone string, r *feedback.Report) (*SubmitResult, error) {
	if r == nil {
		return nil, errors.New("cfapi: nil report")
	}
	if err := CheckZoneID(zone); err != nil {
		return nil, err
	}
	r = Outgoing(r, s.SendUnknown)
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("cfapi: encoding the report: %w", err)
	}
	// If this very report is already queued after an ambiguous or
	// interrupted attempt, that attempt may have landed: check first.
	checkFirst := false
	if old, err := s.Outbox.read(s.Outbox.Path(id)); err == nil {
		checkFirst = old.Ambiguous || old.InFlight
	}
	outcome, err := s.deliver(ctx, zone, r, checkFirst)
	if err == nil {
		// If the removal fails the entry stays in flight, and the next
		// retry finds the report in the zone's list: no second copy.
		_ = s.Outbox.Remove(id)
		s.trace(StepDone)
		return &SubmitResult{Outcome: outcome}, nil
	}
	return s.queue(zone, r, err)
}

func (s *Submitter) queue(zone string, r *feedback.Report, cause error) (*SubmitResult, error) {
	e, saveErr := s.Outbox.Save(zone, r, cause, isAmbiguousCreate(cause))
	if saveErr != nil {
		// Both failed: say so loudly, the caller still holds the report.
		return nil, fmt.Errorf("cfapi: report NOT saved (%v) after submit failed: %w", saveErr, cause)
	}
	return &SubmitResult{Outcome: OutcomeQueued, Entry: e},
		&QueuedError{Path: s.Outbox.Path(e.ID), Err: cause}
}

// QueuedError is returned when a report could not be sent and was saved to
// the outbox instead.
type QueuedError struct {
	// Path is the outbox file holding the report.
	Path string
	// Err is why sending failed.
	Err error
}

// Error says what failed and where the report is kept.
func (e *QueuedError) Error() string {
	return fmt.Sprintf("feedback report not submitted, saved to %s: %v", e.Path, e.Err)
}

// Unwrap returns the sending error.
func (e *QueuedError) Unwrap() error { return e.Err }

// isAmbiguousCreate says whether a failed create may have created the
// report: the answer was lost (AmbiguousError) or the server failed
// part-way (5xx, possibly after acting).
func isAmbiguousCreate(err error) bool {
	if errors.Is(err, ErrAmbiguous) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 500
}

// deliver creates the report unless it is known to exist. checkFirst is set
// when an earlier attempt was ambiguous or interrupted. Every POST is
// preceded by the intent record, and every POST that may have reached the
// server is followed by a look at the zone's list before the next one.
func (s *Submitter) deliver(ctx context.Context, zone string, r *feedback.Report, checkFirst bool) (Outcome, error) {
	if checkFirst {
		found, err := s.exists(ctx, zone, r)
		if err != nil {
			// Still unknown whether the earlier attempt landed.
			return "", &AmbiguousError{Err: fmt.Errorf("checking whether an earlier attempt already created the report: %w", err)}
		}
		if found {
			return OutcomeAlreadyPresent, nil
		}
	}
	for attempt := 1; ; attempt++ {
		if _, err := s.Outbox.Intend(zone, r); err != nil {
			return "", fmt.Errorf("not sent, because the outbox could not record it first: %w", err)
		}
		s.trace(StepIntent)
		err := s.Client.CreateFeedback(ctx, zone, r)
		if err == nil {
			s.trace(StepAnswered)
			return OutcomeSent, nil
		}
		if !isAmbiguousCreate(err) || ctx.Err() != nil {
			return "", err
		}
		found, listErr := s.exists(ctx, zone, r)
		s.trace(StepListed)
		if listErr != nil {
			return "", fmt.Errorf("%w; and checking whether the report was created failed: %v", err, listErr)
		}
		if found {
			return OutcomeAlreadyPresent, nil
		}
		// Not there: that attempt did not land, so a resend is safe.
		// (A report still being processed could be missed; the API has
		// no way to look one up by ID, so this is the best check there
		// is.)
		if attempt >= s.Client.maxAttempts {
			return "", err
		}
		delay := s.Client.backoff(attempt)
		if s.Client.logf != nil {
			s.Client.logf("cfapi: %s; not in the zone's reports, resending in %s (attempt %d of %d)",
				s.Client.scrubber().scrub(err.Error()), delay.Round(time.Millisecond), attempt+1, s.Client.maxAttempts)
		}
		if serr := s.Client.sleep(ctx, delay); serr != nil {
			return "", fmt.Errorf("%w; waiting to resend: %v", err, serr)
		}
	}
}

func (s *Submitter) exists(ctx context.Context, zone string, r *feedback.Report) (bool, error) {
	list, err := s.Client.ListFeedback(ctx, zone)
	if err != nil {
		return false, err
	}
	for i := range list {
		if SameReport(&list[i], r) {
			return true, nil
		}
	}
	return false, nil
}

// SameReport reports whether a and b describe the same submission: same
// type, expression, description, request count and sample window.
// Timestamps are compared as instants because the server may reformat
// them (for example adding fractional seconds).
func SameReport(a, b *feedback.Report) bool {
	return a.Type == b.Type && a.Expression == b.Expression && a.Description == b.Description &&
		a.Requests == b.Requests &&
		sameInstant(a.FirstRequestSeenAt, b.FirstRequestSeenAt) &&
		sameInstant(a.LastRequestSeenAt, b.LastRequestSeenAt)
}

func sameInstant(a, b string) bool {
	if a == b {
		return true
	}
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Equal(tb)
}

// RetrySummary counts what RetryOutbox did.
type RetrySummary struct {
	// Sent reports were created now.
	Sent int
	// AlreadyPresent reports turned out to exist already.
	AlreadyPresent int
	// Remaining reports are still in the outbox.
	Remaining int
}

// RetryOutbox tries to deliver every saved report, oldest first, or with
// zones only the reports for those zones (the others are left alone and not
// counted). A report is removed from the outbox only once Cloudflare has
// it; failures update the entry's reason and attempt count. It stops early,
// keeping the rest, when ctx is done or the API rate-limits or rejects the
// credentials, since the remaining reports would fail the same way.
func (s *Submitter) RetryOutbox(ctx context.Context, zones ...string) (RetrySummary, error) {
	var sum RetrySummary
	all, listErr := s.Outbox.List()
	var errs []error
	if listErr != nil {
		errs = append(errs, listErr)
	}
	entries := all[:0:0]
	for _, e := range all {
		if len(zones) == 0 || slices.Contains(zones, e.Zone) {
			entries = append(entries, e)
		}
	}
	for i, e := range entries {
		if ctx.Err() != nil {
			sum.Remaining += len(entries) - i
			errs = append(errs, ctx.Err())
			break
		}
		outcome, err := s.deliver(ctx, e.Zone, e.Report, e.Ambiguous || e.InFlight)
		if err != nil {
			sum.Remaining++
			if _, saveErr := s.Outbox.Save(e.Zone, e.Report, err, isAmbiguousCreate(err)); saveErr != nil {
				errs = append(errs, saveErr)
			}
			errs = append(errs, fmt.Errorf("outbox entry %s (zone %s): %w", e.ID, e.Zone, err))
			if stopRetrying(err) {
				sum.Remaining += len(entries) - i - 1
				break
			}
			continue
		}
		if err := s.Outbox.Remove(e.ID); err != nil {
			// Delivered but still on disk: the next run will find it in
			// the zone's list and not send it again, as it is marked
			// ambiguous now.
			_, _ = s.Outbox.Save(e.Zone, e.Report, err, true)
			errs = append(errs, err)
		}
		switch outcome {
		case OutcomeSent:
			sum.Sent++
		case OutcomeAlreadyPresent:
			sum.AlreadyPresent++
		}
	}
	return sum, errors.Join(errs...)
}

func stopRetrying(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusTooManyRequests, http.StatusUnauthorized, http.StatusForbidden:
			return true
		}
	}
	return false
}
