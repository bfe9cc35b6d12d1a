package chsql

import (
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/logpush"
	"github.com/wflint/wflint/schema"
)

// value translates a field or a function call. Its SQL is NULL exactly when
// the evaluator's value is missing.
func (c *compiler) value(v *grammar.Value) (val, error) {
	if len(v.Indexes) > 0 {
		return val{}, c.errf(v, "indexes and [*] are not translated: ClickHouse columns of this table are scalars")
	}
	if v.Call != nil {
		return c.call(v)
	}
	name := v.Name.Text
	f := c.info.FieldOf(v)
	if f == nil {
		return val{}, c.errf(v, "field %s was not resolved by the type check", name)
	}
	lf, ok := rulesToLogpush[f.Name]
	if !ok && f.Name == "true" && f.Type.Equal(schema.TypeBool) {
		return val{sql: "toUInt8(1)", typ: schema.TypeBool}, nil // as eval: the constant
	}
	if !ok && f.Name == "false" && f.Type.Equal(schema.TypeBool) {
		return val{sql: "toUInt8(0)", typ: schema.TypeBool}, nil
	}
	if !ok {
		return val{}, c.errf(v, "field %s is not in Logpush http_requests logs", f.Name)
	}
	c.used[lf.String()] = true
	l := c.layout
	want := schema.TypeBytes
	var sql string
	switch lf {
	case logpush.FieldBotDetectionIDs:
		return val{}, c.errf(v, "%s is an array; array fields are not translated to ClickHouse", f.Name)
	case logpush.FieldClientIP:
		// "", and text that is not an address, are missing, as for
		// logpush.ParseClientIP; the zone is dropped.
		want, sql = schema.TypeIP, c.alias(aliasIP, l.ip())
	case logpush.FieldClientCountry:
		// logpush upper-cases ASCII letters; ClickHouse's upper() is ASCII-only.
		sql = "upper(" + l.text(lf) + ")"
	case logpush.FieldClientRequestScheme:
		// ssl is strings.EqualFold(scheme, "https"): ASCII case, and the
		// long s (U+017F) that Unicode folding equates with s.
		want, sql = schema.TypeBool, "(lower(replaceAll("+l.text(lf)+", "+String("\u017f")+", 's')) = 'https')"
	case logpush.FieldBotScore, logpush.FieldClientASN, logpush.FieldEdgeResponseStatus, logpush.FieldWAFAttackScore:
		want, sql = schema.TypeInt, l.int(lf)
	case logpush.FieldEdgeStartTimestamp:
		// Unix seconds, whatever the column's type (see Layout); rows
		// whose timestamp is present but unreadable or before 2010 are
		// left out by ReportQuery, as the local reader skips them.
		want, sql = schema.TypeInt, c.alias(aliasSeconds, l.seconds())
	default:
		sql = l.text(lf)
	}
	if !f.Type.Equal(want) {
		return val{}, c.errf(v, "field %s has type %s; its column is read as %s", f.Name, f.Type, want)
	}
	return val{sql: sql, typ: want}, nil
}

// refused explains the functions that are not translated.
var refused = map[string]string{
	"any":       "it works on arrays, and array fields are not translated",
	"all":       "it works on arrays, and array fields are not translated",
	"concat":    "its result on missing values and arrays has no verified ClickHouse equivalent",
	"to_string": "its formatting of each type has no verified ClickHouse equivalent",
}

// call translates the functions whose ClickHouse counterpart gives exactly
// the evaluator's result on every input.
func (c *compiler) call(v *grammar.Value) (val, error) {
	fn := c.info.FuncOf(v)
	if fn == nil {
		return val{}, c.errf(v, "function %s was not resolved by the type check", v.Name.Text)
	}
	args := v.Call.Args
	arg := func(i int) (val, error) {
		switch a := args[i].(type) {
		case *grammar.Literal:
			b, lerr := a.Bytes()
			if lerr != nil {
				return val{}, c.litErr(lerr)
			}
			return val{sql: String(string(b)), typ: schema.TypeBytes}, nil
		case *grammar.Comparison:
			if a.Op == nil {
				x, err := c.value(a.LHS)
				if err != nil {
					return val{}, err
				}
				if x.typ.Kind() != schema.KindBytes {
					return val{}, c.errf(a, "%s of a %s value is not translated", fn.Name, x.typ)
				}
				return x, nil
			}
		}
		return val{}, c.errf(args[i], "this argument of %s is not translated", fn.Name)
	}
	switch fn.Name {
	case "lower", "upper", "len", "url_decode":
		if fn.Name == "url_decode" && len(args) > 1 {
			return val{}, c.errf(args[1], "url_decode options are not translated: ClickHouse has no recursive or %%u decoding")
		}
		a, err := arg(0)
		if err != nil {
			return val{}, err
		}
		switch fn.Name {
		case "lower", "upper":
			// ASCII-only in both the evaluator and ClickHouse.
			return val{sql: fn.Name + "(" + a.sql + ")", typ: schema.TypeBytes}, nil
		case "len":
			return val{sql: "toInt64(length(" + a.sql + "))", typ: schema.TypeInt}, nil
		}
		// `+` is a space; %XX is decoded and a malformed escape kept, as
		// decodeURLComponent does.
		return val{sql: "decodeURLComponent(replaceAll(" + a.sql + ", '+', ' '))", typ: schema.TypeBytes}, nil
	case "to_string":
		a, ok := args[0].(*grammar.Comparison)
		if !ok || a.Op != nil {
			return val{}, c.errf(args[0], "this argument of to_string is not translated")
		}
		x, err := c.value(a.LHS)
		if err != nil {
			return val{}, err
		}
		switch x.typ.Kind() {
		case schema.KindInt: // decimal, as strconv.FormatInt
			return val{sql: "toString(" + x.sql + ")", typ: schema.TypeBytes}, nil
		case schema.KindBool:
			return val{sql: "if(isNull(" + x.sql + "), NULL, if(" + x.sql + ", 'true', 'false'))", typ: schema.TypeBytes}, nil
		case schema.KindIP: // as netip.Addr.String
			return val{sql: "if(isNull(" + x.sql + "), NULL, " + ipKey("ifNull("+x.sql+", '0.0.0.0')") + ")", typ: schema.TypeBytes}, nil
		}
		return val{}, c.errf(v, "to_string of %s is not translated", x.typ)
	case "starts_with", "ends_with":
		a, err := arg(0)
		if err != nil {
			return val{}, err
		}
		b, err := arg(1)
		if err != nil {
			return val{}, err
		}
		f := "startsWith"
		if fn.Name == "ends_with" {
			f = "endsWith"
		}
		return val{sql: f + "(" + a.sql + ", " + b.sql + ")", typ: schema.TypeBool}, nil
	}
	why, ok := refused[fn.Name]
	if !ok {
		why = "no ClickHouse function with exactly the same result is known"
	}
	return val{}, c.errf(v, "function %s is not translated: %s", fn.Name, why)
}
