package host

import (
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// Content is what a host file holds, judged by its content rather than
// its name: a .json file may be a ruleset, a single rule, a legacy
// Firewall Rules export or a feedback report, and each is read as what it
// is.
type Content uint8

// Contents.
const (
	// ContentNone is a file wflint reads nothing from: package.json, a
	// .tf file without Cloudflare rules, a JSON shape it does not know.
	ContentNone Content = iota
	// ContentExpression is one bare expression: a .wf file, standard
	// input, an expression on the command line.
	ContentExpression
	// ContentLines is JSON Lines: one expression a line.
	ContentLines
	// ContentTerraform is Terraform holding Cloudflare rules: the
	// cloudflare_ruleset resource (provider v4 blocks or v5 attributes),
	// the legacy cloudflare_filter and cloudflare_firewall_rule, or
	// `expression` keys in tfvars maps and lists.
	ContentTerraform
	// ContentRulesets is API JSON of rulesets: a ruleset object, the GET
	// envelope {"result": {…}}, a list of rulesets.
	ContentRulesets
	// ContentRules is a JSON array of rule objects (a ruleset's `rules`).
	ContentRules
	// ContentRule is one rule object, the body of the create-rule call.
	ContentRule
	// ContentLegacy is a legacy Firewall Rules or Filters export.
	ContentLegacy
	// ContentReport is one Bot Management feedback report.
	ContentReport
	// ContentReports is a list of feedback reports (the list call's
	// result).
	ContentReports
	// ContentMixed is a JSON list of things of different kinds.
	ContentMixed
)

var contentNames = [...]string{
	ContentNone:       "nothing wflint reads",
	ContentExpression: "an expression",
	ContentLines:      "JSON Lines of expressions",
	ContentTerraform:  "Terraform",
	ContentRulesets:   "rulesets",
	ContentRules:      "a list of rules",
	ContentRule:       "a single rule",
	ContentLegacy:     "a Firewall Rules export",
	ContentReport:     "a feedback report",
	ContentReports:    "a list of feedback reports",
	ContentMixed:      "a list of rulesets, rules and reports",
}

// String describes the content in a few words, for messages and hover.
func (c Content) String() string {
	if int(c) < len(contentNames) {
		return contentNames[c]
	}
	return "unknown content"
}

// Document is what wflint reads from one host file: its expressions as
// snippets, the rulesets and rules they belong to, what kind of content
// the file holds, and the problems met reading it.
type Document struct {
	// Content is what the file holds.
	Content Content
	// Snippets are every expression found, in file order; a rule's
	// expressions (ruleset.Expr.Snippet) index them.
	Snippets []Snippet
	// Rulesets are the rulesets read, in file order: Terraform
	// cloudflare_ruleset resources, API ruleset objects, a rules array or
	// a single rule (a ruleset of one rule, with no phase), and the legacy
	// Firewall Rules of a file (Ruleset.Legacy).
	Rulesets []*ruleset.Ruleset
	// Problems are diagnostics about the file itself, in file byte
	// offsets: bad HCL or JSON, skipped interpolations, bad directives.
	Problems diag.List
	// Directives are a .wf file's `# wflint:` lines, in order.
	Directives []Directive
	// Ignores are the file's ignore comments (Terraform) or ignore
	// directives (.wf), in file order; nil for a file without any.
	Ignores []Ignore
	// Cloudflare reports that the file looks like Cloudflare
	// configuration (an API envelope, a ruleset's members, a Cloudflare
	// Terraform resource) even when nothing in it could be read: a front
	// end that walks a tree says so for such a file only, and stays
	// silent on package.json.
	Cloudflare bool
	// Broken says the file does not parse (Problems say where): nothing
	// in it is linted. Rulesets handed to ReadOptions.Each before the
	// error was met (a large file is read a part at a time) are to be
	// forgotten with whatever was made of them.
	Broken bool
	// Empty, when the file holds rulesets but no rule, says why in a
	// sentence ("the API's list of rulesets omits their rules").
	Empty string

	each  func(*ruleset.Ruleset) // ReadOptions.Each
	rules int                    // rules read, kept or handed out
}

// ReadOptions adjust ReadWith.
type ReadOptions struct {
	// Each, when set, receives each ruleset as soon as it is whole, and
	// the Document keeps none (Rulesets is nil, and each snippet's Use
	// names no Rule or Ruleset): a caller that checks each ruleset once
	// holds one ruleset's model at a time rather than a 50 MB file's. The
	// rulesets' expressions index the snippets of the Document returned.
	Each func(*ruleset.Ruleset)
	// JSON is a .json file's document as jsonscan.Parse(data) gives it,
	// when the caller has parsed it already (a feedback report's
	// validation reads it too): a large file is then parsed once. Reading
	// drops the nodes of the rules it has read, to free their memory; the
	// rest of the document stays as it is.
	JSON *jsonscan.Document
}

// add keeps a ruleset that is whole, or hands it to Each.
func (d *Document) add(rs *ruleset.Ruleset) {
	d.rules += len(rs.Rules)
	if d.each != nil {
		d.each(rs)
		return
	}
	d.Rulesets = append(d.Rulesets, rs)
}

// Use is what a snippet's expression is for, where the host says: its
// role in a rule, the type a value must have, the phase it runs in, and
// the rule and ruleset that hold it. Snippets that are no part of a rule
// (a bare .wf file, a feedback report, a JSON Lines line) have none, and
// are filters in no known phase, as wflint has always read them.
type Use struct {
	// Role is what the expression is for.
	Role schema.Role
	// Type is the type a value must have; the zero Type means any.
	Type schema.Type
	// Phase is the phase the expression runs in, "" when unknown.
	Phase string
	// Param is the expression's member path in its rule, in the API's
	// names with map keys as `*` (`action_parameters.headers.*.expression`);
	// "" for a .wf file.
	Param string
	// Ruleset and Rule hold the expression; nil when it belongs to no
	// ruleset wflint could read (a tfvars map, a .wf file).
	Ruleset *ruleset.Ruleset
	Rule    *ruleset.Rule
}

// Read reads a host file, chosen by its extension (an unknown extension
// is a bare expression): its expressions, the rulesets they belong to,
// and what the file holds. It never panics on malformed input: problems
// with the file are diagnostics in file byte offsets (their Rule one of
// the Rule constants), and everything that could be read is.
func Read(path string, data []byte) *Document {
	return ReadWith(path, data, ReadOptions{})
}

// ReadWith is Read with options.
func ReadWith(path string, data []byte, opts ReadOptions) *Document {
	switch KindOf(path) {
	case HCL:
		return readHCL(path, data, opts.Each)
	case JSON:
		if opts.JSON != nil {
			return readJSONDocument(data, opts.JSON, opts.Each)
		}
		return readJSON(data, opts.Each)
	case JSONL:
		snippets, problems := extractJSONL(data)
		return &Document{Content: ContentLines, Snippets: snippets, Problems: problems}
	}
	return readWF(data)
}

// Extract returns the expressions in a host file and the problems with
// it: Read without the rulesets.
func Extract(path string, data []byte) ([]Snippet, diag.List) {
	if KindOf(path) == JSONL {
		// The hot path of large inputs: no Document around it.
		return extractJSONL(data)
	}
	d := Read(path, data)
	return d.Snippets, d.Problems
}
