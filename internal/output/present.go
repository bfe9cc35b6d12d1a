package output

import (
	"os"
	"path/filepath"
	"strings"
)

// UseColor decides whether text output is coloured: mode ("always",
// "never" or "auto"), then NO_COLOR (https://no-color.org) and
// CLICOLOR_FORCE, then whether the output is a terminal (tty).
func UseColor(mode string, tty bool) bool {
	return useColor(mode, tty, os.Getenv)
}

func useColor(mode string, tty bool, getenv func(string) string) bool {
	switch {
	case mode == "always":
		return true
	case mode == "never" || getenv("NO_COLOR") != "":
		return false
	case getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0":
		return true
	}
	return tty
}

// DisplayPath is a path as output shows it: relative, with forward
// slashes, so golden files and SARIF URIs do not depend on the OS.
func DisplayPath(p string) string {
	return filepath.ToSlash(strings.TrimPrefix(p, "./"))
}
