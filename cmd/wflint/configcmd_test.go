package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigCmdGet(t *testing.T) {
	newFakeAPI(t)
	for _, tt := range []struct{ format, golden string }{{"text", "config_get.txt"}, {"json", "config_get.json"}} {
		got := runCommand(runConfigCmd, "", "get", "--zone", testZone, "--format", tt.format)
		assert.Equal(t, 0, got.code, got.stderr)
		assertReportGolden(t, tt.golden, got.stdout)
		assert.NotContains(t, got.stdout+got.stderr, testToken)
	}
}

func TestConfigCmdSet(t *testing.T) {
	dir := t.TempDir()
	body := filepath.Join(dir, "body.json")
	require.NoError(t, os.WriteFile(body, []byte(`{"enable_js": false, "ai_bots_protection": "block"}`), 0o600))
	typo := filepath.Join(dir, "typo.json")
	require.NoError(t, os.WriteFile(typo, []byte(`{"enable_jss": false}`), 0o600))
	tests := []struct {
		name    string
		args    []string
		code    int
		sent    map[string]any // the PUT body the API received; nil: no PUT
		golden  string         // stdout golden
		errHas  string
		noToken bool
	}{
		{name: "set values", args: []string{"--set", "auto_update_model=false", "--set", "ai_bots_protection=disabled"},
			sent: map[string]any{"auto_update_model": false, "ai_bots_protection": "disabled"}, errHas: "updated zone"},
		{name: "a value the plan cannot take", args: []string{"--set", "ai_bots_protection=only_on_ad_pages"}, code: 1,
			errHas: "ai_bots_protection only_on_ad_pages: the API schema says this value is not available for Enterprise customers"},
		{name: "another plan's setting", args: []string{"--set", "fight_mode=true"}, code: 1,
			errHas: "fight_mode: the zone's configuration has the bm-enterprise plan's shape"},
		{name: "--force sends it anyway", args: []string{"--force", "--set", "fight_mode=true"},
			sent: map[string]any{"fight_mode": true}, errHas: "updated zone"},
		{name: "the documented clean-up body is accepted", args: []string{"--preset", "bm-enterprise"},
			sent: map[string]any{"fight_mode": false, "optimize_wordpress": false, "sbfm_definitely_automated": "allow", "sbfm_likely_automated": "allow", "sbfm_static_resource_protection": false, "sbfm_verified_bots": "allow"}, errHas: "updated zone"},
		{name: "file plus set", args: []string{"--file", body, "--set", "enable_js=true"},
			sent: map[string]any{"enable_js": true, "ai_bots_protection": "block"}},
		{name: "preset dry run needs no credentials", noToken: true, args: []string{"--preset", "bm-enterprise", "--dry-run"},
			golden: "config_preset_dry.json", errHas: "dry run"},
		{name: "unknown preset", args: []string{"--preset", "platinum"}, code: 2},
		{name: "unknown key", args: []string{"--set", "fightmode=true"}, code: 2, errHas: `unknown setting "fightmode"; settings: ai_bots_protection`},
		{name: "bad bool", args: []string{"--set", "enable_js=maybe"}, code: 2, errHas: "true or false"},
		{name: "read-only", args: []string{"--set", "using_latest_model=true"}, code: 2, errHas: "read-only"},
		{name: "bad enum", args: []string{"--set", "sbfm_verified_bots=managed_challenge"}, code: 1},
		{name: "typo in file", args: []string{"--file", typo}, code: 1, errHas: "enable_jss"},
		{name: "file and preset", args: []string{"--file", body, "--preset", "sbfm-pro"}, code: 2, errHas: "alternatives"},
		{name: "nothing to set", args: nil, code: 2, errHas: "nothing to set"},
		{name: "no credentials", noToken: true, args: []string{"--set", "enable_js=true"}, code: 2, errHas: "CLOUDFLARE_API_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			if tt.noToken {
				t.Setenv("CLOUDFLARE_API_TOKEN", "")
			}
			args := append([]string{"set", "--zone", testZone}, tt.args...)
			got := runCommand(runConfigCmd, "", args...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			assert.Equal(t, tt.sent, f.LastPutJSON())
			if tt.golden != "" {
				assertReportGolden(t, tt.golden, got.stdout)
			}
			if tt.errHas != "" {
				assert.Contains(t, got.stderr, tt.errHas)
			}
			if tt.sent != nil {
				for k, v := range tt.sent {
					assert.Contains(t, got.stdout, k+" = ")
					_ = v
				}
			}
			assert.NotContains(t, got.stdout+got.stderr, testToken)
		})
	}
}

func TestConfigCmdUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"delete"}, {"get"}, {"get", "--zone", "z", "--format", "yaml"}} {
		got := runCommand(runConfigCmd, "", args...)
		assert.Equal(t, 2, got.code, args)
	}
	got := runCommand(runConfigCmd, "", "help")
	assert.Equal(t, 0, got.code)
	assert.Contains(t, got.stdout, "--preset")
}
