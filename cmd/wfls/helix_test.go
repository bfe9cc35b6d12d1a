package main

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helixLanguages reads editors/helix/languages.toml. It knows only the
// part of TOML the file uses (tables, arrays of tables, keys with a
// string, a boolean or an array of strings, comments) and fails on
// anything else, so the file stays something Helix reads as we do.
func helixLanguages(t *testing.T) (servers map[string]map[string]any, languages []map[string]any) {
	t.Helper()
	f, err := os.Open("../../editors/helix/languages.toml")
	require.NoError(t, err)
	defer f.Close()
	servers = map[string]map[string]any{}
	var cur map[string]any
	str := `"(?:[^"\\]|\\.)*"`
	keyValue := regexp.MustCompile(`^([A-Za-z0-9_-]+)\s*=\s*(` + str + `|true|false|\[\s*(?:` + str + `\s*(?:,\s*` + str + `\s*)*)?\])\s*(?:#.*)?$`)
	strs := regexp.MustCompile(str)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case line == "[[language]]":
			cur = map[string]any{}
			languages = append(languages, cur)
		case strings.HasPrefix(line, "[language-server.") && strings.HasSuffix(line, "]"):
			cur = map[string]any{}
			servers[strings.TrimSuffix(strings.TrimPrefix(line, "[language-server."), "]")] = cur
		default:
			m := keyValue.FindStringSubmatch(line)
			require.NotNil(t, m, "languages.toml:%d: not understood: %s", n, line)
			require.NotNil(t, cur, "languages.toml:%d: a key outside any table", n)
			require.NotContains(t, cur, m[1], "languages.toml:%d: %s set twice", n, m[1])
			switch v := m[2]; {
			case v == "true" || v == "false":
				cur[m[1]] = v == "true"
			case strings.HasPrefix(v, "["):
				list := []string{}
				for _, s := range strs.FindAllString(v, -1) {
					list = append(list, strings.Trim(s, `"`))
				}
				cur[m[1]] = list
			default:
				cur[m[1]] = strings.Trim(v, `"`)
			}
		}
	}
	require.NoError(t, sc.Err())
	return servers, languages
}

// TestHelixConfig: wfls is defined, and it serves .wf files and runs
// beside Helix's own servers on Terraform (.tf is "hcl" to Helix, .tfvars
// "tfvars") and JSON (rulesets and reports), whose default servers it
// keeps (a language's list replaces Helix's default one).
func TestHelixConfig(t *testing.T) {
	servers, languages := helixLanguages(t)
	require.Contains(t, servers, "wfls")
	assert.Equal(t, "wfls", servers["wfls"]["command"])
	want := map[string][]string{
		"wirefilter": {"wfls"},
		"hcl":        {"terraform-ls", "wfls"},
		"tfvars":     {"terraform-ls", "wfls"},
		"json":       {"vscode-json-language-server", "wfls"},
	}
	got := map[string][]string{}
	for _, l := range languages {
		name, _ := l["name"].(string)
		got[name], _ = l["language-servers"].([]string)
	}
	assert.Equal(t, want, got)
	for _, l := range languages {
		if l["name"] == "wirefilter" {
			assert.Equal(t, []string{"wf"}, l["file-types"])
		}
	}
}
