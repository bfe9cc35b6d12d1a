package cfapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/cftest"
	"github.com/wflint/wflint/internal/feedback"
)

// exampleNow pins the clock so the examples' output does not change.
func exampleNow() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }

func Example() {
	srv := cftest.Start("example-token")
	defer srv.Close()

	// 1. Build.
	report := &feedback.Report{
		Type:               feedback.FalseNegative,
		Subtype:            "Scraping",
		Description:        "Price scraper that Bot Management scores as likely human.",
		Expression:         `cf.bot_management.score ge 30 and http.host eq "shop.example.com"`,
		FirstRequestSeenAt: feedback.FormatTime(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)),
		LastRequestSeenAt:  feedback.FormatTime(time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)),
		Requests:           1000,
		RequestsByScore:    feedback.Counts{"30": 600, "45": 400},
		RequestsByScoreSrc: feedback.Counts{"machine_learning": 1000},
		RequestsByAttribute: map[string][]feedback.MetricRequests{
			feedback.AttrTopCountries: {{Metric: "US", Requests: 900}, {Metric: "CA", Requests: 100}},
		},
	}

	// 2. Validate.
	if problems := feedback.Validate(report, feedback.WithClock(exampleNow)); problems.HasErrors() {
		fmt.Println(problems)
		return
	}

	// 3. Submit; a failure would land in the outbox.
	client, err := cfapi.New(cfapi.Options{BaseURL: srv.URL, Token: cfapi.NewSecret("example-token")})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "outbox")
	defer os.RemoveAll(dir)
	outbox, _ := cfapi.NewOutbox(dir)
	res, err := cfapi.NewSubmitter(client, outbox).Submit(context.Background(), "023e105f4ecef8ad9ca31a8372d0c353", report)
	fmt.Println(res.Outcome, err)
	// Output: sent <nil>
}

func ExampleSubmitter_RetryOutbox() {
	srv := cftest.Start("example-token")
	defer srv.Close()
	client, _ := cfapi.New(cfapi.Options{BaseURL: srv.URL, Token: cfapi.NewSecret("example-token")})
	dir, _ := os.MkdirTemp("", "outbox")
	defer os.RemoveAll(dir)
	outbox, _ := cfapi.NewOutbox(dir)

	// A report saved by an earlier run that had no network.
	var r feedback.Report
	_ = json.Unmarshal([]byte(`{"type":"false_positive","description":"d","expression":"ip.src eq 192.0.2.1",
		"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T00:00:00Z",
		"requests":1,"requests_by_score":{"1":1},"requests_by_score_src":{"heuristics":1}}`), &r)
	_, _ = outbox.Save("023e105f4ecef8ad9ca31a8372d0c353", &r, fmt.Errorf("dial tcp: no route to host"), false)

	summary, err := cfapi.NewSubmitter(client, outbox).RetryOutbox(context.Background())
	fmt.Printf("sent %d, already present %d, remaining %d, error %v\n", summary.Sent, summary.AlreadyPresent, summary.Remaining, err)
	left, _ := outbox.List()
	fmt.Println(len(left), "left")
	// Output:
	// sent 1, already present 0, remaining 0, error <nil>
	// 0 left
}

func ExampleCleanupPreset() {
	cfg, _ := cfapi.CleanupPreset(cfapi.PlanSBFMPro)
	b, _ := json.Marshal(cfg)
	fmt.Println(string(b))
	// Output: {"fight_mode":false,"sbfm_likely_automated":"allow"}
}
