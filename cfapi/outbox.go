package cfapi

import (
	"github.com/wflint/wflint/feedback"

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

// Outbox is a directory of reports that could not be submitted yet. Each
// report is one JSON file named after a hash of its zone and content, so
// saving the same report twice keeps a single file.
type Outbox struct {
	dir string
	now func() time.Time
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
	// Attempts counts failed attempts so far.
	Attempts int `json:"attempts"`
	// SavedAt is when the report was first saved.
	SavedAt time.Time `json:"saved_at"`
	// LastAttemptAt is when it last failed.
	LastAttemptAt time.Time `json:"last_attempt_at"`
}

const (
	outboxExt    = ".json"
	outboxTmpPfx = ".tmp-"
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
// is private to the user because reports describe the zone's traffic.
func NewOutbox(dir string) (*Outbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cfapi: creating outbox: %w", err)
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

// Path returns the file that holds the entry with the given ID.
func (o *Outbox) Path(id string) string { return filepath.Join(o.dir, id+outboxExt) }

// Save records a failed report with the reason. Saving a report that is
// already in the outbox updates its reason and attempt count.
func (o *Outbox) Save(zone string, r *feedback.Report, reason error, ambiguous bool) (*OutboxEntry, error) {
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("cfapi: saving to outbox: %w", err)
	}
	now := o.now().UTC()
	e := &OutboxEntry{ID: id, Zone: zone, Report: r, SavedAt: now}
	if old, err := o.read(o.Path(id)); err == nil {
		e.SavedAt, e.Attempts = old.SavedAt, old.Attempts
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

// Intend writes the intent record: the report is about to be sent. It is
// written (atomically, synced) before every create call, so a process
// killed at any point leaves the report in the outbox, marked InFlight,
// and the next --retry-outbox looks for it in the zone's reports before
// sending it again. Attempts and an earlier Ambiguous are kept.
func (o *Outbox) Intend(zone string, r *feedback.Report) (*OutboxEntry, error) {
	id, err := entryID(zone, r)
	if err != nil {
		return nil, fmt.Errorf("cfapi: recording the intent to send: %w", err)
	}
	now := o.now().UTC()
	e := &OutboxEntry{ID: id, Zone: zone, Report: r, SavedAt: now,
		Reason: "interrupted while sending; the zone's reports are checked before it is sent again"}
	if old, err := o.read(o.Path(id)); err == nil {
		e.SavedAt, e.Attempts, e.Ambiguous = old.SavedAt, old.Attempts, old.Ambiguous
		if old.Reason != "" {
			e.Reason = old.Reason
		}
	}
	e.InFlight = true
	e.LastAttemptAt = now
	if err := o.write(e); err != nil {
		return nil, err
	}
	return e, nil
}

// write stores an entry atomically: a reader (or a crash) sees the old
// file or the new one, never half of one.
func (o *Outbox) write(e *OutboxEntry) error {
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("cfapi: encoding outbox entry: %w", err)
	}
	tmp, err := os.CreateTemp(o.dir, outboxTmpPfx+e.ID+"-*")
	if err != nil {
		return fmt.Errorf("cfapi: writing outbox: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("cfapi: writing outbox: %w", err)
	}
	// Sync before rename so the new name never points at unwritten data
	// after a power loss.
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cfapi: writing outbox: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cfapi: writing outbox: %w", err)
	}
	if err := os.Rename(tmp.Name(), o.Path(e.ID)); err != nil {
		return fmt.Errorf("cfapi: writing outbox: %w", err)
	}
	ok = true
	if d, err := os.Open(o.dir); err == nil {
		_ = d.Sync() // persist the rename; not supported everywhere
		_ = d.Close()
	}
	return nil
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
		return nil, fmt.Errorf("cfapi: reading outbox: %w", err)
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
		return out, fmt.Errorf("cfapi: unreadable outbox entries: %w", errors.Join(errs...))
	}
	return out, nil
}

// Remove deletes an entry; removing one that is already gone is not an
// error.
func (o *Outbox) Remove(id string) error {
	if id == "" || filepath.Base(id) != id || strings.HasPrefix(id, ".") {
		return fmt.Errorf("cfapi: invalid outbox entry id %q", id)
	}
	if err := os.Remove(o.Path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cfapi: removing outbox entry: %w", err)
	}
	return nil
}
