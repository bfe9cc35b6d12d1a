// Package config reads .wflint.yaml, wflint's project configuration, and
// turns it into analyzer options.
//
// A configuration file looks like this (every key is optional):
//
//	# Schema profile: feedback, rules, engine2020, or a path to a schema JSON file
//	# (relative to this file). Default: chosen by the host file.
//	profile: rules
//	# Lowest severity that makes wflint exit 1: error, warning or info.
//	fail-on: warning
//	# Per-rule severity, or off.
//	rules:
//	  single-quoted-string: error
//	  redundant-parens: off
//	# Turn on opt-in rules / turn off rules by ID.
//	enable: [some-opt-in-rule]
//	disable: [another-rule]
//	# Fields the catalog does not know, with their type.
//	fields:
//	  - name: http.request.x_custom
//	    type: Bytes
//	# Custom lists, referred to as $name in expressions.
//	lists:
//	  - name: $office_ips
//	    kind: ip        # ip, hostname, asn, or omitted
//	# Paths to skip, gitignore-style, relative to this file.
//	exclude:
//	  - vendor/
//	  - "*.generated.tf"
//	# Findings to silence where comments cannot go (JSON, JSON Lines): the
//	# rules, in files matching a path pattern (relative to this file), at a
//	# place in the file (a `where` as findings name it, and what is inside).
//	ignore:
//	  - path: rulesets/waf.json
//	    rules: [bogon-ip]
//	    where: result.rules[3]
//	    reason: the office tunnel's range
//
// Unknown keys, unknown rule IDs and bad values are errors that carry the
// file, line and column, so a typo is never silently ignored.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wflint/wflint/internal/diag"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/schema"
)

// FileName is the configuration file wflint looks for.
const FileName = ".wflint.yaml"

// Config is one parsed configuration file.
type Config struct {
	// Path is the file it was read from ("" for the zero configuration).
	Path string
	// Dir is the directory that relative paths (profile, exclude) are
	// resolved against.
	Dir string
	// Profile is "feedback", "rules", "engine2020", an absolute path to a schema file, or
	// "" to let the host file decide.
	Profile string
	// FailOn is the lowest severity that fails the run; 0 means unset.
	FailOn diag.Severity
	// Severity overrides rule severities; Off lists rules set to "off".
	Severity map[string]diag.Severity
	Off      map[string]bool
	// Enable and Disable list rule IDs.
	Enable  []string
	Disable []string
	// Fields and Lists extend the schema.
	Fields []schema.Field
	Lists  []schema.List
	// Exclude holds the exclude patterns in file order.
	Exclude []Pattern
	// Ignores are the ignore entries, in file order.
	Ignores []*Ignore
	// ClickHouseColumns maps Logpush field names to the column names of
	// the ClickHouse table that report build --clickhouse reads
	// (clickhouse: {columns: {ClientIP: client_ip}}).
	ClickHouseColumns map[string]string

	mu      sync.Mutex
	schemas map[string]*schema.Schema
}

// Error is a configuration error at a place in a file.
type Error struct {
	File         string
	Line, Column int // 1-based; 0 when unknown
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Load reads and parses a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses configuration text; path is used for messages and to
// resolve relative paths.
func Parse(path string, data []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{Path: path, Dir: filepath.Dir(abs), Severity: map[string]diag.Severity{}, Off: map[string]bool{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file is the default configuration
	}
	p := &parser{file: path, c: c}
	if err := p.top(doc.Content[0]); err != nil {
		return nil, err
	}
	return c, nil
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: …") into an Error.
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		return &Error{File: path, Line: line, Column: 1, Msg: msg}
	}
	return &Error{File: path, Msg: msg}
}

type parser struct {
	file string
	c    *Config
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) top(n *yaml.Node) error {
	seen := map[string]bool{}
	return p.eachPair(n, "the configuration must be a mapping of keys to values", func(k, v *yaml.Node) error {
		if seen[k.Value] {
			return p.errf(k, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "profile":
			err = p.profile(v)
		case "fail-on":
			err = p.failOn(v)
		case "rules":
			err = p.rules(v)
		case "enable":
			p.c.Enable, err = p.ruleList(v)
		case "disable":
			p.c.Disable, err = p.ruleList(v)
		case "fields":
			err = p.fields(v)
		case "lists":
			err = p.lists(v)
		case "exclude":
			err = p.exclude(v)
		case "clickhouse":
			err = p.clickhouse(v)
		case "ignore":
			err = p.ignores(v)
		default:
			err = p.errf(k, "unknown key %q (want profile, fail-on, rules, enable, disable, fields, lists, exclude, ignore or clickhouse)", k.Value)
		}
		return err
	})
}

// clickhouse reads `clickhouse: {columns: {LogpushField: column, …}}`.
func (p *parser) clickhouse(n *yaml.Node) error {
	return p.eachPair(n, "clickhouse must be a mapping with columns", func(k, v *yaml.Node) error {
		if k.Value != "columns" {
			return p.errf(k, "unknown key %q in clickhouse (want columns)", k.Value)
		}
		p.c.ClickHouseColumns = map[string]string{}
		return p.eachPair(v, "clickhouse columns must map Logpush field names to column names", func(f, col *yaml.Node) error {
			if _, ok := logpush.LookupField(f.Value); !ok {
				return p.errf(f, "%q is not a Logpush http_requests field", f.Value)
			}
			c, err := p.scalar(col, "column "+f.Value)
			if err != nil {
				return err
			}
			p.c.ClickHouseColumns[f.Value] = c
			return nil
		})
	})
}

func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

func (p *parser) profile(n *yaml.Node) error {
	s, err := p.scalar(n, "profile")
	if err != nil {
		return err
	}
	switch s {
	case schema.ProfileFeedback, schema.ProfileRules, schema.ProfileEngine2020:
		p.c.Profile = s
		return nil
	case "":
		return p.errf(n, "profile is empty (want feedback, rules, engine2020 or a path to a schema JSON file)")
	}
	path := s
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.c.Dir, path)
	}
	if _, err := os.Stat(path); err != nil {
		return p.errf(n, "profile %q is neither feedback, rules, engine2020 nor a readable schema file: %v", s, errors.Unwrap(err))
	}
	p.c.Profile = path
	return nil
}

func (p *parser) failOn(n *yaml.Node) error {
	s, err := p.scalar(n, "fail-on")
	if err != nil {
		return err
	}
	sev, err := diag.ParseSeverity(s)
	if err != nil {
		return p.errf(n, "fail-on: %v", err)
	}
	p.c.FailOn = sev
	return nil
}

func (p *parser) checkRule(n *yaml.Node) error {
	if _, ok := analyzer.LookupRule(n.Value); !ok {
		return p.errf(n, "unknown rule %q (run `wflint rules` for the list)", n.Value)
	}
	return nil
}

func (p *parser) rules(n *yaml.Node) error {
	return p.eachPair(n, "rules must map rule IDs to off, error, warning or info", func(k, v *yaml.Node) error {
		if err := p.checkRule(k); err != nil {
			return err
		}
		s, err := p.scalar(v, "a rule setting")
		if err != nil {
			return err
		}
		// YAML 1.1 readers turn a bare off into false; yaml.v3 keeps the
		// text, but accept both spellings all the same.
		if s == "off" || s == "false" {
			if r, _ := analyzer.LookupRule(k.Value); r.Fatal {
				return p.errf(v, "rule %q reports errors that make the expression unusable; it cannot be turned off", k.Value)
			}
			p.c.Off[k.Value] = true
			return nil
		}
		sev, err := diag.ParseSeverity(s)
		if err != nil {
			return p.errf(v, "rule %q: %v (or off)", k.Value, err)
		}
		p.c.Severity[k.Value] = sev
		return nil
	})
}

func (p *parser) ruleList(n *yaml.Node) ([]string, error) {
	var out []string
	err := p.each(n, "expected a list of rule IDs", func(e *yaml.Node) error {
		if _, err := p.scalar(e, "a rule ID"); err != nil {
			return err
		}
		if err := p.checkRule(e); err != nil {
			return err
		}
		out = append(out, e.Value)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachPair calls pair for every key and value of the YAML mapping n,
// stopping at the first error; msg is the error when n is not a mapping.
func (p *parser) eachPair(n *yaml.Node, msg string, pair func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s", msg)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if err := pair(n.Content[i], n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// each calls item for every element of the YAML sequence n, stopping at the
// first error; msg is the error when n is not a sequence.
func (p *parser) each(n *yaml.Node, msg string, item func(*yaml.Node) error) error {
	if n.Kind != yaml.SequenceNode {
		return p.errf(n, "%s", msg)
	}
	for _, e := range n.Content {
		if err := item(e); err != nil {
			return err
		}
	}
	return nil
}

// object reads a mapping with a fixed set of string keys.
func (p *parser) object(n *yaml.Node, what string, keys ...string) (map[string]*yaml.Node, error) {
	out := map[string]*yaml.Node{}
	err := p.eachPair(n, fmt.Sprintf("each %s must be a mapping with %s", what, strings.Join(keys, " and ")), func(k, v *yaml.Node) error {
		known := false
		for _, want := range keys {
			known = known || k.Value == want
		}
		if !known {
			return p.errf(k, "unknown key %q in %s (want %s)", k.Value, what, strings.Join(keys, ", "))
		}
		if _, err := p.scalar(v, what+" "+k.Value); err != nil {
			return err
		}
		out[k.Value] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// description is the object's description, or def when it has none.
func description(m map[string]*yaml.Node, def string) string {
	if d := m["description"]; d != nil {
		return d.Value
	}
	return def
}

func (p *parser) fields(n *yaml.Node) error {
	return p.each(n, "fields must be a list of {name, type}", func(e *yaml.Node) error {
		m, err := p.object(e, "field", "name", "type", "description")
		if err != nil {
			return err
		}
		if m["name"] == nil || m["type"] == nil {
			return p.errf(e, "a field needs a name and a type")
		}
		if !schema.ValidName(m["name"].Value) {
			return p.errf(m["name"], "invalid field name %q", m["name"].Value)
		}
		typ, err := schema.ParseType(m["type"].Value)
		if err != nil || !typ.IsValid() || typ.IsGeneric() {
			return p.errf(m["type"], "invalid type %q (for example Bytes, Int, Bool, Ip, Array<Bytes>, Map<Bytes>)", m["type"].Value)
		}
		p.c.Fields = append(p.c.Fields, schema.Field{Name: m["name"].Value, Type: typ,
			Description: description(m, "Declared in "+filepath.Base(p.file)+".")})
		return nil
	})
}

func (p *parser) lists(n *yaml.Node) error {
	return p.each(n, "lists must be a list of {name, kind}", func(e *yaml.Node) error {
		// A bare name is allowed as a shorthand for a list of unknown kind.
		if e.Kind == yaml.ScalarNode {
			e = &yaml.Node{Kind: yaml.MappingNode, Line: e.Line, Column: e.Column, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "name", Line: e.Line, Column: e.Column}, e}}
		}
		m, err := p.object(e, "list", "name", "kind", "description")
		if err != nil {
			return err
		}
		if m["name"] == nil {
			return p.errf(e, "a list needs a name")
		}
		if ok, msg := schema.CheckListName(m["name"].Value); !ok {
			return p.errf(m["name"], "%s", msg)
		}
		l := schema.List{Name: strings.TrimPrefix(m["name"].Value, "$"), Description: description(m, "Custom list declared in "+filepath.Base(p.file)+".")}
		if k := m["kind"]; k != nil {
			switch schema.ListKind(k.Value) {
			case schema.ListIP, schema.ListHostname, schema.ListASN:
				l.Kind = schema.ListKind(k.Value)
			default:
				return p.errf(k, "unknown list kind %q (want ip, hostname or asn)", k.Value)
			}
		}
		p.c.Lists = append(p.c.Lists, l)
		return nil
	})
}

func (p *parser) exclude(n *yaml.Node) error {
	return p.each(n, "exclude must be a list of gitignore-style patterns", func(e *yaml.Node) error {
		s, err := p.scalar(e, "an exclude pattern")
		if err != nil {
			return err
		}
		pat, err := compilePattern(s)
		if err != nil {
			return p.errf(e, "bad exclude pattern %q: %v", s, err)
		}
		p.c.Exclude = append(p.c.Exclude, pat)
		return nil
	})
}

// ProfileFor returns the profile to use for an expression whose host
// suggests hint: the configured profile if there is one, else hint.
func (c *Config) ProfileFor(hint string) string {
	if c.Profile != "" {
		return c.Profile
	}
	return hint
}

// Schema returns the schema for a profile (feedback, rules, engine2020 or
// a schema file path; "" means feedback) extended with the configured fields and
// lists. Results are cached; the method is safe for concurrent use.
func (c *Config) Schema(profile string) (*schema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[profile]; ok {
		return s, nil
	}
	var base *schema.Schema
	switch profile {
	case schema.ProfileFeedback, "":
		base = schema.Feedback()
	case schema.ProfileRules:
		base = schema.Rules()
	case schema.ProfileEngine2020:
		base = schema.Engine2020()
	default:
		s, err := schema.LoadFile(profile)
		if err != nil {
			return nil, err
		}
		base = s
	}
	s := base
	if len(c.Fields) > 0 || len(c.Lists) > 0 {
		var err error
		if s, err = base.With(c.Fields, nil, append([]schema.List(nil), c.Lists...)); err != nil {
			return nil, fmt.Errorf("%s: %v", c.Path, err)
		}
	}
	if c.schemas == nil {
		c.schemas = map[string]*schema.Schema{}
	}
	c.schemas[profile] = s
	return s, nil
}

// OptionsFor returns analyzer options for exactly this profile (as chosen
// by a --profile flag, say), with the configured rules and schema
// additions. Each call returns fresh maps the caller may modify.
func (c *Config) OptionsFor(profile string) (analyzer.Options, error) {
	s, err := c.Schema(profile)
	if err != nil {
		return analyzer.Options{}, err
	}
	o := analyzer.Options{Schema: s, Disabled: map[string]bool{}, Enabled: map[string]bool{}, Severity: map[string]diag.Severity{}}
	// The 2020 engine's profile is more than its names: it also checks as
	// that engine would (32-bit integers, single-byte hex strings).
	o.EngineCompat = profile == schema.ProfileEngine2020
	for id := range c.Off {
		o.Disabled[id] = true
	}
	for _, id := range c.Disable {
		o.Disabled[id] = true
	}
	for _, id := range c.Enable {
		o.Enabled[id] = true
		delete(o.Disabled, id)
	}
	for id, sev := range c.Severity {
		o.Severity[id] = sev
		// Setting a severity on an opt-in rule is a way of turning it on.
		o.Enabled[id] = true
	}
	return o, nil
}

// Excluded reports whether path (a file, or a directory when dir is true)
// matches the exclude patterns. Paths outside the configuration's directory
// are never excluded. As in .gitignore, a later pattern overrides an
// earlier one and "!pattern" re-includes, and a path inside an excluded
// directory is excluded too.
func (c *Config) Excluded(path string, dir bool) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i := 1; i <= len(parts); i++ {
		isDir := dir || i < len(parts)
		if c.match(strings.Join(parts[:i], "/"), isDir) {
			return true
		}
	}
	return false
}

func (c *Config) match(rel string, dir bool) bool {
	excluded := false
	for _, p := range c.Exclude {
		if p.Match(rel, dir) {
			excluded = !p.Negate
		}
	}
	return excluded
}

// ColumnMap is the ClickHouse column mapping for a command run in dir: the
// clickhouse.columns of the .wflint.yaml found from dir up, with override
// (the --column flags) replacing its entries.
func ColumnMap(dir string, override map[string]string) (map[string]string, error) {
	cfg, err := (&Finder{}).For(filepath.Join(dir, FileName))
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	maps.Copy(m, cfg.ClickHouseColumns)
	maps.Copy(m, override)
	return m, nil
}

// Finder finds the configuration for each file by walking up from its
// directory, caching what it reads. It is safe for concurrent use.
type Finder struct {
	// Explicit, when set, is used for every file (the --config flag).
	Explicit *Config

	mu    sync.Mutex
	byDir map[string]result
}

type result struct {
	c   *Config
	err error
}

// Default is the configuration used when no file is found.
var Default = &Config{Severity: map[string]diag.Severity{}, Off: map[string]bool{}}

// Configs returns the configurations read so far (the explicit one
// too), each once, in no particular order.
func (f *Finder) Configs() []*Config {
	var out []*Config
	seen := map[*Config]bool{Default: true}
	if f.Explicit != nil {
		out, seen[f.Explicit] = append(out, f.Explicit), true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.byDir {
		if r.c != nil && !seen[r.c] {
			out, seen[r.c] = append(out, r.c), true
		}
	}
	return out
}

// For returns the configuration that applies to path.
func (f *Finder) For(path string) (*Config, error) {
	if f.Explicit != nil {
		return f.Explicit, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return f.dir(filepath.Dir(abs))
}

func (f *Finder) dir(d string) (*Config, error) {
	f.mu.Lock()
	if r, ok := f.byDir[d]; ok {
		f.mu.Unlock()
		return r.c, r.err
	}
	f.mu.Unlock()
	var r result
	candidate := filepath.Join(d, FileName)
	if _, err := os.Stat(candidate); err == nil {
		// Messages name the file relative to the working directory when
		// it is below it, as people typed the paths.
		name := candidate
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, candidate); err == nil && !strings.HasPrefix(rel, "..") {
				name = rel
			}
		}
		r.c, r.err = Load(name)
	} else if !errors.Is(err, fs.ErrNotExist) {
		r.err = err
	} else if parent := filepath.Dir(d); parent != d {
		r.c, r.err = f.dir(parent)
	} else {
		r.c = Default
	}
	f.mu.Lock()
	if f.byDir == nil {
		f.byDir = map[string]result{}
	}
	f.byDir[d] = r
	f.mu.Unlock()
	return r.c, r.err
}
