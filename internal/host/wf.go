package host

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

// Directive is one `# wflint:NAME ARGS` line at the top of a .wf file.
type Directive struct {
	// Name is the directive's name ("phase", "role", "param").
	Name string
	// Args are its whitespace-separated arguments.
	Args []string
	// Span covers the line without its line break; NameSpan the name.
	Span, NameSpan diag.Span
}

// directivePrefix starts a directive line, after optional indentation and
// spaces after the '#'.
const directivePrefix = "wflint:"

// readWF reads a .wf file: one expression, the whole file, after the
// directive lines at its top. A directive says what the expression is
// for, as a rule's place would:
//
//	# wflint:phase http_request_transform
//	# wflint:role value
//	# wflint:param action_parameters.uri.path.expression
//
// `phase` names the phase the expression runs in; `role` is filter (the
// default), value (optionally followed by the type the value must have:
// `role value Bytes`) or counting (a rate limit's counting expression);
// `param` names the rule member the expression stands for, whose role and
// type come from the API's table (ruleset.ExprParam). Such an expression
// is a rule's, checked under the rules profile rather than the feedback
// one a bare .wf file gets. Only lines starting
// `# wflint:` (blank lines between them too) are directives: a plain `#`
// line is text of the expression, which has no comments, and is reported
// as such. A `# wflint:ignore RULE[,RULE…] [-- reason]` line among them
// silences those rules' findings in the file (see Ignore). The
// expression's offsets stay the file's.
func readWF(data []byte) *Document {
	start := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		start = 3
	}
	d := &Document{Content: ContentExpression}
	exprStart := start
	for off := start; off < len(data); {
		end := len(data)
		next := end
		if nl := bytes.IndexByte(data[off:], '\n'); nl >= 0 {
			end, next = off+nl, off+nl+1
		}
		line := data[off:end]
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			off = next
			continue
		}
		body, ok := bytes.CutPrefix(trimmed, []byte("#"))
		body = bytes.TrimLeft(body, " \t")
		if !ok || !bytes.HasPrefix(body, []byte(directivePrefix)) {
			break
		}
		lead := off + bytes.Index(line, trimmed)
		bodyAt := lead + len(trimmed) - len(body)
		if ig, ok := parseIgnore(string(body), bodyAt); ok {
			// One expression a file: the ignore covers all of it.
			ig.Span, ig.Scope = diag.SpanOf(lead, lead+len(trimmed)), diag.SpanOf(0, len(data))
			d.Ignores = append(d.Ignores, ig)
		} else {
			d.Directives = append(d.Directives, parseDirective(data, lead, lead+len(trimmed), bodyAt+len(directivePrefix)))
		}
		exprStart = next
		off = next
	}
	d.Snippets = []Snippet{{Text: string(data[exprStart:]), Profile: schema.ProfileFeedback, Start: exprStart, End: len(data), Encoding: Raw}}
	if len(d.Directives) > 0 {
		use, problems := applyDirectives(d.Directives)
		d.Problems = problems
		if *use != (Use{}) {
			// An expression that says its phase or role is a rule's, not a
			// feedback report's: the rules profile applies.
			d.Snippets[0].Use, d.Snippets[0].Profile = use, schema.ProfileRules
		}
	}
	return d
}

// parseDirective parses the directive line data[start:end] whose name
// starts at name.
func parseDirective(data []byte, start, end, name int) Directive {
	dir := Directive{Span: diag.SpanOf(start, end)}
	rest := data[name:end]
	n := bytes.IndexAny(rest, " \t")
	if n < 0 {
		n = len(rest)
	}
	dir.Name = string(rest[:n])
	dir.NameSpan = diag.SpanOf(name, name+n)
	dir.Args = append(dir.Args, strings.Fields(string(rest[n:]))...)
	return dir
}

// applyDirectives turns directives into the expression's Use, with a
// warning for each it cannot apply: a mistyped directive left silent
// would lint the expression as something it is not.
func applyDirectives(dirs []Directive) (*Use, diag.List) {
	use := &Use{}
	var problems diag.List
	bad := func(dir Directive, format string, args ...any) {
		problems = append(problems, diag.Diagnostic{Span: dir.Span, Rule: RuleDirective, Severity: diag.Warning,
			Message: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		if seen[dir.Name] {
			bad(dir, "wflint:%s is given twice; the first one applies", dir.Name)
			continue
		}
		seen[dir.Name] = true
		switch dir.Name {
		case "phase":
			if len(dir.Args) != 1 || !phaseName(dir.Args[0]) {
				bad(dir, "wflint:phase takes one phase name, such as http_request_firewall_custom")
				continue
			}
			use.Phase = dir.Args[0]
			if _, known := schema.LookupPhase(use.Phase); !known {
				// A phase Cloudflare added since, or a typo: the phase
				// checks stay off, as for an unknown ruleset phase.
				problems = append(problems, diag.Diagnostic{Span: dir.Span, Rule: RuleDirective, Severity: diag.Info,
					Message: fmt.Sprintf("wflint does not know the phase %s; the expression is checked as in no particular phase", use.Phase)})
			}
		case "role":
			if seen["param"] {
				bad(dir, "wflint:role and wflint:param both set the role; keep one")
				continue
			}
			role, typ, msg := parseRole(dir.Args)
			if msg != "" {
				bad(dir, "%s", msg)
				continue
			}
			use.Role, use.Type = role, typ
		case "param":
			if seen["role"] {
				bad(dir, "wflint:role and wflint:param both set the role; keep one")
				continue
			}
			if len(dir.Args) != 1 {
				bad(dir, "wflint:param takes one rule member path, such as action_parameters.uri.path.expression")
				continue
			}
			role, typ, param, ok := lookupParam(strings.Split(dir.Args[0], "."))
			if !ok {
				bad(dir, "wflint:param %s is not an expression parameter wflint knows (such as expression, ratelimit.counting_expression or action_parameters.uri.path.expression)", dir.Args[0])
				continue
			}
			use.Role, use.Type, use.Param = role, typ, param
		default:
			bad(dir, "unknown directive wflint:%s; wflint knows wflint:phase, wflint:role and wflint:param", dir.Name)
		}
	}
	return use, problems
}

// parseRole parses the arguments of a role directive; msg says what is
// wrong with them.
func parseRole(args []string) (role schema.Role, typ schema.Type, msg string) {
	const usage = "wflint:role takes filter, counting, or value with an optional type (value Bytes)"
	switch {
	case len(args) == 1 && args[0] == "filter":
		return schema.RoleFilter, typ, ""
	case len(args) == 1 && args[0] == "counting":
		return schema.RoleCounting, typ, ""
	case len(args) >= 1 && args[0] == "value":
		if len(args) == 1 {
			return schema.RoleValue, typ, ""
		}
		t, err := schema.ParseType(strings.Join(args[1:], " "))
		if err != nil {
			return role, typ, fmt.Sprintf("wflint:role value: %v", err)
		}
		return schema.RoleValue, t, ""
	}
	return role, typ, usage
}

// phaseName reports whether s can be a phase name: lower-case words
// joined by underscores. Whether Cloudflare has such a phase is for the
// phase table to say.
func phaseName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
