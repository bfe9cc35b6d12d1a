package output

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/feedback"
)

// jsonSchemaPath is the schema of the JSON output, shipped in docs/ and
// linked from the README.
const jsonSchemaPath = "../../docs/json-output.schema.json"

// compileJSONSchema compiles the shipped schema, with its "format"
// keywords asserted.
func compileJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(jsonSchemaPath)
	require.NoError(t, err)
	return sch
}

// reportFixture is a report validated as report validate does it, shown
// through ReportFile: findings of the report's own codes and the
// expression's.
func reportFixture(t *testing.T) *File {
	t.Helper()
	data := []byte("{\"type\": \"fp\", \"description\": \"d\", \"expression\": \"http.hots eq 'a'\", \"requests\": -1}\n")
	res := feedback.ValidateJSON(data)
	require.NotEmpty(t, res.Diagnostics)
	return ReportFile("r.json", data, res)
}

// TestJSONSchema validates the JSON output, of every host kind, a report
// validated by report validate and an empty run, against the schema the
// README links (docs/json-output.schema.json), and checks that the
// validator rejects what the schema forbids.
func TestJSONSchema(t *testing.T) {
	sch := compileJSONSchema(t)
	validate := func(files []*File) string {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, io.Discard, "json", files, Options{Version: "v0.0.0-test"}))
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err)
		if err := sch.Validate(doc); err != nil {
			t.Fatalf("JSON output does not match %s:\n%v\n%s", jsonSchemaPath, err, buf.String())
		}
		return buf.String()
	}
	out := validate(append(fixtures(t), reportFixture(t)))
	validate(nil)
	validate([]*File{{Path: "<stdin>", Err: "binary file"}})

	for _, bad := range []struct{ old, new string }{
		{`"severity": "error"`, `"severity": "fatal"`},       // no such severity
		{`"severity": "error"`, `"level": "error"`},          // a renamed member
		{`"rejected": true`, `"rejected": true, "extra": 1`}, // a member the schema does not name
		{`"version": 1`, `"version": 2`},                     // another shape
		{`"line": 1,`, `"line": 0,`},                         // lines are 1-based
		{`"docs": "https://`, `"docs": "not a URI`},          // format is asserted
	} {
		require.Contains(t, out, bad.old)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(out, bad.old, bad.new, 1)))
		require.NoError(t, err)
		assert.Error(t, sch.Validate(doc), "%s → %s", bad.old, bad.new)
	}
}

// TestJSONSchemaMatchesJSONReport: the schema names exactly the members
// of JSONReport, the type a Go consumer decodes into, at every level,
// and requires those that are always written; so neither can gain or
// lose a member without the other.
func TestJSONSchemaMatchesJSONReport(t *testing.T) {
	raw, err := os.ReadFile(jsonSchemaPath)
	require.NoError(t, err)
	var root map[string]any
	require.NoError(t, json.Unmarshal(raw, &root))
	defs, _ := root["$defs"].(map[string]any)
	resolve := func(node map[string]any) map[string]any {
		for {
			ref, ok := node["$ref"].(string)
			if !ok {
				return node
			}
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			require.True(t, ok, ref)
			node, ok = defs[name].(map[string]any)
			require.True(t, ok, ref)
		}
	}
	var walk func(path string, node map[string]any, typ reflect.Type)
	walk = func(path string, node map[string]any, typ reflect.Type) {
		node = resolve(node)
		switch typ.Kind() {
		case reflect.Slice:
			items, ok := node["items"].(map[string]any)
			require.True(t, ok, "%s: the schema has no items", path)
			walk(path+"[]", items, typ.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		props, ok := node["properties"].(map[string]any)
		require.True(t, ok, "%s: the schema has no properties", path)
		assert.Equal(t, false, node["additionalProperties"], "%s: the schema is strict", path)
		var names, required []string
		for i := range typ.NumField() {
			name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			names = append(names, name)
			if opts != "omitempty" {
				required = append(required, name)
			}
			if p, ok := props[name].(map[string]any); assert.True(t, ok, "%s.%s is not in the schema", path, name) {
				walk(path+"."+name, p, typ.Field(i).Type)
			}
		}
		var schemaNames, schemaRequired []string
		for name := range props {
			schemaNames = append(schemaNames, name)
		}
		for _, r := range node["required"].([]any) {
			schemaRequired = append(schemaRequired, r.(string))
		}
		slices.Sort(names)
		slices.Sort(schemaNames)
		slices.Sort(required)
		slices.Sort(schemaRequired)
		assert.Equal(t, names, schemaNames, "%s: members", path)
		assert.Equal(t, required, schemaRequired, "%s: required members", path)
	}
	walk("$", root, reflect.TypeFor[JSONReport]())
}

// ReportFile shows report findings as wflint shows the same report: the
// expression's under the feedback profile, named "expression"; the
// report's own codes without a rule page (unknown-field and type-mismatch
// are analyzer rules too, about something else). The caller's list is
// left as it was.
func TestReportFile(t *testing.T) {
	data := []byte(`{"expression": "http.hots eq \"a\"", "requests": "ten", "extra": 1}`)
	res := feedback.ValidateJSON(data)
	before := slices.Clone(res.Diagnostics)
	f := ReportFile("r.json", data, res)
	assert.Equal(t, before, res.Diagnostics, "the caller's diagnostics are not modified")
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, io.Discard, "json", []*File{f}, Options{}))
	var rep JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rep))
	seen := map[string]JSONDiagnostic{}
	for _, d := range rep.Diagnostics {
		seen[d.Where+" "+d.Rule] = d
	}
	expr, ok := seen["expression unknown-field"]
	require.True(t, ok, "%v", seen)
	assert.Equal(t, "feedback", expr.Profile)
	assert.Contains(t, expr.Docs, "/unknown-field.md", "an expression's finding links its rule's page")
	member, ok := seen["/extra unknown-field"]
	require.True(t, ok, "%v", seen)
	assert.Equal(t, "", member.Profile)
	assert.Empty(t, member.Docs, "the analyzer's unknown-field page is not about report members")
	mismatch, ok := seen["/requests type-mismatch"]
	require.True(t, ok, "%v", seen)
	assert.Empty(t, mismatch.Docs)
}
