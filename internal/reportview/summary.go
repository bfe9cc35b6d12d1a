package reportview

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

// WriteReport writes rep as JSON to the file out, or to w when out is
// empty, and returns the name its findings are shown under and the bytes
// written.
func WriteReport(w io.Writer, out string, rep *feedback.Report) (name string, data []byte, err error) {
	if data, err = JSON(rep); err != nil {
		return "", nil, err
	}
	if out == "" {
		_, err = w.Write(data)
		return "<stdout>", data, err
	}
	return out, data, os.WriteFile(out, data, 0o644)
}

// WriteSummary writes what report show can add to a report (see
// reportbuild.Summary) to the file path, for "report build --summary".
func WriteSummary(path string, sum reportbuild.Summary) error {
	b, err := JSON(sum)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// ReadSummary reads the file WriteSummary wrote, for "report show
// --summary".
func ReadSummary(path string) (*reportbuild.Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var sum reportbuild.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &sum, nil
}
