package reportview

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/feedback"
)

// File is a validated report file: its name, its bytes (diagnostic spans
// are offsets in them) and the outcome of validating them. Its findings
// are shown as every wflint finding is (output.ReportFile).
type File struct {
	Name   string
	Data   []byte
	Result *feedback.Result
}

// Validate validates the report document data, read from the file name,
// with feedback.ValidateJSON (the analyzer checks the expression under the
// feedback profile), and returns the result with the File its findings
// are shown from.
func Validate(name string, data []byte) (*feedback.Result, File) {
	res := feedback.ValidateJSON(data)
	return res, File{Name: name, Data: data, Result: res}
}

// ValidateFile reads the report file name (see cfapi.ReadFile) and
// validates it (see Validate).
func ValidateFile(name string) (*feedback.Result, File, error) {
	data, err := cfapi.ReadFile(name)
	if err != nil {
		return nil, File{}, err
	}
	res, f := Validate(name, data)
	return res, f, nil
}

// Summary counts findings as "2 errors, 1 warning" ("valid" when there
// are none), as feedback.Count tallies them, and returns the number of
// errors.
func Summary(ds diag.List) (summary string, errs int) {
	n := feedback.Count(ds)
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{n.Errors, "error"}, {n.Warnings, "warning"}, {n.Infos, "note"}} {
		switch c.n {
		case 0:
		case 1:
			parts = append(parts, "1 "+c.word)
		default:
			parts = append(parts, fmt.Sprintf("%d %ss", c.n, c.word))
		}
	}
	if len(parts) == 0 {
		return "valid", 0
	}
	return strings.Join(parts, ", "), n.Errors
}
