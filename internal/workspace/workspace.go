// Package workspace lints, fixes and formats one file (or a buffer) under
// one configuration, and gives diagnostics and edits in the file's own
// byte coordinates.
//
// It is the one place that knows how a file holds expressions and how a
// configuration applies to them: file-kind detection, extraction through
// [host], the profile policy (feedback, rules, engine2020, a schema file,
// custom fields and lists, from settings and .wflint.yaml), the mapping of
// analyzer spans back to the file, the fix loop and host-aware formatting.
// The command line (through package runner, which walks, reads and
// streams many files) and the language server (lsp) both call it, so the
// same file under the same settings gives the same diagnostics in a
// terminal and in an editor. It never prints and never reads flags: front
// ends turn diagnostics into text, JSON, SARIF or protocol messages at
// their edge. [Workspace.Lint] keeps a file's analyses; a [Batch] keeps
// only its findings, for a linter that prints them.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// Settings are what a front end decides for every file: the flags of the
// command line, the editor settings of the language server.
type Settings struct {
	// Profile is "feedback", "rules", "engine2020" or a schema file; empty
	// lets .wflint.yaml and then the host file decide (feedback for .wf
	// files and reports, rules for Terraform and rulesets). A relative
	// schema path is resolved against the directory of the .wflint.yaml
	// that applies, or the working directory when there is none; a front
	// end that means "relative to where the user is" makes it absolute.
	Profile string
	// Enable and Disable turn rules on or off by ID; a rule in both is off.
	Enable, Disable []string
	// Severity overrides rule severities by ID.
	Severity map[string]diag.Severity
	// Lists names the account's custom lists ($name), accepted by the
	// checker on top of those in .wflint.yaml.
	Lists []string
	// Config, when set, is used for every file instead of the nearest
	// .wflint.yaml (the --config flag).
	Config *config.Config
	// MaxExprBytes, when positive, caps the size of an expression that is
	// analysed; a larger one gets one input-too-large diagnostic. An editor
	// needs this to stay responsive on a pasted log file.
	MaxExprBytes int
	// MaxPerRule caps the diagnostics of one rule in one expression: past
	// it, one more diagnostic of that rule says how many were left out, so
	// output grows at most linearly with the input. 0 means
	// DefaultMaxPerRule; a negative value means no cap.
	MaxPerRule int
	// Jobs is how many goroutines analyse the expressions of one large
	// file (a .jsonl with thousands of lines) within a Lint; 0 or 1 means
	// the calling goroutine alone.
	Jobs int
	// NoIgnore shows the findings that ignore comments and the
	// configuration's ignore entries would silence (--no-ignore), and
	// reports no unused ignore.
	NoIgnore bool
	// OnConfigError, when set, receives configuration errors (a broken
	// .wflint.yaml, a schema file that does not load) and the workspace
	// carries on with the default configuration and the feedback profile,
	// as an editor must. When nil the errors are reported on the file,
	// as a linter in CI must.
	OnConfigError func(error)
}

// DefaultMaxPerRule is the default of Settings.MaxPerRule.
const DefaultMaxPerRule = 20

// Workspace lints files under one set of [Settings]. It caches resolved
// configurations and analyzer options and is safe for concurrent use. It
// starts no goroutine that outlives a call and sets nothing process-wide.
type Workspace struct {
	settings Settings
	finder   *config.Finder

	mu       sync.Mutex
	profiles map[profileKey]profile
}

type profileKey struct {
	cfg  *config.Config
	hint string
}

type profile struct {
	opts analyzer.Options
	err  error
}

// New returns a workspace with the given settings.
func New(s Settings) *Workspace {
	return &Workspace{settings: s, finder: &config.Finder{Explicit: s.Config}, profiles: map[profileKey]profile{}}
}

// IsBuiltinProfile reports whether p names a built-in schema profile
// rather than a schema file.
func IsBuiltinProfile(p string) bool {
	return p == schema.ProfileFeedback || p == schema.ProfileRules || p == schema.ProfileEngine2020
}

// CheckProfile vets a profile setting given where the user is (a flag on
// a command line): a built-in name, or a schema file that loads, made
// absolute so it is relative to the working directory rather than to each
// .wflint.yaml. Front ends call it up front so a typo is one clear error
// rather than one per file.
func CheckProfile(p string) (string, error) {
	if p == "" || IsBuiltinProfile(p) {
		return p, nil
	}
	_, err := schema.LoadFile(p)
	if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(p, `/\.`) {
		// A bare word is a mistyped profile name, not a missing file.
		return "", fmt.Errorf("unknown profile %q: want %s, %s, %s or a schema JSON file",
			p, schema.ProfileFeedback, schema.ProfileRules, schema.ProfileEngine2020)
	}
	if err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, nil
}

// Config returns the configuration that applies to the file at path: the
// explicit one from the settings, else the nearest .wflint.yaml. An empty
// path (a buffer that is no file) gets the default configuration.
func (w *Workspace) Config(path string) (*config.Config, error) {
	if path == "" && w.settings.Config == nil {
		return config.Default, nil
	}
	c, err := w.finder.For(path)
	if err != nil && w.settings.OnConfigError != nil {
		w.settings.OnConfigError(err)
		return config.Default, nil
	}
	return c, err
}

// Excluded reports whether path (a directory when dir is set) is excluded
// by the configuration that applies to it. A configuration that does not
// load excludes nothing; Lint reports it.
func (w *Workspace) Excluded(path string, dir bool) bool {
	probe := path
	if dir {
		probe = filepath.Join(path, "x")
	}
	c, err := w.finder.For(probe)
	return err == nil && c.Excluded(path, dir)
}

// Options returns the analyzer options for an expression under cfg whose
// host suggests the profile hint. The profile policy lives here: the
// settings' profile wins over the configuration's, which wins over the
// host's hint; then come the configuration's rules, fields and lists, and
// the settings' lists, rules and severities. Each call returns maps the
// caller must not modify.
func (w *Workspace) Options(cfg *config.Config, hint string) (analyzer.Options, error) {
	k := profileKey{cfg, hint}
	w.mu.Lock()
	p, ok := w.profiles[k]
	w.mu.Unlock()
	if ok {
		return p.opts, p.err
	}
	p.opts, p.err = w.resolve(cfg, hint, w.settings.Profile)
	if p.err != nil && w.settings.OnConfigError != nil {
		// Keep what still works: the feedback profile under the same
		// configuration and settings, else under the default configuration.
		w.settings.OnConfigError(p.err)
		p.opts, p.err = w.resolve(cfg, hint, schema.ProfileFeedback)
		if p.err != nil {
			p.opts, p.err = w.resolve(config.Default, hint, schema.ProfileFeedback)
		}
		if p.err != nil {
			p.opts, p.err = config.Default.OptionsFor(schema.ProfileFeedback)
		}
	}
	w.mu.Lock()
	w.profiles[k] = p
	w.mu.Unlock()
	return p.opts, p.err
}

// resolve applies the policy with profile, when set, in place of the
// configuration's and the host's.
func (w *Workspace) resolve(cfg *config.Config, hint, profile string) (analyzer.Options, error) {
	s := w.settings
	name := cfg.ProfileFor(hint)
	if profile != "" {
		name = profile
		if !IsBuiltinProfile(name) && !filepath.IsAbs(name) && cfg.Dir != "" {
			name = filepath.Join(cfg.Dir, name)
		}
	}
	opts, err := cfg.OptionsFor(name)
	if err != nil {
		return opts, fmt.Errorf("profile %q: %w", name, err)
	}
	if len(s.Lists) > 0 {
		if opts.Schema, err = opts.Schema.WithListNames(s.Lists...); err != nil {
			return opts, fmt.Errorf("lists: %w", err)
		}
	}
	for _, id := range s.Enable {
		opts.Enabled[id] = true
		delete(opts.Disabled, id)
	}
	for _, id := range s.Disable {
		opts.Disabled[id] = true
		delete(opts.Enabled, id)
	}
	for id, sev := range s.Severity {
		opts.Severity[id] = sev
	}
	return opts, nil
}
