package lsp

import (
	"encoding/json"
	"fmt"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/schema"
)

// Settings are the user-facing options, read from initializationOptions and
// workspace/didChangeConfiguration. Either the object itself or an object
// with a "wflint" member is accepted, because editors nest server settings
// under the server's name.
//
// The shared config/ package (.wflint.yaml) is still being written; when it
// lands its file settings should be the base these override.
type Settings struct {
	// Profile is "feedback" (default), "rules" or "engine2020".
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

// config is Settings compiled for the analyzer. It is immutable; a settings
// change builds a new one, and cached analyses compare config pointers.
type config struct {
	settings Settings
	schema   *schema.Schema
	opts     analyzer.Options
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

// compile turns settings into a config, reporting problems but always
// returning something usable so that a typo never disables the server.
func compile(s Settings) (*config, []string) {
	var warnings []string
	var sc *schema.Schema
	switch s.Profile {
	case "", schema.ProfileFeedback:
		sc = schema.Feedback()
	case schema.ProfileRules:
		sc = schema.Rules()
	case schema.ProfileEngine2020:
		sc = schema.Engine2020()
	default:
		warnings = append(warnings, fmt.Sprintf("unknown profile %q; using feedback", s.Profile))
		sc = schema.Feedback()
	}
	if len(s.Lists) > 0 {
		if withLists, err := sc.WithListNames(s.Lists...); err == nil {
			sc = withLists
		} else {
			warnings = append(warnings, err.Error())
		}
	}
	opts := analyzer.Options{Schema: sc, Disabled: map[string]bool{}, Enabled: map[string]bool{}, Severity: map[string]analyzer.Severity{}}
	for _, id := range s.Disabled {
		opts.Disabled[id] = true
	}
	for _, id := range s.Enabled {
		opts.Enabled[id] = true
	}
	for id, sev := range s.Severity {
		v, err := analyzer.ParseSeverity(sev)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("rule %s: %v", id, err))
			continue
		}
		opts.Severity[id] = v
	}
	return &config{settings: s, schema: sc, opts: opts}, warnings
}
