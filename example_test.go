package wflint_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/wflint/wflint"
)

// The expression of Cloudflare's own Bot Management API reference, which
// Cloudflare rejects: each finding says where, why and how to fix it.
func ExampleCheckExpression() {
	expr := `http.host eq 'www.example.com' and http.request.uri.path starts_with '/products'`
	findings := wflint.CheckExpression(expr, nil) // Rules, no phase
	for _, f := range findings {
		fmt.Printf("%s %s[%s] rejected=%t\n", f.Start, f.Severity, f.Rule, f.Rejected)
		for _, fix := range f.Fixes {
			fmt.Printf("  fix (safe=%t): %s\n", fix.Safe, fix.Title)
		}
	}
	fmt.Println(findings.Err())
	// Output:
	// 1:14 error[single-quoted-string] rejected=true
	//   fix (safe=true): Use "www.example.com"
	// 1:58 error[infix-function] rejected=true
	//   fix (safe=true): Call starts_with
	// 1:70 error[single-quoted-string] rejected=true
	//   fix (safe=true): Use "/products"
	// <expr>:1:14: single quotes are not string delimiters in the Rules language; use double quotes (and 2 more)
}

// A profile and a phase are picked by name. A response field cannot
// decide a request-phase rule, and a feedback report's expression may use
// only the fields the feedback documentation lists.
func ExampleCheckExpression_options() {
	expr := `http.response.code eq 403`
	for _, opts := range []*wflint.Options{
		{Profile: wflint.Rules, Phase: "http_request_firewall_custom"},
		{Profile: wflint.Rules, Phase: "http_response_headers_transform"},
		{Profile: wflint.Feedback},
	} {
		fmt.Printf("%s %q:\n", opts.Profile, opts.Phase)
		for _, f := range wflint.CheckExpression(expr, opts) {
			fmt.Printf("  %s[%s]\n", f.Severity, f.Rule)
		}
	}
	// Output:
	// rules "http_request_firewall_custom":
	//   error[field-not-in-phase]
	// rules "http_response_headers_transform":
	// feedback "":
	//   warning[feedback-missing-score]
	//   warning[not-feedback-field]
}

// A fix's edits apply to the text that was checked. Only a safe fix keeps
// what the expression matches; this one does not, so a person decides.
func ExampleFix_Apply() {
	expr := `http.request.method eq "post"`
	for _, f := range wflint.CheckExpression(expr, nil) {
		fmt.Println(f)
		for _, fix := range f.Fixes {
			fmt.Printf("safe=%t: %s\n", fix.Safe, fix.Apply(expr))
		}
	}
	// Output:
	// <expr>:1:24: http.request.method is always upper case, so this comparison never matches; write "POST"
	// safe=false: http.request.method eq "POST"
}

// A ruleset in Terraform, checked before `terraform apply`: as a whole
// (the challenge can never run, since the block before it stops every
// request it matches; the last rule repeats the first) and each expression
// in its phase (a request phase has no response).
func ExampleCheckFile() {
	tf := `resource "cloudflare_ruleset" "waf" {
  zone_id = var.zone_id
  name    = "custom"
  kind    = "zone"
  phase   = "http_request_firewall_custom"

  rules {
    action     = "block"
    expression = "starts_with(http.request.uri.path, \"/admin\")"
  }
  rules {
    action     = "managed_challenge"
    expression = "http.request.uri.path eq \"/admin/login\""
  }
  rules {
    action     = "log"
    expression = "http.response.code eq 403"
  }
  rules {
    action     = "block"
    expression = "starts_with(http.request.uri.path, \"/admin\")"
  }
}
`
	findings, err := wflint.CheckFile("main.tf", []byte(tf))
	if err != nil {
		panic(err) // main.tf: not a file wflint reads
	}
	for _, f := range findings {
		fmt.Printf("%s:%s %s[%s] %s\n", f.Name, f.Start, f.Severity, f.Rule, f.Where)
		for _, r := range f.Related {
			fmt.Printf("  %s: %s\n", r.Start, r.Message)
		}
	}
	// Output:
	// main.tf:13:18 error[shadowed-rule] cloudflare_ruleset.waf.rules[1].expression
	//   9:18: cloudflare_ruleset.waf.rules[0] (block) matches first
	// main.tf:17:19 error[field-not-in-phase] cloudflare_ruleset.waf.rules[2].expression
	// main.tf:21:18 warning[duplicate-rule] cloudflare_ruleset.waf.rules[3].expression
	//   9:18: the first copy
}

// A ruleset in the API's JSON, as `GET …/rulesets/{id}` returns it: the
// redirect's target is checked as a value of its parameter, not as a
// condition, and the parameters against the API schema.
func ExampleCheckFile_json() {
	js := `{"result": {"kind": "zone", "phase": "http_request_dynamic_redirect", "rules": [
  {"action": "redirect", "expression": "http.host eq \"old.example.com\"",
   "action_parameters": {"from_value": {"status_code": 310,
     "target_url": {"expression": "concat(\"https://new.example.com\", http.request.uri.path)"}}}}
]}}`
	findings, err := wflint.CheckFile("redirects.json", []byte(js))
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Printf("%s[%s] %s\n%v\n", f.Severity, f.Rule, f.Where, f)
	}
	// Output:
	// error[parameter-value] result.rules[0].action_parameters.from_value.status_code
	// redirects.json:3:56: `action_parameters.from_value.status_code` is 310; Cloudflare's API schema allows one of 301, 302, 303, 307 or 308
}

func ExampleFormat() {
	out, err := wflint.Format(`(http.host eq "example.com")and(ip.src in {192.0.2.1 192.0.2.2})`)
	fmt.Println(out, err)
	_, err = wflint.Format(`http.host eq "example.com`)
	fmt.Println(err)
	// Output:
	// (http.host eq "example.com") and (ip.src in {192.0.2.1 192.0.2.2}) <nil>
	// <expr>:1:14: could not find the closing `"` of this string
}

// Validate a report before submitting it: it may be submitted when Err is
// nil.
func ExampleValidateReport() {
	report := `{
  "type": "false_positive",
  "description": "Checkout customers challenged as bots",
  "expression": "cf.bot_management.score lt 30 and http.host eq \"shop.example.com\"",
  "first_request_seen_at": "2024-05-01T00:00:00Z",
  "last_request_seen_at": "2024-05-01T01:00:00Z",
  "requests": 100,
  "requests_by_score": {"5": 60, "12": 30},
  "requests_by_score_src": {"heuristics": 100},
  "requests_by_attribute": {"topCountries": [{"metric": "GB", "requests": 100}]}
}`
	findings := wflint.ValidateReport("report.json", []byte(report))
	for _, f := range findings {
		fmt.Printf("%s %s[%s] %s\n", f.Start, f.Severity, f.Rule, f.Where)
	}
	if err := findings.Err(); err != nil {
		fmt.Println("not submitting:", err)
	}
	// Output:
	// 8:24 error[score-sum-mismatch] /requests_by_score
	// not submitting: report.json:8:24: requests_by_score adds up to 90 but requests is 100 (10 fewer than requests); the counts must add up to requests exactly
}

// Build a report from Logpush http_requests logs (any io.Reader: files,
// gzip or not, HTTP bodies), then validate it.
func ExampleBuildReport() {
	logs := strings.NewReader(`{"BotScore":5,"BotScoreSrc":"Heuristics","ClientRequestHost":"shop.example.com","EdgeStartTimestamp":"2024-05-01T00:00:05Z"}
{"BotScore":12,"BotScoreSrc":"Machine Learning","ClientRequestHost":"shop.example.com","EdgeStartTimestamp":"2024-05-01T00:10:00Z"}
{"BotScore":80,"BotScoreSrc":"Machine Learning","ClientRequestHost":"shop.example.com","EdgeStartTimestamp":"2024-05-01T00:20:00Z"}
not a log line
`)
	rep, err := wflint.BuildReport(context.Background(), wflint.ReportSpec{
		Type:        "false_positive",
		Description: "Checkout customers challenged as bots",
		Expression:  `cf.bot_management.score lt 30 and http.host eq "shop.example.com"`,
	}, logs)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d records, %d matched, %d skipped: %v\n", rep.Records, rep.Matched, rep.Malformed, rep.Skipped)
	fmt.Print(string(rep.JSON))
	fmt.Println(wflint.ValidateReport("report.json", rep.JSON).Err())
	// Output:
	// 3 records, 2 matched, 1 skipped: [<log 1>:4: invalid JSON: expected '{' at byte 0]
	// {
	//   "type": "false_positive",
	//   "description": "Checkout customers challenged as bots",
	//   "expression": "cf.bot_management.score lt 30 and http.host eq \"shop.example.com\"",
	//   "first_request_seen_at": "2024-05-01T00:00:05Z",
	//   "last_request_seen_at": "2024-05-01T00:10:00Z",
	//   "requests": 2,
	//   "requests_by_score": {
	//     "5": 1,
	//     "12": 1
	//   },
	//   "requests_by_score_src": {
	//     "heuristics": 1,
	//     "machine_learning": 1
	//   },
	//   "requests_by_attribute": {
	//     "topHosts": [
	//       {
	//         "metric": "shop.example.com",
	//         "requests": 2
	//       }
	//     ]
	//   }
	// }
	// <nil>
}
