package host

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/jsonscan"
	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// shape is what one JSON object is, judged by its members.
type shape uint8

const (
	shapeNone shape = iota
	shapeRuleset
	shapeRule
	shapeLegacyRule
	shapeLegacyFilter
	shapeReport
)

// ruleKeys are members only a ruleset rule has beside its expression;
// reportKeys only a feedback report (cloudflare/api-schemas: the rulesets
// and the Bot Management feedback schemas). A rule's `categories` is left
// out: VS Code's package.json has one too.
var (
	ruleKeys = []string{"action", "action_parameters", "enabled", "ratelimit", "exposed_credential_check",
		"logging", "last_updated"}
	reportKeys = []string{"type", "subtype", "requests", "requests_by_score", "requests_by_score_src",
		"requests_by_attribute", "first_request_seen_at", "last_request_seen_at", "created_at"}
)

func hasAny(n *jsonscan.Node, keys []string) bool {
	for _, k := range keys {
		if n.Get(k) != nil {
			return true
		}
	}
	return false
}

// classify says what a JSON object is:
//   - a ruleset has a `rules` array, or a `phase` with a kind, name, id or
//     version (the list call's rulesets, which leave their rules out);
//   - a legacy firewall rule has a `filter` object;
//   - a rule has an `expression` and a member only rules have (action,
//     action_parameters, enabled, ratelimit, …);
//   - a feedback report has a member only reports have (type, requests,
//     requests_by_score, …);
//   - an object with an `expression` and `paused`, `ref` or `id` is a
//     legacy filter; one with an `expression` and nothing else that
//     decides is a report being written (as wflint has always read it).
//
// A rule is never taken for a report: rule members are tested first.
func classify(n *jsonscan.Node) shape {
	if n == nil || n.Kind != jsonscan.Object {
		return shapeNone
	}
	if r := n.Get("rules"); r != nil && r.Kind == jsonscan.Array {
		return shapeRuleset
	}
	if f := n.Get("filter"); f != nil && f.Kind == jsonscan.Object {
		return shapeLegacyRule
	}
	expr := n.Get("expression") != nil
	switch {
	case expr && hasAny(n, ruleKeys):
		return shapeRule
	case hasAny(n, reportKeys):
		return shapeReport
	case expr:
		if hasAny(n, []string{"paused", "ref", "id"}) {
			return shapeLegacyFilter
		}
		return shapeReport
	}
	if p := n.Get("phase"); p != nil && p.Kind == jsonscan.String && hasAny(n, []string{"kind", "name", "id", "version"}) {
		return shapeRuleset
	}
	return shapeNone
}

// cloudflareLike reports whether an object that is none of the shapes
// still looks like Cloudflare's: the API's envelope, or a member only
// Cloudflare's objects have. package.json and .eslintrc.json do not.
func cloudflareLike(n *jsonscan.Node) bool {
	if n.Get("success") != nil && n.Get("errors") != nil {
		return true
	}
	return hasAny(n, []string{"phase", "zone_id", "account_id", "result_info"})
}

// jsonReader reads one JSON document into a Document.
type jsonReader struct {
	jsonExtractor
	doc *Document
}

// readJSON reads API JSON: a ruleset object, the GET envelope
// {"result": {…}}, a list of rulesets, a `rules` array, a single rule; a
// legacy Firewall Rules or Filters export; a feedback report or a list of
// them. Each object is classified by its members (see classify), and each
// expression of each rule gets its role from the member that holds it. A
// document of any other shape holds no expressions and yields nothing.
func readJSON(data []byte, each func(*ruleset.Ruleset)) *Document {
	doc, err := jsonscan.Parse(data)
	if err != nil {
		return &Document{Problems: diag.List{syntaxProblem(err)}, Broken: true, each: each}
	}
	return readJSONDocument(data, doc, each)
}

// readJSONDocument is readJSON of a parsed document.
func readJSONDocument(data []byte, doc *jsonscan.Document, each func(*ruleset.Ruleset)) *Document {
	x := &jsonReader{jsonExtractor: jsonExtractor{data: data}, doc: &Document{each: each}}
	x.doc.Content = x.document(doc.Root, "", true)
	x.doc.Snippets, x.doc.Problems = x.snippets, x.problems
	x.doc.sortSnippets()
	x.doc.Problems.SortByPosition()
	if x.doc.Content == ContentRulesets && x.doc.Empty == "" && x.doc.rules == 0 {
		x.doc.Empty = "its rulesets hold no rules"
	}
	return x.doc
}

// document reads n, the root (top) or a value inside an envelope or a
// list, and returns what it holds.
func (x *jsonReader) document(n *jsonscan.Node, where string, top bool) Content {
	switch n.Kind {
	case jsonscan.Object:
		if r := n.Get("result"); r != nil {
			// The API's envelope; only its `success` says so for sure.
			if n.Get("success") != nil {
				x.doc.Cloudflare = true
			}
			return x.document(r, joinWhere(where, "result"), false)
		}
		switch classify(n) {
		case shapeRuleset:
			x.doc.Cloudflare = true
			x.ruleset(n, where)
			return ContentRulesets
		case shapeRule:
			x.doc.Cloudflare = true
			rs := &ruleset.Ruleset{Where: where, Span: n.Span}
			x.rule(rs, n, where)
			x.doc.add(rs)
			return ContentRule
		case shapeLegacyRule:
			x.doc.Cloudflare = true
			rs := &ruleset.Ruleset{Where: where, Span: n.Span, Legacy: true}
			x.rule(rs, n, where)
			x.doc.add(rs)
			return ContentLegacy
		case shapeLegacyFilter:
			x.doc.Cloudflare = true
			x.expression(n.Get("expression"), joinWhere(where, "expression"), schema.ProfileRules)
			return ContentLegacy
		case shapeReport:
			x.expression(n.Get("expression"), joinWhere(where, "expression"), schema.ProfileFeedback)
			if top {
				return ContentReport
			}
			return ContentReports
		}
		if cloudflareLike(n) {
			x.doc.Cloudflare = true
		}
	case jsonscan.Array:
		return x.list(n, where)
	}
	return ContentNone
}

// list reads an array: rules (or legacy firewall rules) make one ruleset
// in their order; anything else is read element by element.
func (x *jsonReader) list(n *jsonscan.Node, where string) Content {
	first := shapeNone
	same := len(n.Elems) > 0
	for i, el := range n.Elems {
		s := classify(el)
		if i == 0 {
			first = s
		}
		same = same && s == first
	}
	if same && (first == shapeRule || first == shapeLegacyRule) {
		x.doc.Cloudflare = true
		rs := &ruleset.Ruleset{Where: where, Span: n.Span, Legacy: first == shapeLegacyRule}
		for i, el := range n.Elems {
			x.rule(rs, el, fmt.Sprintf("%s[%d]", where, i))
			n.Elems[i] = nil // read: its nodes can go (see ruleset)
		}
		x.doc.add(rs)
		if rs.Legacy {
			return ContentLegacy
		}
		return ContentRules
	}
	content := ContentNone
	for i, el := range n.Elems {
		c := x.document(el, fmt.Sprintf("%s[%d]", where, i), false)
		switch {
		case c == ContentNone || c == content:
		case content == ContentNone:
			content = c
		default:
			content = ContentMixed
		}
	}
	return content
}

// ruleset reads a ruleset object.
func (x *jsonReader) ruleset(n *jsonscan.Node, where string) {
	rs := &ruleset.Ruleset{Where: where, Span: n.Span}
	for name, field := range map[string]*string{"phase": &rs.Phase, "kind": &rs.Kind, "name": &rs.Name} {
		if v := n.Get(name); v != nil && v.Kind == jsonscan.String {
			*field = v.Str
			switch name {
			case "phase":
				rs.PhaseSpan = v.Span
			case "kind":
				rs.KindSpan = v.Span
			}
		}
	}
	if rules := n.Get("rules"); rules != nil && rules.Kind == jsonscan.Array {
		w := joinWhere(where, "rules")
		for i, el := range rules.Elems {
			if el.Kind == jsonscan.Object {
				x.rule(rs, el, fmt.Sprintf("%s[%d]", w, i))
			}
			// A rule read is in the model: its nodes can go, so that a
			// large ruleset's model takes the place of its parse tree
			// rather than doubling it.
			rules.Elems[i] = nil
		}
	} else if x.doc.Empty == "" {
		x.doc.Empty = "the API's list of rulesets leaves out each ruleset's rules; fetch each ruleset to lint them"
	}
	x.doc.add(rs)
}

// rule reads one rule object into rs. A legacy firewall rule's expression
// is its filter's: its Param is `filter.expression`, its role a filter's.
func (x *jsonReader) rule(rs *ruleset.Ruleset, n *jsonscan.Node, where string) {
	r := &ruleset.Rule{Index: len(rs.Rules), Where: where, Span: n.Span}
	var sites []exprSite
	r.Object = x.value(n, nil, where, &sites)
	prefix := ""
	if rs.Legacy {
		prefix = "filter."
		for i, s := range sites {
			if len(s.path) > 1 && s.path[0] == "filter" {
				sites[i].path = s.path[1:]
			}
		}
	}
	rs.Rules = append(rs.Rules, r)
	finishRule(x.snippets, x.doc.each == nil, rs, r, sites, prefix)
}

// value converts n to a Value; members named like expressions become
// snippets and sites.
func (x *jsonReader) value(n *jsonscan.Node, path []string, where string, sites *[]exprSite) *ruleset.Value {
	v := new(ruleset.Value)
	x.fill(v, n, path, where, sites)
	return v
}

// fill converts n into v. An object's or array's values are allocated
// together, and a member's place (where) is only written out for a member
// that holds an expression or more members: a large ruleset has millions
// of scalars.
func (x *jsonReader) fill(v *ruleset.Value, n *jsonscan.Node, path []string, where string, sites *[]exprSite) {
	v.Span = n.Span
	switch n.Kind {
	case jsonscan.Null:
		v.Kind = ruleset.Null
	case jsonscan.Bool:
		v.Kind, v.Bool = ruleset.Bool, string(n.Raw) == "true"
	case jsonscan.Number:
		v.Kind, v.Str = ruleset.Number, string(n.Raw)
	case jsonscan.String:
		v.Kind, v.Str = ruleset.String, n.Str
	case jsonscan.Array:
		v.Kind = ruleset.Array
		v.Elems = make([]*ruleset.Value, len(n.Elems))
		vals := make([]ruleset.Value, len(n.Elems))
		for i, el := range n.Elems {
			w := ""
			if container(el) {
				w = where + "[" + strconv.Itoa(i) + "]"
			}
			x.fill(&vals[i], el, path, w, sites)
			v.Elems[i] = &vals[i]
		}
	case jsonscan.Object:
		v.Kind = ruleset.Object
		v.Members = make([]ruleset.Member, len(n.Members))
		vals := make([]ruleset.Value, len(n.Members))
		for i, m := range n.Members {
			p := append(path, m.Key)
			expr := m.Value.Kind != jsonscan.Null && exprMember(p)
			w := ""
			if expr || container(m.Value) {
				w = joinWhere(where, traversalKey(m.Key))
			}
			x.fill(&vals[i], m.Value, p, w, sites)
			v.Members[i] = ruleset.Member{Key: m.Key, KeySpan: m.KeySpan, Value: &vals[i]}
			if expr {
				*sites = append(*sites, exprSite{path: slices.Clone(p), where: w, snippet: x.expression(m.Value, w, schema.ProfileRules), span: m.Value.Span})
			}
		}
	}
}

func container(n *jsonscan.Node) bool { return n.Kind == jsonscan.Object || n.Kind == jsonscan.Array }
