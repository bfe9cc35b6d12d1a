package ruleset

import (
	"strconv"
	"strings"
)

// A param describes one member of a rule or of its action parameters, as
// Cloudflare's API schema defines it: its type, whether it is required,
// the values it may take, and for an object its members and the
// constraints between them. The tables (actions.go) are trees of params;
// one walker (check.go) checks a rule against them, so each schema fact
// is written once, as data, beside its source.
type param struct {
	name string
	kind pkind
	// required: the schema lists the member as required in its object.
	required bool
	// enum lists the values a string or integer may take (integers in
	// decimal); enumWhat says where the list comes from when it is not
	// srcAPI (the period and duration lists come from the docs).
	enum     []string
	enumWhat string
	// lo..hi bounds an integer when ranged.
	lo, hi int64
	ranged bool
	// members are an object's members. An open object also takes members
	// not listed, silently: wflint lists only those it checks.
	members []*param
	open    bool
	// orString: a string stands for the object too (an older shape the
	// Terraform provider v4 still writes).
	orString bool
	// elem describes an array's elements or a map's values.
	elem *param
	// rules constrain an object's members together.
	rules []objRule
	// check, when set, runs after the generic checks of an object with
	// its value: constraints the tables cannot say (a header's operation
	// decides which of value and expression it needs).
	check func(c *checker, v *Value, at path)
}

type pkind uint8

const (
	pAny pkind = iota
	pString
	pInt
	pBool
	pObject
	pArray
	pMap
)

// objRule is a constraint between members of one object.
type objRule struct {
	kind  objRuleKind
	names []string
	// inferred: the schema does not state the constraint; wflint infers
	// it because without one of the members the action does nothing (a
	// redirect with no target). Its findings are not marked Rejected.
	inferred bool
}

type objRuleKind uint8

const (
	// atMostOne: the members exclude each other ("This option is
	// incompatible with …", oneOf branches, ConflictsWith).
	atMostOne objRuleKind = iota
	// atLeastOne: one of the members must be there (anyOf of required
	// members, AtLeastOneOf).
	atLeastOne
)

// The constructors below keep the tables readable: str("name") is an
// optional string, req(str("name")) a required one.

func str(name string) *param  { return &param{name: name, kind: pString} }
func num(name string) *param  { return &param{name: name, kind: pInt} }
func flag(name string) *param { return &param{name: name, kind: pBool} }
func anyp(name string) *param { return &param{name: name, kind: pAny} }
func req(p *param) *param     { p.required = true; return p }
func obj(name string, members ...*param) *param {
	return &param{name: name, kind: pObject, members: members}
}
func arr(name string, elem *param) *param { return &param{name: name, kind: pArray, elem: elem} }
func dict(name string, elem *param) *param {
	return &param{name: name, kind: pMap, elem: elem}
}

// oneOf restricts a string or integer to values.
func oneOf(p *param, values ...string) *param { p.enum = values; return p }

// between bounds an integer.
func between(p *param, lo, hi int64) *param { p.lo, p.hi, p.ranged = lo, hi, true; return p }

// atLeast bounds an integer from below only.
func atLeast(p *param, lo int64) *param { return between(p, lo, 1<<62) }

// opened marks an object whose members wflint does not all list.
func opened(p *param) *param { p.open = true; return p }

// with adds constraints between an object's members.
func with(p *param, rules ...objRule) *param { p.rules = append(p.rules, rules...); return p }

func exclusive(names ...string) objRule { return objRule{kind: atMostOne, names: names} }
func needOne(names ...string) objRule   { return objRule{kind: atLeastOne, names: names} }

// needOneInferred is needOne where only wflint says so (objRule.inferred).
func needOneInferred(names ...string) objRule {
	return objRule{kind: atLeastOne, names: names, inferred: true}
}

// member returns the member param named name, or nil.
func (p *param) member(name string) *param {
	for _, m := range p.members {
		if m.name == name {
			return m
		}
	}
	return nil
}

// allowedText writes the values a param takes for a message: "one of 301,
// 302, 303, 307 or 308", "between 400 and 499", "at least 1".
func (p *param) allowedText() string {
	switch {
	case p.enum != nil:
		q := make([]string, len(p.enum))
		for i, e := range p.enum {
			if p.kind == pString {
				e = strconv.Quote(e)
			}
			q[i] = e
		}
		if len(q) == 1 {
			return q[0]
		}
		return "one of " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
	case p.ranged && p.hi == 1<<62:
		return "at least " + strconv.FormatInt(p.lo, 10)
	case p.ranged:
		return "between " + strconv.FormatInt(p.lo, 10) + " and " + strconv.FormatInt(p.hi, 10)
	}
	return ""
}

// kindText names a kind for messages.
func (k pkind) String() string {
	switch k {
	case pString:
		return "a string"
	case pInt:
		return "an integer"
	case pBool:
		return "true or false"
	case pObject:
		return "an object"
	case pArray:
		return "a list"
	case pMap:
		return "a map"
	}
	return "a value"
}
