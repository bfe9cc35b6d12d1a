package chsql

import (
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/schema"
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

// translation is the ClickHouse compiler's entry for one function: how a
// call of it is translated, or why it is not.
type translation struct {
	translate func(c *compiler, v *grammar.Value, fn *schema.Function) (val, error)
	refused   string // set when translate is nil
}

// noExactFunction is the reason for a function whose ClickHouse
// counterparts have not been shown to give the evaluator's result on every
// input.
const noExactFunction = "no ClickHouse function with exactly the same result is known"

// translations is the ClickHouse compiler's dispatch table: one entry per
// function of the schema (every built-in profile), translated only when a
// ClickHouse counterpart gives exactly the evaluator's result on every
// input, and otherwise refused with the reason. It is set in init: the
// entries call back into the compiler, which reads the table, and Go
// forbids that cycle in a variable's initializer.
var translations map[string]translation

func init() {
	arrays := translation{refused: "it works on arrays, and array fields are not translated"}
	rewrite := translation{refused: "it is a rewrite function, which the evaluator does not run either"}
	unknown := translation{refused: noExactFunction}
	translations = map[string]translation{
		"all":                    arrays,
		"any":                    arrays,
		"bit_slice":              {refused: "it reads raw packet headers (Magic Firewall), which Logpush http_requests records do not carry"},
		"cidr":                   unknown,
		"cidr6":                  unknown,
		"concat":                 {refused: "its result on missing values and arrays has no verified ClickHouse equivalent"},
		"decode_base64":          unknown,
		"encode_base64":          unknown,
		"ends_with":              {translate: (*compiler).affix},
		"has_key":                {refused: "it works on maps, and map fields are not translated"},
		"has_value":              {refused: "it works on maps and arrays, and map and array fields are not translated"},
		"is_timed_hmac_valid_v0": {refused: "it depends on a secret key and on the current time"},
		"join":                   arrays,
		"len":                    {translate: (*compiler).bytesFn},
		"lookup_json_integer":    unknown,
		"lookup_json_string":     unknown,
		"lower":                  {translate: (*compiler).bytesFn},
		"regex_replace":          rewrite,
		"remove_bytes":           unknown,
		"remove_query_args":      rewrite,
		"sha256":                 unknown,
		"split":                  {refused: "its result is an array, and arrays are not translated"},
		"starts_with":            {translate: (*compiler).affix},
		"substring":              unknown,
		"to_string":              {translate: (*compiler).toString},
		"upper":                  {translate: (*compiler).bytesFn},
		"url_decode":             {translate: (*compiler).urlDecode},
		"uuidv4":                 {refused: "its result is random"},
		"wildcard_replace":       rewrite,
	}
}

// call translates a function call through the dispatch table.
func (c *compiler) call(v *grammar.Value) (val, error) {
	fn := c.info.FuncOf(v)
	if fn == nil {
		return val{}, c.errf(v, "function %s was not resolved by the type check", v.Name.Text)
	}
	t, ok := translations[fn.Name]
	if !ok { // a function only a user schema declares
		t.refused = noExactFunction
	}
	if t.translate == nil {
		return val{}, c.errf(v, "function %s is not translated: %s", fn.Name, t.refused)
	}
	return t.translate(c, v, fn)
}

// bytesArg translates argument i of a call of fn, which must be Bytes.
func (c *compiler) bytesArg(v *grammar.Value, fn *schema.Function, i int) (val, error) {
	switch a := v.Call.Args[i].(type) {
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
	return val{}, c.errf(v.Call.Args[i], "this argument of %s is not translated", fn.Name)
}

// bytesFn translates lower, upper and len, functions of one Bytes value.
func (c *compiler) bytesFn(v *grammar.Value, fn *schema.Function) (val, error) {
	a, err := c.bytesArg(v, fn, 0)
	if err != nil {
		return val{}, err
	}
	if fn.Name == "len" {
		return val{sql: "toInt64(length(" + a.sql + "))", typ: schema.TypeInt}, nil
	}
	// ASCII-only in both the evaluator and ClickHouse.
	return val{sql: fn.Name + "(" + a.sql + ")", typ: schema.TypeBytes}, nil
}

// urlDecode translates url_decode with one argument: ClickHouse has no
// counterpart of its options.
func (c *compiler) urlDecode(v *grammar.Value, fn *schema.Function) (val, error) {
	if args := v.Call.Args; len(args) > 1 {
		return val{}, c.errf(args[1], "url_decode options are not translated: ClickHouse has no recursive or %%u decoding")
	}
	a, err := c.bytesArg(v, fn, 0)
	if err != nil {
		return val{}, err
	}
	// `+` is a space; %XX is decoded and a malformed escape kept, as
	// decodeURLComponent does.
	return val{sql: "decodeURLComponent(replaceAll(" + a.sql + ", '+', ' '))", typ: schema.TypeBytes}, nil
}

// toString has one translation per type of its argument: Int, Bool, Ip.
func (c *compiler) toString(v *grammar.Value, _ *schema.Function) (val, error) {
	a, ok := v.Call.Args[0].(*grammar.Comparison)
	if !ok || a.Op != nil {
		return val{}, c.errf(v.Call.Args[0], "this argument of to_string is not translated")
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
}

// affix translates starts_with and ends_with.
func (c *compiler) affix(v *grammar.Value, fn *schema.Function) (val, error) {
	a, err := c.bytesArg(v, fn, 0)
	if err != nil {
		return val{}, err
	}
	b, err := c.bytesArg(v, fn, 1)
	if err != nil {
		return val{}, err
	}
	f := "startsWith"
	if fn.Name == "ends_with" {
		f = "endsWith"
	}
	return val{sql: f + "(" + a.sql + ", " + b.sql + ")", typ: schema.TypeBool}, nil
}
