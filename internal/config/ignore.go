package config

import (
	"path/filepath"
	"strings"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/internal/analyzer"
)

// Ignore is an entry of `ignore`: the findings of Rules in the files Path
// matches, at Where when it is set, are silenced. It stands in for the
// ignore comment a file cannot hold (JSON has no comments).
type Ignore struct {
	// Path matches the files, gitignore-style, relative to the
	// configuration's directory.
	Path Pattern
	// Rules are the rule IDs silenced.
	Rules []string
	// Where, when set, limits the entry to findings at that place in the
	// file and inside it, as findings name it (`result.rules[3]` covers
	// `result.rules[3].expression`; a JSON pointer `/requests_by_score`
	// covers `/requests_by_score/100`).
	Where string
	// Reason says why, for people and for SARIF's justification.
	Reason string
	// Line and Column place the entry in the configuration file (1-based).
	Line, Column int

	used    atomic.Int64 // findings silenced
	matched atomic.Bool  // a file the path matches was linted
}

// Silenced counts a finding the entry silenced.
func (ig *Ignore) Silenced() { ig.used.Add(1) }

// Used reports whether the entry has silenced a finding.
func (ig *Ignore) Used() bool { return ig.used.Load() > 0 }

// Matched records that a file the entry's path matches was linted.
func (ig *Ignore) Matched() { ig.matched.Store(true) }

// Linted reports whether a file the entry's path matches was linted.
func (ig *Ignore) Linted() bool { return ig.matched.Load() }

// Covers reports whether the entry silences a finding of rule at where.
func (ig *Ignore) Covers(rule, where string) bool {
	if ig.Where != "" && where != ig.Where {
		rest, ok := strings.CutPrefix(where, ig.Where)
		if !ok || rest == "" || (rest[0] != '.' && rest[0] != '[' && rest[0] != '/') {
			return false
		}
	}
	for _, r := range ig.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// IgnoresFor returns the ignore entries whose path matches the file at
// path, nil for most files.
func (c *Config) IgnoresFor(path string) []*Ignore {
	if c == nil || len(c.Ignores) == 0 || path == "" {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	rel = filepath.ToSlash(rel)
	var out []*Ignore
	for _, ig := range c.Ignores {
		if ig.Path.Match(rel, false) {
			out = append(out, ig)
		}
	}
	return out
}

// ignores reads `ignore: [{path, rules, where, reason}]`.
func (p *parser) ignores(n *yaml.Node) error {
	return p.each(n, "ignore must be a list of {path, rules, where, reason}", func(e *yaml.Node) error {
		ig := &Ignore{Line: e.Line, Column: e.Column}
		seen := map[string]bool{}
		err := p.eachPair(e, "each ignore must be a mapping with path and rules (and where, reason)", func(k, v *yaml.Node) error {
			if seen[k.Value] {
				return p.errf(k, "duplicate key %q", k.Value)
			}
			seen[k.Value] = true
			switch k.Value {
			case "path":
				s, err := p.scalar(v, "ignore path")
				if err != nil {
					return err
				}
				if s == "" || strings.HasPrefix(s, "!") {
					return p.errf(v, "ignore path %q must be a path pattern such as rulesets/*.json", s)
				}
				if ig.Path, err = compilePattern(s); err != nil {
					return p.errf(v, "bad ignore path %q: %v", s, err)
				}
			case "rules":
				return p.ignoreRules(v, ig)
			case "where":
				s, err := p.scalar(v, "ignore where")
				if err != nil {
					return err
				}
				ig.Where = s
			case "reason":
				s, err := p.scalar(v, "ignore reason")
				if err != nil {
					return err
				}
				ig.Reason = s
			default:
				return p.errf(k, "unknown key %q in ignore (want path, rules, where, reason)", k.Value)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if ig.Path.re == nil || len(ig.Rules) == 0 {
			return p.errf(e, "an ignore needs a path and rules")
		}
		p.c.Ignores = append(p.c.Ignores, ig)
		return nil
	})
}

// ignoreRules reads an entry's rules: a list of IDs, or one ID. An ID is
// checked for its form only: besides the analyzer's rules, findings come
// from reading host files and validating reports, and an ID that
// silences nothing is reported when the entry is unused.
func (p *parser) ignoreRules(v *yaml.Node, ig *Ignore) error {
	add := func(e *yaml.Node) error {
		s, err := p.scalar(e, "a rule ID")
		if err != nil {
			return err
		}
		if !ruleIDForm(s) {
			return p.errf(e, "%q is not a rule ID (such as bogon-ip; run `wflint rules` for the list)", s)
		}
		if r, ok := analyzer.LookupRule(s); ok && r.Fatal {
			return p.errf(e, "rule %q reports errors that make the expression unusable; it cannot be ignored", s)
		}
		ig.Rules = append(ig.Rules, s)
		return nil
	}
	if v.Kind == yaml.ScalarNode {
		return add(v)
	}
	return p.each(v, "ignore rules must be a list of rule IDs", add)
}

// ruleIDForm reports whether s is written as a rule ID: lower-case
// letters and digits in words joined by hyphens.
func ruleIDForm(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
