package cfapi

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// MaxFileBytes is the most ReadFile reads: a report or a settings body is
// a few KB, so a larger file is most likely a log named by mistake.
const MaxFileBytes = 64 << 20

// ReadFile reads a report or a settings body (what Submit and
// UpdateConfig send) from the file name, refusing a file larger than
// MaxFileBytes. "-" is a file name, not standard input: reports are small
// files that are also written back and referred to by name. An error
// opening the file is the *os.PathError; others start with name.
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Size the buffer from the file so a large report is read without
	// the doubling copies of io.ReadAll.
	buf := bytes.NewBuffer(nil)
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() <= MaxFileBytes {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileBytes+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MB; is this a report?", name, MaxFileBytes>>20)
	}
	return data, nil
}
