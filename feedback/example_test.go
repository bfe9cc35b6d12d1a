package feedback_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/wflint/wflint/feedback"
)

// fakeAPI stands in for api.cloudflare.com so the examples run offline.
func fakeAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":[]}`)
	}))
}

// exampleNow pins the clock so the examples' output does not change.
func exampleNow() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }

func Example() {
	srv := fakeAPI()
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
	if problems := feedback.Validate(report, feedback.WithClock(exampleNow)); feedback.HasErrors(problems) {
		fmt.Println(problems)
		return
	}

	// 3. Submit; a failure would land in the outbox.
	client, err := feedback.New(feedback.Options{BaseURL: srv.URL, Token: feedback.NewSecret("example-token")})
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "outbox")
	defer os.RemoveAll(dir)
	outbox, _ := feedback.NewOutbox(dir)
	res, err := feedback.NewSubmitter(client, outbox).Submit(context.Background(), "023e105f4ecef8ad9ca31a8372d0c353", report)
	fmt.Println(res.Outcome, err)
	// Output: sent <nil>
}

func ExampleValidateJSON() {
	doc := []byte(`{
  "type": "false_positive",
  "description": "Checkout customers challenged",
  "expression": "http.host eq \"shop.example.com\"",
  "first_request_seen_at": "2024-05-01T00:00:00Z",
  "last_request_seen_at": "2024-05-01T01:00:00Z",
  "requests": 100,
  "requests_by_score": {"1": 50, "10": 40},
  "requests_by_score_src": {"heuristics": 100},
  "requests_by_attribute": {"topCountries": [{"metric": "uk", "requests": 100}]}
}`)
	res := feedback.ValidateJSON(doc, feedback.WithClock(exampleNow))
	for _, p := range res.Problems {
		line, col := feedback.Position(doc, p.Span.Start)
		fmt.Printf("%d:%d %s %s\n", line, col, p.Severity, p.Code)
	}
	// Output:
	// 8:24 error score-sum-mismatch
	// 10:57 error invalid-metric
}

func ExampleWithExpressionChecker() {
	// The real checker is wflint's analyzer; this one flags single quotes,
	// which the API reference's own examples use but the engine rejects.
	checker := feedback.ExpressionCheckerFunc(func(expr string) []feedback.ExprFinding {
		i := strings.IndexByte(expr, '\'')
		if i < 0 {
			return nil
		}
		return []feedback.ExprFinding{{Start: i, End: i + 1, Code: "single-quote", Message: "strings use double quotes"}}
	})
	doc := []byte(`{"expression": "http.host eq \"caf\u00e9\" or http.host eq 'x'"}`)
	for _, p := range feedback.ValidateJSON(doc, feedback.WithExpressionChecker(checker)).Problems {
		if p.Code == "single-quote" {
			fmt.Printf("expression bytes %d-%d, file bytes %d-%d: %s\n",
				p.ExprSpan.Start, p.ExprSpan.End, p.Span.Start, p.Span.End, doc[p.Span.Start:p.Span.End])
		}
	}
	// Output: expression bytes 37-38, file bytes 59-60: '
}

func ExampleSubmitter_RetryOutbox() {
	srv := fakeAPI()
	defer srv.Close()
	client, _ := feedback.New(feedback.Options{BaseURL: srv.URL, Token: feedback.NewSecret("example-token")})
	dir, _ := os.MkdirTemp("", "outbox")
	defer os.RemoveAll(dir)
	outbox, _ := feedback.NewOutbox(dir)

	// A report saved by an earlier run that had no network.
	var r feedback.Report
	_ = json.Unmarshal([]byte(`{"type":"false_positive","description":"d","expression":"ip.src eq 192.0.2.1",
		"first_request_seen_at":"2024-05-01T00:00:00Z","last_request_seen_at":"2024-05-01T00:00:00Z",
		"requests":1,"requests_by_score":{"1":1},"requests_by_score_src":{"heuristics":1}}`), &r)
	_, _ = outbox.Save("023e105f4ecef8ad9ca31a8372d0c353", &r, fmt.Errorf("dial tcp: no route to host"), false)

	summary, err := feedback.NewSubmitter(client, outbox).RetryOutbox(context.Background())
	fmt.Printf("%+v %v\n", summary, err)
	left, _ := outbox.List()
	fmt.Println(len(left), "left")
	// Output:
	// {Sent:1 AlreadyPresent:0 Remaining:0} <nil>
	// 0 left
}

func ExampleCleanupPreset() {
	cfg, _ := feedback.CleanupPreset(feedback.PlanSBFMPro)
	b, _ := json.Marshal(cfg)
	fmt.Println(string(b))
	// Output: {"fight_mode":false,"sbfm_likely_automated":"allow"}
}
