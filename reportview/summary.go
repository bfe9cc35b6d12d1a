package reportview

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/wflint/wflint/reportbuild"
)

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
