package output

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/workspace"
)

// fixtures lints the CLI's test files, which cover every host kind.
func fixtures(t *testing.T) []*File {
	t.Helper()
	dir := "../../testdata/cli"
	ws := workspace.New(workspace.Settings{})
	var out []*File
	for _, name := range []string{"waf.tf", "prod.tfvars", "ruleset.json", "report.json", "exprs.jsonl", "good.wf", "tab.wf", "broken.json", "ignored.tf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		f := ws.Lint(workspace.Source{Path: filepath.Join(dir, name), Text: data})
		require.NoError(t, f.Err)
		out = append(out, &File{Path: name, Text: f.Text, Expressions: len(f.Exprs), Diagnostics: f.Diagnostics, Profiles: f.Profiles, Ignored: f.Ignored})
	}
	// A report with problems of its own: their codes are no analyzer rules.
	bad := []byte(`{"type": "false_positive", "expression": "cf.bot_management.score lt 30", "requests": -1}`)
	f := ws.Lint(workspace.Source{Name: "bad-report.json", Text: bad})
	require.NotEmpty(t, f.Diagnostics)
	out = append(out, &File{Path: "bad-report.json", Text: f.Text, Expressions: len(f.Exprs), Diagnostics: f.Diagnostics, Profiles: f.Profiles})
	out = append(out, &File{Path: "missing dir/x.wf", Err: "no such file or directory"})
	return out
}

// TestSARIFSchema validates the SARIF output against the official SARIF
// 2.1.0 schema (testdata/sarif-schema-2.1.0.json). A full validator is
// used rather than spot checks: the schema constrains enums, URIs and
// nested required members that hand-written checks would miss.
func TestSARIFSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("testdata/sarif-schema-2.1.0.json")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, io.Discard, "sarif", fixtures(t), Options{Version: "v0.0.0-test"}))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not match the 2.1.0 schema:\n%v", err)
	}

	// The validator does reject what the schema forbids.
	bad, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(buf.String(), `"level": "error"`, `"level": "fatal"`, 1)))
	require.NoError(t, err)
	assert.Error(t, sch.Validate(bad))

	// What GitHub code scanning needs beyond the schema.
	var log sarifLog
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	run := log.Runs[0]
	assert.Equal(t, "utf16CodeUnits", run.ColumnKind)
	require.NotEmpty(t, run.Results)
	for _, r := range run.Results {
		assert.GreaterOrEqual(t, r.RuleIndex, 0, r.RuleID)
		assert.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
		assert.NotEmpty(t, r.PartialFingerprints)
		assert.False(t, filepath.IsAbs(r.Locations[0].PhysicalLocation.ArtifactLocation.URI))
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.Properties.Tags[0] != "host" {
			require.NotNil(t, rule.Help, rule.ID)
			assert.True(t, strings.HasPrefix(rule.HelpURI, "https://"), rule.ID)
		}
	}
	assert.False(t, run.Invocations[0].ExecutionSuccessful, "a file that could not be linted is reported")
}

// TestJSONShape checks the documented members of the JSON report; the
// byte-exact output is the CLI's golden.
func TestJSONShape(t *testing.T) {
	files := fixtures(t)
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, io.Discard, "json", files, Options{Version: "v0"}))
	var rep JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rep))
	assert.Equal(t, 1, rep.Version)
	require.NotEmpty(t, rep.Diagnostics)
	for _, d := range rep.Diagnostics {
		assert.NotEmpty(t, d.Rule)
		assert.Contains(t, []string{"error", "warning", "info"}, d.Severity)
		assert.GreaterOrEqual(t, d.Range.Start.Line, 1)
	}
	assert.Len(t, rep.Errors, 1)
}

func TestWriteUnknownFormat(t *testing.T) {
	assert.Error(t, Write(&bytes.Buffer{}, &bytes.Buffer{}, "xml", nil, Options{}))
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		line string
		off  int
		want int
	}{
		{"abc", 1, 1},
		{"\tx", 1, 4},
		{"日本x", len("日本"), 4},
		{"e\u0301x", len("e\u0301"), 1}, // combining accent takes no cell
		{"😀x", 4, 2},
	}
	for _, tt := range tests {
		_, col, _ := appendDisplayRange(nil, tt.line, tt.off, tt.off)
		assert.Equal(t, tt.want, col, tt.line)
	}
}
