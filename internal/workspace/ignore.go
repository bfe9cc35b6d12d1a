package workspace

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/schema"
	"github.com/wflint/wflint/internal/suggest"
)

// RuleUnusedIgnore is an ignore that silences nothing.
const RuleUnusedIgnore = "unused-ignore"

// ignorer applies a file's ignores: its ignore comments and the
// configuration's entries whose path matches it. Most files have none,
// and no ignorer.
type ignorer struct {
	comments []host.Ignore
	// used[i][k] says comments[i].Rules[k] silenced a finding.
	used    [][]bool
	entries []*config.Ignore
	cfgPath string
}

// newIgnorer returns the ignores that apply to f, nil when there are
// none or the settings turn ignores off (--no-ignore). Each entry of the
// configuration that matches f learns that a file of its was linted.
func (w *Workspace) newIgnorer(f *File, comments []host.Ignore) *ignorer {
	if w.settings.NoIgnore {
		return nil
	}
	entries := f.Config.IgnoresFor(f.Source.Path)
	for _, e := range entries {
		e.Matched()
	}
	if len(comments) == 0 && len(entries) == 0 {
		return nil
	}
	ig := &ignorer{comments: comments, entries: entries, used: make([][]bool, len(comments))}
	for i, c := range comments {
		ig.used[i] = make([]bool, len(c.Rules))
	}
	if f.Config != nil {
		ig.cfgPath = f.Config.Path
	}
	return ig
}

// inSource reports whether the file has ignore comments, which are
// judged (used or not) once all of its findings are known.
func (ig *ignorer) inSource() bool { return ig != nil && len(ig.comments) > 0 }

// ignorable reports whether an ignore can silence findings of a rule:
// not those of syntax and type rules, which make Cloudflare reject the
// expression (the configuration cannot turn them off either), nor an
// unused ignore's own.
func ignorable(rule string) bool {
	if r, ok := analyzer.LookupRule(rule); ok && r.Fatal {
		return false
	}
	return rule != RuleUnusedIgnore
}

// find returns the ignore that silences d: the first comment whose scope
// holds d's start and which names its rule, else the first entry that
// covers it. comment is its index among the comments and rule the index
// of the rule in it; entry is set for an entry.
func (ig *ignorer) find(d *diag.Diagnostic) (comment, rule int, entry *config.Ignore, ok bool) {
	if !ignorable(d.Rule) {
		return 0, 0, nil, false
	}
	for i := range ig.comments {
		c := &ig.comments[i]
		if d.Span.Start < c.Scope.Start || d.Span.Start > c.Scope.End {
			continue
		}
		if k := slices.Index(c.Rules, d.Rule); k >= 0 {
			return i, k, nil, true
		}
	}
	for _, e := range ig.entries {
		if e.Covers(d.Rule, d.Where) {
			return 0, 0, e, true
		}
	}
	return 0, 0, nil, false
}

// silences reports whether an ignore silences d, without counting it
// (the fix loop asks about findings the run has counted already).
func (ig *ignorer) silences(d *diag.Diagnostic) bool {
	if ig == nil {
		return false
	}
	_, _, _, ok := ig.find(d)
	return ok
}

// split removes the silenced findings from ds (in place, keeping the
// order; profiles[i] is the profile of ds[i]) and returns them with
// their ignores, marking each ignore used.
func (ig *ignorer) split(ds diag.List, profiles []string) (diag.List, []string, []diag.Suppressed) {
	if ig == nil {
		return ds, profiles, nil
	}
	var silenced []diag.Suppressed
	n := 0
	for i := range ds {
		d := &ds[i]
		c, k, e, ok := ig.find(d)
		if !ok {
			ds[n] = *d
			if i < len(profiles) {
				profiles[n] = profiles[i]
			}
			n++
			continue
		}
		s := diag.Suppressed{Diagnostic: *d}
		if e != nil {
			e.Silenced()
			s.Suppression = diag.Suppression{Kind: diag.External, Reason: e.Reason, Path: ig.cfgPath, Line: e.Line}
		} else {
			ig.used[c][k] = true
			s.Suppression = diag.Suppression{Kind: diag.InSource, Reason: ig.comments[c].Reason, Span: ig.comments[c].Span}
		}
		silenced = append(silenced, s)
	}
	clear(ds[n:])
	return ds[:n], profiles[:min(n, len(profiles))], silenced
}

// unused reports each ignore comment, and each rule of one, that silenced
// nothing, at severity sev, after split has seen all of the file's
// findings; text is the file's.
func (ig *ignorer) unused(text string, sev diag.Severity) diag.List {
	if !ig.inSource() {
		return nil
	}
	var out diag.List
	for i := range ig.comments {
		c := &ig.comments[i]
		if c.Problem != "" {
			out = append(out, diag.Diagnostic{Rule: RuleUnusedIgnore, Severity: sev, Span: c.Span,
				Message: "this ignore silences nothing: " + c.Problem,
				Fixes:   []diag.Fix{removeIgnore(text, c)}})
			continue
		}
		unused := 0
		for k := range c.Rules {
			if !ig.used[i][k] {
				unused++
			}
		}
		for k, rule := range c.Rules {
			if ig.used[i][k] {
				continue
			}
			d := diag.Diagnostic{Rule: RuleUnusedIgnore, Severity: sev, Span: c.RuleSpans[k],
				Message: unusedMessage(rule)}
			if unused == len(c.Rules) {
				d.Fixes = []diag.Fix{removeIgnore(text, c)}
			} else {
				d.Fixes = []diag.Fix{removeRule(text, c, k)}
			}
			out = append(out, d)
		}
	}
	return out
}

// unusedMessage says why an ignore of rule silenced nothing.
func unusedMessage(rule string) string {
	if r, ok := analyzer.LookupRule(rule); ok && r.Fatal {
		return fmt.Sprintf("`%s` cannot be ignored: its findings make Cloudflare reject the expression", rule)
	}
	msg := fmt.Sprintf("this ignore of `%s` silences nothing: no %s finding where it applies", rule, rule)
	if _, ok := analyzer.LookupRule(rule); !ok && !hostRule(rule) {
		if near := nearestRule(rule); near != "" {
			msg += fmt.Sprintf("; wflint has no rule `%s`: did you mean `%s`?", rule, near)
		}
	}
	return msg
}

// hostRule reports whether id names a problem found reading a file,
// which is no analyzer rule but can be ignored all the same.
func hostRule(id string) bool {
	switch id {
	case host.RuleSyntax, host.RuleInterpolated, host.RuleNonLiteral, host.RuleUnmappable,
		host.RuleDirective, host.RuleNothingToLint, RuleConfig:
		return true
	}
	return false
}

// nearestRule is the analyzer rule closest to id, within two edits.
func nearestRule(id string) string {
	id = strings.ReplaceAll(strings.ToLower(id), "_", "-")
	best, bestD := "", 3
	for _, r := range analyzer.Rules() {
		if d := suggest.Distance(id, r.ID, 2); d < bestD {
			best, bestD = r.ID, d
		}
	}
	return best
}

// removeIgnore is the fix that removes an ignore comment: its whole line
// when it stands alone, else the comment and the blanks before it.
func removeIgnore(text string, c *host.Ignore) diag.Fix {
	start, end := int(c.Span.Start), int(c.Span.End)
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	if strings.TrimSpace(text[lineStart:start]) == "" {
		start = lineStart
		if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
			end += nl + 1
		} else {
			end = len(text)
		}
	} else {
		for start > lineStart && (text[start-1] == ' ' || text[start-1] == '\t') {
			start--
		}
	}
	return diag.Fix{Title: "Remove the ignore", Edits: []diag.Edit{{Span: diag.SpanOf(start, end)}}, Safe: true}
}

// removeRule is the fix that removes one rule, with its comma, from an
// ignore that names others.
func removeRule(text string, c *host.Ignore, k int) diag.Fix {
	sp := c.RuleSpans[k]
	start, end := int(sp.Start), int(sp.End)
	if k+1 < len(c.RuleSpans) {
		end = int(c.RuleSpans[k+1].Start) // the comma and blanks after it
	} else {
		start = int(c.RuleSpans[k-1].End) // the comma and blanks before it
	}
	return diag.Fix{Title: "Remove " + c.Rules[k] + " from the ignore", Edits: []diag.Edit{{Span: diag.SpanOf(start, end)}}, Safe: true}
}

// unusedSeverity is the severity of unused-ignore under the file's
// configuration, 0 when it is turned off.
func (w *Workspace) unusedSeverity(f *File) diag.Severity {
	o, err := w.Options(f.Config, schema.ProfileRules)
	if err != nil || o.Disabled[RuleUnusedIgnore] {
		return 0
	}
	if s, ok := o.Severity[RuleUnusedIgnore]; ok {
		return s
	}
	r, _ := analyzer.LookupRule(RuleUnusedIgnore)
	return r.Severity
}

// applyIgnores silences the findings of a whole file and adds the unused
// ignores, in order.
func (w *Workspace) applyIgnores(f *File, ig *ignorer, ds diag.List, profiles []string) (diag.List, []string, []diag.Suppressed) {
	if ig == nil {
		return ds, profiles, nil
	}
	ds, profiles, silenced := ig.split(ds, profiles)
	sev := w.unusedSeverity(f)
	if sev == 0 {
		return ds, profiles, silenced
	}
	unused := ig.unused(f.Text, sev)
	if len(unused) == 0 {
		return ds, profiles, silenced
	}
	for len(profiles) < len(ds) {
		profiles = append(profiles, "")
	}
	merged, ps := mergeDiagnostics(unused, []diag.List{ds}, [][]string{profiles})
	return merged, ps, silenced
}

// ConfigFile is a configuration file with findings about itself: the
// ignore entries that silenced nothing.
type ConfigFile struct {
	// Path names the file as it was read.
	Path string
	// Text is its content; the diagnostics' spans index it.
	Text string
	// Diagnostics are the unused-ignore findings, in file order.
	Diagnostics diag.List
}

// UnusedConfigIgnores returns, for each configuration read whose
// directory lies in one of walked (absolute directories whose every file
// was linted), the ignore entries that silenced nothing in the run, as
// unused-ignore findings (at the severity that configuration gives the
// rule). A configuration whose files were not all linted (files named one
// by one) is not judged: its entries may be for the others. Call it after
// the run, with ignores on.
func (w *Workspace) UnusedConfigIgnores(walked []string) []*ConfigFile {
	if w.settings.NoIgnore {
		return nil
	}
	var out []*ConfigFile
	for _, c := range w.finder.Configs() {
		if len(c.Ignores) == 0 || !within(c.Dir, walked) {
			continue
		}
		sev := w.unusedSeverity(&File{Config: c})
		if sev == 0 {
			continue
		}
		data, err := os.ReadFile(c.Path)
		if err != nil {
			continue
		}
		lines := diag.NewLineIndex(string(data))
		cf := &ConfigFile{Path: c.Path, Text: string(data)}
		for _, e := range c.Ignores {
			if e.Used() {
				continue
			}
			at := lines.OffsetUTF8(e.Line-1, e.Column-1)
			end := diag.Pos(len(data))
			if nl := bytes.IndexByte(data[at:], '\n'); nl >= 0 {
				end = at + diag.Pos(nl)
			}
			msg := fmt.Sprintf("this ignore silences nothing: no %s finding in the files it names", strings.Join(e.Rules, " or "))
			if !e.Linted() {
				msg = fmt.Sprintf("this ignore silences nothing: its path %q matches no file wflint linted", e.Path.Text)
			}
			cf.Diagnostics = append(cf.Diagnostics, diag.Diagnostic{Rule: RuleUnusedIgnore, Severity: sev,
				Span: diag.Span{Start: at, End: end}, Message: msg})
		}
		if len(cf.Diagnostics) > 0 {
			out = append(out, cf)
		}
	}
	slices.SortFunc(out, func(a, b *ConfigFile) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// within reports whether dir is one of roots or lies inside one.
func within(dir string, roots []string) bool {
	for _, r := range roots {
		if rel, err := filepath.Rel(r, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// IgnoreEdit returns the edit that silences d where it is, as the
// language server's "Ignore RULE here" writes it: the rule added to the
// ignore comment that already applies there, or a new comment on the
// line before the expression's value (the finding's own line outside
// expressions), indented as that line; in a .wf file, an ignore line at
// its top. ok is false where no comment can go (JSON, JSON Lines, an
// expression on the command line) or the rule cannot be ignored.
func (f *File) IgnoreEdit(d diag.Diagnostic) (edit diag.Edit, ok bool) {
	if !ignorable(d.Rule) || f.Source.Path == "" && f.Source.Name == "" {
		return diag.Edit{}, false
	}
	at := int(d.Span.Start)
	if e, _, found := f.ExprAt(at); found {
		at = e.Anchor(len(f.Text))
	}
	var line int // the offset of the line the ignore applies to
	switch f.Kind {
	case host.HCL:
		line = strings.LastIndexByte(f.Text[:min(at, len(f.Text))], '\n') + 1
	case host.WF:
		if strings.HasPrefix(f.Text, "\uFEFF") {
			line = len("\uFEFF")
		}
	default:
		return diag.Edit{}, false
	}
	// An own-line ignore that already applies there takes one more rule.
	if f.ignores != nil {
		for i := range f.ignores.comments {
			c := &f.ignores.comments[i]
			if len(c.Rules) == 0 || int(c.Scope.Start) > at || at > int(c.Scope.End) {
				continue
			}
			end := c.RuleSpans[len(c.RuleSpans)-1].End
			return diag.Edit{Span: diag.Span{Start: end, End: end}, New: "," + d.Rule}, true
		}
	}
	indent := f.Text[line:]
	indent = indent[:len(indent)-len(strings.TrimLeft(indent, " \t"))]
	if f.Kind == host.WF {
		indent = ""
	}
	return diag.Edit{Span: diag.Span{Start: diag.Pos(line), End: diag.Pos(line)}, New: indent + "# wflint:ignore " + d.Rule + "\n"}, true
}
