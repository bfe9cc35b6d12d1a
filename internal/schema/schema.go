package schema

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"
)

// Profile names returned by [Schema.Profile].
const (
	ProfileRules      = "rules"
	ProfileFeedback   = "feedback"
	ProfileEngine2020 = "engine2020"
)

//go:embed catalog.json
var catalogJSON []byte

//go:embed engine2020.json
var engine2020JSON []byte

// Schema is a set of fields, functions and lists that expressions are
// checked against. A Schema is immutable once built and safe for concurrent
// use; derive variants with [Schema.With].
type Schema struct {
	profile string
	fields  map[string]*Field
	funcs   map[string]*Function
	lists   map[string]*List

	fieldList []*Field
	funcList  []*Function
	listList  []*List

	// universe is consulted for names missing from this schema so that a
	// Rules name outside a narrower profile is NotInProfile, not Unknown.
	universe *Schema
	// keepDeprecated lists deprecated fields whose deprecation must not be
	// reported in this profile (ip.geoip.* under feedback).
	keepDeprecated map[string]bool
	// currentNames maps the current name of a documented feedback field
	// to the name the feedback documentation lists (ip.src.asnum to
	// ip.geoip.asnum); feedback profile only.
	currentNames map[string]string
	// compact maps case- and separator-folded names to real names for
	// suggestions; built by reindex so lookups never rebuild it.
	compact map[string][]string
	// suggested memoises Suggest: editors and large files ask for the same
	// unknown names again and again, and edit distance over the catalog is
	// the costly part. Capped so that garbage input cannot grow it forever.
	suggestMu sync.Mutex
	suggested map[string][]string
}

func newSchema(profile string) *Schema {
	return &Schema{
		profile: profile,
		fields:  map[string]*Field{},
		funcs:   map[string]*Function{},
		lists:   map[string]*List{},
	}
}

// clone makes a shallow copy whose maps can be extended independently; the
// entries themselves are shared because they are never mutated.
func (s *Schema) clone() *Schema {
	c := newSchema(s.profile)
	for k, v := range s.fields {
		c.fields[k] = v
	}
	for k, v := range s.funcs {
		c.funcs[k] = v
	}
	for k, v := range s.lists {
		c.lists[k] = v
	}
	c.universe = s.universe
	if c.universe == nil && s.profile == ProfileRules {
		c.universe = s
	}
	if len(s.keepDeprecated) > 0 {
		c.keepDeprecated = map[string]bool{}
		for k := range s.keepDeprecated {
			c.keepDeprecated[k] = true
		}
	}
	c.reindex()
	return c
}

// add inserts entries, replacing same-named ones. A field replaces a
// function of the same name and vice versa because the engine has a single
// namespace for both.
func (s *Schema) add(fields []Field, funcs []Function, lists []List) {
	for i := range fields {
		f := fields[i]
		delete(s.funcs, f.Name)
		s.fields[f.Name] = &f
	}
	for i := range funcs {
		f := funcs[i]
		delete(s.fields, f.Name)
		s.funcs[f.Name] = &f
	}
	for i := range lists {
		l := lists[i]
		s.lists[l.Name] = &l
	}
	s.reindex()
}

func (s *Schema) reindex() {
	s.fieldList = s.fieldList[:0:0]
	for _, f := range s.fields {
		s.fieldList = append(s.fieldList, f)
	}
	sort.Slice(s.fieldList, func(i, j int) bool { return s.fieldList[i].Name < s.fieldList[j].Name })
	s.funcList = s.funcList[:0:0]
	for _, f := range s.funcs {
		s.funcList = append(s.funcList, f)
	}
	sort.Slice(s.funcList, func(i, j int) bool { return s.funcList[i].Name < s.funcList[j].Name })
	s.listList = s.listList[:0:0]
	for _, l := range s.lists {
		s.listList = append(s.listList, l)
	}
	sort.Slice(s.listList, func(i, j int) bool { return s.listList[i].Name < s.listList[j].Name })
	s.compact = s.buildCompactIndex()
}

// Profile names the profile: "rules", "feedback", "engine2020", or the
// "profile" value of a loaded user schema ("custom" by default).
func (s *Schema) Profile() string { return s.profile }

// Field looks up a field by exact name.
func (s *Schema) Field(name string) (*Field, bool) {
	f, ok := s.fields[name]
	return f, ok
}

// Function looks up a function by exact name.
func (s *Schema) Function(name string) (*Function, bool) {
	f, ok := s.funcs[name]
	return f, ok
}

// List looks up a list by name, with or without the leading '$'.
func (s *Schema) List(name string) (*List, bool) {
	l, ok := s.lists[trimDollar(name)]
	return l, ok
}

// Fields returns all fields sorted by name. The slice is shared; do not
// modify it.
func (s *Schema) Fields() []*Field { return s.fieldList }

// Functions returns all functions sorted by name. The slice is shared; do
// not modify it.
func (s *Schema) Functions() []*Function { return s.funcList }

// Lists returns all known lists sorted by name. The slice is shared; do not
// modify it.
func (s *Schema) Lists() []*List { return s.listList }

// Status classifies the outcome of [Schema.Lookup].
type Status uint8

// Lookup outcomes.
const (
	// Unknown: the name is not known in any profile.
	Unknown Status = iota
	// Found: the name is part of this schema.
	Found
	// NotInProfile: the name exists in the Rules catalog but not in this
	// profile, e.g. http.referer under the feedback profile, or cidr under
	// the 2020 engine.
	NotInProfile
)

// String returns "unknown", "found" or "not-in-profile".
func (st Status) String() string {
	switch st {
	case Found:
		return "found"
	case NotInProfile:
		return "not-in-profile"
	}
	return "unknown"
}

// LookupResult is what a name resolves to. For NotInProfile, Field or
// Function describes the Rules entry so messages can mention its type.
type LookupResult struct {
	Status   Status
	Field    *Field
	Function *Function
}

// Lookup resolves a field or function name (they share one namespace),
// distinguishing names from a wider catalog that this profile excludes from
// names that do not exist at all. The analyzer needs that distinction to say
// "http.referer is a Rules field but not a feedback-expression field"
// instead of "unknown field".
func (s *Schema) Lookup(name string) LookupResult {
	if f, ok := s.fields[name]; ok {
		return LookupResult{Status: Found, Field: f}
	}
	if f, ok := s.funcs[name]; ok {
		return LookupResult{Status: Found, Function: f}
	}
	if u := s.universe; u != nil && u != s {
		if f, ok := u.fields[name]; ok {
			return LookupResult{Status: NotInProfile, Field: f}
		}
		if f, ok := u.funcs[name]; ok {
			return LookupResult{Status: NotInProfile, Function: f}
		}
	}
	return LookupResult{Status: Unknown}
}

// DeprecationApplies reports whether using the named field deserves a
// deprecation warning in this profile. It is false for non-deprecated
// fields and for ip.geoip.asnum / ip.geoip.country under the feedback
// profile: those names are deprecated in Rules, but they are the very names
// the feedback API documents, so warning there would push users to names the
// API may not accept.
func (s *Schema) DeprecationApplies(name string) bool {
	f, ok := s.fields[name]
	if !ok || !f.Deprecated {
		return false
	}
	return !s.keepDeprecated[name]
}

// With returns a copy of s extended with extra fields, functions and lists,
// typically from a project's configuration (custom lists, fields of a new
// product). Entries replace same-named ones. s itself is left unchanged so
// shared profiles stay intact. Names are validated; the first invalid entry
// is reported.
func (s *Schema) With(fields []Field, funcs []Function, lists []List) (*Schema, error) {
	for _, f := range fields {
		if !ValidName(f.Name) {
			return nil, fmt.Errorf("invalid field name %q", f.Name)
		}
		if !f.Type.IsValid() || f.Type.IsGeneric() {
			return nil, fmt.Errorf("field %q has no valid type", f.Name)
		}
		if err := f.Domain.compile(); err != nil {
			return nil, fmt.Errorf("field %q: %v", f.Name, err)
		}
	}
	for _, f := range funcs {
		if !ValidName(f.Name) {
			return nil, fmt.Errorf("invalid function name %q", f.Name)
		}
		if !f.ReturnsFirstArg && !f.Returns.IsValid() {
			return nil, fmt.Errorf("function %q has no valid return type", f.Name)
		}
	}
	for i, l := range lists {
		if ok, msg := CheckListName(l.Name); !ok {
			return nil, fmt.Errorf("%s", msg) // the caller names where the list came from
		}
		lists[i].Name = trimDollar(l.Name)
	}
	c := s.clone()
	c.profile = s.profile
	c.add(fields, funcs, lists)
	return c, nil
}

// WithListNames is a shortcut for With that adds custom lists known only by
// name (kind unknown), as a configuration file usually lists them.
func (s *Schema) WithListNames(names ...string) (*Schema, error) {
	lists := make([]List, len(names))
	for i, n := range names {
		lists[i] = List{Name: n, Description: "Custom list declared in the wflint configuration."}
	}
	return s.With(nil, nil, lists)
}

var (
	rulesOnce = sync.OnceValue(func() *Schema {
		s := mustLoadEmbedded(catalogJSON, "catalog.json")
		s.profile = ProfileRules
		return s
	})
	feedbackOnce = sync.OnceValue(func() *Schema {
		r := Rules()
		s := newSchema(ProfileFeedback)
		s.universe = r
		s.keepDeprecated = map[string]bool{}
		s.currentNames = map[string]string{}
		for _, f := range r.fieldList {
			if f.Feedback {
				s.fields[f.Name] = f
				if f.Deprecated {
					s.keepDeprecated[f.Name] = true
				}
				// The current name of a documented field (ip.src.asnum
				// for ip.geoip.asnum) selects the same requests.
				if cur, ok := r.fields[f.Replacement]; ok && f.Deprecated {
					s.fields[cur.Name] = cur
					s.currentNames[cur.Name] = f.Name
				}
			}
		}
		for k, v := range r.funcs {
			s.funcs[k] = v
		}
		for k, v := range r.lists {
			s.lists[k] = v
		}
		s.reindex()
		return s
	})
	engine2020Once = sync.OnceValue(buildEngine2020)
)

// DocumentedFeedbackName says which of the eight fields the feedback
// documentation lists name is: itself when listed, the older listed name
// when name is that field's current name (ip.src.asnum for
// ip.geoip.asnum), and ok false otherwise.
func (s *Schema) DocumentedFeedbackName(name string) (documented string, ok bool) {
	if old, ok := Feedback().currentNames[name]; ok {
		return old, true
	}
	if f, ok := Rules().fields[name]; ok && f.Feedback {
		return name, true
	}
	return "", false
}

// Rules returns the full catalog: every documented Rules field (including
// Magic Firewall fields and the pseudo-field true), every function, and the
// managed lists.
func Rules() *Schema { return rulesOnce() }

// Feedback returns the default profile for Bot Management feedback
// expressions: the eight fields the feedback API documents
// (cf.bot_management.ja3_hash, cf.bot_management.score, http.host,
// http.request.uri.path, http.user_agent, ip.geoip.asnum, ip.geoip.country,
// ip.src) and the current names of the two deprecated ones (ip.src.asnum,
// ip.src.country; see [Schema.DocumentedFeedbackName]), all functions and
// the managed lists. Other Rules fields look up
// as NotInProfile. The two ip.geoip.* fields keep Deprecated=true (a Rules
// fact) but [Schema.DeprecationApplies] is false for them here (a feedback
// fact).
func Feedback() *Schema { return feedbackOnce() }

// Engine2020 returns the scheme of the 2020 engine that the conformance
// tests use as an oracle: firewalker's 68 fields with the types firewalker
// declares (http.request.version is Int there), then every other catalog
// field, and only the ten functions that engine registers, with its
// signatures (url_decode takes one argument; starts_with needs a literal).
// Comparing our checker with the real engine is only meaningful if both see
// the same names and types.
func Engine2020() *Schema { return engine2020Once() }

// catalogAdditions are product fields wflint's catalog has beyond the field
// catalog it was built from, added because real rule sets use them or
// Cloudflare's documentation shows them (http.request.jwt.claims, the
// constant false beside true). The 2020 engine profile leaves them out, as
// the oracle's scheme does.
var catalogAdditions = map[string]bool{
	"cf.zone.name": true, "cf.zone.plan": true, "cf.load_balancer.name": true, "cf.load_balancer.region": true,
	"http.request.jwt.claims": true, "false": true,
}

func buildEngine2020() *Schema {
	r := Rules()
	overlay := mustLoadEmbedded(engine2020JSON, "engine2020.json")
	s := newSchema(ProfileEngine2020)
	s.universe = r
	for _, of := range overlay.fieldList {
		f := *of
		if rf, ok := r.fields[of.Name]; ok {
			f = *rf
			f.Engine2020 = true
			if rf.Type != of.Type {
				f.Type = of.Type
				f.Domain = nil // the documented domain is for the documented type
				f.Notes = append(append([]string(nil), rf.Notes...),
					fmt.Sprintf("The 2020 engine declares this field as %s; the current documentation says %s.", of.Type, rf.Type))
			}
		} else {
			f.Engine2020 = true
		}
		s.fields[f.Name] = &f
	}
	for _, rf := range r.fieldList {
		if catalogAdditions[rf.Name] {
			continue // the oracle's scheme does not have them
		}
		if _, ok := s.fields[rf.Name]; !ok {
			s.fields[rf.Name] = rf
		}
	}
	for _, of := range overlay.funcList {
		f := *of
		if rf, ok := r.funcs[of.Name]; ok {
			f = *rf
			f.Params, f.Returns, f.ReturnsFirstArg = of.Params, of.Returns, of.ReturnsFirstArg
			// Phase restrictions are product facts the engine knows nothing of.
			f.Phases, f.Roles, f.Products, f.OncePerExpression, f.ExclusiveWith = nil, nil, nil, false, nil
		}
		f.Engine2020 = true
		s.funcs[f.Name] = &f
	}
	for k, v := range r.lists {
		s.lists[k] = v
	}
	s.reindex()
	return s
}

// mustLoadEmbedded parses a file compiled into the binary. Failure is a
// build defect caught by the package tests, not a user input problem, so it
// panics rather than burdening every caller with an impossible error.
func mustLoadEmbedded(data []byte, name string) *Schema {
	doc, err := decodeTrusted(data)
	if err != nil {
		panic(fmt.Sprintf("schema: embedded %s: %v", name, err))
	}
	fields, funcs, lists, err := doc.convert()
	if err != nil {
		panic(fmt.Sprintf("schema: embedded %s: %v", name, err))
	}
	s := newSchema(doc.head.Profile)
	s.add(fields, funcs, lists)
	return s
}
