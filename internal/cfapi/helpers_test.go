package cfapi

import (
	"encoding/json"
	"time"

	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/feedback"
)

const (
	testZone  = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken = "tok-SECRET-5b2f0c1e9a7d4e3f"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

// validReport returns a report that passes every check (cftest.ValidReport),
// for tests to break one field at a time.
func validReport() *feedback.Report {
	var r feedback.Report
	if err := json.Unmarshal([]byte(cftest.ValidReport), &r); err != nil {
		panic(err)
	}
	return &r
}
