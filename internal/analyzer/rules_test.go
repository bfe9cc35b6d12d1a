package analyzer_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/corpus"

	"github.com/wflint/wflint/internal/golden"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/ruledoc"
	"github.com/wflint/wflint/internal/schema"
)

func profile(name string) *schema.Schema {
	switch name {
	case "feedback":
		return schema.Feedback()
	case "engine2020":
		return schema.Engine2020()
	}
	return schema.Rules()
}

func countRule(r *analyzer.Result, id string) int {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Rule == id {
			n++
		}
	}
	return n
}

// TestRuleDocs checks that every registered rule has a page whose Bad
// examples trigger the rule and whose Good examples do not.
func TestRuleDocs(t *testing.T) {
	for _, r := range analyzer.Rules() {
		if r.Category == analyzer.CatRuleset || r.Category == analyzer.CatIgnore {
			continue // examples are rulesets or files: packages ruleset and workspace test them
		}
		t.Run(r.ID, func(t *testing.T) {
			page, ok := ruledoc.Rule(r.ID)
			require.True(t, ok, "docs/rules/%s.md is missing", r.ID)
			require.True(t, strings.HasPrefix(page, "# "+r.ID+"\n"), "the page must start with `# %s`", r.ID)
			ex := docExamples(page)
			var bad, good int
			for _, e := range ex {
				ctx := exprContext{phase: e.Phase}
				if e.Role != "" {
					var err error
					ctx.role, err = schema.ParseRole(e.Role)
					require.NoError(t, err)
					ctx.valueType = schema.TypeBytes
				}
				res := analyzer.Analyze(e.Code, ctx.options(analyzer.Options{Schema: profile(e.Profile), Enabled: map[string]bool{r.ID: true}, Parse: grammar.Options{MaxSize: e.MaxSize}}))
				switch e.Section {
				case "Bad":
					bad++
					assert.Positive(t, countRule(res, r.ID), "Bad example does not trigger %s:\n%s\n%v", r.ID, e.Code, res.Diagnostics)
				case "Good":
					good++
					assert.Zero(t, countRule(res, r.ID), "Good example triggers %s:\n%s\n%v", r.ID, e.Code, res.Diagnostics)
				}
			}
			assert.Positive(t, bad, "the page needs a ```wirefilter block under ## Bad")
			assert.Positive(t, good, "the page needs a ```wirefilter block under ## Good")
		})
	}
}

// exprContext is where the expressions of a test file or doc example run:
// `# phase: NAME` and `# role: value|counting|filter` lines in a
// testdata/rules file set it for the lines after them (a value takes a
// string, as every expression-valued parameter of the API does).
type exprContext struct {
	phase     string
	role      schema.Role
	valueType schema.Type
}

func (c *exprContext) directive(t *testing.T, line string) bool {
	switch {
	case strings.HasPrefix(line, "# phase:"):
		c.phase = strings.TrimSpace(strings.TrimPrefix(line, "# phase:"))
	case strings.HasPrefix(line, "# role:"):
		r, err := schema.ParseRole(strings.TrimSpace(strings.TrimPrefix(line, "# role:")))
		require.NoError(t, err, line)
		c.role, c.valueType = r, schema.Type{}
		if r == schema.RoleValue {
			c.valueType = schema.TypeBytes
		}
	default:
		return false
	}
	return true
}

func (c exprContext) options(o analyzer.Options) analyzer.Options {
	o.Phase, o.Role, o.ValueType = c.phase, c.role, c.valueType
	return o
}

var wantRe = regexp.MustCompile(`;; want ([a-z0-9-]+)(?: "([^"]*)")?`)

// TestRuleExpectations runs the analysistest-style files in testdata/rules:
// each line is an expression, optionally followed by `;; want RULE "text"`
// expectations. A line without an expectation for the file's rule (the file
// is named after it) must not trigger it. Every fix offered by the file's
// rule must yield an expression that parses and triggers the rule less.
func TestRuleExpectations(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*.txt"))
	require.NoError(t, err)
	for _, file := range files {
		id := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(id, func(t *testing.T) {
			_, known := analyzer.LookupRule(id)
			require.True(t, known, "no rule %s", id)
			f, err := os.Open(file)
			require.NoError(t, err)
			defer f.Close()
			prof, positives, negatives := "rules", 0, 0
			var ctx exprContext
			sc := bufio.NewScanner(f)
			for n := 1; sc.Scan(); n++ {
				line := sc.Text()
				if strings.HasPrefix(line, "# profile:") {
					prof = strings.TrimSpace(strings.TrimPrefix(line, "# profile:"))
					continue
				}
				if ctx.directive(t, line) {
					continue
				}
				if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
					continue
				}
				expr := line
				if i := strings.Index(line, " ;; "); i >= 0 {
					expr = line[:i]
				}
				opts := ctx.options(analyzer.Options{Schema: profile(prof), Enabled: map[string]bool{id: true}})
				res := analyzer.Analyze(expr, opts)
				wants := wantRe.FindAllStringSubmatch(line, -1)
				wantsOwn := false
				for _, w := range wants {
					if w[1] == id {
						wantsOwn = true
					}
					found := false
					for _, d := range res.Diagnostics {
						if d.Rule == w[1] && strings.Contains(d.Message, w[2]) {
							found = true
						}
					}
					assert.True(t, found, "%s:%d: want %s %q in %q, got %v", file, n, w[1], w[2], expr, res.Diagnostics)
				}
				if wantsOwn {
					positives++
				} else {
					negatives++
					assert.Zero(t, countRule(res, id), "%s:%d: unexpected %s on %q: %v", file, n, id, expr, res.Diagnostics)
				}
				before := countRule(res, id)
				_, perrsBefore := grammar.Parse(expr)
				for _, d := range res.Diagnostics {
					if d.Rule != id {
						continue
					}
					for _, fix := range d.Fixes {
						fixed := fix.Apply(expr)
						after := analyzer.Analyze(fixed, opts)
						_, perrs := grammar.Parse(fixed)
						if len(perrsBefore) == 0 {
							assert.Empty(t, perrs, "%s:%d: fix %q gives unparsable %q", file, n, fix.Title, fixed)
						} else {
							assert.Less(t, len(perrs), len(perrsBefore), "%s:%d: fix %q adds syntax errors: %q", file, n, fix.Title, fixed)
						}
						assert.Less(t, countRule(after, id), before, "%s:%d: fix %q gives %q, which still triggers %s as often", file, n, fix.Title, fixed, id)
					}
				}
			}
			require.NoError(t, sc.Err())
			assert.Positive(t, positives, "need at least one line that triggers %s", id)
			assert.Positive(t, negatives, "need at least one near-miss line that must not trigger %s", id)
		})
	}
}

// looksLikeValueExpression tells redirect and rewrite targets in the corpus
// (`concat("https://…", http.request.uri.path)`) from filters: the corpus
// records no context, and a root that is a non-Bool function call cannot be
// a filter. Hosts such as Terraform know the context and set the role.
func looksLikeValueExpression(src string) bool {
	x, errs := grammar.Parse(src)
	if len(errs) > 0 {
		return false
	}
	c, ok := x.Root.(*grammar.Comparison)
	if !ok || c.Op != nil || c.LHS.Call == nil {
		return false
	}
	f, ok := schema.Rules().Function(c.LHS.Name.Text)
	return ok && !f.Quantifier && f.Returns != schema.TypeBool
}

// TestRealworldFindings runs every rule over the real-world corpus with the
// rules profile and compares with a reviewed golden file.
func TestRealworldFindings(t *testing.T) {
	var b strings.Builder
	for _, rec := range corpus.Realworld(t) {
		opts := analyzer.Options{Schema: schema.Rules()}
		if looksLikeValueExpression(rec.Expr) {
			opts.Role = schema.RoleValue
		}
		res := analyzer.Analyze(rec.Expr, opts)
		if len(res.Diagnostics) == 0 {
			continue
		}
		q, _ := json.Marshal(rec.Expr)
		fmt.Fprintf(&b, "%s  (%s)\n", q, rec.Source)
		for _, d := range res.Diagnostics {
			fmt.Fprintf(&b, "    %d-%d %s %s: %s\n", d.Span.Start, d.Span.End, d.Severity, d.Rule, d.Message)
		}
	}
	golden.Assert(t, filepath.Join("..", "..", "testdata", "findings", "realworld.golden"), b.String())
}
