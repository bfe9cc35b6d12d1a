// Package version is the version of the wflint and wfls binaries, from
// the build information, so that both always say the same.
package version

import "runtime/debug"

// String is the module version (`go install …@vX`, or the pseudo-version
// Go stamps from the VCS revision), else "devel-" and the VCS revision
// the binary was built from (with "-dirty" for uncommitted changes), else
// "devel" (built with -buildvcs=false).
func String() string {
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
