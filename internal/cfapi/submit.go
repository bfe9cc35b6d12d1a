package cfapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/wflint/wflint/internal/feedback"
)

// DefaultPatience is how long, after an outcome that leaves in doubt
// whether Cloudflare stored a report, the zone's list is watched for it
// before the report is taken as not stored (Submitter.Patience).
const DefaultPatience = 30 * time.Second

// Submitter sends reports so that each is stored once: not lost, and not
// stored twice, whether it is sent by one process or by several (CI jobs,
// cron, people's terminals), at once or one after another, on this
// machine or another.
//
// The protocol, for each report:
//
//  1. Take the zone's lock in the outbox (a file lock; see Outbox), held
//     until the report is resolved. A second process waits for it at
//     most LockWait, saying for whom, then works on what the first left.
//  2. Keep the report in the outbox (atomically, synced), so that a
//     process stopped from here on leaves it for RetryOutbox.
//  3. List the zone's reports, every page, and look for one with the
//     report's key (SameReport). One there means the report is stored:
//     it is not sent again (unless AllowDuplicate asks for another copy).
//  4. Write the intent record (Outbox.Intend): the report, in flight,
//     synced. Nothing is sent before it is on disk.
//  5. POST the report. A 201 (with an empty body, {} or an envelope that
//     says success) is success; one with no envelope is confirmed in the
//     list (waiting as in step 6), but not sent again if the list does
//     not show it.
//  6. After any outcome that leaves in doubt whether the report was
//     stored (5xx, timeout, reset, an unreadable answer or one that says
//     success: false), list the zone again, and while the report is not
//     there, again with backoff for up to Patience, before concluding
//     that it was not stored and resending it.
//  7. On success keep a [Receipt] in the outbox and remove the entry;
//     on failure keep the entry with the reason.
//
// A process killed at any step leaves the zone unlocked (the system lets
// go of a dead process's lock) and the report in the outbox, marked in
// flight from step 4 on, which RetryOutbox resolves by step 6 before any
// resend. Killed before step 2 it leaves nothing in the outbox and has
// sent nothing; after step 1 the lock file names the report it was about
// to keep, and the next process to take the lock says so.
//
// What it cannot promise: a report that the zone's list still does not
// show Patience after it was stored is sent again (the API has no
// idempotency key and no way to fetch one report), and two copies that
// match the key are one report to it.
type Submitter struct {
	// Client talks to the API.
	Client *Client
	// Outbox keeps reports until they are delivered.
	Outbox *Outbox
	// SendUnknown sends the report as given. By default the read-only
	// created_at and members the API schema does not define are left
	// out (see feedback.Report.Submission).
	SendUnknown bool
	// AllowDuplicate sends the report even when the zone already holds
	// one with the same key: another copy, on purpose. Exactly one more
	// copy is stored, however the sending goes.
	AllowDuplicate bool
	// Patience bounds how long, after an outcome that leaves in doubt
	// whether a report was stored, the zone's list is watched for it:
	// DefaultPatience when zero, a single look when negative. It counts
	// from the attempt in doubt, so a report left in flight long ago is
	// looked for once.
	Patience time.Duration
	// LockWait bounds the wait for another process that holds the
	// zone's lock: DefaultLockWait when zero or less.
	LockWait time.Duration
	// Command is the wflint command this process runs ("report submit"),
	// for the lock file: another process that has to wait shows it. Empty,
	// it is shown as "a process".
	Command string
	// Notify, when set, receives what a person waiting should know: a
	// lock held by another process, a list that does not show the report
	// yet, files recovered from an interrupted run. Lines never contain
	// credentials.
	Notify func(format string, args ...any)
	// Trace, when set, is called at each step of the protocol. Tests use
	// it to stop the process there.
	Trace func(Step)
}

// Step names a point of the submission protocol, for Submitter.Trace.
type Step string

// Steps of the protocol.
const (
	// StepLocked: the zone's lock is held; the outbox is not written yet.
	StepLocked Step = "locked"
	// StepKept: the report is in the outbox; the zone is not listed yet.
	StepKept Step = "kept"
	// StepChecked: the zone was listed and the report is not there; the
	// intent record is not written yet.
	StepChecked Step = "checked"
	// StepIntent: the intent record is on disk; the POST has not started.
	StepIntent Step = "intent"
	// StepListed: after a failure that may have reached Cloudflare, the
	// zone's reports were listed and the report was looked for.
	StepListed Step = "listed"
	// StepAnswered: Cloudflare accepted the POST; the outbox entry is
	// still on disk.
	StepAnswered Step = "answered"
	// StepDone: the receipt is written and the entry removed.
	StepDone Step = "done"
)

func (s *Submitter) trace(st Step) {
	if s.Trace != nil {
		s.Trace(st)
	}
}

// notify tells Notify, or else the client's Logf.
func (s *Submitter) notify(format string, args ...any) {
	switch {
	case s.Notify != nil:
		s.Notify(format, args...)
	case s.Client != nil && s.Client.logf != nil:
		s.Client.logf(format, args...)
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
	// OutcomeAlreadyPresent: the zone already holds the report (an
	// earlier run, or an attempt whose answer was lost, stored it), so it
	// was not sent again.
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
	// Stored is the zone's stored report that matched, when Outcome is
	// OutcomeAlreadyPresent (its CreatedAt says when it was stored).
	Stored *feedback.Report
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

func (s *Submitter) lockWait() time.Duration {
	if s.LockWait <= 0 {
		return DefaultLockWait
	}
	return s.LockWait
}

func (s *Submitter) patience() time.Duration {
	switch {
	case s.Patience == 0:
		return DefaultPatience
	case s.Patience < 0:
		return 0
	}
	return s.Patience
}

// Submit sends the report unless the zone already holds it. On failure
// it keeps the report in the outbox and returns a *QueuedError saying why
// and where the report is; the error wraps the API or network error. When
// the outbox cannot record the report first, nothing is sent and the
// error is a *NotSentError; when another process holds the zone's lock
// for longer than LockWait, a *LockedError.
func (s *Submitter) Submit(ctx context.Context, zone string, r *feedback.Report) (*SubmitResult, error) {
	if r == nil {
		return nil, errors.New("no report given")
	}
	if err := CheckZoneID(zone); err != nil {
		return nil, err
	}
	r = Outgoing(r, s.SendUnknown)
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	lock, prev, err := s.Outbox.lockZone(ctx, zone, Holder{Command: s.Command, Report: id}, s.lockWait(), s.Notify)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()
	s.trace(StepLocked)
	s.tidy(zone, prev, id)

	old, _ := s.Outbox.read(s.Outbox.Path(id))
	if old == nil {
		if _, err := s.Outbox.keep(zone, r); err != nil {
			return nil, err
		}
	}
	s.trace(StepKept)
	res, err := s.deliver(ctx, zone, r, id, old)
	if err == nil {
		s.delivered(zone, r, id, res)
		return res, nil
	}
	return s.queue(zone, r, err)
}

// tidy recovers what a stopped process left in zone's part of the outbox
// and says so (not of report current, which this run sends); it returns
// the notes.
func (s *Submitter) tidy(zone string, prev *Holder, current string) []string {
	var notes []string
	note := func(format string, args ...any) {
		notes = append(notes, fmt.Sprintf(format, args...))
		s.notify(format, args...)
	}
	t, err := s.Outbox.tidy(zone)
	for _, id := range t.Recovered {
		note("recovered report %s of zone %s from a write that was interrupted (it was not sent then)", id, zone)
	}
	if t.Removed > 0 {
		note("removed %d partial temporary file(s) of zone %s from the outbox", t.Removed, zone)
	}
	if err != nil {
		note("could not tidy the outbox: %v", err)
	}
	if prev != nil && validID(prev.Report) && prev.Report != current {
		if _, err := s.Outbox.read(s.Outbox.Path(prev.Report)); err != nil && s.Outbox.readReceipt(prev.Report) == nil {
			note("%s stopped before it recorded report %s of zone %s: that report was not sent; run that command again", prev, prev.Report, zone)
		}
	}
	return notes
}

// delivered records a delivery: the receipt first, then the entry goes.
// If the removal fails the entry stays in flight, and the next run finds
// the report in the zone's list: no second copy.
func (s *Submitter) delivered(zone string, r *feedback.Report, id string, res *SubmitResult) {
	rc := Receipt{ID: id, Zone: zone, Type: r.Type, Description: r.Description, Outcome: res.Outcome, At: s.Outbox.now().UTC()}
	if res.Stored != nil {
		rc.CreatedAt = res.Stored.CreatedAt
	}
	if err := s.Outbox.writeReceipt(rc); err != nil {
		s.notify("delivered, but the receipt could not be written (%v); the zone's list still tells", err)
	}
	_ = s.Outbox.Remove(id)
	s.trace(StepDone)
}

func (s *Submitter) queue(zone string, r *feedback.Report, cause error) (*SubmitResult, error) {
	var ns *NotSentError
	if errors.As(cause, &ns) {
		// The outbox failed before the report was sent: nothing to add.
		return nil, cause
	}
	e, saveErr := s.Outbox.Save(zone, r, cause, isAmbiguousCreate(cause))
	if saveErr != nil {
		// Both failed: say so loudly, the caller still holds the report.
		return nil, fmt.Errorf("report NOT saved to the outbox (%v) after submitting failed: %w", saveErr, cause)
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
// report: the answer was lost or unreadable (AmbiguousError) or the
// server failed part-way (5xx, possibly after acting).
func isAmbiguousCreate(err error) bool {
	if errors.Is(err, ErrAmbiguous) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 500
}

// deliver sends the report unless the zone holds it already; the caller
// holds the zone's lock and the report is in the outbox. old is the entry
// as it was before this run (nil if there was none).
func (s *Submitter) deliver(ctx context.Context, zone string, r *feedback.Report, id string, old *OutboxEntry) (*SubmitResult, error) {
	baseline := 0
	if old != nil {
		baseline = old.Baseline
	}
	allowDup := s.AllowDuplicate || baseline > 0

	// Look first: an earlier attempt, run or machine may have stored it.
	var since time.Time
	if old != nil && (old.Ambiguous || old.InFlight) {
		// An attempt of ours may have landed: give the list time.
		since = old.LastAttemptAt
	}
	matches, err := s.look(ctx, zone, r, baseline, since)
	if err != nil {
		err = fmt.Errorf("not sent: checking the zone's reports for this one first failed: %w", err)
		if !since.IsZero() {
			// Still unknown whether the earlier attempt landed.
			return nil, &AmbiguousError{Err: err}
		}
		return nil, err
	}
	if len(matches) > baseline && (!allowDup || !since.IsZero()) {
		return &SubmitResult{Outcome: OutcomeAlreadyPresent, Stored: &matches[len(matches)-1]}, nil
	}
	if since.IsZero() && !allowDup {
		if rc := s.Outbox.readReceipt(id); rc != nil {
			// Delivered from here before, yet not listed: the list may
			// lag; give it time from then, then trust it.
			if matches, err = s.look(ctx, zone, r, 0, rc.At); err == nil && len(matches) > 0 {
				return &SubmitResult{Outcome: OutcomeAlreadyPresent, Stored: &matches[len(matches)-1]}, nil
			}
			s.notify("the receipt says this report was delivered to zone %s at %s, but the zone's list does not show it: sending it again",
				zone, rc.At.Local().Format(time.DateTime))
		}
	}
	if allowDup {
		baseline = len(matches)
	}
	s.trace(StepChecked)

	for attempt := 1; ; attempt++ {
		if _, err := s.Outbox.Intend(zone, r, baseline); err != nil {
			return nil, err
		}
		s.trace(StepIntent)
		bare, err := s.Client.createFeedback(ctx, zone, r)
		if err == nil {
			s.trace(StepAnswered)
			res := &SubmitResult{Outcome: OutcomeSent}
			if bare {
				// A 201 with nothing in it: the status says stored;
				// the list confirms it (and says when), given time.
				// Not seen, it is still not sent again: the receipt
				// makes the next run look for it first.
				matches, err := s.look(ctx, zone, r, baseline, s.Client.now())
				switch {
				case err == nil && len(matches) > baseline:
					res.Stored = &matches[len(matches)-1]
				case err == nil:
					s.notify("Cloudflare answered 201 with no body, and zone %s's list does not show the report yet; it is not sent again (the next submit looks for it first)", zone)
				}
			}
			return res, nil
		}
		if !isAmbiguousCreate(err) || ctx.Err() != nil {
			return nil, err
		}
		matches, listErr := s.look(ctx, zone, r, baseline, s.Client.now())
		s.trace(StepListed)
		if listErr != nil {
			return nil, fmt.Errorf("%w; and checking whether the report was stored failed: %v", err, listErr)
		}
		if len(matches) > baseline {
			return &SubmitResult{Outcome: OutcomeAlreadyPresent, Stored: &matches[len(matches)-1]}, nil
		}
		// Not there after the wait: that attempt did not store it, so
		// a resend is safe (short of a list slower than Patience).
		if attempt >= s.Client.maxAttempts {
			return nil, err
		}
		delay := s.Client.backoff(attempt)
		s.notify("%s; not in the zone's reports, resending in %s (attempt %d of %d)",
			s.Client.scrubber().scrub(err.Error()), delay.Round(time.Millisecond), attempt+1, s.Client.maxAttempts)
		if serr := s.Client.sleep(ctx, delay); serr != nil {
			return nil, fmt.Errorf("%w; waiting to resend: %v", err, serr)
		}
	}
}

// look lists the zone's reports and returns those that match r, oldest
// first. When since is set and the zone holds no more than baseline of
// them, it looks again with backoff until Patience after since has passed
// (waiting is measured by the delays slept, so a test's clock decides).
func (s *Submitter) look(ctx context.Context, zone string, r *feedback.Report, baseline int, since time.Time) ([]feedback.Report, error) {
	patience := s.patience()
	left := time.Duration(0)
	if !since.IsZero() {
		left = min(patience, patience-s.Client.now().Sub(since))
	}
	told := false
	for n := 1; ; n++ {
		matches, err := s.matching(ctx, zone, r)
		if err != nil {
			return nil, err
		}
		if len(matches) > baseline || left <= 0 {
			return matches, nil
		}
		d := min(s.pollDelay(n), left)
		if !told {
			s.notify("zone %s's list does not show the report yet; looking again for up to %s", zone, left.Round(time.Second))
			told = true
		}
		if err := s.Client.sleep(ctx, d); err != nil {
			return nil, err
		}
		left -= d
	}
}

// pollDelay is the wait before the n+1th look: the client's base delay,
// doubling, at most eight times it.
func (s *Submitter) pollDelay(n int) time.Duration {
	d := s.Client.baseDelay
	for i := 1; i < n && d < 8*s.Client.baseDelay; i++ {
		d *= 2
	}
	return min(d, 8*s.Client.baseDelay)
}

// matching returns the zone's reports that match r (SameReport), oldest
// first. One stored report listed twice (a list that moved while its
// pages were read) counts once: same key and same created_at.
func (s *Submitter) matching(ctx context.Context, zone string, r *feedback.Report) ([]feedback.Report, error) {
	list, err := s.Client.ListFeedback(ctx, zone)
	if err != nil {
		return nil, err
	}
	var out []feedback.Report
	seen := map[string]bool{}
	for i := range list {
		if !SameReport(&list[i], r) {
			continue
		}
		if c := list[i].CreatedAt; c != "" {
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		out = append(out, list[i])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt < out[j].CreatedAt })
	return out, nil
}

// SameReport reports whether a and b describe the same submission: same
// type, expression, description, request count and sample window. This
// is the key Submitter looks for in the zone's list. Timestamps are
// compared as instants because the server may reformat them (for example
// adding fractional seconds); the histograms, the subtype and created_at
// are not compared.
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
	// Notes say what was recovered from interrupted runs (also given to
	// Notify as they happen).
	Notes []string
}

// RetryOutbox tries to deliver every saved report, oldest first, or with
// zones only the reports for those zones (the others are left alone and not
// counted). Each zone is worked on under its lock, with the entries read
// again once the lock is held, so a report another process delivered
// meanwhile is not touched. A report is removed from the outbox only once
// Cloudflare has it; failures update the entry's reason and attempt
// count. It stops early, keeping the rest, when ctx is done or the API
// rate-limits or rejects the credentials, since the remaining reports
// would fail the same way; a zone whose lock stays held is skipped.
func (s *Submitter) RetryOutbox(ctx context.Context, zones ...string) (RetrySummary, error) {
	var sum RetrySummary
	all, listErr := s.Outbox.List()
	var errs []error
	if listErr != nil {
		errs = append(errs, listErr)
	}
	want := func(z string) bool { return len(zones) == 0 || slices.Contains(zones, z) }
	count := map[string]int{}
	var order []string
	add := func(z string) {
		if _, ok := count[z]; !ok && want(z) {
			count[z] = 0
			order = append(order, z)
		}
	}
	for _, e := range all {
		add(e.Zone)
		if want(e.Zone) {
			count[e.Zone]++
		}
	}
	for _, z := range s.Outbox.leftZones() {
		add(z)
	}
	stopped := false
	for _, zone := range order {
		if stopped || ctx.Err() != nil {
			sum.Remaining += count[zone]
			continue
		}
		if err := CheckZoneID(zone); err != nil {
			sum.Remaining += count[zone]
			errs = append(errs, fmt.Errorf("outbox entries for %q: %w", zone, err))
			continue
		}
		wait := s.lockWait()
		if count[zone] == 0 {
			// Only leftovers: a process at work there now will see to
			// them; do not wait for it.
			wait = 0
		}
		lock, prev, err := s.Outbox.lockZone(ctx, zone, Holder{Command: s.Command}, wait, s.Notify)
		var le *LockedError
		if errors.As(err, &le) && count[zone] == 0 {
			continue
		}
		if err != nil {
			sum.Remaining += count[zone]
			errs = append(errs, err)
			continue
		}
		s.trace(StepLocked)
		sum.Notes = append(sum.Notes, s.tidy(zone, prev, "")...)
		stopped = s.retryZone(ctx, zone, &sum, &errs)
		lock.unlock()
	}
	if ctx.Err() != nil {
		errs = append(errs, ctx.Err())
	}
	return sum, errors.Join(errs...)
}

// retryZone delivers zone's entries; the caller holds the zone's lock. It
// returns true when the rest of the outbox should wait (see stopRetrying).
func (s *Submitter) retryZone(ctx context.Context, zone string, sum *RetrySummary, errs *[]error) bool {
	all, err := s.Outbox.List()
	if err != nil {
		*errs = append(*errs, err)
	}
	var entries []*OutboxEntry
	for _, e := range all {
		if e.Zone == zone {
			entries = append(entries, e)
		}
	}
	for i, e := range entries {
		if ctx.Err() != nil {
			sum.Remaining += len(entries) - i
			return true
		}
		res, err := s.deliver(ctx, e.Zone, e.Report, e.ID, e)
		if err != nil {
			sum.Remaining++
			var ns *NotSentError
			if !errors.As(err, &ns) {
				if _, saveErr := s.Outbox.Save(e.Zone, e.Report, err, isAmbiguousCreate(err)); saveErr != nil {
					*errs = append(*errs, saveErr)
				}
			}
			*errs = append(*errs, fmt.Errorf("outbox entry %s (zone %s): %w", e.ID, e.Zone, err))
			if stopRetrying(err) {
				sum.Remaining += len(entries) - i - 1
				return true
			}
			continue
		}
		s.delivered(e.Zone, e.Report, e.ID, res)
		switch res.Outcome {
		case OutcomeSent:
			sum.Sent++
		case OutcomeAlreadyPresent:
			sum.AlreadyPresent++
		}
	}
	return false
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
