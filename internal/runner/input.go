package runner

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/wflint/wflint/internal/workspace"
)

// Input is one thing to lint: a file, standard input or an expression.
type Input struct {
	// Path is the file's path, or "" for standard input and expressions.
	Path string
	// Display is what output calls the input: the path as given, or
	// "<stdin>", "<expr>", "<expr:N>".
	Display string
	// Data is the text of standard input and expressions.
	Data []byte
	// Named says the file was named on the command line rather than met
	// in a walk: a file that holds nothing wflint reads is then said to,
	// where a walk stays silent on package.json.
	Named bool
}

// InputError is a path that could not be made an input, and why.
type InputError struct {
	Display string // what output calls the path
	Msg     string
}

// Source is the workspace's view of the input with its text, data. Stdin
// and expressions are bare expressions under the working directory's
// configuration.
func (in Input) Source(data []byte) workspace.Source {
	if in.Path == "" {
		return workspace.Source{Path: "stdin", Name: ".wf", Text: data}
	}
	return workspace.Source{Path: in.Path, Text: data, Named: in.Named}
}

// Read loads and vets the input's text (readFile for a file, checkText
// for the rest); the error's text is the message to show.
func (in Input) Read() ([]byte, error) {
	if in.Path != "" {
		return readFile(in.Path)
	}
	return in.Data, checkText(in.Data)
}

// Size is the input's size in bytes, as far as it is known before
// reading.
func (in Input) Size() int64 {
	n := int64(len(in.Data))
	if in.Path != "" {
		if st, err := os.Stat(in.Path); err == nil {
			n = st.Size()
		}
	}
	return n
}

// Inputs turns command-line arguments into inputs: exprs first, then
// paths in argument order ("-" for stdin, read once from stdin), with
// directories walked in lexical order. A walk skips the default excluded
// directories, git-ignored and configured exclusions, and files that
// walked refuses (logs); a file named outright is only subject to the
// configuration's exclusions. Paths that cannot be read, and walked files whose
// configuration is broken, come back as errors, in the order met.
func (r *Runner) Inputs(exprs, paths []string, stdin io.Reader) ([]Input, []InputError) {
	w := r.ws
	var inputs []Input
	var errs []InputError
	fail := func(display, msg string) { errs = append(errs, InputError{Display: display, Msg: msg}) }
	for i, x := range exprs {
		name := "<expr>"
		if len(exprs) > 1 {
			name = fmt.Sprintf("<expr:%d>", i+1)
		}
		inputs = append(inputs, Input{Display: name, Data: []byte(x)})
	}
	stdinUsed := false
	for _, p := range paths {
		if p == "-" {
			if stdinUsed {
				continue
			}
			stdinUsed = true
			data, err := readStdin(stdin)
			if err != nil {
				fail("<stdin>", err.Error())
			} else {
				inputs = append(inputs, Input{Display: "<stdin>", Data: data})
			}
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			fail(p, DescribeErr(err))
			continue
		}
		if !st.IsDir() {
			if !w.Excluded(p, false) {
				inputs = append(inputs, Input{Path: p, Display: p, Named: true})
			}
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			r.mu.Lock()
			r.walked = append(r.walked, abs)
			r.mu.Unlock()
		}
		ignored := gitIgnored(p)
		walkErr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fail(path, DescribeErr(err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if path != p && (defaultExcludedDir(name) || ignored != nil && ignored(path) || w.Excluded(path, true)) {
					return fs.SkipDir
				}
				return nil
			}
			if !walked(path) || !d.Type().IsRegular() || ignored != nil && ignored(path) {
				return nil
			}
			if _, err := w.Config(path); err != nil {
				fail(path, err.Error())
				return nil
			}
			if !w.Excluded(path, false) {
				inputs = append(inputs, Input{Path: path, Display: path})
			}
			return nil
		})
		if walkErr != nil {
			fail(p, DescribeErr(walkErr))
		}
	}
	return inputs, errs
}
