package lsp

import (
	"encoding/json"
	"fmt"
	"github.com/wflint/wflint/diag"
	"path/filepath"
	"sync"

	wfconfig "github.com/wflint/wflint/config"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/schema"
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
	// Disabled and Enabled turn rules off or on by ID.
	Disabled []string `json:"disabled,omitempty"`
	Enabled  []string `json:"enabled,omitempty"`
	// Severity overrides rule severities: {"rule-id": "warning"}.
	Severity map[string]string `json:"severity,omitempty"`
	// Lists names the account's custom lists, offered as $name completions
	// and accepted by the checker.
	Lists []string `json:"lists,omitempty"`
}

// config is the session's configuration: the editor settings plus a
// finder for .wflint.yaml files. It is immutable apart from its caches; a
// settings change builds a new one, and cached analyses compare config
// pointers, so everything is re-analysed under the new one.
type config struct {
	settings Settings
	finder   *wfconfig.Finder
	warn     func(string)

	mu       sync.Mutex
	profiles map[profileKey]*profileCfg
	warned   map[string]bool
}

type profileKey struct {
	file *wfconfig.Config
	hint string
}

// profileCfg is what analysing one expression needs: the schema and the
// analyzer options, resolved from .wflint.yaml, the host and the settings.
type profileCfg struct {
	schema *schema.Schema
	opts   analyzer.Options
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
// .wflint.yaml, an unknown profile) once each; it may be nil.
func newConfig(s Settings, warn func(string)) *config {
	if warn == nil {
		warn = func(string) {}
	}
	return &config{settings: s, finder: &wfconfig.Finder{}, warn: warn,
		profiles: map[profileKey]*profileCfg{}, warned: map[string]bool{}}
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

// resolve returns the profile configuration for an expression in the file
// at path (empty for documents that are not files) whose host suggests the
// profile hint. A broken .wflint.yaml or setting is reported and ignored,
// so a typo never turns the server off.
func (c *config) resolve(path, hint string) *profileCfg {
	file := wfconfig.Default
	if path != "" {
		switch f, err := c.finder.For(path); {
		case err != nil:
			c.warnOnce(err.Error())
		case f != nil:
			file = f
		}
	}
	key := profileKey{file, hint}
	c.mu.Lock()
	pc, ok := c.profiles[key]
	c.mu.Unlock()
	if ok {
		return pc
	}
	pc = c.build(file, hint)
	c.mu.Lock()
	c.profiles[key] = pc
	c.mu.Unlock()
	return pc
}

func (c *config) build(file *wfconfig.Config, hint string) *profileCfg {
	s := c.settings
	profile := file.ProfileFor(hint)
	if s.Profile != "" {
		profile = s.Profile
		if profile != schema.ProfileFeedback && profile != schema.ProfileRules && profile != schema.ProfileEngine2020 && !filepath.IsAbs(profile) && file.Dir != "" {
			profile = filepath.Join(file.Dir, profile)
		}
	}
	engine2020 := profile == schema.ProfileEngine2020
	if engine2020 {
		profile = schema.ProfileRules
	}
	opts, err := file.OptionsFor(profile)
	if err != nil {
		c.warnOnce(fmt.Sprintf("wfls: profile %q: %v; using feedback", profile, err))
		if opts, err = file.OptionsFor(schema.ProfileFeedback); err != nil {
			opts = analyzer.Options{Schema: schema.Feedback(), Disabled: map[string]bool{}, Enabled: map[string]bool{}, Severity: map[string]diag.Severity{}}
		}
	}
	if engine2020 {
		opts.Schema, opts.EngineCompat = schema.Engine2020(), true
	}
	if len(s.Lists) > 0 {
		if withLists, err := opts.Schema.WithListNames(s.Lists...); err == nil {
			opts.Schema = withLists
		} else {
			c.warnOnce("wfls: lists: " + err.Error())
		}
	}
	for _, id := range s.Disabled {
		opts.Disabled[id] = true
	}
	for _, id := range s.Enabled {
		opts.Enabled[id] = true
		delete(opts.Disabled, id)
	}
	for id, sev := range s.Severity {
		v, err := diag.ParseSeverity(sev)
		if err != nil {
			c.warnOnce(fmt.Sprintf("wfls: rule %s: %v", id, err))
			continue
		}
		opts.Severity[id] = v
	}
	return &profileCfg{schema: opts.Schema, opts: opts}
}
