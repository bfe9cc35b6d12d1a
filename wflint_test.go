package wflint

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/gziptest"
	"github.com/wflint/wflint/internal/loggen"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/reportview"
	"github.com/wflint/wflint/internal/schema"
)

// checkPositions fails unless every place of every finding is consistent
// with text: offsets in bounds and in order, and line and column those
// of the offset, counted afresh.
func checkPositions(t testing.TB, text string, fs Findings) {
	t.Helper()
	check := func(what string, p Position) {
		t.Helper()
		require.GreaterOrEqual(t, p.Offset, 0, what)
		require.LessOrEqual(t, p.Offset, len(text), what)
		before := text[:p.Offset]
		line := strings.Count(before, "\n") + 1
		col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
		require.Equal(t, Position{Offset: p.Offset, Line: line, Column: col}, p, "%s in %q", what, text)
	}
	span := func(what string, a, b Position) {
		t.Helper()
		check(what+" start", a)
		check(what+" end", b)
		require.LessOrEqual(t, a.Offset, b.Offset, what)
	}
	for _, f := range fs {
		span(f.Rule, f.Start, f.End)
		require.NotEmpty(t, f.Message)
		require.Contains(t, []Severity{Info, Warning, Error}, f.Severity)
		for _, fx := range f.Fixes {
			for _, e := range fx.Edits {
				span(f.Rule+" fix", e.Start, e.End)
			}
		}
		for _, r := range f.Related {
			span(f.Rule+" related", r.Start, r.End)
		}
	}
}

func TestCheckExpressionPlaces(t *testing.T) {
	tests := []struct {
		name, expr string
		rule       string
		at         string // the text the finding covers
		line, col  int
	}{
		{"first line", `http.host eq 'a'`, "single-quoted-string", `'a'`, 1, 14},
		{"after a line break and a two-byte character", "http.host eq \"é\" and\nhttp.host eq 'x'", "single-quoted-string", `'x'`, 2, 14},
		{"after a four-byte character on the line", "http.host eq \"😀\" or http.host eq 'x'", "single-quoted-string", `'x'`, 1, 34},
		{"CRLF", "http.host eq \"a\" and\r\n  http.request.method eq \"get\"", "case-never-matches", `"get"`, 2, 26},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := CheckExpression(tt.expr, nil)
			checkPositions(t, tt.expr, fs)
			require.Len(t, fs, 1, "%v", fs)
			f := fs[0]
			assert.Equal(t, tt.rule, f.Rule)
			assert.Equal(t, "<expr>", f.Name)
			assert.Equal(t, tt.at, tt.expr[f.Start.Offset:f.End.Offset])
			assert.Equal(t, tt.line, f.Start.Line)
			assert.Equal(t, tt.col, f.Start.Column)
			assert.Equal(t, fmt.Sprintf("<expr>:%d:%d: %s", tt.line, tt.col, f.Message), f.Error())
		})
	}
}

// CheckExpression is the analyzer under the profile's schema, moved to
// lines and columns and nothing else: every corpus expression gives the
// analyzer's findings, in its order, with its offsets, fixes and related
// places.
func TestCheckExpressionIsTheAnalyzer(t *testing.T) {
	for _, file := range []string{"realworld.jsonl", "cases.jsonl"} {
		for i, expr := range corpus(t, filepath.Join("testdata", "conformance", file)) {
			for _, p := range []Profile{Rules, Feedback} {
				got := CheckExpression(expr, &Options{Profile: p})
				want := analyzer.Analyze(expr, analyzer.Options{Schema: p.schema()}).Diagnostics
				checkPositions(t, expr, got)
				require.Len(t, got, len(want), "%s:%d %s", file, i+1, p)
				for k, d := range want {
					f := got[k]
					ctx := fmt.Sprintf("%s:%d %s %s", file, i+1, p, d)
					require.Equal(t, d.Rule, f.Rule, ctx)
					require.Equal(t, d.Message, f.Message, ctx)
					require.Equal(t, d.Severity.String(), f.Severity.String(), ctx)
					require.Equal(t, d.Rejected, f.Rejected, ctx)
					require.Equal(t, d.Where, f.Where, ctx)
					require.Equal(t, len(d.Fixes), len(f.Fixes), ctx)
					require.Equal(t, len(d.Related), len(f.Related), ctx)
					// Offsets are the analyzer's, kept inside the text.
					span := d.Span.Clamp(len(expr))
					require.Equal(t, int(span.Start), f.Start.Offset, ctx)
					require.Equal(t, int(span.End), f.End.Offset, ctx)
					for j, fx := range d.Fixes {
						require.Equal(t, fx.Apply(expr), f.Fixes[j].Apply(expr), ctx)
						require.Equal(t, fx.Safe, f.Fixes[j].Safe, ctx)
					}
				}
			}
		}
	}
}

// corpus reads the "expr" of each line of a conformance file.
func corpus(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct{ Expr string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		out = append(out, line.Expr)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, out)
	return out
}

func TestOptions(t *testing.T) {
	// A Rules field beyond the feedback eight, and a response field.
	expr := `cf.bot_management.score lt 30 and http.request.uri.path eq "/" and http.response.code eq 403`
	rules := func(fs Findings) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Severity.String()+" "+f.Rule)
		}
		return out
	}
	zero := CheckExpression(expr, nil)
	assert.Equal(t, zero, CheckExpression(expr, &Options{}), "nil is the zero Options")
	assert.Equal(t, zero, CheckExpression(expr, &Options{Profile: Rules}), "the zero Profile is Rules")
	assert.Empty(t, rules(zero), "valid under Rules in no phase")
	assert.Equal(t, []string{"warning not-feedback-field"}, rules(CheckExpression(expr, &Options{Profile: Feedback})), "the path is a feedback field, the response code not")
	assert.Equal(t, []string{"error field-not-in-phase"}, rules(CheckExpression(expr, &Options{Phase: "http_request_firewall_custom"})))
	assert.Empty(t, rules(CheckExpression(expr, &Options{Phase: "http_response_headers_transform"})))
	assert.Empty(t, rules(CheckExpression(expr, &Options{Phase: "no_such_phase"})), "an unknown phase turns the phase checks off")

	bad := CheckExpression(expr, &Options{Profile: Profile(7)})
	require.Len(t, bad, 1)
	assert.Equal(t, "<expr>:1:1: unknown profile Profile(7): use wflint.Rules or wflint.Feedback", bad.Err().Error())

	// A value is one field or function call; a rate limit's counting
	// expression may read the response, its filter not.
	assert.Equal(t, []string{"warning field-not-in-phase"}, rules(CheckExpression(`http.response.code eq 403`, &Options{Phase: "http_ratelimit"})))
	assert.Empty(t, rules(CheckExpression(`http.response.code eq 403`, &Options{Role: Counting, Phase: "http_ratelimit"})))
	assert.Empty(t, rules(CheckExpression(`lower(http.host)`, &Options{Role: Value})))
	assert.NotEmpty(t, rules(CheckExpression(`lower(http.host)`, &Options{Role: Filter})), "a filter must be a condition")
	badRole := CheckExpression(expr, &Options{Role: Role(9)})
	require.Len(t, badRole, 1)
	assert.Equal(t, "<expr>:1:1: unknown role Role(9): use wflint.Filter, wflint.Value or wflint.Counting", badRole.Err().Error())
	assert.Equal(t, []string{"filter", "value", "counting"}, []string{Filter.String(), Value.String(), Counting.String()})

	assert.Equal(t, "rules", Rules.String())
	assert.Equal(t, "feedback", Feedback.String())
	assert.Equal(t, schema.ProfileRules, Rules.schema().Profile())
	assert.Equal(t, schema.ProfileFeedback, Feedback.schema().Profile())
}

func TestFindingsErr(t *testing.T) {
	at := func(sev Severity, line int, msg string) Finding {
		return Finding{Name: "a.tf", Severity: sev, Message: msg, Start: Position{Line: line, Column: 2}}
	}
	info, warn := at(Info, 1, "style"), at(Warning, 2, "likely")
	e1, e2, e3 := at(Error, 3, "no"), at(Error, 4, "never"), at(Error, 5, "always")

	assert.NoError(t, Findings(nil).Err())
	assert.NoError(t, Findings{info, warn}.Err(), "only errors fail a check")

	err := Findings{info, e1, warn}.Err()
	assert.EqualError(t, err, "a.tf:3:2: no")
	err = Findings{info, e1, warn, e2, e3}.Err()
	assert.EqualError(t, err, "a.tf:3:2: no (and 2 more)")
	var fs Findings
	require.True(t, errors.As(err, &fs), "the error is the Findings that are errors")
	assert.Equal(t, Findings{e1, e2, e3}, fs)

	assert.Equal(t, "a.tf:1:2: style (and 1 more)", Findings{info, warn}.Error())
	assert.Equal(t, "no findings", Findings{}.Error())
	assert.Equal(t, "2:2", warn.Start.String())
	assert.Equal(t, []string{"info", "warning", "error"}, []string{Info.String(), Warning.String(), Error.String()})
}

func TestFixApply(t *testing.T) {
	expr := "http.host eq 'www.example.com' and\n  http.request.uri.path starts_with '/products'"
	fixed := expr
	for range 5 { // one fix at a time, each on the text it was found in
		fs := CheckExpression(fixed, nil)
		if len(fs) == 0 {
			break
		}
		require.NotEmpty(t, fs[0].Fixes, "%v", fs[0])
		require.True(t, fs[0].Fixes[0].Safe, "%v", fs[0])
		fixed = fs[0].Fixes[0].Apply(fixed)
	}
	assert.Equal(t, "http.host eq \"www.example.com\" and\n  starts_with(http.request.uri.path, \"/products\")", fixed)
	assert.Empty(t, CheckExpression(fixed, nil))
}

func TestFormat(t *testing.T) {
	out, err := Format("  http.host==\"a\"&&(ip.src in {192.0.2.1   192.0.2.2})\n")
	require.NoError(t, err)
	assert.Equal(t, `http.host == "a" && (ip.src in {192.0.2.1 192.0.2.2})`, out)

	long := strings.Repeat(`http.request.uri.path contains "/a" or `, 4) + `http.host eq "a"`
	out, err = Format(long)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(out, "\nor "), "broken before top-level or past 100 characters:\n%s", out)

	bad := "http.host eq \"a\" and\n(ip.src eq 1.2.3.4"
	out, err = Format(bad)
	assert.Equal(t, bad, out, "text that does not parse comes back unchanged")
	var fs Findings
	require.ErrorAs(t, err, &fs)
	checkPositions(t, bad, fs)
	assert.Equal(t, 2, fs[0].Start.Line)
	assert.True(t, strings.HasPrefix(err.Error(), "<expr>:2:1: "), err.Error())
}

// wantLine is one line of testdata/rulesets/mistakes/want.txt.
type wantLine struct {
	file     string
	line     int
	severity string
	rule     string
}

func TestCheckFile(t *testing.T) {
	dir := filepath.Join("testdata", "rulesets")
	valid, err := filepath.Glob(filepath.Join(dir, "valid", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, valid)
	for _, path := range valid {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		fs, err := CheckFile(path, src)
		require.NoError(t, err)
		checkPositions(t, string(src), fs)
		assert.NoError(t, fs.Err(), path)
	}

	var wants []wantLine
	f, err := os.Open(filepath.Join(dir, "mistakes", "want.txt"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var w wantLine
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.Contains(line, "pending:") || strings.Contains(line, "!") || strings.Contains(line, "*") {
			continue
		}
		_, err := fmt.Sscanf(strings.Replace(line, ":", " ", 1), "%s %d %s %s", &w.file, &w.line, &w.severity, &w.rule)
		require.NoError(t, err, line)
		wants = append(wants, w)
	}
	require.NotEmpty(t, wants)
	for _, w := range wants {
		path := filepath.Join(dir, "mistakes", w.file)
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		fs, err := CheckFile(path, src)
		require.NoError(t, err)
		checkPositions(t, string(src), fs)
		found := false
		for _, f := range fs {
			found = found || f.Start.Line == w.line && f.Rule == w.rule && f.Severity.String() == w.severity && f.Name == path
		}
		assert.True(t, found, "%s:%d %s %s not in\n%v", w.file, w.line, w.severity, w.rule, fs)
	}
}

func TestCheckFileReadsOnlyItsArguments(t *testing.T) {
	// A configuration that would turn the finding off, where the
	// command would find it: the library reads none.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("disable: [case-never-matches]\n"), 0o600))
	t.Chdir(dir)
	src := []byte(`resource "cloudflare_ruleset" "r" {
  phase = "http_request_firewall_custom"
  rules {
    action     = "block"
    expression = "http.request.method eq \"get\""
  }
}
`)
	fs, err := CheckFile(filepath.Join(dir, "main.tf"), src)
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "case-never-matches", fs[0].Rule)
	assert.Equal(t, "cloudflare_ruleset.r.rules[0].expression", fs[0].Where)
	assert.Equal(t, `\"get\"`, string(src[fs[0].Start.Offset:fs[0].End.Offset]), "placed in the file, through HCL's escapes")
	assert.Equal(t, `\"GET\"`, fs[0].Fixes[0].Edits[0].New, "escaped for the file")

	// An ignore comment in the file is the file's own word.
	ignored := bytes.Replace(src, []byte("    expression"), []byte("    # wflint:ignore case-never-matches -- tested\n    expression"), 1)
	fs, err = CheckFile("main.tf", ignored)
	require.NoError(t, err)
	assert.Empty(t, fs)
}

func TestCheckFileKinds(t *testing.T) {
	_, err := CheckFile("rules.yaml", []byte("expression: x"))
	assert.EqualError(t, err, "rules.yaml: wflint reads .tf, .tfvars, .hcl, .json, .jsonl and .wf files")

	for _, tt := range []struct{ name, src, rule string }{
		{"broken.json", `{"rules": [`, "host-syntax"},
		{"broken.tf", `resource "cloudflare_ruleset" "r" {`, "host-syntax"},
		{"empty.json", `{}`, "nothing-to-lint"},
		{"one.wf", `http.host eq 'a'`, "single-quoted-string"},
		{"lines.jsonl", "{\"expression\": \"http.host eq 'a'\"}\n", "single-quoted-string"},
	} {
		fs, err := CheckFile(tt.name, []byte(tt.src))
		require.NoError(t, err, "what a file holds is findings, not an error: %s", tt.name)
		require.NotEmpty(t, fs, tt.name)
		checkPositions(t, tt.src, fs)
		if tt.rule != "" {
			assert.Equal(t, tt.rule, fs[0].Rule, "%s: %v", tt.name, fs)
		}
	}
}

// A .wf file is a feedback expression unless its directives make it a
// rule's, as on the command line.
func TestCheckFileWFProfile(t *testing.T) {
	fs, err := CheckFile("a.wf", []byte(`http.request.method eq "GET"`))
	require.NoError(t, err)
	var rules []string
	for _, f := range fs {
		rules = append(rules, f.Rule)
	}
	assert.Contains(t, rules, "not-feedback-field")
	fs, err = CheckFile("a.wf", []byte("# wflint:phase http_request_firewall_custom\nhttp.request.method eq \"GET\"\n"))
	require.NoError(t, err)
	assert.Empty(t, fs)
}

// ValidateReport's verdict is `wflint report submit`'s: a report passes
// exactly when feedback.Blocking lets it through and it is a report.
func TestValidateReportDecidesAsSubmit(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("internal", "feedback", "testdata", "valid_report.json"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(valid, &m))
	variant := func(k string, v any) string {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		b, err := json.Marshal(c)
		require.NoError(t, err)
		return string(b)
	}
	docs := []string{string(valid), "", "[]", "null", "42", "{", "{}", `{"expression": "http.host eq 'x'"}`,
		variant("description", nil), variant("requests", 7), variant("type", "false_negative"),
		variant("expression", `cf.bot_management.score lt 30 and http.request.method eq "POST"`),
		variant("requests_by_score_src", map[string]int{"unknown": 1})}
	passed := 0
	for _, doc := range docs {
		fs := ValidateReport("r.json", []byte(doc))
		checkPositions(t, doc, fs)
		res := feedback.ValidateJSON([]byte(doc))
		blocks, _ := feedback.Blocking(res.Diagnostics, false)
		submits := res.Report != nil && !blocks
		assert.Equal(t, submits, fs.Err() == nil, "%s: %v", doc, fs)
		if submits {
			passed++
		}
	}
	assert.GreaterOrEqual(t, passed, 2, "some variants pass")
	assert.NoError(t, ValidateReport("r.json", valid).Err())
}

// A report file is checked whole, its scores against its expression
// included, as ValidateReport checks it.
func TestCheckFileReport(t *testing.T) {
	report := []byte(`{"type": "false_positive", "description": "d",
  "expression": "cf.bot_management.score lt 30",
  "first_request_seen_at": "2024-05-01T00:00:00Z", "last_request_seen_at": "2024-05-01T01:00:00Z",
  "requests": 100, "requests_by_score": {"5": 60, "80": 40}, "requests_by_score_src": {"heuristics": 100},
  "requests_by_attribute": {"topCountries": [{"metric": "GB", "requests": 100}]}}`)
	fs, err := CheckFile("r.json", report)
	require.NoError(t, err)
	assert.Equal(t, ValidateReport("r.json", report), fs)
	require.Len(t, fs, 1)
	assert.Equal(t, feedback.RuleScoreOutsideExpression, fs[0].Rule)
}

func TestBuildReport(t *testing.T) {
	dir := t.TempDir()
	var a, b bytes.Buffer
	require.NoError(t, loggen.Generate(&a, loggen.Config{N: 2000, Seed: 11, MalformedRate: 0.01}))
	require.NoError(t, loggen.Generate(&b, loggen.Config{N: 1000, Seed: 12}))
	pa, pb := filepath.Join(dir, "a.ndjson"), filepath.Join(dir, "b.ndjson.gz")
	require.NoError(t, os.WriteFile(pa, a.Bytes(), 0o600))
	require.NoError(t, os.WriteFile(pb, gziptest.Compress(t, b.Bytes()), 0o600))
	spec := ReportSpec{Type: feedback.FalsePositive, Description: "Checkout customers challenged",
		Expression: `cf.bot_management.score lt 30 and http.host eq "shop.example.com"`}

	// What `wflint report build` writes for the same files.
	want, wantSt, err := reportbuild.Build(context.Background(), reportbuild.Options{Expression: spec.Expression,
		Type: spec.Type, Description: spec.Description, Inputs: []string{pa, pb}})
	require.NoError(t, err)
	wantJSON, err := reportview.JSON(want)
	require.NoError(t, err)

	fa, err := os.Open(pa)
	require.NoError(t, err)
	defer fa.Close()
	rep, err := BuildReport(context.Background(), spec, fa, bytes.NewReader(gziptest.Compress(t, b.Bytes())))
	require.NoError(t, err)
	assert.Equal(t, string(wantJSON), string(rep.JSON))
	assert.Equal(t, wantSt.Records, rep.Records)
	assert.Equal(t, wantSt.Matches, rep.Matched)
	assert.Equal(t, wantSt.Malformed, rep.Malformed)
	require.NotEmpty(t, rep.Skipped)
	assert.True(t, strings.HasPrefix(rep.Skipped[0].Error(), pa+":"), "an *os.File is named by its Name: %v", rep.Skipped[0])
	assert.NoError(t, ValidateReport("report.json", rep.JSON).Err())

	// Readers without names, one of them broken part-way.
	z := gziptest.Compress(t, b.Bytes())
	rep, err = BuildReport(context.Background(), spec, bytes.NewReader(a.Bytes()), bytes.NewReader(z[:len(z)/2]))
	require.NoError(t, err)
	var names []string
	for _, e := range rep.Skipped {
		names = append(names, strings.SplitN(e.Error(), ":", 2)[0])
	}
	assert.Contains(t, names, "<log 1>")
	assert.Equal(t, "<log 2>", names[len(names)-1], "the broken gzip log")

	// Two logs of one name are both read, and told apart.
	rep, err = BuildReport(context.Background(), spec, named{"x", strings.NewReader("{}\nbad\n")}, named{"x", strings.NewReader("bad\n{}\n")})
	require.NoError(t, err)
	assert.Equal(t, int64(2), rep.Records)
	require.Len(t, rep.Skipped, 2)
	assert.Equal(t, "x:2: ", rep.Skipped[0].Error()[:5])
	assert.Equal(t, "x <log 2>:1: ", rep.Skipped[1].Error()[:13])
}

// named is a log with a name.
type named struct {
	name string
	io.Reader
}

func (n named) Name() string { return n.name }

func TestBuildReportRefusals(t *testing.T) {
	_, err := BuildReport(context.Background(), ReportSpec{Expression: `cf.bot_management.score lt 30`})
	assert.EqualError(t, err, "no logs given")
	_, err = BuildReport(context.Background(), ReportSpec{Expression: `cf.bot_management.score lt 30`}, strings.NewReader(""), nil)
	assert.EqualError(t, err, "log 2 is nil")

	_, err = BuildReport(context.Background(), ReportSpec{Expression: "cf.bot_management.score lt 30 and\nhttp.host eq 'a'"}, strings.NewReader(""))
	var fs Findings
	require.ErrorAs(t, err, &fs)
	assert.Equal(t, "<expr>:2:14: single quotes are not string delimiters in the Rules language; use double quotes", err.Error())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = BuildReport(ctx, ReportSpec{Expression: `cf.bot_management.score lt 30`}, strings.NewReader("{}\n"))
	assert.ErrorIs(t, err, context.Canceled)
}

// TestAPIExposesNoOtherPackage keeps the front door a door: no exported
// function, method, field, constant or variable of this package names a
// type of another package of the module, so the rest can move under
// internal/ without breaking a caller.
func TestAPIExposesNoOtherPackage(t *testing.T) {
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var exposed []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		ours := map[string]string{} // the name each module import is used under
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == module || strings.HasPrefix(path, module+"/") {
				name := filepath.Base(path)
				if imp.Name != nil {
					name = imp.Name.Name
				}
				ours[name] = path
			}
		}
		check := func(where string, n ast.Node) {
			if n == nil {
				return
			}
			ast.Inspect(n, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && ours[x.Name] != "" {
						exposed = append(exposed, fmt.Sprintf("%s: %s.%s", where, ours[x.Name], n.Sel.Name))
					}
				case *ast.StructType:
					for _, f := range n.Fields.List {
						for _, name := range f.Names {
							if name.IsExported() {
								ast.Inspect(f.Type, func(m ast.Node) bool {
									if s, ok := m.(*ast.SelectorExpr); ok {
										if x, ok := s.X.(*ast.Ident); ok && ours[x.Name] != "" {
											exposed = append(exposed, fmt.Sprintf("%s.%s: %s.%s", where, name.Name, ours[x.Name], s.Sel.Name))
										}
									}
									return true
								})
							}
						}
					}
					return false // unexported fields are the package's own
				}
				return true
			})
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv != nil {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					if !recv.(*ast.Ident).IsExported() {
						continue
					}
				}
				check(d.Name.Name, d.Type)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							check(s.Name.Name, s.Type)
						}
					case *ast.ValueSpec:
						for _, name := range s.Names {
							if name.IsExported() {
								check(name.Name, s.Type)
								for _, v := range s.Values {
									check(name.Name, v)
								}
							}
						}
					}
				}
			}
		}
	}
	assert.Empty(t, exposed)
}

const module = "github.com/wflint/wflint"

// The README's "As a library" section names only what the package has:
// wflint.X is an exported identifier, T.M a method or field of T.
func TestREADMENamesTheAPI(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	require.NoError(t, err)
	sec := string(raw)
	i := strings.Index(sec, "\n## As a library\n")
	require.GreaterOrEqual(t, i, 0)
	sec = sec[i+1:]
	sec = sec[:strings.Index(sec[1:], "\n## ")+1]

	api := map[string]bool{} // "X" and "T.M"
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					api[d.Name.Name] = true
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				api[recv.(*ast.Ident).Name+"."+d.Name.Name] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						api[s.Name.Name] = true
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, f := range st.Fields.List {
								for _, n := range f.Names {
									api[s.Name.Name+"."+n.Name] = true
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							api[n.Name] = true
						}
					}
				}
			}
		}
	}
	named := 0
	for _, m := range regexp.MustCompile(`\bwflint\.([A-Z]\w*)`).FindAllStringSubmatch(sec, -1) {
		assert.True(t, api[m[1]], "README names wflint.%s, which the package does not have", m[1])
		named++
	}
	for _, m := range regexp.MustCompile("`([A-Z]\\w*)\\.([A-Z]\\w*)").FindAllStringSubmatch(sec, -1) {
		assert.True(t, api[m[1]+"."+m[2]], "README names %s.%s, which the package does not have", m[1], m[2])
		named++
	}
	for _, m := range regexp.MustCompile("`([A-Z]\\w*)\\(").FindAllStringSubmatch(sec, -1) {
		assert.True(t, api[m[1]], "README names %s, which the package does not have", m[1])
		named++
	}
	assert.Greater(t, named, 10)
}

// Every function may be called from several goroutines at once (run
// with -race).
func TestConcurrentUse(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "rulesets", "valid", "v4.tf"))
	require.NoError(t, err)
	report, err := os.ReadFile(filepath.Join("internal", "feedback", "testdata", "valid_report.json"))
	require.NoError(t, err)
	wantFile, err := CheckFile("v4.tf", src)
	require.NoError(t, err)
	wantExpr := CheckExpression(`http.host eq 'a' and http.request.method eq "get"`, nil)
	wantReport := ValidateReport("r.json", report)
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 20 {
				fs, err := CheckFile("v4.tf", src)
				assert.NoError(t, err)
				assert.Equal(t, wantFile, fs)
				assert.Equal(t, wantExpr, CheckExpression(`http.host eq 'a' and http.request.method eq "get"`, nil))
				assert.Equal(t, wantReport, ValidateReport("r.json", report))
				out, err := Format(`http.host=="a"`)
				assert.NoError(t, err)
				assert.Equal(t, `http.host == "a"`, out)
			}
		}()
	}
	for range 4 {
		<-done
	}
}
