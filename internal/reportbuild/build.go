package reportbuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/diag"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/schema"
)

// Defaults for Options fields left at zero.
const (
	DefaultTopN             = 10
	DefaultMaxErrors        = logpush.DefaultMaxErrors
	DefaultProgressInterval = 250 * time.Millisecond
)

// Options configure Build.
type Options struct {
	// Expression is the Rules-language filter selecting the reported
	// requests. It becomes the report's expression verbatim.
	Expression string
	// Schema is the profile the expression is checked and typed against;
	// nil means schema.Feedback(), the only one the feedback API accepts.
	// schema.Rules() lets exploratory expressions use every bound field.
	Schema *schema.Schema
	// Type, Subtype and Description are copied into the report.
	Type, Subtype, Description string

	// Inputs are file names and globs (see logpush.Expand); "-" is Stdin.
	// Files may be gzip-compressed. Empty means Stdin.
	Inputs []string
	// Stdin is read for "-"; nil means os.Stdin.
	Stdin io.Reader
	// Open, when set, opens each of Inputs instead of the file system and
	// standard input: Inputs are then names, taken as they are (no glob
	// is expanded) and shown in errors. Build closes nothing it opens.
	Open func(name string) (io.Reader, error)

	// TopN is the length of each requests_by_attribute list; 0 means
	// DefaultTopN, negative means every tracked value.
	TopN int
	// Capacity is the Misra–Gries capacity per attribute (see
	// AggregatorOptions); 0 means DefaultCapacity.
	Capacity int
	// Strict makes the first malformed line (in input order), or the
	// first corrupt gzip input, fatal.
	Strict bool
	// MaxLineBytes bounds a line; 0 means logpush.DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxErrors is how many malformed lines Stats keeps; 0 means
	// DefaultMaxErrors, negative keeps none (all are counted).
	MaxErrors int
	// Workers is the number of decoding and matching goroutines; 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
	// ChunkBytes is the size of the blocks handed to workers; 0 means
	// DefaultChunkBytes. Tests shrink it to exercise block boundaries.
	ChunkBytes int

	// Progress, when set, is called from Build's goroutine about every
	// ProgressInterval while the input is read, and once at the end.
	Progress func(Progress)
	// ProgressInterval is the minimum time between Progress calls; 0 means
	// DefaultProgressInterval.
	ProgressInterval time.Duration
}

// Progress is a snapshot passed to Options.Progress.
type Progress struct {
	InputBytes int64         // bytes read from the inputs (compressed size for gzip)
	Bytes      int64         // NDJSON bytes decoded so far
	Records    int64         // well-formed records so far
	Matches    int64         // records the expression matched so far
	Elapsed    time.Duration // since Build started reading
	Done       bool          // the final call
}

// TopStat describes the accuracy of one requests_by_attribute list.
type TopStat struct {
	// Exact reports that every count is exact.
	Exact bool `json:"exact"`
	// MaxError bounds the undercount of each listed value when not exact:
	// its true count is in [reported, reported+MaxError].
	MaxError int64 `json:"max_error"`
	// Tracked is the number of distinct values the summary held: the
	// number of distinct values when Exact, a lower bound otherwise.
	Tracked int `json:"distinct"`
}

// Summary is what report build knows beyond the report itself, written
// beside it (report build --summary) for report show: requests over time,
// and per attribute the distinct values and whether the top list is exact.
type Summary struct {
	Timeline   []TimeBucket       `json:"requests_over_time"`
	Attributes map[string]TopStat `json:"attributes"`
}

// Summary returns the stats report show can use.
func (s *Stats) Summary() Summary {
	return Summary{Timeline: s.Timeline, Attributes: s.Top}
}

// Stats describes what Build read and how accurate the report is.
type Stats struct {
	Files      []string // expanded input names, in reading order
	Workers    int      // goroutines used for decoding and matching
	InputBytes int64    // bytes read from the inputs (compressed size for gzip)
	Bytes      int64    // NDJSON bytes decoded (uncompressed)
	Lines      int64    // lines read, blank and malformed included
	Blank      int64    // blank lines (skipped, not malformed)
	Records    int64    // well-formed records
	Matches    int64    // records the expression matched
	Malformed  int64    // malformed lines (skipped unless Strict)
	// MalformedLines are the first Options.MaxErrors malformed lines in
	// input order, each with its file and 1-based line number.
	MalformedLines []*logpush.LineError
	// Of the matched records: without BotScore, with a BotScore outside
	// 1..99 (Logpush writes 0 for "Not Computed"), and scored but
	// without EdgeStartTimestamp. None of these are in the report's
	// requests, which counts scored records only.
	Unscored, InvalidScore, NoTimestamp int64
	// NoScoreSource counts the scored records without BotScoreSrc, which
	// the report files under UnknownScoreSource (a key wflint invented).
	NoScoreSource int64
	// Corrupt are the gzip inputs whose data broke part-way (truncated or
	// corrupt), in input order: the lines before the damage count, the
	// rest of each file was skipped. With Strict the first one is fatal
	// instead.
	Corrupt []*logpush.CorruptError
	// Top has the accuracy of each list, keyed by attribute name.
	Top map[string]TopStat
	// Timeline counts the report's requests over its window.
	Timeline []TimeBucket
	// Diagnostics are the analyzer's non-fatal findings on the expression.
	Diagnostics []diag.Diagnostic
	// Elapsed is the wall time spent reading and aggregating.
	Elapsed time.Duration
}

// MBPerSecond is the decoding throughput in MB/s (10^6 bytes).
func (s *Stats) MBPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Bytes) / 1e6 / s.Elapsed.Seconds()
}

// ExpressionError is returned by Build when the expression cannot be used:
// the analyzer found fatal problems, or the evaluator refused it.
type ExpressionError struct {
	// Expression is the source text.
	Expression string
	// Diagnostics are the analyzer's findings (fatal ones included); empty
	// when the evaluator refused an expression the analyzer accepted.
	Diagnostics []diag.Diagnostic
	// Eval is the evaluator's refusal, if that is what failed.
	Eval *check.Refusal
}

// Error lists the fatal findings as "col N: message (rule)".
func (e *ExpressionError) Error() string {
	var b strings.Builder
	b.WriteString("expression cannot be evaluated")
	if e.Eval != nil {
		fmt.Fprintf(&b, ": col %d: %s", col(e.Expression, e.Eval.Span.Start), e.Eval.Msg)
		return b.String()
	}
	for _, d := range e.Diagnostics {
		if Fatal(d) {
			fmt.Fprintf(&b, "\n  col %d: %s (%s)", col(e.Expression, d.Span.Start), d.Message, d.Rule)
		}
	}
	return b.String()
}

// Reasons are why the expression cannot be used, in its bytes: the
// evaluator's refusal, or the analyzer's fatal findings.
func (e *ExpressionError) Reasons() []diag.Diagnostic {
	if e.Eval != nil {
		return []diag.Diagnostic{{Severity: diag.Error, Span: e.Eval.Span,
			Message: e.Eval.Msg + "; the evaluator cannot run this on logs"}}
	}
	var ds []diag.Diagnostic
	for _, d := range e.Diagnostics {
		if Fatal(d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// col is the 1-based rune column of off, counting across lines the way a
// one-line expression is usually read.
func col(src string, off diag.Pos) int {
	return diag.NewLineIndex(src).Position(off).RuneCol
}

// Accepted is an expression a report may be built from, with what both
// builds compile: the checked expression and the matcher over Logpush
// records.
type Accepted struct {
	// Info is the type-checked expression (chsql compiles it to SQL).
	Info *check.Checked
	// Program is the matcher the local build runs.
	Program *eval.Program[*logpush.Record]
	// Diagnostics are the analyzer's non-fatal findings.
	Diagnostics []diag.Diagnostic
}

// Accept is the one policy on which fields, functions and profiles a
// report's expression may use, for the local build and the ClickHouse build
// alike: expr is checked by the analyzer under sch (nil: the feedback
// profile), fatal findings refuse it (a field beyond the documented
// feedback fields is a warning, not fatal), and the evaluator must compile
// it over Logpush records, which refuses fields Logpush does not carry.
// Fatal findings and evaluator refusals are returned as *ExpressionError.
// Neither build adds a rule of its own about fields or profiles; the
// ClickHouse build only refuses what it cannot translate exactly.
func Accept(expr string, sch *schema.Schema) (*Accepted, error) {
	if sch == nil {
		sch = schema.Feedback()
	}
	res := analyzer.Analyze(expr, analyzer.Options{Schema: sch})
	acc := &Accepted{Info: res.Info, Diagnostics: res.Diagnostics}
	for _, d := range res.Diagnostics {
		if Fatal(d) {
			return acc, &ExpressionError{Expression: expr, Diagnostics: res.Diagnostics}
		}
	}
	prog, err := eval.Compile[*logpush.Record](res.Info, Binding())
	if err != nil {
		var ee *check.Refusal
		if errors.As(err, &ee) {
			return acc, &ExpressionError{Expression: expr, Diagnostics: res.Diagnostics, Eval: ee}
		}
		return acc, err
	}
	acc.Program = prog
	return acc, nil
}

// Compile is Accept for the local build: the matcher and the non-fatal
// findings.
func Compile(expr string, sch *schema.Schema) (*eval.Program[*logpush.Record], []diag.Diagnostic, error) {
	acc, err := Accept(expr, sch)
	return acc.Program, acc.Diagnostics, err
}

// Build compiles opts.Expression, streams the inputs through it and returns
// the feedback report of the matching requests together with Stats.
//
// Decoding, matching and aggregating run on opts.Workers goroutines. The
// chunks of input are dealt in turn to a fixed number of aggregators
// (stripes), each fed its chunks in input order by whichever worker takes
// them, and the aggregators are merged once at the end in a fixed order.
// The chunks do not depend on the number of workers, so neither does what
// each aggregator sees: the report is byte-for-byte identical whatever the
// number of workers, even once a top list becomes approximate (a
// Misra–Gries summary depends on the order it sees values in, so merging
// one summary per worker would not be).
//
// On an I/O error, a strict-mode malformed line or a cancelled context,
// Build returns the error and the Stats so far, with a nil report.
func Build(ctx context.Context, opts Options) (*feedback.Report, *Stats, error) {
	prog, diags, err := Compile(opts.Expression, opts.Schema)
	if err != nil {
		return nil, &Stats{Diagnostics: diags}, err
	}
	files := opts.Inputs
	if opts.Open == nil {
		if files, err = logpush.Expand(defaultInputs(opts.Inputs)); err != nil {
			return nil, &Stats{Diagnostics: diags}, err
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	agg := NewAggregator(AggregatorOptions{Capacity: opts.Capacity})
	st := &Stats{Files: files, Workers: workers, Diagnostics: diags}
	err = run(ctx, &opts, files, workers, prog, agg, st)

	res := agg.Totals(topN(opts.TopN))
	st.Unscored, st.InvalidScore, st.NoTimestamp = res.Unscored, res.InvalidScore, res.NoTimestamp
	st.NoScoreSource = res.NoScoreSource
	st.Timeline = res.Timeline
	st.Top = make(map[string]TopStat, len(res.Top))
	for k, l := range res.Top {
		st.Top[k] = TopStat{Exact: l.Exact, MaxError: l.MaxError, Tracked: l.Tracked}
	}
	if err != nil {
		return nil, st, err
	}
	return newReport(&opts, &res), st, nil
}

func defaultInputs(in []string) []string {
	if len(in) == 0 {
		return []string{logpush.Stdin}
	}
	return in
}

func topN(n int) int {
	switch {
	case n == 0:
		return DefaultTopN
	case n < 0:
		return 0 // aggregate: every tracked value
	}
	return n
}

// newReport fills a feedback report from the aggregated numbers.
func newReport(opts *Options, res *Totals) *feedback.Report {
	r := &feedback.Report{
		Type:                opts.Type,
		Subtype:             opts.Subtype,
		Description:         opts.Description,
		Expression:          opts.Expression,
		Requests:            res.Requests,
		RequestsByScore:     feedback.Counts(res.RequestsByScore),
		RequestsByScoreSrc:  feedback.Counts(res.RequestsByScoreSrc),
		RequestsByAttribute: map[string][]feedback.MetricRequests{},
	}
	if !res.FirstRequestSeenAt.IsZero() {
		r.FirstRequestSeenAt = feedback.FormatTime(res.FirstRequestSeenAt)
		r.LastRequestSeenAt = feedback.FormatTime(res.LastRequestSeenAt)
	}
	for k, items := range res.RequestsByAttribute() {
		if len(items) == 0 {
			// An empty list says nothing; leaving it out keeps the
			// report to what was observed.
			continue
		}
		out := make([]feedback.MetricRequests, len(items))
		for i, it := range items {
			out[i] = feedback.MetricRequests{Metric: it.Metric, Requests: it.Requests}
		}
		r.RequestsByAttribute[k] = out
	}
	return r
}

// Fatal reports whether a diagnostic makes the expression unusable: an
// error from a fatal rule (syntax, type, unknown or non-feedback field),
// or an error whose rule is not registered (the parser's own codes).
func Fatal(d diag.Diagnostic) bool {
	if d.Severity != diag.Error {
		return false
	}
	r, known := analyzer.LookupRule(d.Rule)
	return !known || r.Fatal
}
