package main

// The "report" command: build a Bot Management feedback report from Logpush
// logs, show, validate and submit it, and list a zone's reports. Every
// identifier here starts with "report" because the rest of package main is
// written concurrently by others.

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/jsonscan"
)

// Exit statuses of the report and config commands (the same convention as
// lint: 0 ok, 1 findings or an invalid report, 2 usage or I/O failure).
const (
	reportExitOK       = 0
	reportExitFindings = 1
	reportExitFailure  = 2
)

const reportUsageText = `Usage:
  wflint report build --expr EXPR|--expr-file F --type false_positive|false_negative
                      [--subtype S] --description D [--top N] [--strict] [--quiet]
                      [--profile feedback|rules] [-o FILE] LOGS...
  wflint report show [--scores] REPORT.json
  wflint report validate [--format text|json] REPORT.json...
  wflint report submit [--dry-run] [--force] --zone Z REPORT.json
  wflint report submit --retry-outbox [--zone Z]
  wflint report list --zone Z [--format table|json]

LOGS are Cloudflare Logpush http_requests NDJSON files or globs, optionally
gzip-compressed; "-" (or no LOGS) reads stdin.

The API commands read CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and
CLOUDFLARE_API_KEY) and CLOUDFLARE_BASE_URL. Reports that cannot be sent are
kept in the outbox (--outbox, $WFLINT_OUTBOX, or $XDG_STATE_HOME/wflint/outbox)
until "submit --retry-outbox" delivers them.

Exit status: 0 ok; 1 invalid report or expression; 2 usage or I/O failure.
`

// runReport runs "wflint report ARGS...": args starts with the subcommand.
func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, reportUsageText)
		return reportExitFailure
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "build":
		return reportBuild(rest, stdin, stdout, stderr)
	case "show":
		return reportShow(rest, stdout, stderr)
	case "validate":
		return reportValidate(rest, stdout, stderr)
	case "submit":
		return reportSubmit(rest, stdout, stderr)
	case "list":
		return reportList(rest, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, reportUsageText)
		return reportExitOK
	}
	fmt.Fprintf(stderr, "wflint report: unknown subcommand %q\n%s", sub, reportUsageText)
	return reportExitFailure
}

// reportFlagSet returns a flag set that reports errors on stderr and does
// not exit.
func reportFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// reportParseArgs parses flags that may come before, between or after the
// positional arguments ("validate F --format json" works as well as
// "validate --format json F"). "--" ends flag parsing; "-" is positional.
// It returns false after printing the problem, or for -h.
func reportParseArgs(fs *flag.FlagSet, args []string) ([]string, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, true
		}
		// flag stops at the first non-flag; "--" is consumed by Parse
		// itself, so tell the two apart by what preceded rest.
		consumed := args[:len(args)-len(rest)]
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// reportUsageErr prints a usage problem and returns the usage exit status.
func reportUsageErr(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, fmt.Sprintf(format, args...))
	fmt.Fprintf(stderr, "Run 'wflint report help' for usage.\n")
	return reportExitFailure
}

// reportIsTTY reports whether w is a terminal (a character device).
func reportIsTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// reportValidateBytes validates a report document with the analyzer
// checking its expression under the feedback profile.
func reportValidateBytes(data []byte) *feedback.Result {
	return feedback.ValidateJSON(data)
}

// reportProblem is a problem placed in its file, for text and JSON output.
type reportProblem struct {
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"end_line"`
	EndColumn   int      `json:"end_column"`
	Severity    string   `json:"severity"`
	Code        string   `json:"code"`
	Pointer     string   `json:"pointer"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
}

// reportLocate turns ValidateJSON problems into located problems. Spans are
// byte offsets in data; feedback.Position turns them into 1-based line and
// character columns as editors show them. Expression findings already
// point inside the JSON string literal (ValidateJSON maps them through the
// escapes), so they land on the offending token in the file.
func reportLocate(name string, data []byte, problems diag.List) []reportProblem {
	out := make([]reportProblem, 0, len(problems))
	for _, p := range problems {
		rp := reportProblem{File: name, Severity: p.Severity.String(), Code: p.Rule, Pointer: p.Where,
			Message: p.Message, Suggestions: feedback.Suggestions(p)}
		rp.Line, rp.Column = jsonscan.Position(data, int(p.Span.Start))
		rp.EndLine, rp.EndColumn = jsonscan.Position(data, int(p.Span.End))
		out = append(out, rp)
	}
	return out
}

// reportPrintProblems writes problems as "file:line:col: severity: message
// [code]" with suggestions on the next line.
func reportPrintProblems(w io.Writer, problems []reportProblem) {
	for _, p := range problems {
		fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", p.File, p.Line, p.Column, p.Severity, p.Message, p.Code)
		// Some messages already end in "did you mean …?"; say it once.
		if len(p.Suggestions) > 0 && !strings.Contains(p.Message, "did you mean") {
			q := make([]string, len(p.Suggestions))
			for i, s := range p.Suggestions {
				q[i] = strconv.Quote(s)
			}
			fmt.Fprintf(w, "\tdid you mean %s?\n", strings.Join(q, " or "))
		}
	}
}

// reportCount summarises problems as "2 errors, 1 warning".
func reportCount(problems diag.List) (summary string, errs int) {
	n := map[diag.Severity]int{}
	for _, p := range problems {
		n[p.Severity]++
	}
	var parts []string
	for _, s := range []diag.Severity{diag.Error, diag.Warning, diag.Info} {
		if n[s] == 0 {
			continue
		}
		word := s.String()
		if s == diag.Info {
			word = "note"
		}
		if n[s] != 1 {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n[s], word))
	}
	if len(parts) == 0 {
		return "valid", 0
	}
	return strings.Join(parts, ", "), n[diag.Error]
}

// reportReadFile reads a report file ("-" is not accepted: reports are
// small files that are also written back and referred to by name).
func reportReadFile(name string) ([]byte, error) {
	const max = 64 << 20 // a report is a few KB; refuse to slurp a log by mistake
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > max {
		return nil, fmt.Errorf("%s: larger than %d MB; is this a report?", name, max>>20)
	}
	return data, nil
}

// reportMarshal encodes v as indented JSON with a final newline.
func reportMarshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// reportThousands formats n with thousands separators: 1234567 → 1,234,567.
func reportThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// reportSortedKeys returns the keys of m by count descending, then key.
func reportSortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// reportErrText is err's message; the feedback client already scrubs
// credentials from everything it returns.
func reportErrText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
