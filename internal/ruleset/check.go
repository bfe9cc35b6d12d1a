package ruleset

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// Options configures Check as analyzer.Options configures an analysis:
// the rules of a ruleset are rules of analyzer's table, so the
// configuration's `rules:` turn them off and set their severity alike.
type Options struct {
	// Disabled turns rules off by ID.
	Disabled map[string]bool
	// Enabled turns on rules that are off by default.
	Enabled map[string]bool
	// Severity overrides default severities by rule ID.
	Severity map[string]diag.Severity
	// Schema is the catalog the rules' filters are read with, to prove a
	// rule can never run; nil means schema.Rules().
	Schema *schema.Schema
}

// OptionsOf takes the rule settings and the schema of an analysis's
// options.
func OptionsOf(o analyzer.Options) Options {
	return Options{Disabled: o.Disabled, Enabled: o.Enabled, Severity: o.Severity, Schema: o.Schema}
}

// Check checks a ruleset as a whole: its phase, each rule's action in that
// phase, the action's parameters against Cloudflare's API schema,
// duplicate rules, and rules that can never run. Findings are in the host file's coordinates (the
// model's spans), each with Where, in file order. The expressions
// themselves are the analyzer's: Check does not parse them, but for
// comparing rules.
func Check(rs *Ruleset, opts Options) diag.List {
	if rs == nil {
		return nil
	}
	c := &checker{rs: rs, opts: opts}
	c.checkPhase()
	for _, r := range rs.Rules {
		c.checkRule(r)
	}
	c.checkShadowed(c.checkDuplicates())
	c.out.SortByPosition()
	return c.out
}

// checker holds one Check's state.
type checker struct {
	rs   *Ruleset
	opts Options
	out  diag.List
	// rule and action are the rule being checked and its action's name.
	rule   *Rule
	action string
	// absent is the stand-in object for action_parameters a rule lacks
	// but its action needs, so that the table's required members are
	// reported against the action.
	absent *Value
}

// claim is how sure a finding is.
type claim uint8

const (
	// inferred: wflint infers it (the message says so); at most a
	// warning unless configuration sets the rule's severity.
	inferred claim = iota
	// stated: Cloudflare's schema or documentation says so, or the text
	// shows it, without saying Cloudflare rejects it.
	stated
	// rejected: Cloudflare's schema or documentation rejects it
	// (diag.Diagnostic.Rejected, when reported as an error).
	rejected
)

// report records a finding of rule id unless configuration turns it off,
// with the rule's default or configured severity.
func (c *checker) report(id string, cl claim, span diag.Span, where, msg string, related ...diag.Related) {
	r, ok := analyzer.LookupRule(id)
	if !ok {
		panic("ruleset: rule " + id + " is not in analyzer's table")
	}
	if c.opts.Disabled[id] || r.OptIn && !c.opts.Enabled[id] {
		return
	}
	sev := r.Severity
	if s, ok := c.opts.Severity[id]; ok {
		sev = s
	} else if cl == inferred && sev > diag.Warning {
		sev = diag.Warning
	}
	c.out = append(c.out, diag.Diagnostic{Rule: id, Severity: sev, Span: span, Message: msg,
		Where: where, Rejected: cl == rejected && sev == diag.Error, Related: related})
}

// path is where a value sits: the rule's Where and the API's member
// names and indexes from the rule. Where and messages are written from
// it only for a finding.
type path struct {
	base string   // the rule's Where
	api  []string // member names and indexes from the rule
}

// child is the path of a member or element.
func (p path) child(seg string) path {
	return path{base: p.base, api: append(p.api[:len(p.api):len(p.api)], seg)}
}

// where names the value in the host's terms (diag.Diagnostic.Where).
func (p path) where() string {
	w := p.base
	for _, s := range p.api {
		w = joinWhere(w, s)
	}
	return w
}

// name is the member path from the rule, as a message writes it.
func (p path) name() string {
	var b strings.Builder
	for i, s := range p.api {
		switch {
		case isIndex(s):
			b.WriteString("[" + s + "]")
		case !isIdent(s):
			b.WriteString("[" + strconv.Quote(s) + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		}
	}
	return b.String()
}

// last is the path's last member name, "" at the rule.
func (p path) last() string {
	if len(p.api) == 0 {
		return ""
	}
	return p.api[len(p.api)-1]
}

// pointerEscaper escapes a JSON pointer's reference token (RFC 6901).
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// joinWhere appends a member or index to a Where: an RFC 6901 pointer
// when the rule's Where is one, an HCL-style traversal otherwise.
func joinWhere(base, seg string) string {
	if strings.HasPrefix(base, "/") {
		return base + "/" + pointerEscaper.Replace(seg)
	}
	switch {
	case isIndex(seg):
		return base + "[" + seg + "]"
	case !isIdent(seg):
		return base + "[" + strconv.Quote(seg) + "]"
	case base == "":
		return seg
	}
	return base + "." + seg
}

// isIndex reports whether a path segment is an array index.
func isIndex(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// isIdent reports whether a member name can follow a dot in an HCL
// traversal.
func isIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// rulePath is where a rule's members are named from.
func rulePath(r *Rule) path {
	w := r.Where
	if w == "" {
		w = "rules[" + strconv.Itoa(r.Index) + "]"
	}
	return path{base: w}
}

// checkPhase reports a phase the API schema does not have.
func (c *checker) checkPhase() {
	rs := c.rs
	if rs.Legacy || rs.Phase == "" || KnownPhase(rs.Phase) {
		return
	}
	where := joinWhere(rs.Where, "phase")
	if rs.Where == "" && len(rs.Rules) > 0 && strings.HasPrefix(rs.Rules[0].Where, "/") {
		where = "/phase" // a JSON document that is the ruleset
	}
	c.report("unknown-phase", stated, rs.PhaseSpan, where,
		fmt.Sprintf("%q is not a phase of %s; wflint does not check which actions it takes", rs.Phase, srcAPI))
}

// checkRule checks one rule's action and parameters.
func (c *checker) checkRule(r *Rule) {
	if r == nil || r.Object == nil || r.Object.Kind != Object {
		return
	}
	if c.rs.Kind == "managed" {
		// Cloudflare's own rulesets, exported: what they hold is
		// Cloudflare's call, in members wflint need not know.
		return
	}
	c.rule, c.action = r, ""
	at := rulePath(r)
	am := set(r.Object, "action")
	if c.rs.Legacy {
		c.checkLegacyAction(am, at)
		return
	}
	switch {
	case am == nil:
		c.report("missing-parameter", rejected, c.anchor(r.Object, diag.Span{}), at.where(),
			"the rule has no `action`, which "+srcAPI+" requires")
	case am.Value.Kind == Unknown:
		// Known only when Terraform runs.
	case am.Value.Kind != String:
		c.report("parameter-value", rejected, am.Value.Span, at.child("action").where(), "`action` must be a string")
	default:
		c.action = am.Value.Str
		c.checkAction(am, at)
	}
	c.walkObject(ruleParams, r.Object, at, diag.Span{})
	if a := actions[c.action]; a != nil && a.params != nil {
		ap := set(r.Object, "action_parameters")
		switch {
		case ap != nil:
			c.walk(a.params, ap.Value, at.child("action_parameters"), ap.KeySpan)
		case a.needsParams:
			c.absent = &Value{Kind: Object, Span: am.Value.Span}
			c.walk(a.params, c.absent, at.child("action_parameters"), am.Value.Span)
		}
	}
	c.checkPhaseParams(r, at)
}

// checkAction checks a rule's action against the schema and the phase.
func (c *checker) checkAction(am *Member, at path) {
	name, span, where := c.action, am.Value.Span, at.child("action").where()
	if !KnownAction(name) {
		if slices.Contains(legacyActions, name) {
			c.report("legacy-action", rejected, span, where, fmt.Sprintf(
				"%q is a Firewall Rules action; rulesets have no %s action and the API rejects it (use %s)",
				name, name, legacyReplacement[name]))
			return
		}
		c.report("unknown-action", stated, span, where, fmt.Sprintf("%q is not an action of %s; wflint does not check its parameters", name, srcAPI))
		return
	}
	allowed, known := PhaseAllows(c.rs.Phase, name)
	if !known || allowed {
		return
	}
	var related []diag.Related
	if c.rs.PhaseSpan != (diag.Span{}) {
		related = append(related, diag.Related{Span: c.rs.PhaseSpan, Message: "the ruleset's phase"})
	}
	// An action "only available" elsewhere is documented; a phase closed
	// by its product's pages is wflint's inference.
	cl, msg := rejected, fmt.Sprintf("%s %s rule cannot run in the %s phase: %s",
		article(name), name, c.rs.Phase, phaseActionsText(c.rs.Phase, name))
	if actions[name].phases == nil {
		cl = inferred
	}
	c.report("action-not-in-phase", cl, span, where, msg, related...)
}

// legacyReplacement says what replaces a Firewall Rules action in a
// ruleset (developers.cloudflare.com/waf/reference/migration-guides/
// firewall-rules-to-custom-rules/).
var legacyReplacement = map[string]string{
	"allow":  "skip with ruleset \"current\"",
	"bypass": "skip with products or phases",
}

// phaseActionsText says why an action may not run in a phase, for
// messages.
func phaseActionsText(phase, name string) string {
	if a := actions[name]; a != nil && a.phases != nil {
		return "it is only available in " + strings.Join(a.phases, ", ") + " (" + a.phaseSource() + ")"
	}
	row := phaseActions[phase]
	return "wflint infers the phase takes only " + strings.Join(row.actions, ", ") + " (" + row.source + ")"
}

// checkLegacyAction checks the action of a Firewall Rules rule.
func (c *checker) checkLegacyAction(am *Member, at path) {
	if am == nil || am.Value.Kind != String || slices.Contains(legacyActions, am.Value.Str) {
		return
	}
	c.report("unknown-action", stated, am.Value.Span, at.child("action").where(),
		fmt.Sprintf("%q is not a Firewall Rules action (%s)", am.Value.Str, strings.Join(legacyActions, ", ")))
}

// checkPhaseParams checks the parameters that only some phases use.
func (c *checker) checkPhaseParams(r *Rule, at path) {
	phase := c.rs.Phase
	if !KnownPhase(phase) || !KnownAction(c.action) {
		return
	}
	if allowed, known := PhaseAllows(phase, c.action); known && !allowed {
		return // the action is the mistake, reported already
	}
	rl := set(r.Object, "ratelimit")
	switch {
	case rl != nil && phase != "http_ratelimit" && phase != "magic_transit_ratelimit":
		c.report("misplaced-parameter", inferred, rl.KeySpan, at.child("ratelimit").where(), fmt.Sprintf(
			"`ratelimit` makes a rate limiting rule, which runs in the http_ratelimit phase; wflint infers it does nothing in %s", phase))
	case rl == nil && phase == "http_ratelimit" && slices.Contains(rateLimitActions, c.action):
		c.report("missing-parameter", rejected, c.anchor(r.Object, r.Object.Member("action").Value.Span), at.where(),
			"a rate limiting rule requires `ratelimit` (characteristics, period, requests per period: "+srcRateLimit+")")
	}
	if c.action != "rewrite" {
		return
	}
	ap := r.Object.Get("action_parameters")
	if u := set(ap, "uri"); u != nil && phase != "http_request_transform" {
		c.report("misplaced-parameter", inferred, u.KeySpan, at.child("action_parameters").child("uri").where(), fmt.Sprintf(
			"URL rewrites run in the http_request_transform phase (%s); wflint infers `uri` does nothing in %s", srcPhases, phase))
	}
	if h := set(ap, "headers"); h != nil && phase == "http_request_transform" {
		c.report("misplaced-parameter", inferred, h.KeySpan, at.child("action_parameters").child("headers").where(), fmt.Sprintf(
			"request headers are modified in the http_request_late_transform phase (%s); wflint infers `headers` does nothing in http_request_transform", srcPhases))
	}
}

// rateLimitActions are the actions of rate limiting rules (srcRateLimit,
// "Then take action"); an execute rule deploying a rate limiting ruleset
// has no rate limit of its own.
var rateLimitActions = []string{"block", "challenge", "js_challenge", "managed_challenge", "log"}

// anchor is the span to report a missing member of an object at: the
// name of the member holding the object (key), else for the rule itself
// its action, else the object's first byte.
func (c *checker) anchor(v *Value, key diag.Span) diag.Span {
	if key != (diag.Span{}) {
		return key
	}
	if c.rule != nil && v == c.rule.Object {
		if m := v.Member("action"); m != nil {
			return m.Value.Span
		}
		if m := v.Member("expression"); m != nil {
			return m.KeySpan
		}
	}
	return diag.Span{Start: v.Span.Start, End: v.Span.Start + 1}
}

// set returns the member of v named key unless it is absent or null
// (which Terraform and the API take for absent).
func set(v *Value, key string) *Member {
	m := v.Member(key)
	if m == nil || m.Value == nil || m.Value.Kind == Null {
		return nil
	}
	return m
}

// walk checks a value against its param.
func (c *checker) walk(p *param, v *Value, at path, key diag.Span) {
	if v == nil || v.Kind == Unknown || v.Kind == Null || p.kind == pAny {
		return
	}
	switch p.kind {
	case pString:
		// Terraform converts numbers and bools to strings; so must we.
		if v.Kind != String && v.Kind != Number && v.Kind != Bool {
			c.wrongType(p, v, at)
			return
		}
		c.checkEnum(p, v.Str, strconv.Quote(v.Str), v, at)
	case pInt:
		c.checkInt(p, v, at)
	case pBool:
		b, ok := boolOf(v)
		if !ok {
			c.wrongType(p, v, at)
			return
		}
		c.checkEnum(p, strconv.FormatBool(b), strconv.FormatBool(b), v, at)
	case pObject:
		if v.Kind == String && p.orString {
			return
		}
		if v.Kind != Object {
			c.wrongType(p, v, at)
			return
		}
		c.walkObject(p, v, at, key)
	case pArray:
		if v.Kind != Array {
			c.wrongType(p, v, at)
			return
		}
		for i, e := range v.Elems {
			c.walk(p.elem, e, at.child(strconv.Itoa(i)), diag.Span{})
		}
	case pMap:
		if v.Kind != Object {
			c.wrongType(p, v, at)
			return
		}
		for _, m := range v.Members {
			c.walk(p.elem, m.Value, at.child(m.Key), m.KeySpan)
		}
	}
}

// walkObject checks an object's members, required members and the
// constraints between them.
func (c *checker) walkObject(p *param, v *Value, at path, key diag.Span) {
	for _, m := range v.Members {
		mp := p.member(m.Key)
		if mp == nil && m.Value.Kind == Null {
			continue
		}
		if mp == nil {
			if !p.open && !(p == ruleParams && (m.Key == "action" || m.Key == "action_parameters")) {
				c.unknownMember(p, &m, at)
			}
			continue
		}
		c.walk(mp, m.Value, at.child(m.Key), m.KeySpan)
	}
	for _, mp := range p.members {
		if mp.required && set(v, mp.name) == nil {
			c.missing(v, key, at, mp.name)
		}
	}
	for _, r := range p.rules {
		c.checkObjRule(r, v, at, key)
	}
	if p.check != nil {
		p.check(c, v, at)
	}
}

// missing reports a required member an object lacks.
func (c *checker) missing(v *Value, key diag.Span, at path, name string) {
	msg := fmt.Sprintf("`%s` requires `%s`", at.name(), name)
	switch {
	case v == c.absent:
		msg = fmt.Sprintf("%s %s rule requires `%s.%s`", article(c.action), c.action, at.name(), name)
	case len(at.api) == 0:
		msg = fmt.Sprintf("the rule requires `%s`", name)
	}
	c.report("missing-parameter", rejected, c.anchor(v, key), at.where(), msg)
}

// checkObjRule checks one constraint between an object's members.
func (c *checker) checkObjRule(r objRule, v *Value, at path, key diag.Span) {
	var present []*Member
	for _, n := range r.names {
		if m := set(v, n); m != nil {
			present = append(present, m)
		}
	}
	switch r.kind {
	case atMostOne:
		if len(present) < 2 {
			return
		}
		first, second := present[0], present[1]
		if first.Value.Kind == Unknown || second.Value.Kind == Unknown {
			return
		}
		c.report("conflicting-parameters", rejected, second.KeySpan, at.child(second.Key).where(), fmt.Sprintf(
			"`%s` and `%s` cannot both be set in `%s`: %s takes one", first.Key, second.Key, at.name(), srcAPI),
			diag.Related{Span: first.KeySpan, Message: "`" + first.Key + "` is set here"})
	case atLeastOne:
		if len(present) > 0 {
			return
		}
		alts := orList(r.names)
		msg := fmt.Sprintf("`%s` needs %s", at.name(), alts)
		if v == c.absent {
			msg = fmt.Sprintf("%s %s rule needs %s in `action_parameters`", article(c.action), c.action, alts)
		}
		cl := rejected
		if r.inferred {
			cl, msg = inferred, msg+": without one, wflint infers, the rule does nothing"
		}
		c.report("missing-parameter", cl, c.anchor(v, key), at.where(), msg)
	}
}

// unknownMember reports a member the object's param does not list: with
// another action's parameters it is misplaced, otherwise unknown.
func (c *checker) unknownMember(p *param, m *Member, at path) {
	where := at.child(m.Key).where()
	if p.name == "action_parameters" {
		for _, name := range actionNames {
			if a := actions[name]; a.params != nil && a.params.member(m.Key) != nil {
				c.report("misplaced-parameter", inferred, m.KeySpan, where, fmt.Sprintf(
					"`%s` is a parameter of the %s action, not of %s; wflint infers it does nothing here", m.Key, name, c.action))
				return
			}
		}
	}
	what := "the rule"
	if len(at.api) > 0 {
		what = "`" + at.name() + "`"
	}
	c.report("unknown-parameter", stated, m.KeySpan, where, fmt.Sprintf("%s has no member `%s` in %s", what, m.Key, srcAPI))
}

// wrongType reports a value of the wrong JSON type.
func (c *checker) wrongType(p *param, v *Value, at path) {
	c.report("parameter-value", rejected, v.Span, at.where(), fmt.Sprintf("`%s` must be %s", at.name(), p.kind))
}

// checkInt checks an integer parameter's type, enumeration and range.
func (c *checker) checkInt(p *param, v *Value, at path) {
	if v.Kind != Number && v.Kind != String {
		c.wrongType(p, v, at)
		return
	}
	n, ok := intOf(v.Str)
	if !ok {
		if v.Kind == String {
			// Terraform converts "301" to a number, not "abc".
			c.wrongType(p, v, at)
		} else {
			c.report("parameter-value", rejected, v.Span, at.where(), fmt.Sprintf("`%s` must be an integer, not %s", at.name(), v.Str))
		}
		return
	}
	lit := strconv.FormatInt(n, 10)
	if p.ranged && (n < p.lo || n > p.hi) {
		c.report("parameter-value", rejected, v.Span, at.where(), fmt.Sprintf("`%s` is %s; %s allows %s", at.name(), lit, srcAPI, p.allowedText()))
		return
	}
	c.checkEnum(p, lit, lit, v, at)
}

// checkEnum checks a value against the param's enumeration.
func (c *checker) checkEnum(p *param, val, shown string, v *Value, at path) {
	if p.enum == nil || slices.Contains(p.enum, val) {
		return
	}
	src := srcAPI + " allows"
	if p.enumWhat != "" {
		src = p.enumWhat + " list"
	}
	msg := fmt.Sprintf("`%s` is %s; %s %s", at.name(), shown, src, p.allowedText())
	c.report("parameter-value", rejected, v.Span, at.where(), msg)
}

// article is "a" or "an" before a word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// orList writes names as alternatives: "`a` or `b`", "one of `a`, `b` or
// `c`".
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) <= 2 {
		return strings.Join(q, " or ")
	}
	return "one of " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// intOf reads an integer written as JSON or HCL writes numbers (1, 1.0,
// 1e3).
func intOf(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// boolOf reads a bool, or the string Terraform converts to one.
func boolOf(v *Value) (b, ok bool) {
	switch v.Kind {
	case Bool:
		return v.Bool, true
	case String:
		switch v.Str {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// checkHeader checks one header of a rewrite (srcAPI: oneOf remove /
// static value / dynamic expression). With add or set exactly one of
// value and expression; with remove neither, which the schema's remove
// branch does not have (a value there does nothing).
func checkHeader(c *checker, v *Value, at path) {
	op := set(v, "operation")
	if op == nil || op.Value.Kind != String {
		return
	}
	val, expr := set(v, "value"), set(v, "expression")
	switch op.Value.Str {
	case "remove":
		for _, m := range []*Member{val, expr} {
			if m != nil {
				c.report("misplaced-parameter", inferred, m.KeySpan, at.child(m.Key).where(), fmt.Sprintf(
					"the schema's remove operation has no `%s`; wflint infers it does nothing for a header the rule removes", m.Key))
			}
		}
	case "add", "set":
		c.checkObjRule(exclusive("value", "expression"), v, at, diag.Span{})
		if val == nil && expr == nil {
			c.report("missing-parameter", rejected, op.KeySpan, at.where(), fmt.Sprintf(
				"header %q with operation %q requires `value` or `expression`", at.last(), op.Value.Str))
		}
	}
}

// checkRatelimit checks a rate limit's characteristics (srcRateLimit):
// cf.colo.id is mandatory, and IP with NAT support (cf.unique_visitor_id)
// is incompatible with IP (ip.src).
func checkRatelimit(c *checker, v *Value, at path) {
	ch := set(v, "characteristics")
	if ch == nil || ch.Value.Kind != Array {
		return
	}
	var ip, nat *Value
	colo := false
	for _, e := range ch.Value.Elems {
		if e.Kind != String {
			return // not known, or not a string (reported already)
		}
		switch e.Str {
		case "cf.colo.id":
			colo = true
		case "ip.src":
			ip = e
		case "cf.unique_visitor_id":
			nat = e
		}
	}
	where := at.child("characteristics").where()
	if !colo {
		c.report("ratelimit-characteristics", rejected, ch.Value.Span, where,
			"the characteristics lack \"cf.colo.id\", which every rate limiting rule must include ("+srcRateLimit+")")
	}
	if ip != nil && nat != nil {
		c.report("ratelimit-characteristics", rejected, nat.Span, where,
			"\"cf.unique_visitor_id\" (IP with NAT support) cannot be combined with \"ip.src\" ("+srcRateLimit+")",
			diag.Related{Span: ip.Span, Message: "\"ip.src\" is here"})
	}
}

// checkSkipPhases reports phases to skip that the schema does not have
// (an info, like an unknown ruleset phase).
func checkSkipPhases(c *checker, v *Value, at path) {
	ps := set(v, "phases")
	if ps == nil || ps.Value.Kind != Array {
		return
	}
	for i, e := range ps.Value.Elems {
		if e.Kind == String && !KnownPhase(e.Str) {
			c.report("unknown-phase", stated, e.Span, at.child("phases").child(strconv.Itoa(i)).where(),
				fmt.Sprintf("%q is not a phase of %s", e.Str, srcAPI))
		}
	}
}
