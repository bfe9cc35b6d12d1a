package lsp

import (
	"encoding/json"
	"fmt"
	"sync"

	wfconfig "github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/workspace"
)

// Settings are the editor-side options, read from initializationOptions
// and workspace/didChangeConfiguration. Either the object itself or an
// object with a "wflint" member is accepted, because editors nest server
// settings under the server's name. They override the project's
// .wflint.yaml, which is found by walking up from each document.
type Settings struct {
	// Profile is "feedback", "rules", "engine2020" or a schema file; empty
	// lets .wflint.yaml and then the host file decide (feedback for .wf
	// files and reports, rules for Terraform).
	Profile string `json:"profile,omitempty"`
	// Disabled and Enabled turn rules off or on by ID; a rule in both is
	// off, as with wflint --enable and --disable.
	Disabled []string `json:"disabled,omitempty"`
	Enabled  []string `json:"enabled,omitempty"`
	// Severity overrides rule severities: {"rule-id": "warning"}.
	Severity map[string]string `json:"severity,omitempty"`
	// Lists names the account's custom lists, offered as $name completions
	// and accepted by the checker.
	Lists []string `json:"lists,omitempty"`
}

// config is the session's configuration: the editor settings turned into
// a workspace, which finds the .wflint.yaml of each document. It is
// immutable apart from its caches; a settings change builds a new one,
// and cached analyses compare config pointers, so everything is
// re-analysed under the new one.
type config struct {
	settings Settings
	ws       *workspace.Workspace
	warn     func(string)

	mu     sync.Mutex
	warned map[string]bool
}

// withDefaults fills what the client left unset from the server's
// start-up settings: a client that sends no profile keeps wfls -profile.
func (s Settings) withDefaults(d Settings) Settings {
	if s.Profile == "" {
		s.Profile = d.Profile
	}
	return s
}

// parseSettings reads Settings from raw JSON (nil or null gives defaults).
func parseSettings(raw []byte) (Settings, error) {
	var s Settings
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var wrapped struct {
		Wflint *Settings `json:"wflint"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && wrapped.Wflint != nil {
		return *wrapped.Wflint, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, fmt.Errorf("wfls settings: %w", err)
	}
	return s, nil
}

// newConfig makes a session configuration. warn reports problems (a bad
// .wflint.yaml, an unknown profile) once each; it may be nil. A broken
// .wflint.yaml or setting is reported and replaced by the defaults, so a
// typo never turns the server off.
func newConfig(s Settings, warn func(string)) *config {
	if warn == nil {
		warn = func(string) {}
	}
	c := &config{settings: s, warn: warn, warned: map[string]bool{}}
	ws := workspace.Settings{Profile: s.Profile, Enable: s.Enabled, Disable: s.Disabled, Lists: s.Lists,
		Severity:      map[string]diag.Severity{},
		OnConfigError: func(err error) { c.warnOnce(fmt.Sprintf("wfls: %v; using the defaults", err)) }}
	for id, sev := range s.Severity {
		v, err := diag.ParseSeverity(sev)
		if err != nil {
			c.warnOnce(fmt.Sprintf("wfls: rule %s: %v", id, err))
			continue
		}
		ws.Severity[id] = v
	}
	c.ws = workspace.New(ws)
	return c
}

func (c *config) warnOnce(msg string) {
	c.mu.Lock()
	seen := c.warned[msg]
	c.warned[msg] = true
	c.mu.Unlock()
	if !seen {
		c.warn(msg)
	}
}

// defaultSchema is the schema of a buffer with no configuration.
func (c *config) defaultSchema() *schema.Schema {
	o, _ := c.ws.Options(wfconfig.Default, schema.ProfileFeedback)
	if o.Schema == nil {
		return schema.Feedback()
	}
	return o.Schema
}
