package runner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"
)

// MaxFileSize is the largest input read; bigger ones are refused with a
// message rather than exhausting memory on a stray log dump.
const MaxFileSize = 50 << 20

// readFile loads a file to lint and vets its bytes (see checkText). The
// error's text is the message to show after the path.
func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, errors.New(DescribeErr(err))
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d MB, larger than the 50 MB limit; refusing to lint it", st.Size()>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.New(DescribeErr(err))
	}
	return data, checkText(data)
}

// readStdin reads standard input (r), up to MaxFileSize. It does not vet
// the bytes: checkText does, when the input is linted.
func readStdin(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	switch {
	case err != nil:
		return nil, errors.New("cannot read standard input: " + err.Error())
	case len(data) > MaxFileSize:
		return nil, errors.New("standard input is larger than 50 MB; refusing to lint it")
	}
	return data, nil
}

// checkText refuses bytes that are not text: binary (a NUL byte near the
// start) or not valid UTF-8, with the position of the first invalid byte.
func checkText(data []byte) error {
	probe := data[:min(len(data), 8000)]
	if bytes.IndexByte(probe, 0) >= 0 {
		return errors.New("binary file (contains NUL bytes); skipped")
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		p := diag.NewLineIndex(string(data)).Position(diag.Pos(off))
		return fmt.Errorf("not valid UTF-8 (first invalid byte at line %d, column %d); skipped", p.Line, p.ByteCol)
	}
	return nil
}

// DescribeErr shortens os errors: the path is printed separately.
func DescribeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// WriteFile replaces a file's content, keeping its permissions.
func WriteFile(path string, data []byte) error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return os.WriteFile(path, data, mode)
}
