package check

// Values: names, index suffixes and function calls.

import (
	"fmt"
	"math"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func (c *checker) lookup(v *grammar.Value) schema.LookupResult {
	name := v.Name.Text
	r := c.schema.Lookup(name)
	switch r.Status {
	case schema.Found:
		return r
	case schema.NotInProfile:
		if r.Field != nil && c.schema.Profile() == "feedback" {
			// The docs list eight fields and do not say that others
			// are rejected: wflint infers a likely mistake, a warning.
			// Most feedback expressions meet this: a concatenation
			// costs far less than fmt.
			d := c.report(diag.Diagnostic{Span: v.Name.Span, Severity: diag.Warning, Rule: "not-feedback-field",
				Message: "`" + name + "` is a Rules-language field (" + r.Field.Type.String() + ") but not one of the eight fields the feedback documentation lists; the docs do not say Cloudflare rejects it, but wflint infers the report may not select the requests you mean"})
			if c.opts.EngineCompat {
				d.EngineKind = "UnknownIdentifier"
			}
			// Keep checking with the Rules type so other mistakes still show.
			return schema.LookupResult{Status: schema.Found, Field: r.Field}
		}
		what := "field"
		if r.Function != nil {
			what = "function"
		}
		d := c.errorf("unknown-field", "UnknownIdentifier", v.Name.Span, "`%s` is a Rules-language %s, but it is not available in the %q profile", name, what, c.schema.Profile())
		_ = d
		return schema.LookupResult{Status: schema.Found, Field: r.Field, Function: r.Function}
	}
	msg := fmt.Sprintf("unknown field or function `%s`", name)
	sugg := c.schema.Suggest(name)
	var fixes []diag.Fix
	if len(sugg) > 0 {
		msg += "; did you mean `" + strings.Join(sugg, "`, `") + "`?"
		for _, s := range sugg {
			fixes = append(fixes, diag.Fix{Title: "Use " + s, Edits: []diag.Edit{{Span: v.Name.Span, New: s}}})
		}
	}
	rule := "unknown-field"
	if v.Call != nil {
		rule = "unknown-function"
	}
	d := c.errorf(rule, "UnknownIdentifier", v.Name.Span, "%s", msg)
	d.Fixes = fixes
	return r
}

// value returns the type of a value after its index suffixes, and whether
// the value iterates with [*].
func (c *checker) value(v *grammar.Value) (schema.Type, bool) {
	f := c.out.record(v)
	t := c.valueType(v, f)
	return t, f.mapped
}

// valueType checks v, whose facts are f, and returns its type.
func (c *checker) valueType(v *grammar.Value, f *facts) schema.Type {
	r := c.lookup(v)
	var t schema.Type
	switch {
	case r.Field != nil:
		c.out.setRef(f, ref{field: r.Field})
		if v.Call != nil {
			c.errorf("unknown-function", "UnknownIdentifier", v.Name.Span, "`%s` is a field, not a function", v.Name.Text)
			c.args(v, nil, make([]schema.Type, len(v.Call.Args)))
			return schema.Type{}
		}
		t = r.Field.Type
	case r.Function != nil:
		c.out.setRef(f, ref{fn: r.Function})
		if v.Call == nil {
			c.errorf("unknown-field", "UnknownIdentifier", v.Name.Span, "`%s` is a function: call it with arguments, as in `%s`", v.Name.Text, r.Function.Signature())
			return schema.Type{}
		}
		t = c.call(v, r.Function)
	default:
		if v.Call != nil {
			c.args(v, nil, make([]schema.Type, len(v.Call.Args)))
		}
		return schema.Type{}
	}
	for _, ix := range v.Indexes {
		if !t.IsValid() {
			break
		}
		switch ix.Kind {
		case grammar.IndexElem:
			if n, _ := ix.Lit.Index(); c.opts.EngineCompat && n > math.MaxInt32 {
				c.errorf("int-overflow", "ParseInt", ix.Lit.Span(), "index %d does not fit in the 2020 engine's 32-bit integers", n)
				return schema.Type{}
			}
			if !t.IsArray() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot index %s with a number; only arrays take `[N]`%s", t, mapHint(t))
				return schema.Type{}
			}
		case grammar.IndexKey:
			if !t.IsMap() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot index %s with a key; only maps take `[\"key\"]`", t)
				return schema.Type{}
			}
		case grammar.IndexStar:
			if !t.IsContainer() {
				c.errorf("invalid-index", "InvalidIndexAccess", ix.Span(), "cannot iterate %s with `[*]`; only arrays and maps can be iterated", t)
				return schema.Type{}
			}
			f.mapped = true
		}
		t = t.Elem()
		c.set(ix, t)
	}
	f.typ = c.out.typeCode(t)
	return t
}

func mapHint(t schema.Type) string {
	if t.IsMap() {
		return "; maps take `[\"key\"]`"
	}
	return ""
}

// callCheck is how the checker checks a call of one function.
type callCheck uint8

const (
	// bySignature checks the arguments against the function's schema
	// signature: its overloads (a parameter's type union, a generic T)
	// and its arities (optional and variadic parameters) are the schema's.
	bySignature callCheck = iota
	// asQuantifier checks any and all: one per-element condition.
	asQuantifier
)

// calls is the checker's dispatch table: one entry per function of the
// schema (every built-in profile), saying how a call of it is checked. The
// checker refuses none: what it cannot type it reports as an error. A
// function only a user schema declares has no entry and is checked as its
// Quantifier flag says.
var calls = map[string]callCheck{
	"all":                    asQuantifier,
	"any":                    asQuantifier,
	"bit_slice":              bySignature,
	"cidr":                   bySignature,
	"cidr6":                  bySignature,
	"concat":                 bySignature,
	"decode_base64":          bySignature,
	"encode_base64":          bySignature,
	"ends_with":              bySignature,
	"has_key":                bySignature,
	"has_value":              bySignature,
	"is_timed_hmac_valid_v0": bySignature,
	"join":                   bySignature,
	"len":                    bySignature,
	"lookup_json_integer":    bySignature,
	"lookup_json_string":     bySignature,
	"lower":                  bySignature,
	"regex_replace":          bySignature,
	"remove_bytes":           bySignature,
	"remove_query_args":      bySignature,
	"sha256":                 bySignature,
	"split":                  bySignature,
	"starts_with":            bySignature,
	"substring":              bySignature,
	"to_string":              bySignature,
	"upper":                  bySignature,
	"url_decode":             bySignature,
	"uuidv4":                 bySignature,
	"wildcard_replace":       bySignature,
}

// call checks a function call and returns its result type.
func (c *checker) call(v *grammar.Value, f *schema.Function) schema.Type {
	how, ok := calls[f.Name]
	if !ok && f.Quantifier {
		how = asQuantifier
	}
	if how == asQuantifier {
		return c.quantifierCall(v, f)
	}
	return c.signatureCall(v, f)
}

// quantifierCall checks any(…) or all(…): one per-element condition.
func (c *checker) quantifierCall(v *grammar.Value, f *schema.Function) schema.Type {
	args := v.Call.Args
	if len(args) != 1 {
		c.errorf("argument-count", "InvalidArgumentsCount", v.Call.Span(), "%s takes exactly one argument, got %d", f.Name, len(args))
		for _, a := range args {
			c.argExpr(a)
		}
		return schema.TypeBool
	}
	if l, ok := args[0].(*grammar.Literal); ok {
		c.errorf("argument-kind", "InvalidArgumentKind", l.Span(), "%s needs a per-element condition such as `%s(http.request.headers.names[*] == \"x\")`, not a literal", f.Name, f.Name)
		return schema.TypeBool
	}
	t := c.argExpr(args[0])
	if t.IsValid() && t != arrayBool {
		c.errorf("type-mismatch", "TypeMismatch", args[0].Span(),
			"%s needs a per-element condition (Array<Bool>), such as `%s(http.request.headers.names[*] == \"x\")`; this is %s", f.Name, f.Name, t)
	}
	return schema.TypeBool
}

// signatureCall checks a call against f's schema signature.
func (c *checker) signatureCall(v *grammar.Value, f *schema.Function) schema.Type {
	args := v.Call.Args
	var buf [4]schema.Type // most calls have at most four arguments
	var types []schema.Type
	if n := len(args); n > len(buf) {
		types = make([]schema.Type, n)
	} else {
		types = buf[:n]
	}
	c.args(v, f, types)
	ret, aerr := f.CheckArgs(types)
	if aerr != nil {
		if aerr.Index < 0 {
			c.errorf("argument-count", "InvalidArgumentsCount", v.Call.Span(), "%s; the signature is %s", aerr.Msg, f.Signature())
		} else {
			c.errorf("argument-type", "InvalidArgumentType", args[aerr.Index].Span(), "%s", aerr.Msg)
		}
	}
	if c.callMapped(v) && ret.IsValid() {
		ret = schema.ArrayOf(ret)
	}
	return ret
}

// callMapped reports whether the first argument of the call iterates with
// [*] as a bare value, which applies the function per element.
func (c *checker) callMapped(v *grammar.Value) bool {
	if len(v.Call.Args) == 0 {
		return false
	}
	cmp, ok := v.Call.Args[0].(*grammar.Comparison)
	return ok && cmp.Op == nil && c.out.IsMapped(cmp.LHS)
}

// args checks each argument and sets types[i] to the type CheckArgs
// expects for it (the caller's buffer: calls nest, and most have few
// arguments). f is nil when the callee is unknown: arguments are still
// checked.
func (c *checker) args(v *grammar.Value, f *schema.Function, types []schema.Type) {
	for i, a := range v.Call.Args {
		var p *schema.Param
		if f != nil {
			p = f.Param(i)
		}
		if l, ok := a.(*grammar.Literal); ok {
			if p != nil && !p.Kind.AllowsLiteral() {
				c.errorf("argument-kind", "InvalidArgumentKind", l.Span(), "argument %d (%s) of %s must be a field or function call, not a literal", i+1, p.Name, f.Name)
			}
			types[i] = c.set(l, c.argLiteral(l, p, f, i))
			continue
		}
		if p != nil && p.Kind == schema.ArgLiteral {
			c.errorf("argument-kind", "InvalidArgumentKind", a.Span(), "argument %d (%s) of %s must be a literal, such as %s", i+1, p.Name, f.Name, literalExample(p))
		}
		if cmp, ok := a.(*grammar.Comparison); ok && cmp.Op == nil {
			t, mapped := c.value(cmp.LHS)
			c.set(cmp, t)
			if mapped {
				if i > 0 {
					c.errorf("map-each-argument", "InvalidMapEachAccess", a.Span(), "`[*]` may only be used in the first argument of a function")
				}
			}
			types[i] = t
			continue
		}
		types[i] = c.argExpr(a)
	}
}

func literalExample(p *schema.Param) string {
	for _, t := range p.Types {
		switch t {
		case schema.TypeInt:
			return "`1`"
		case schema.TypeIP:
			return "`192.0.2.1`"
		}
	}
	return "`\"text\"`"
}

func (c *checker) argExpr(a grammar.Expr) schema.Type {
	return c.expr(a)
}

// argLiteral interprets a literal argument for the parameter's type(s), in
// the engine's order: IP, then integer, then bytes.
func (c *checker) argLiteral(l *grammar.Literal, p *schema.Param, f *schema.Function, i int) schema.Type {
	if l.IsString() {
		if p != nil {
			if ok, msg := p.CheckLiteralString(l.Value); !ok {
				c.errorf("argument-value", "InvalidArgumentValue", l.Span(), "argument %d (%s) of %s: %s", i+1, p.Name, f.Name, msg)
			}
		}
		return schema.TypeBytes
	}
	if l.Kind == grammar.LitRegex {
		return schema.TypeBytes
	}
	accepts := func(t schema.Type) bool {
		if p == nil {
			return true
		}
		for _, pt := range p.Types {
			if pt == t || pt.IsGeneric() {
				return true
			}
		}
		return false
	}
	if accepts(schema.TypeIP) {
		if _, err := l.IP(); err == nil {
			return schema.TypeIP
		}
	}
	if !accepts(schema.TypeInt) && IntLexemeValid(l.Raw) {
		// The engine reads a leading integer before it tries hex bytes, so
		// starts_with(http.host, 61:62) is a type error (61 is an Int) while
		// remove_bytes(http.host, 2d:2e) is bytes (2d is no integer).
		c.errorf("argument-type", "InvalidArgumentType", l.Span(), "argument %d of %s must be %s; `%s` is read as a number: write strings in double quotes", i+1, f.Name, p.TypeString(), l.Raw)
		return schema.Type{}
	}
	if accepts(schema.TypeInt) {
		v, err := l.Int()
		if err == nil {
			if e := c.intRange(l, v); e == nil && p != nil {
				if ok, msg := p.CheckLiteralInt(v); !ok {
					c.errorf("argument-value", "InvalidArgumentValue", l.Span(), "argument %d (%s) of %s: %s", i+1, p.Name, f.Name, msg)
				}
			}
			return schema.TypeInt
		}
		if !accepts(schema.TypeBytes) {
			c.literalErr(err)
			return schema.Type{}
		}
	}
	if err := c.bytesLit(l); err != nil {
		c.literalErr(err)
		return schema.Type{}
	}
	return schema.TypeBytes
}

// intRange enforces the engine's integer width: i64 in the product, i32 in
// the 2020 engine used as a test oracle.
