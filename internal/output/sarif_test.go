package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/workspace"
)

func sarifOf(t *testing.T, files []*File, o Options) sarifLog {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, &buf, "sarif", files, o))
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("testdata/sarif-schema-2.1.0.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.NoError(t, sch.Validate(doc), "SARIF output does not match the 2.1.0 schema")
	var log sarifLog
	require.NoError(t, json.Unmarshal(buf.Bytes(), &log))
	return log
}

func TestSecuritySeverityRulesExist(t *testing.T) {
	for id := range securitySeverity {
		_, ok := analyzer.LookupRule(id)
		assert.True(t, ok, id)
	}
}

// TestSARIFCodeScanning checks what GitHub code scanning needs beyond the
// schema: security severities, fingerprints that tell identical mistakes
// apart, URIs that resolve, and only the rules that have results.
func TestSARIFCodeScanning(t *testing.T) {
	ws := workspace.New(workspace.Settings{})
	text := "resource \"cloudflare_filter\" \"a\" {\n  expression = \"http.host eq 'x' or http.host eq 'x'\"\n}\n" +
		"resource \"cloudflare_filter\" \"b\" {\n  expression = \"http.host eq 'x' and ip.src in {10.0.0.1} and not ip.src in {10.0.0.1}\"\n}\n"
	lint := func(path string) *File {
		f := ws.Lint(workspace.Source{Path: "main.tf", Text: []byte(text)})
		require.NoError(t, f.Err)
		return &File{Path: path, Text: f.Text, Diagnostics: f.Diagnostics}
	}
	log := sarifOf(t, []*File{lint("infra/main.tf"), lint("/abs/dir/main.tf")}, Options{Version: "v0"})
	run := log.Runs[0]

	used := map[string]bool{}
	fps := map[string]bool{}
	for _, r := range run.Results {
		used[r.RuleID] = true
		art := r.Locations[0].PhysicalLocation.ArtifactLocation
		if art.URIBaseID != "" {
			assert.Equal(t, "%SRCROOT%", art.URIBaseID)
			assert.Equal(t, "infra/main.tf", art.URI)
		} else {
			assert.Equal(t, "file:///abs/dir/main.tf", art.URI)
		}
		fp := art.URI + " " + r.PartialFingerprints["wflintLocation/v1"]
		assert.False(t, fps[fp], "fingerprint %s is not unique", fp)
		fps[fp] = true
	}
	assert.True(t, used["single-quoted-string"])
	require.Len(t, run.Tool.Driver.Rules, len(used), "only the rules with results")
	var security int
	for _, rule := range run.Tool.Driver.Rules {
		if rule.Properties.SecuritySeverity != "" {
			security++
			assert.Contains(t, rule.Properties.Tags, "security")
		}
	}
	assert.Positive(t, security, "the contradiction is a security finding: %v", used)

	all := sarifOf(t, []*File{lint("main.tf")}, Options{AllRules: true})
	assert.Greater(t, len(all.Runs[0].Tool.Driver.Rules), len(analyzer.Rules()))
	for _, r := range all.Runs[0].Results {
		assert.Equal(t, r.RuleID, all.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID)
	}
}

// A finding's related information (the first copy of a duplicate rule,
// the earlier rule) becomes the result's relatedLocations.
func TestSARIFRelatedLocations(t *testing.T) {
	text := "rule one\nrule two\n"
	f := &File{Path: "r.tf", Text: text, Diagnostics: diag.List{{Rule: "duplicate-set-item", Severity: diag.Warning, Message: "again",
		Span: diag.SpanOf(9, 17), Related: []diag.Related{{Message: "first copy", Span: diag.SpanOf(0, 8)}}}}}
	log := sarifOf(t, []*File{f}, Options{})
	res := log.Runs[0].Results[0]
	require.Len(t, res.RelatedLocations, 1)
	rel := res.RelatedLocations[0]
	assert.Equal(t, 1, rel.ID)
	assert.Equal(t, "first copy", rel.Message.Text)
	assert.Equal(t, sarifRegion{1, 1, 1, 9}, *rel.PhysicalLocation.Region)
	assert.Equal(t, "r.tf", rel.PhysicalLocation.ArtifactLocation.URI)
}
