package schema

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Products a field or function can belong to. They matter because Magic
// Firewall rules and HTTP rules see different fields.
const (
	ProductHTTPRules     = "http_rules"
	ProductMagicFirewall = "magic_firewall"
)

// Field is one named value an expression can read, such as http.host.
// Values returned by a [Schema] are shared and must not be modified.
type Field struct {
	// Name is the exact, case-sensitive dotted name.
	Name string
	// Type is the engine type.
	Type Type
	// Description is one sentence for hover and completion.
	Description string
	// Deprecated fields still work but should be replaced; Replacement
	// names the preferred field when there is one and DeprecationNote says
	// what the documentation states about it.
	Deprecated      bool
	Replacement     string
	DeprecationNote string
	// Domain is the documented value domain, or nil.
	Domain *Domain
	// Plan is the plan or add-on needed to use the field ("" = any plan).
	Plan string
	// Availability restricts where the field can be used ("" = anywhere),
	// in the documentation's words, for hover.
	Availability string
	// Response marks a response field (http.response.*, cf.response.*):
	// only expressions that run once the response is known can read it
	// (see Phase.ReadsResponse).
	Response bool
	// Phases, when set, are the only phases whose expressions can read
	// the field; NotInPhases are phases whose expressions cannot. Source
	// is the page that says so ("" = the field's page in the fields
	// reference). Phase.FieldUnavailable reads them.
	Phases      []string
	NotInPhases []string
	Source      string
	// Products lists ProductHTTPRules and/or ProductMagicFirewall.
	Products []string
	// Feedback marks the eight fields documented for Bot Management
	// feedback expressions; FeedbackType is the type name that page uses
	// (it says "string" for ip.src, which is an Ip in the language).
	Feedback     bool
	FeedbackType string
	// Pseudo marks names that are not real request fields, such as the
	// constant true, so completion can rank them differently.
	Pseudo bool
	// Engine2020 marks fields the 2020 engine (test oracle) also declares.
	Engine2020 bool
	// Notes holds further facts worth showing on hover.
	Notes []string
}

// InProduct reports whether the field can be used in the given product;
// fields without a product list are assumed to be usable everywhere.
func (f *Field) InProduct(product string) bool {
	if len(f.Products) == 0 {
		return true
	}
	for _, p := range f.Products {
		if p == product {
			return true
		}
	}
	return false
}

// ArgKind says what syntactic form a function argument must take. The engine
// checks it separately from the type (InvalidArgumentKind), so e.g.
// starts_with(http.host, http.referer) fails even though both are Bytes.
type ArgKind uint8

// Argument kinds.
const (
	// ArgAny accepts literals and non-literals alike.
	ArgAny ArgKind = iota
	// ArgLiteral requires a literal (string, integer or IP).
	ArgLiteral
	// ArgField requires a non-literal value: a field, an indexed field or
	// a function call.
	ArgField
	// ArgExpression requires a non-literal that may also be a comparison
	// or logical expression (the argument of any/all).
	ArgExpression
)

var argKindNames = [...]string{"any", "literal", "field", "expression"}

// String returns the catalog spelling: any, literal, field or expression.
func (k ArgKind) String() string {
	if int(k) < len(argKindNames) {
		return argKindNames[k]
	}
	return fmt.Sprintf("ArgKind(%d)", k)
}

// AllowsLiteral reports whether a literal argument is acceptable.
func (k ArgKind) AllowsLiteral() bool { return k == ArgAny || k == ArgLiteral }

// ParseArgKind parses the catalog spelling of an argument kind.
func ParseArgKind(s string) (ArgKind, error) {
	for i, n := range argKindNames {
		if n == s {
			return ArgKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown argument kind %q (want any, literal, field or expression)", s)
}

// IntRange is an inclusive integer range constraint on a literal argument,
// such as split's limit 1..128.
type IntRange struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

// Contains reports whether v lies in the range.
func (r IntRange) Contains(v int64) bool { return v >= r.Min && v <= r.Max }

// String renders the range in engine notation, "1..128".
func (r IntRange) String() string { return fmt.Sprintf("%d..%d", r.Min, r.Max) }

// Param is one formal parameter of a [Function].
type Param struct {
	// Name is the documented parameter name, used in messages.
	Name string
	// Types lists the accepted types; more than one means a union such as
	// Bytes | Array<T>. Types may mention the type variable T.
	Types []Type
	// Kind is the required syntactic form of the argument.
	Kind ArgKind
	// Optional parameters may be omitted (only trailing ones).
	Optional bool
	// Variadic means the parameter repeats: one or more times, or zero or
	// more when also Optional. It is always the last parameter.
	Variadic bool
	// SameAsFirst requires the argument's type to equal the first
	// argument's type exactly (concat).
	SameAsFirst bool
	// Range constrains integer literals, nil when unconstrained.
	Range *IntRange
	// NonEmpty rejects the empty string literal.
	NonEmpty bool
	// Flags, when set, lists the letters a flags/options literal may
	// contain, e.g. "ru" for url_decode.
	Flags string
	// Pattern is a regular expression a string literal should match.
	Pattern string
	// Fields, when set, restricts the argument to these field names.
	Fields []string
	// Note gives extra guidance for signature help.
	Note string

	re *regexp.Regexp
}

// TypeString renders the accepted types as "Bytes | Array<T>".
func (p *Param) TypeString() string {
	s := make([]string, len(p.Types))
	for i, t := range p.Types {
		s[i] = t.String()
	}
	return strings.Join(s, " | ")
}

// CheckLiteralString validates a decoded string literal passed for p
// (NonEmpty, Flags, Pattern), returning a message when it is rejected.
func (p *Param) CheckLiteralString(s string) (ok bool, msg string) {
	if p.NonEmpty && s == "" {
		return false, fmt.Sprintf("%s must not be empty", p.Name)
	}
	if p.Flags != "" {
		for _, r := range s {
			if !strings.ContainsRune(p.Flags, r) {
				return false, fmt.Sprintf("%s: unknown flag %q (allowed: %s)", p.Name, r, strings.Join(strings.Split(p.Flags, ""), ", "))
			}
		}
	}
	if p.Pattern != "" {
		re := p.re
		if re == nil {
			var err error
			if re, err = regexp.Compile(`^(?:` + p.Pattern + `)$`); err != nil {
				return true, ""
			}
		}
		if !re.MatchString(s) {
			return false, fmt.Sprintf("%s does not have the expected form %s", p.Name, p.Pattern)
		}
	}
	return true, ""
}

// CheckLiteralInt validates an integer literal passed for p against Range.
func (p *Param) CheckLiteralInt(v int64) (ok bool, msg string) {
	if p.Range != nil && !p.Range.Contains(v) {
		return false, fmt.Sprintf("%s must be in %s, got %d", p.Name, p.Range, v)
	}
	return true, ""
}

// Function is a callable such as lower or starts_with. any and all are
// included (flagged Quantifier) because they are written like calls.
// Values returned by a [Schema] are shared and must not be modified.
type Function struct {
	// Name is the exact function name.
	Name string
	// Description is one sentence for hover and completion.
	Description string
	// Params are the formal parameters in order.
	Params []Param
	// Returns is the result type; it is the zero Type when
	// ReturnsFirstArg is set, because the result then depends on the call
	// (concat returns whatever type its first argument has).
	Returns         Type
	ReturnsFirstArg bool
	// Availability describes where the function may be used, Phases lists
	// the ruleset phases that allow it (empty = no documented restriction),
	// Products limits it to products, Plan names a plan requirement.
	Availability string
	Phases       []string
	// Roles lists the roles of the expressions that may call it (empty =
	// every role): regex_replace and to_string, say, belong in values
	// only, never in a condition.
	Roles    []Role
	Products []string
	Plan     string
	// Constraints are documented rules in prose; the structured ones are
	// also in Param (Range, NonEmpty, Flags, Fields) and below.
	Constraints []string
	// OncePerExpression: the product allows at most one call per
	// expression; ExclusiveWith names functions it may not be combined
	// (nested) with.
	OncePerExpression bool
	ExclusiveWith     []string
	// Quantifier marks any/all, which the current engine parses as
	// keywords rather than scheme functions.
	Quantifier bool
	// EngineBuiltin marks functions shipped by the open-source engine.
	EngineBuiltin bool
	// Engine2020 marks functions the 2020 engine (test oracle) has.
	Engine2020 bool
	// Documented is false for functions only known from third parties.
	Documented bool
	// Notes holds further facts worth showing on hover.
	Notes []string
}

// AllowsRole reports whether an expression of role r may call f.
func (f *Function) AllowsRole(r Role) bool {
	return len(f.Roles) == 0 || slices.Contains(f.Roles, r)
}

// MinArgs is the number of arguments a call needs at least.
func (f *Function) MinArgs() int {
	n := 0
	for _, p := range f.Params {
		if !p.Optional {
			n++
		}
	}
	return n
}

// MaxArgs is the largest accepted argument count, or -1 when a variadic
// parameter makes it unlimited.
func (f *Function) MaxArgs() int {
	for _, p := range f.Params {
		if p.Variadic {
			return -1
		}
	}
	return len(f.Params)
}

// Param returns the formal parameter that the i-th argument (0-based) binds
// to, accounting for a trailing variadic parameter, or nil when i is beyond
// the maximum. Signature help uses it to highlight the active parameter.
func (f *Function) Param(i int) *Param {
	if i < 0 || len(f.Params) == 0 {
		return nil
	}
	if i < len(f.Params) {
		return &f.Params[i]
	}
	if last := &f.Params[len(f.Params)-1]; last.Variadic {
		return last
	}
	return nil
}

// Signature renders the call signature for hover and signature help, e.g.
// "substring(field: Bytes, start: Int, end?: Int) -> Bytes".
func (f *Function) Signature() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteByte('(')
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		if p.Optional {
			b.WriteByte('?')
		}
		b.WriteString(": ")
		b.WriteString(p.TypeString())
		if p.Kind != ArgAny {
			b.WriteString(" " + p.Kind.String())
		}
		if p.Variadic {
			b.WriteString("...")
		}
	}
	b.WriteString(") -> ")
	if f.ReturnsFirstArg {
		b.WriteString("type of first argument")
	} else {
		b.WriteString(f.Returns.String())
	}
	return b.String()
}

// ArgError describes why argument types do not fit a function. Index is the
// 0-based argument at fault, or -1 for a wrong argument count.
type ArgError struct {
	Index int
	Msg   string
}

// Error implements error.
func (e *ArgError) Error() string { return e.Msg }

// CheckArgs checks the argument count and argument types of a call and
// returns the call's result type. A zero Type in args means "unknown" (the
// analyzer already reported a problem there) and matches anything, so one
// error does not cascade. Argument kinds (literal vs field) are the caller's
// job because only the caller sees the syntax.
func (f *Function) CheckArgs(args []Type) (Type, *ArgError) {
	if n := len(args); n < f.MinArgs() || (f.MaxArgs() >= 0 && n > f.MaxArgs()) {
		return f.result(args, Type{}), &ArgError{Index: -1, Msg: fmt.Sprintf("%s expects %s, got %d", f.Name, f.arityString(), n)}
	}
	var bind Type
	for i, a := range args {
		p := f.Param(i)
		if !a.IsValid() {
			continue
		}
		if p.SameAsFirst && len(args) > 0 && args[0].IsValid() {
			if a != args[0] {
				return f.result(args, bind), &ArgError{Index: i, Msg: fmt.Sprintf("argument %d of %s must have the same type as the first argument (%s), got %s", i+1, f.Name, args[0], a)}
			}
			continue
		}
		matched := false
		for _, t := range p.Types {
			b := bind
			if t.match(a, &b) {
				bind, matched = b, true
				break
			}
		}
		if !matched {
			return f.result(args, bind), &ArgError{Index: i, Msg: fmt.Sprintf("argument %d (%s) of %s must be %s, got %s", i+1, p.Name, f.Name, p.TypeString(), a)}
		}
	}
	return f.result(args, bind), nil
}

func (f *Function) result(args []Type, bind Type) Type {
	if f.ReturnsFirstArg {
		if len(args) > 0 {
			return args[0]
		}
		return Type{}
	}
	return f.Returns.substitute(bind)
}

func (f *Function) arityString() string {
	min, max := f.MinArgs(), f.MaxArgs()
	switch {
	case max < 0:
		return fmt.Sprintf("at least %d argument%s", min, plural(min))
	case min == max:
		return fmt.Sprintf("%d argument%s", min, plural(min))
	default:
		return fmt.Sprintf("%d to %d arguments", min, max)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ListKind is the item type of a named list; it decides which fields the
// list can be used with after `in`.
type ListKind string

// List kinds. ListUnknown is for lists named in configuration without a
// kind; the analyzer should then accept any list-capable field type.
const (
	ListUnknown  ListKind = ""
	ListIP       ListKind = "ip"
	ListHostname ListKind = "hostname"
	ListASN      ListKind = "asn"
)

// List is a named list usable as `field in $name`.
type List struct {
	// Name is the list name without the leading '$'.
	Name string
	// Kind is the item type.
	Kind ListKind
	// Description is one sentence for hover and completion.
	Description string
	// Managed marks Cloudflare-maintained lists (the cf.* names).
	Managed bool
}

// ElemType is the field type the list pairs with (Ip, Bytes for hostnames,
// Int for ASNs), or the zero Type for ListUnknown.
func (l *List) ElemType() Type {
	switch l.Kind {
	case ListIP:
		return TypeIP
	case ListHostname:
		return TypeBytes
	case ListASN:
		return TypeInt
	}
	return Type{}
}

// Accepts reports whether a field of type t can be tested against the list.
// Lists of unknown kind accept every type the engine allows with lists.
func (l *List) Accepts(t Type) bool {
	if l.Kind == ListUnknown {
		return t == TypeIP || t == TypeBytes || t == TypeInt
	}
	return l.ElemType() == t
}

var (
	identRe     = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)
	listNameRe  = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)*$`)
	customListR = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// ValidName reports whether s is a syntactically valid field or function
// name (dot-separated segments of letters, digits and underscores).
func ValidName(s string) bool { return identRe.MatchString(s) }

// CheckListName validates a list name as written after `in $`. The engine
// accepts [a-z0-9_.] without leading or trailing dots; the product further
// limits custom (non cf.*) names to [a-z0-9_] and 50 characters. ok is false
// for names the engine rejects; msg is also set, with ok true, for names only
// the product rejects, so the linter can warn instead of erroring.
func CheckListName(name string) (ok bool, msg string) {
	name = strings.TrimPrefix(name, "$")
	if !listNameRe.MatchString(name) {
		return false, fmt.Sprintf("invalid list name %q: use lowercase letters, digits, '_' and '.' (not at either end)", name)
	}
	if strings.HasPrefix(name, "cf.") {
		return true, ""
	}
	if !customListR.MatchString(name) {
		return true, fmt.Sprintf("custom list name %q may only contain lowercase letters, digits and '_'", name)
	}
	if len(name) > 50 {
		return true, fmt.Sprintf("custom list name %q is longer than 50 characters", name)
	}
	return true, ""
}
