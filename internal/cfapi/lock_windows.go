//go:build windows

package cfapi

import (
	"os"
	"syscall"
	"unsafe"
)

// LockFileEx and UnlockFileEx from kernel32: the standard library's
// syscall package does not export them.
var (
	kernel32         = syscall.NewLazyDLL("kernel32.dll")
	procLockFileEx   = kernel32.NewProc("LockFileEx")
	procUnlockFileEx = kernel32.NewProc("UnlockFileEx")
)

const (
	lockfileFailImmediately = 0x1
	lockfileExclusiveLock   = 0x2
	errorLockViolation      = syscall.Errno(33)
	errorIOPending          = syscall.Errno(997)
)

// The locked range is one byte far past the holder record: Windows locks
// are mandatory, and a waiting process must still read the record.
const lockOffsetHigh = 1 // 4 GiB

func lockFileEx(f *os.File, flags uint32) error {
	ol := new(syscall.Overlapped)
	ol.OffsetHigh = lockOffsetHigh
	r, _, err := procLockFileEx.Call(f.Fd(), uintptr(flags), 0, 1, 0, uintptr(unsafe.Pointer(ol)))
	if r == 0 {
		return err
	}
	return nil
}

// tryLockFile takes the exclusive lock without waiting; false means
// another handle holds it.
func tryLockFile(f *os.File) (bool, error) {
	err := lockFileEx(f, lockfileExclusiveLock|lockfileFailImmediately)
	if err == errorLockViolation || err == errorIOPending {
		return false, nil
	}
	return err == nil, err
}

// lockFileBlocking waits for the exclusive lock.
func lockFileBlocking(f *os.File) error { return lockFileEx(f, lockfileExclusiveLock) }

// unlockFile lets go of the lock.
func unlockFile(f *os.File) error {
	ol := new(syscall.Overlapped)
	ol.OffsetHigh = lockOffsetHigh
	r, _, err := procUnlockFileEx.Call(f.Fd(), 0, 1, 0, uintptr(unsafe.Pointer(ol)))
	if r == 0 {
		return err
	}
	return nil
}
