package cfapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultLockWait is how long a Submitter waits for another process that
// holds a zone's outbox lock before it gives up (Submitter.LockWait).
const DefaultLockWait = 2 * time.Minute

const lockExt = ".lock"

// Holder describes the process that holds a zone's outbox lock. It is
// written into the lock file while the lock is held, so that a process
// that has to wait can say for whom, and emptied when the lock is let go,
// so that a record still there when the lock is free tells of a process
// that stopped (killed, or the machine went down) while it held it.
type Holder struct {
	// PID and Host identify the process.
	PID  int    `json:"pid"`
	Host string `json:"host,omitempty"`
	// Command is what it was doing ("report submit").
	Command string `json:"command,omitempty"`
	// Report is the outbox ID of the report it was sending, when one.
	Report string `json:"report,omitempty"`
	// Since is when it took the lock.
	Since time.Time `json:"since"`
}

// String describes the holder for a message.
func (h *Holder) String() string {
	if h == nil {
		return "another process"
	}
	var b strings.Builder
	if h.Command != "" {
		b.WriteString("wflint " + h.Command + " ")
	} else {
		b.WriteString("a process ")
	}
	fmt.Fprintf(&b, "(pid %d", h.PID)
	if host, _ := os.Hostname(); h.Host != "" && h.Host != host {
		b.WriteString(" on " + h.Host)
	}
	if !h.Since.IsZero() {
		b.WriteString(", since " + h.Since.Local().Format(time.DateTime))
	}
	b.WriteString(")")
	return b.String()
}

// LockedError is returned when a zone's outbox stayed locked by another
// process for the whole wait. Nothing was sent.
type LockedError struct {
	// Zone is the zone whose reports are being sent.
	Zone string
	// Path is the lock file.
	Path string
	// Holder is who holds it, nil when the lock file says nothing.
	Holder *Holder
	// Waited is how long this process waited.
	Waited time.Duration
}

// Error names the holder and says that nothing was sent.
func (e *LockedError) Error() string {
	return fmt.Sprintf("not sent: %s is still sending zone %s's reports after a wait of %s (lock %s); run the command again once it is done: a report it delivered is recognised and not sent twice",
		e.Holder, e.Zone, e.Waited.Round(time.Millisecond), e.Path)
}

// NotSentError is returned when the outbox cannot record a report before
// sending it (a full disk, a read-only directory): without the record a
// process killed during the call could not tell later whether it sent the
// report, so nothing is sent.
type NotSentError struct {
	// Path is the outbox directory or file that could not be written.
	Path string
	// Err is the failure.
	Err error
}

// Error starts with "not sent" and names the path.
func (e *NotSentError) Error() string {
	return fmt.Sprintf("not sent: the outbox at %s cannot record the report first: %v", e.Path, e.Err)
}

// Unwrap returns the failure.
func (e *NotSentError) Unwrap() error { return e.Err }

// zoneLock is an exclusive lock on one zone's part of the outbox: a file
// <zone>.lock in the outbox directory, locked with flock (LockFileEx on
// Windows). The operating system lets go of it when the process ends,
// however it ends, so a killed process never leaves a zone locked. Lock
// files are never removed: removing one while another process waits on it
// would let two processes hold "the" lock at once.
type zoneLock struct {
	f    *os.File
	path string
}

// lockZone takes zone's lock, waiting at most wait (and not past ctx) for
// another process that holds it (not at all when wait <= 0); waiting calls
// notify once with who holds it. prev is the record a holder that stopped without letting go left in
// the file, nil when there is none.
func (o *Outbox) lockZone(ctx context.Context, zone string, me Holder, wait time.Duration, notify func(string, ...any)) (l *zoneLock, prev *Holder, err error) {
	if err := CheckZoneID(zone); err != nil {
		return nil, nil, err
	}
	// Zone IDs are hexadecimal: one lock whatever the letter case.
	path := filepath.Join(o.dir, strings.ToLower(zone)+lockExt)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, &NotSentError{Path: o.dir, Err: err}
	}
	got, err := tryLockFile(f)
	if err != nil {
		_ = f.Close()
		return nil, nil, &NotSentError{Path: path, Err: fmt.Errorf("locking: %w", err)}
	}
	if !got {
		holder := readHolder(f)
		if wait <= 0 {
			_ = f.Close()
			return nil, nil, &LockedError{Zone: zone, Path: path, Holder: holder}
		}
		if notify != nil {
			notify("waiting up to %s for %s, which is sending zone %s's reports", wait.Round(time.Millisecond), holder, zone)
		}
		if err := waitLockFile(ctx, f, wait); err != nil {
			// f is closed, or owned by the waiting goroutine.
			if errors.Is(err, errLockTimeout) {
				return nil, nil, &LockedError{Zone: zone, Path: path, Holder: holder, Waited: wait}
			}
			return nil, nil, fmt.Errorf("waiting for the lock on zone %s's outbox: %w", zone, err)
		}
	}
	prev = readHolder(f)
	me.Since = o.now().UTC()
	if me.PID == 0 {
		me.PID = os.Getpid()
	}
	if me.Host == "" {
		me.Host, _ = os.Hostname()
	}
	data, _ := json.Marshal(me)
	if err := writeAt0(f, append(data, '\n')); err != nil {
		_ = unlockFile(f)
		_ = f.Close()
		return nil, nil, &NotSentError{Path: path, Err: err}
	}
	return &zoneLock{f: f, path: path}, prev, nil
}

// unlock empties the holder record (a clean release) and lets go.
func (l *zoneLock) unlock() {
	if l == nil {
		return
	}
	_ = l.f.Truncate(0)
	_ = unlockFile(l.f)
	_ = l.f.Close()
}

// readHolder reads the holder record of a lock file, nil when it is empty
// or unreadable.
func readHolder(f *os.File) *Holder {
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 64<<10))
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return nil
	}
	var h Holder
	if json.Unmarshal(data, &h) != nil {
		return nil
	}
	return &h
}

func writeAt0(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt(data, 0)
	return err
}

var errLockTimeout = errors.New("timed out")

// waitLockFile blocks until the lock is taken, wait has passed or ctx is
// done. The blocking call runs in a goroutine; when the wait ends first,
// the goroutine owns f from then on: it lets go of the lock as soon as it
// gets it, and closes f (until then it waits for as long as the holder
// holds the lock). On any error but a taken lock, f is closed or owned by
// that goroutine: the caller must not use it.
func waitLockFile(ctx context.Context, f *os.File, wait time.Duration) error {
	const (
		waiting = iota
		delivered
		abandoned
	)
	var state atomic.Int32
	got := make(chan error, 1)
	go func() {
		err := lockFileBlocking(f)
		if state.CompareAndSwap(waiting, delivered) {
			got <- err
			return
		}
		if err == nil {
			_ = unlockFile(f)
		}
		_ = f.Close()
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-got:
		if err != nil {
			_ = f.Close()
		}
		return err
	case <-t.C:
	case <-ctx.Done():
	}
	if state.CompareAndSwap(waiting, abandoned) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errLockTimeout
	}
	err := <-got // delivered just as the wait ended
	if err != nil {
		_ = f.Close()
	}
	return err
}
