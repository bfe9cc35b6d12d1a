// Package version is the version of the wflint and wfls binaries, so that
// both always say the same: the release version scripts/release.sh stamps
// at link time, else the one in the build information.
package version

import "runtime/debug"

// stamp is set by the release build:
//
//	go build -ldflags "-X github.com/wflint/wflint/internal/version.stamp=v1.2.3"
//
// A release archive is built with -buildvcs=false (so that the same source
// gives the same bytes with or without a .git directory), which leaves the
// build information without a version: the stamp is the only one it has.
var stamp string

// String is the stamped release version; else the module version (`go
// install …@vX`, or the pseudo-version Go stamps from the VCS revision);
// else "devel-" and the VCS revision the binary was built from (with
// "-dirty" for uncommitted changes); else "devel" (built with
// -buildvcs=false).
func String() string {
	if stamp != "" {
		return stamp
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	return of(bi)
}

func of(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}
