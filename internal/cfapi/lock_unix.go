//go:build unix

package cfapi

import (
	"errors"
	"os"
	"syscall"
)

// tryLockFile takes an exclusive flock on f without waiting; false means
// another open file holds it.
func tryLockFile(f *os.File) (bool, error) {
	err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// lockFileBlocking waits for an exclusive flock on f.
func lockFileBlocking(f *os.File) error { return flock(f, syscall.LOCK_EX) }

// unlockFile lets go of the flock on f.
func unlockFile(f *os.File) error { return flock(f, syscall.LOCK_UN) }

// flock runs through SyscallConn so that f's descriptor stays open (and
// cannot be reused for another file) for the whole call.
func flock(f *os.File, how int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	cerr := rc.Control(func(fd uintptr) {
		for {
			ferr = syscall.Flock(int(fd), how)
			if ferr != syscall.EINTR {
				return
			}
		}
	})
	if cerr != nil {
		return cerr
	}
	return ferr
}
