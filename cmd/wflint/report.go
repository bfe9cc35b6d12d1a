package main

// The "report" command: build a Bot Management feedback report from Logpush
// logs, show, validate and submit it, and list a zone's reports. The work is
// done by reportbuild, feedback and cfapi and shown by reportview; these
// files parse flags, wire the packages together and choose exit codes.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wflint/wflint/cfapi"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/reportview"
)

const reportUsage = `Usage:
  wflint report build --expr EXPR|--expr-file F --type false_positive|false_negative
                      [--subtype S] --description D [--top N] [--strict] [--quiet]
                      [--profile feedback|rules] [-o FILE] LOGS...
  wflint report build … --clickhouse DSN --table T [--column FIELD=COLUMN]...
  wflint report sql --dialect clickhouse --expr EXPR --table T [--column FIELD=COLUMN]...
  wflint report show [--scores] REPORT.json
  wflint report validate [--format text|json] REPORT.json...
  wflint report submit [--dry-run] [--force] --zone Z REPORT.json
  wflint report submit --retry-outbox [--zone Z]
  wflint report list --zone Z [--format table|json]

LOGS are Cloudflare Logpush http_requests NDJSON files or globs, optionally
gzip-compressed; "-" (or no LOGS) reads stdin.

--clickhouse builds the report inside ClickHouse from the table's rows
(native protocol); the password comes from the DSN or CLICKHOUSE_PASSWORD
and is never printed. "report sql" prints that query instead.

The API commands read CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and
CLOUDFLARE_API_KEY) and CLOUDFLARE_BASE_URL. Reports that cannot be sent are
kept in the outbox (--outbox, $WFLINT_OUTBOX, or $XDG_STATE_HOME/wflint/outbox)
until "submit --retry-outbox" delivers them.

Exit status: 0 ok; 1 invalid report or expression; 2 usage or I/O failure.
`

// runReport runs "wflint report ARGS...": args starts with the subcommand.
func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, reportUsage)
		return exitFailure
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "build":
		return buildCmd(rest, stdin, stdout, stderr)
	case "show":
		return showCmd(rest, stdout, stderr)
	case "validate":
		return validateCmd(rest, stdout, stderr)
	case "submit":
		return submitCmd(rest, stdout, stderr)
	case "list":
		return listCmd(rest, stdout, stderr)
	case "sql":
		return sqlCmd(rest, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, reportUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "wflint report: unknown subcommand %q\n%s", sub, reportUsage)
	return exitFailure
}

// newFlagSet returns a flag set that reports errors on stderr and does
// not exit.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("validate F --format json" works as well as
// "validate --format json F"). "--" ends flag parsing; "-" is positional.
// It returns false after printing the problem, or for -h.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, bool) {
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

// usageError prints a usage problem of command cmd, pointing at help, and
// returns the usage exit status.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, fmt.Sprintf(format, args...))
	parent := "report"
	if len(cmd) >= 6 && cmd[:6] == "config" {
		parent = "config"
	}
	fmt.Fprintf(stderr, "Run 'wflint %s help' for usage.\n", parent)
	return exitFailure
}

// fail prints err for command cmd and returns the failure exit status.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "wflint %s: %s\n", cmd, errText(err))
	return exitFailure
}

// isTTY reports whether w is a terminal (a character device).
func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// readReportFile reads a report or settings file ("-" is not accepted:
// reports are small files that are also written back and referred to by
// name).
func readReportFile(name string) ([]byte, error) {
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

// validateFile validates a report file's bytes (the analyzer checks the
// expression under the feedback profile).
func validateFile(name string, data []byte) (*feedback.Result, reportview.File) {
	res := feedback.ValidateJSON(data)
	return res, reportview.File{Name: name, Data: data, Diagnostics: res.Diagnostics}
}

// printJSON writes v as indented JSON, or says why it cannot.
func printJSON(w, stderr io.Writer, cmd string, v any) int {
	b, err := reportview.JSON(v)
	if err == nil {
		_, err = w.Write(b)
	}
	if err != nil {
		return fail(stderr, cmd, err)
	}
	return exitOK
}

// errText is err's message, with a path error as "path: reason"; the
// cfapi client already scrubs credentials from everything it returns.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// clientHook, when set, adjusts the API client options before the client
// is built. Tests use it to replace the retry sleep; it is nil in the real
// command.
var clientHook func(*cfapi.Options)

// apiFlags are the flags shared by the commands that call the API.
type apiFlags struct {
	zone    *string
	baseURL *string
}

func addAPIFlags(fs *flag.FlagSet) apiFlags {
	return apiFlags{
		zone:    fs.String("zone", "", "zone `ID` (32 hex characters, from the zone's Overview page)"),
		baseURL: fs.String("base-url", "", "API root `URL` (default $CLOUDFLARE_BASE_URL or "+cfapi.DefaultBaseURL+")"),
	}
}

// newClient builds the API client from the flags and the environment
// (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY),
// printing why when it cannot (missing credentials, a plain-http base URL).
func newClient(api apiFlags, cmd string, stderr io.Writer) (*cfapi.Client, bool) {
	opts := cfapi.Options{BaseURL: *api.baseURL, UserAgent: "wflint"}
	if clientHook != nil {
		clientHook(&opts)
	}
	client, err := cfapi.New(opts)
	if err != nil {
		fail(stderr, cmd, err)
		return nil, false
	}
	return client, true
}
