package logpush

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Stdin is the file name that Open and OpenFiles read from standard input.
const Stdin = "-"

// stdin is a variable so tests can substitute it.
var stdin io.Reader = os.Stdin

// Open opens a file by name, or standard input for "-". Closing the result
// of Open("-") does not close standard input.
func Open(name string) (io.ReadCloser, error) {
	if name == Stdin {
		return io.NopCloser(stdin), nil
	}
	return os.Open(name)
}

// Expand resolves each argument in order: "-" stays as is, an argument with
// glob metacharacters (see filepath.Match) expands to its matches in lexical
// order and must match at least one file, and any other argument is taken
// as a file name (whether it exists is checked when it is opened).
func Expand(patterns []string) ([]string, error) {
	var out []string
	for _, p := range patterns {
		if p == Stdin || !strings.ContainsAny(p, `*?[\`) {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("pattern %q matches no files", p)
		}
		out = append(out, m...) // filepath.Glob returns sorted matches
	}
	return out, nil
}

// MultiReader reads several inputs one after another as one stream of
// Records. Stats (and the MaxErrors budget) span all inputs; LineErrors name
// the file they come from.
type MultiReader struct {
	names []string
	opts  Options
	stats Stats
	cur   *Reader
	curF  io.ReadCloser
	idx   int
	err   error
}

// OpenFiles returns a MultiReader over the expanded patterns (see Expand).
// Files are opened lazily, one at a time, so thousands of Logpush objects do
// not exhaust file descriptors. An empty pattern list reads standard input.
func OpenFiles(patterns []string, opts Options) (*MultiReader, error) {
	if len(patterns) == 0 {
		patterns = []string{Stdin}
	}
	names, err := Expand(patterns)
	if err != nil {
		return nil, err
	}
	return &MultiReader{names: names, opts: opts}, nil
}

// Files returns the expanded input names.
func (m *MultiReader) Files() []string { return m.names }

// Next decodes the next Record from the current or a following file. It
// returns false at the end of the last file or on the first error that
// stops reading (an unopenable file, a read error, or a malformed line with
// Options.Strict); Err tells which.
func (m *MultiReader) Next(rec *Record) bool {
	for m.err == nil {
		if m.cur == nil {
			if m.idx >= len(m.names) {
				return false
			}
			if err := m.open(m.names[m.idx]); err != nil {
				m.err = err
				return false
			}
		}
		if m.cur.Next(rec) {
			return true
		}
		err := m.cur.Err()
		if cerr := m.closeCur(); err == nil {
			err = cerr
		}
		if err != nil {
			m.err = err
			return false
		}
		m.idx++
	}
	return false
}

func (m *MultiReader) open(name string) error {
	f, err := Open(name)
	if err != nil {
		return err
	}
	opts := m.opts
	opts.Name = name
	r, err := newReader(f, opts, &m.stats)
	if err != nil {
		_ = f.Close()
		return err
	}
	m.cur, m.curF = r, f
	return nil
}

func (m *MultiReader) closeCur() error {
	err := errors.Join(m.cur.Close(), m.curF.Close())
	m.cur, m.curF = nil, nil
	return err
}

// Name returns the file currently being read ("" before the first Next and
// after the last file).
func (m *MultiReader) Name() string {
	if m.cur == nil {
		return ""
	}
	return m.cur.Name()
}

// Line returns the 1-based number of the line most recently read from the
// current file.
func (m *MultiReader) Line() int64 {
	if m.cur == nil {
		return 0
	}
	return m.cur.Line()
}

// Err returns the error that stopped Next, or nil after a clean end.
func (m *MultiReader) Err() error { return m.err }

// Stats returns counters over all files read so far.
func (m *MultiReader) Stats() Stats { return m.stats }

// Close closes the file being read, if any. It is safe to call more than
// once and after Next returned false.
func (m *MultiReader) Close() error {
	if m.cur == nil {
		return nil
	}
	return m.closeCur()
}

// Interactive reports whether r is a terminal: a character device other
// than /dev/null. Reading logs from a terminal would wait for typing, so
// callers reading Stdin by default should refuse instead.
func Interactive(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok || f == nil {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}
