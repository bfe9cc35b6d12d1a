package runner

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/wflint/wflint/internal/host"
)

// defaultExcludedDirs are the directories a walk never enters, whatever
// the configuration says: version control, dependencies and Terraform's
// provider cache hold other people's files, not expressions to lint.
var defaultExcludedDirs = []string{".git", "node_modules", "vendor", ".terraform"}

// notWalked are extensions of files that may hold expressions but are not
// linted when a walk finds them: Logpush logs (.ndjson) and other logs
// would give a warning per line. Named on the command line, they are.
var notWalked = []string{".ndjson", ".log"}

// walked reports whether a file found by walking a directory is one to
// lint: a kind wflint reads, and not a log.
func walked(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, x := range notWalked {
		if ext == x {
			return false
		}
	}
	return host.KindOf(path) != host.Unknown
}

// defaultExcludedDir reports whether a walk skips the directory name.
func defaultExcludedDir(name string) bool {
	for _, d := range defaultExcludedDirs {
		if name == d {
			return true
		}
	}
	return false
}

// gitIgnored returns what git ignores under root (a directory), asking git
// itself so that every .gitignore, .git/info/exclude and the global
// excludes file count as git counts them. It returns a function that
// reports whether a path under root is ignored, or nil when root is not in
// a git work tree or git is not installed: then nothing is ignored.
func gitIgnored(root string) func(path string) bool {
	cmd := exec.Command("git", "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	ignored := map[string]bool{}
	for _, p := range bytes.Split(out, []byte{0}) {
		if len(p) > 0 {
			ignored[filepath.Clean(filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(string(p), "/"))))] = true
		}
	}
	if len(ignored) == 0 {
		return func(string) bool { return false }
	}
	return func(path string) bool { return ignored[filepath.Clean(path)] }
}
