package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wflint/wflint/internal/diag"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/schema"
)

func TestParseFull(t *testing.T) {
	src := `# project settings
profile: rules
fail-on: warning
rules:
  redundant-parens: off
  mixed-and-or: error
enable: [or-to-in]
disable:
  - double-negation
fields:
  - name: http.request.x_custom
    type: Bytes
lists:
  - name: $office_ips
    kind: ip
  - $partners
exclude:
  - vendor/
  - "*.generated.tf"
  - /build/**
  - "!build/keep.tf"
`
	c, err := Parse("dir/.wflint.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileRules, c.Profile)
	assert.Equal(t, diag.Warning, c.FailOn)
	assert.True(t, c.Off["redundant-parens"])
	assert.Equal(t, diag.Error, c.Severity["mixed-and-or"])
	assert.Equal(t, []string{"or-to-in"}, c.Enable)
	assert.Equal(t, []string{"double-negation"}, c.Disable)
	require.Len(t, c.Lists, 2)
	assert.Equal(t, "office_ips", c.Lists[0].Name)
	assert.Equal(t, schema.ListIP, c.Lists[0].Kind)
	assert.Equal(t, "partners", c.Lists[1].Name)

	o, err := c.OptionsFor(c.ProfileFor(schema.ProfileFeedback))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileRules, o.Schema.Profile(), "config profile beats the host's hint")
	_, ok := o.Schema.Field("http.request.x_custom")
	assert.True(t, ok)
	_, ok = o.Schema.List("office_ips")
	assert.True(t, ok)
	assert.True(t, o.Disabled["redundant-parens"])
	assert.True(t, o.Disabled["double-negation"])
	assert.True(t, o.Enabled["or-to-in"])

	r := analyzer.Analyze(`ip.src in $office_ips and http.request.x_custom eq "a"`, o)
	assert.Empty(t, r.Diagnostics)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "profile: rules\nprofle: x\n", "f.yaml:2:1: unknown key \"profle\""},
		{"unknown rule", "rules:\n  no-such-rule: off\n", "f.yaml:2:3: unknown rule \"no-such-rule\""},
		{"bad severity", "rules:\n  mixed-and-or: loud\n", "f.yaml:2:17: rule \"mixed-and-or\": unknown severity"},
		{"fatal off", "rules:\n  invalid-ip: off\n", "f.yaml:2:15: rule \"invalid-ip\" reports errors"},
		{"bad profile", "profile: nope.json\n", "f.yaml:1:10: profile \"nope.json\""},
		{"bad fail-on", "fail-on: sometimes\n", "f.yaml:1:10: fail-on: unknown severity"},
		{"bad type", "fields:\n  - name: a.b\n    type: Strng\n", "f.yaml:3:11: invalid type \"Strng\""},
		{"field key", "fields:\n  - name: a.b\n    typ: Bytes\n", "f.yaml:3:5: unknown key \"typ\" in field"},
		{"list kind", "lists:\n  - name: x\n    kind: cidr\n", "f.yaml:3:11: unknown list kind \"cidr\""},
		{"list name", "lists:\n  - name: Bad-Name\n", "f.yaml:2:11:"},
		{"enable scalar", "enable: or-to-in\n", "f.yaml:1:9: expected a list of rule IDs"},
		{"yaml syntax", "rules:\n  a: [\n", "f.yaml:"},
		{"not a mapping", "- a\n", "f.yaml:1:1: the configuration must be a mapping"},
		{"duplicate", "profile: rules\nprofile: feedback\n", "f.yaml:2:1: duplicate key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var ce *Error
			assert.ErrorAs(t, err, &ce)
		})
	}
}

func TestParseEmpty(t *testing.T) {
	c, err := Parse("f.yaml", []byte("# nothing\n"))
	require.NoError(t, err)
	o, err := c.OptionsFor(c.ProfileFor(schema.ProfileFeedback))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileFeedback, o.Schema.Profile())
}

func TestExcluded(t *testing.T) {
	dir := t.TempDir()
	c, err := Parse(filepath.Join(dir, FileName), []byte("exclude:\n  - vendor/\n  - \"*.generated.tf\"\n  - /build/**\n  - \"!build/keep.tf\"\n  - docs/**/*.json\n"))
	require.NoError(t, err)
	tests := []struct {
		path string
		dir  bool
		want bool
	}{
		{"vendor", true, true},
		{"vendor/x.tf", false, true},
		{"a/vendor/x.tf", false, true},
		{"vendor", false, false}, // a file called vendor is not a directory
		{"x.generated.tf", false, true},
		{"sub/x.generated.tf", false, true},
		{"x.tf", false, false},
		{"build/a.tf", false, true},
		{"build/keep.tf", false, false},
		{"sub/build/a.tf", false, false}, // anchored
		{"docs/a/b/c.json", false, true},
		{"docs/c.json", false, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.Excluded(filepath.Join(dir, tt.path), tt.dir), tt.path)
	}
	assert.False(t, c.Excluded(filepath.Join(filepath.Dir(dir), "vendor"), true), "outside the config dir")
}

func TestFinder(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, FileName), []byte("profile: rules\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "a", FileName), []byte("profile: feedback\n"), 0o644))

	var f Finder
	c, err := f.For(filepath.Join(sub, "x.tf"))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileFeedback, c.Profile, "nearest file wins")
	c, err = f.For(filepath.Join(root, "y.tf"))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileRules, c.Profile)

	require.NoError(t, os.WriteFile(filepath.Join(sub, FileName), []byte("bogus: 1\n"), 0o644))
	var g Finder
	_, err = g.For(filepath.Join(sub, "x.tf"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), ":1:1: unknown key")
}

func TestProfileSchemaFile(t *testing.T) {
	dir := t.TempDir()
	s := `{"fields":[{"name":"my.field","type":"Int"}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "schema.json"), []byte(s), 0o644))
	c, err := Parse(filepath.Join(dir, FileName), []byte("profile: schema.json\n"))
	require.NoError(t, err)
	o, err := c.OptionsFor(c.ProfileFor(schema.ProfileFeedback))
	if err != nil {
		t.Skipf("schema format differs: %v", err)
	}
	_, ok := o.Schema.Field("my.field")
	assert.True(t, ok)
}

func TestProfileEngine2020(t *testing.T) {
	c, err := Parse(filepath.Join(t.TempDir(), FileName), []byte("profile: engine2020\n"))
	require.NoError(t, err)
	o, err := c.OptionsFor(c.ProfileFor(schema.ProfileRules))
	require.NoError(t, err)
	assert.Equal(t, schema.ProfileEngine2020, o.Schema.Profile())
	assert.True(t, o.EngineCompat)
}

func TestClickHouseColumns(t *testing.T) {
	c, err := Parse("f.yaml", []byte("clickhouse:\n  columns: {ClientIP: client_ip, BotScore: score}\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"ClientIP": "client_ip", "BotScore": "score"}, c.ClickHouseColumns)
	_, err = Parse("f.yaml", []byte("clickhouse:\n  columns: {Nope: x}\n"))
	assert.ErrorContains(t, err, `"Nope" is not a Logpush http_requests field`)
	_, err = Parse("f.yaml", []byte("clickhouse:\n  tables: {}\n"))
	assert.ErrorContains(t, err, "want columns")
}

func TestColumnMap(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName),
		[]byte("clickhouse:\n  columns:\n    ClientIP: client_ip\n    ClientCountry: country\n"), 0o644))
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))

	got, err := ColumnMap(sub, map[string]string{"ClientCountry": "cc", "RayID": "ray"})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"ClientIP": "client_ip", "ClientCountry": "cc", "RayID": "ray"}, got)

	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte("clickhouse: [\n"), 0o644))
	_, err = ColumnMap(sub, nil)
	assert.Error(t, err)
}
