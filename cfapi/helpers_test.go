package cfapi

import (
	"time"

	"github.com/wflint/wflint/feedback"
)

const (
	testZone  = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken = "tok-SECRET-5b2f0c1e9a7d4e3f"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return testNow }

// validReport returns a report that passes every check.
func validReport() *feedback.Report {
	return &feedback.Report{
		Type:               feedback.FalseNegative,
		Subtype:            "Scraping",
		Description:        "Price scraper scored likely human.",
		Expression:         `cf.bot_management.score ge 30 and http.host eq "shop.example.com"`,
		FirstRequestSeenAt: "2024-05-01T00:00:00Z",
		LastRequestSeenAt:  "2024-05-01T06:00:00Z",
		Requests:           2000,
		RequestsByScore:    feedback.Counts{"30": 800, "40": 700, "50": 500},
		RequestsByScoreSrc: feedback.Counts{"heuristics": 200, "machine_learning": 1800},
		RequestsByAttribute: map[string][]feedback.MetricRequests{
			feedback.AttrTopIPs:       {{Metric: "203.0.113.10", Requests: 400}, {Metric: "2001:db8::1", Requests: 300}},
			feedback.AttrTopCountries: {{Metric: "US", Requests: 2000}},
		},
	}
}
