package cfapi

import (
	"github.com/wflint/wflint/internal/feedback"

	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Outbox is a directory of reports that are being sent or could not be
// sent yet. Each report is one JSON file named after a hash of its zone and
// content, so saving the same report twice keeps a single file. Beside
// them: one lock file per zone (<zone>.lock, see Submitter), and in sent/
// a receipt per delivered report.
type Outbox struct {
	dir string
	now func() time.Time
	// fault, when set, is asked before each step of a write ("create",
	// "write", "sync", "rename") and fails it with its error: tests use
	// it to fill the disk.
	fault func(op string) error
}

// OutboxEntry is one saved report.
type OutboxEntry struct {
	// ID names the entry; it is derived from Zone and Report.
	ID string `json:"id"`
	// Zone is the zone the report is for.
	Zone string `json:"zone"`
	// Report is the report, exactly as it will be sent.
	Report *feedback.Report `json:"report"`
	// Reason is why the last attempt failed (never contains credentials).
	Reason string `json:"reason"`
	// Ambiguous means the last attempt may have reached Cloudflare, so the
	// zone's reports must be checked before resending.
	Ambiguous bool `json:"ambiguous"`
	// InFlight means a create call for this report was about to start or
	// under way when the entry was written (the intent record). An entry
	// still in flight when no wflint is running was interrupted (killed,
	// or the machine stopped): the report may or may not have reached
	// Cloudflare, so it is treated as Ambiguous.
	InFlight bool `json:"in_flight,omitempty"`
	// Baseline is how many reports with this report's key (SameReport)
	// the zone held before it was first sent: 0, unless another copy was
	// asked for (Submitter.AllowDuplicate). The report is in the zone once
	// the zone holds more than that.
	Baseline int `json:"copies_before,omitempty"`
	// Attempts counts failed attempts so far.
	Attempts int `json:"attempts"`
	// SavedAt is when the report was first saved.
	SavedAt time.Time `json:"saved_at"`
	// LastAttemptAt is when it last failed, or was last about to be sent.
	LastAttemptAt time.Time `json:"last_attempt_at"`
}

// Receipt records a delivered report, in the outbox's sent/ directory. It
// is a hint: the zone's list is the truth, and a receipt whose report the
// list does not show makes the next submit wait for the list a while
// (Submitter.Patience) before it sends again.
type Receipt struct {
	// ID is the outbox ID of the report (zone and content).
	ID string `json:"id"`
	// Zone is the zone it went to.
	Zone string `json:"zone"`
	// Type and Description say which report it was.
	Type        string `json:"type"`
	Description string `json:"description"`
	// Outcome is how it was delivered (sent, or already present).
	Outcome Outcome `json:"outcome"`
	// At is when delivery was confirmed.
	At time.Time `json:"at"`
	// CreatedAt is the stored report's created_at, when the list showed it.
	CreatedAt string `json:"created_at,omitempty"`
}

const (
	outboxExt    = ".json"
	outboxTmpPfx = ".tmp-"
	receiptDir   = "sent"
	// orphanAge is how old an unreadable temporary file of unknown zone
	// must be before it is removed: a write takes milliseconds.
	orphanAge = time.Hour
)

// EnvOutbox names the environment variable that overrides the default
// outbox directory.
const EnvOutbox = "WFLINT_OUTBOX"

// OutboxDir picks the outbox directory: dir if set, $WFLINT_OUTBOX,
// $XDG_STATE_HOME/wflint/outbox, or ~/.local/state/wflint/outbox. State,
// not cache: a report in the outbox has not reached Cloudflare yet, and a
// cache cleaner must not delete it.
func OutboxDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if d := os.Getenv(EnvOutbox); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "wflint", "outbox"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no outbox directory: set --outbox or %s (%w)", EnvOutbox, err)
	}
	return filepath.Join(home, ".local", "state", "wflint", "outbox"), nil
}

// NewOutbox opens (creating if needed) the outbox directory. The directory
// is private to the user because reports describe the zone's traffic. A
// directory that cannot be created is a *NotSentError.
func NewOutbox(dir string) (*Outbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &NotSentError{Path: dir, Err: err}
	}
	return &Outbox{dir: dir, now: time.Now}, nil
}

// Dir returns the outbox directory.
func (o *Outbox) Dir() string { return o.dir }

// entryID hashes the zone and report so the same report always maps to the
// same file.
func entryID(zone string, r *feedback.Report) (string, error) {
	body, err := r.MarshalJSON()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(zone))
	h.Write([]byte{0})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// validID says whether id can name an entry file: what entryID makes.
func validID(id string) bool {
	return len(id) == 20 && strings.Trim(id, "0123456789abcdef") == ""
}

// Path returns the file that holds the entry with the given ID.
func (o *Outbox) Path(id string) string { return filepath.Join(o.dir, id+outboxExt) }

// Save records a failed report with the reason. Saving a report that is
// already in the outbox updates its reason and attempt count.
func (o *Outbox) Save(zone string, r *feedback.Report, reason error, ambiguous bool) (*OutboxEntry, error) {
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("saving to outbox: %w", err)
	}
	now := o.now().UTC()
	e := &OutboxEntry{ID: id, Zone: zone, Report: r, SavedAt: now}
	if old, err := o.read(o.Path(id)); err == nil {
		e.SavedAt, e.Attempts, e.Baseline = old.SavedAt, old.Attempts, old.Baseline
		// Once ambiguous, always ambiguous: a later clean failure does
		// not prove the earlier attempt did not land.
		ambiguous = ambiguous || old.Ambiguous
	}
	e.Attempts++
	e.LastAttemptAt = now
	e.Ambiguous = ambiguous
	if reason != nil {
		e.Reason = reason.Error()
	}
	if err := o.write(e); err != nil {
		return nil, err
	}
	return e, nil
}

// keep records a report before anything is done with it, so that a
// process stopped from here on leaves it in the outbox for --retry-outbox.
// An entry that exists already is returned as it is.
func (o *Outbox) keep(zone string, r *feedback.Report) (*OutboxEntry, error) {
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("recording the report: %w", err)
	}
	if old, err := o.read(o.Path(id)); err == nil {
		return old, nil
	}
	now := o.now().UTC()
	e := &OutboxEntry{ID: id, Zone: zone, Report: r, SavedAt: now, LastAttemptAt: now,
		Reason: "not sent yet: the process that was to send it stopped before it did"}
	// Not synced: a killed process's writes survive it, and only the
	// intent record (before the POST) must survive a power loss.
	if err := o.writeFile(e, false); err != nil {
		return nil, err
	}
	return e, nil
}

// Intend writes the intent record: the report is about to be sent. It is
// written (atomically, synced) before every create call, so a process
// killed at any point leaves the report in the outbox, marked InFlight,
// and the next --retry-outbox looks for it in the zone's reports before
// sending it again. baseline is Baseline (0 unless another copy was asked
// for). Attempts and an earlier Ambiguous are kept.
func (o *Outbox) Intend(zone string, r *feedback.Report, baseline int) (*OutboxEntry, error) {
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("recording the intent to send: %w", err)
	}
	now := o.now().UTC()
	e := &OutboxEntry{ID: id, Zone: zone, Report: r, SavedAt: now,
		Reason: "interrupted while sending; the zone's reports are checked before it is sent again"}
	if old, err := o.read(o.Path(id)); err == nil {
		e.SavedAt, e.Attempts, e.Ambiguous = old.SavedAt, old.Attempts, old.Ambiguous
		if old.Reason != "" && old.Attempts > 0 {
			e.Reason = old.Reason
		}
	}
	e.InFlight = true
	e.Baseline = baseline
	e.LastAttemptAt = now
	if err := o.write(e); err != nil {
		return nil, err
	}
	return e, nil
}

// step asks the fault hook about one step of a write.
func (o *Outbox) step(op string) error {
	if o.fault != nil {
		return o.fault(op)
	}
	return nil
}

// write stores an entry atomically and durably: a reader (or a crash)
// sees the old file or the new one, never half of one. The temporary file
// is named after the zone and the entry (.tmp-<zone>-<id>-*), so that a
// process holding the zone's lock can recover or remove one that a killed
// process left (see tidy). A failure is a *NotSentError naming the file.
func (o *Outbox) write(e *OutboxEntry) error { return o.writeFile(e, true) }

// writeFile is write, synced to the disk only when durable.
func (o *Outbox) writeFile(e *OutboxEntry, durable bool) error {
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding outbox entry: %w", err)
	}
	if err := o.step("create"); err != nil {
		return &NotSentError{Path: o.dir, Err: err}
	}
	tmp, err := os.CreateTemp(o.dir, outboxTmpPfx+e.Zone+"-"+e.ID+"-*")
	if err != nil {
		return &NotSentError{Path: o.dir, Err: err}
	}
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	fail := func(err error) error { return &NotSentError{Path: o.Path(e.ID), Err: err} }
	if err := o.step("write"); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		return fail(err)
	}
	// Sync before rename so the new name never points at unwritten data
	// after a power loss.
	if err := o.step("sync"); err != nil {
		return fail(err)
	}
	if durable {
		if err := tmp.Sync(); err != nil {
			return fail(err)
		}
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := o.step("rename"); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), o.Path(e.ID)); err != nil {
		return fail(err)
	}
	ok = true
	if durable {
		syncDir(o.dir)
	}
	return nil
}

// syncDir persists a rename in dir; not supported everywhere.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func (o *Outbox) read(path string) (*OutboxEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var e OutboxEntry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if e.Report == nil || e.Zone == "" {
		return nil, fmt.Errorf("%s: not an outbox entry (no zone or report)", path)
	}
	return &e, nil
}

// List returns the saved entries, oldest first. Files that cannot be read
// are reported in the error but left in place: nothing is deleted that
// has not been delivered.
func (o *Outbox) List() ([]*OutboxEntry, error) {
	des, err := os.ReadDir(o.dir)
	if err != nil {
		return nil, fmt.Errorf("reading outbox: %w", err)
	}
	var out []*OutboxEntry
	var errs []error
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, outboxExt) || strings.HasPrefix(name, outboxTmpPfx) {
			continue
		}
		e, err := o.read(filepath.Join(o.dir, name))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		e.ID = strings.TrimSuffix(name, outboxExt)
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].SavedAt.Equal(out[j].SavedAt) {
			return out[i].SavedAt.Before(out[j].SavedAt)
		}
		return out[i].ID < out[j].ID
	})
	if len(errs) > 0 {
		return out, fmt.Errorf("unreadable outbox entries: %w", errors.Join(errs...))
	}
	return out, nil
}

// Remove deletes an entry; removing one that is already gone is not an
// error.
func (o *Outbox) Remove(id string) error {
	if id == "" || filepath.Base(id) != id || strings.HasPrefix(id, ".") {
		return fmt.Errorf("invalid outbox entry id %q", id)
	}
	if err := os.Remove(o.Path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing outbox entry: %w", err)
	}
	return nil
}

// tmpZone returns the zone a temporary file's name carries, or "" for a
// name without one (written by an older wflint).
func tmpZone(name string) string {
	z, _, ok := strings.Cut(strings.TrimPrefix(name, outboxTmpPfx), "-")
	if !ok || CheckZoneID(z) != nil {
		return ""
	}
	return z
}

// tidied says what tidy did with temporary files a stopped process left.
type tidied struct {
	// Recovered lists the entries recovered from a complete temporary
	// file whose rename never happened (so the report was not sent by
	// that write's process).
	Recovered []string
	// Removed counts partial or superseded temporary files deleted.
	Removed int
}

// tidy deals with the temporary files of zone, which only a process that
// holds the zone's lock writes: a complete one whose entry does not exist
// is renamed into place (the process stopped between writing and
// renaming), any other is removed. A temporary file without a zone in its
// name (an older wflint's) is judged by its content, and removed when it
// cannot be read and is older than an hour.
func (o *Outbox) tidy(zone string) (tidied, error) {
	var t tidied
	des, err := os.ReadDir(o.dir)
	if err != nil {
		return t, fmt.Errorf("reading outbox: %w", err)
	}
	var errs []error
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || !strings.HasPrefix(name, outboxTmpPfx) {
			continue
		}
		path := filepath.Join(o.dir, name)
		z := tmpZone(name)
		if z != "" && !strings.EqualFold(z, zone) {
			continue
		}
		e, rerr := o.read(path)
		if z == "" {
			if rerr != nil {
				if info, err := de.Info(); err == nil && o.now().Sub(info.ModTime()) > orphanAge {
					if err := os.Remove(path); err == nil {
						t.Removed++
					}
				}
				continue
			}
			if e.Zone != zone {
				continue
			}
		}
		if rerr == nil && e.Zone == zone && validID(e.ID) {
			if _, err := os.Stat(o.Path(e.ID)); errors.Is(err, fs.ErrNotExist) {
				if err := os.Rename(path, o.Path(e.ID)); err != nil {
					errs = append(errs, fmt.Errorf("recovering %s: %w", path, err))
					continue
				}
				syncDir(o.dir)
				t.Recovered = append(t.Recovered, e.ID)
				continue
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing %s: %w", path, err))
			continue
		}
		t.Removed++
	}
	return t, errors.Join(errs...)
}

// leftZones lists the zones that something other than an entry was left
// for: temporary files, and lock files with a holder record (a process at
// work, or one that stopped without letting go).
func (o *Outbox) leftZones() []string {
	des, err := os.ReadDir(o.dir)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(z string) {
		if z != "" && !seen[z] && CheckZoneID(z) == nil {
			seen[z] = true
			out = append(out, z)
		}
	}
	for _, de := range des {
		name := de.Name()
		switch {
		case de.IsDir():
		case strings.HasPrefix(name, outboxTmpPfx):
			z := tmpZone(name)
			if z == "" {
				if e, err := o.read(filepath.Join(o.dir, name)); err == nil {
					z = e.Zone
				}
			}
			add(z)
		case strings.HasSuffix(name, lockExt):
			if info, err := de.Info(); err == nil && info.Size() > 0 {
				add(strings.TrimSuffix(name, lockExt))
			}
		}
	}
	return out
}

// receiptPath is where the receipt of entry id is kept.
func (o *Outbox) receiptPath(id string) string {
	return filepath.Join(o.dir, receiptDir, id+outboxExt)
}

// writeReceipt records a delivery. It is a hint, so a failure only
// returns an error for the caller to mention.
func (o *Outbox) writeReceipt(rc Receipt) error {
	dir := filepath.Join(o.dir, receiptDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(rc, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, outboxTmpPfx+rc.ID+"-*")
	if err != nil {
		return err
	}
	if _, err = tmp.Write(append(data, '\n')); err == nil {
		err = tmp.Close()
	} else {
		_ = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), o.receiptPath(rc.ID))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// readReceipt returns the receipt of entry id, nil when there is none.
func (o *Outbox) readReceipt(id string) *Receipt {
	data, err := os.ReadFile(o.receiptPath(id))
	if err != nil {
		return nil
	}
	var rc Receipt
	if json.Unmarshal(data, &rc) != nil || rc.At.IsZero() {
		return nil
	}
	return &rc
}
