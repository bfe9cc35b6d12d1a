//go:build !unix && !windows

package cfapi

import "os"

// Systems without flock or LockFileEx (plan9, wasm) get no lock: one
// process at a time must use an outbox there.
func tryLockFile(*os.File) (bool, error) { return true, nil }

func lockFileBlocking(*os.File) error { return nil }

func unlockFile(*os.File) error { return nil }
