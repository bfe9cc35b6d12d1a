package output

import (
	"os"
	"strconv"
)

// TerminalWidth is the width text output should wrap to when written to
// w: $COLUMNS when it is set, else the terminal's own width when w is a
// terminal, else 0 (DefaultWidth: output to a file or a pipe wraps at 80).
func TerminalWidth(w any) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return 0
	}
	return terminalColumns(f)
}
