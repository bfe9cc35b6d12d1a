//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package output

import "os"

// terminalColumns is 0 where wflint does not ask the terminal: text wraps
// at 80 columns, or at $COLUMNS.
func terminalColumns(*os.File) int { return 0 }
