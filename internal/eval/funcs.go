package eval

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// funcEntry is the evaluator's entry for one function: how a call of it
// compiles, or why the evaluator refuses it.
type funcEntry[R any] struct {
	compile func(c *compiler[R], v *grammar.Value) (val, error)
	refused string // set when compile is nil
}

// refusedEval is an entry for a function the evaluator does not run.
func refusedEval[R any](why string) funcEntry[R] { return funcEntry[R]{refused: why} }

// funcTable is the evaluator's dispatch table: one entry per function of
// the schema (every built-in profile), an implementation or a refusal with
// its reason, as cel-go keeps its overloads. The check has verified the
// arity, the argument types and kinds, and the literal arguments' values
// (option flags, ranges, separators), so an implementation only builds
// closures; it picks the overload by its first argument's type (len,
// to_string, concat, has_key) and reads the optional arguments the call
// has. A Go variable cannot be generic, so Compile builds the table once
// per expression that calls a function.
func funcTable[R any]() map[string]funcEntry[R] {
	type comp = compiler[R]
	return map[string]funcEntry[R]{
		"all":                    {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.quantifier(v, true) }},
		"any":                    {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.quantifier(v, false) }},
		"bit_slice":              refusedEval[R]("it reads raw packet headers (Magic Firewall), which a record does not carry"),
		"cidr":                   {compile: (*comp).cidr},
		"cidr6":                  {compile: (*comp).cidr},
		"concat":                 {compile: (*comp).concat},
		"decode_base64":          {compile: (*comp).decodeBase64},
		"encode_base64":          {compile: (*comp).encodeBase64},
		"ends_with":              {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.affix(v, strings.HasSuffix) }},
		"has_key":                {compile: (*comp).hasKey},
		"has_value":              refusedEval[R]("it is not implemented by the evaluator"),
		"is_timed_hmac_valid_v0": refusedEval[R]("it depends on a secret key and on the current time"),
		"join":                   {compile: (*comp).join},
		"len":                    {compile: (*comp).lenFn},
		"lookup_json_integer":    {compile: (*comp).lookupJSONInteger},
		"lookup_json_string":     {compile: (*comp).lookupJSONString},
		"lower":                  {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.bytesFn(v, asciiLower) }},
		"regex_replace":          refusedEval[R]("it is a rewrite function and is not implemented by the evaluator"),
		"remove_bytes":           {compile: (*comp).removeBytes},
		"remove_query_args":      refusedEval[R]("it is a rewrite function and is not implemented by the evaluator"),
		"sha256":                 {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.bytesFn(v, sha256Sum) }},
		"split":                  {compile: (*comp).split},
		"starts_with":            {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.affix(v, strings.HasPrefix) }},
		"substring":              {compile: (*comp).substring},
		"to_string":              {compile: (*comp).toString},
		"upper":                  {compile: func(c *compiler[R], v *grammar.Value) (val, error) { return c.bytesFn(v, asciiUpper) }},
		"url_decode":             {compile: (*comp).urlDecode},
		"uuidv4":                 refusedEval[R]("its result is random"),
		"wildcard_replace":       refusedEval[R]("it is a rewrite function and is not implemented by the evaluator"),
	}
}

// call compiles a function call through the dispatch table; it also
// refuses arguments it needs as literals where the language allows a
// field.
func (c *compiler[R]) call(v *grammar.Value) (val, error) {
	f := c.info.FuncOf(v)
	if f == nil {
		return val{}, c.errAt(v.Name.Span, "function %s was not resolved by the type check", v.Name.Text)
	}
	if c.funcs == nil {
		c.funcs = funcTable[R]()
	}
	e, ok := c.funcs[f.Name]
	switch {
	case !ok: // a function only a user schema declares
		return val{}, c.errAt(v.Name.Span, "function %s is not implemented by the evaluator", f.Name)
	case e.compile == nil:
		return val{}, c.errAt(v.Name.Span, "function %s is not evaluated: %s", f.Name, e.refused)
	}
	return e.compile(c, v)
}

// bytesFn compiles a function of one Bytes value (the first argument).
func (c *compiler[R]) bytesFn(v *grammar.Value, f func(string) string) (val, error) {
	return c.bytesFnOf(v, func(_ R, s string) (string, bool) { return f(s), true })
}

// bytesFnOf compiles a function of the first argument, a Bytes value, and
// of the record (for its other arguments).
func (c *compiler[R]) bytesFnOf(v *grammar.Value, f func(R, string) (string, bool)) (val, error) {
	a0, err := c.firstArg(v, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	fn, _ := mapVal[R, string, string](a0, strict(f))
	return mapped(a0, schema.TypeBytes, fn), nil
}

func sha256Sum(s string) string { h := sha256.Sum256([]byte(s)); return string(h[:]) }

// affix compiles starts_with and ends_with: test is strings.HasPrefix or
// strings.HasSuffix.
func (c *compiler[R]) affix(v *grammar.Value, test func(s, affix string) bool) (val, error) {
	a0, err := c.firstArg(v, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	sub, err := c.argOf(v, 1, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	get := sub.(func(R) (string, bool))
	fn, _ := mapVal[R, string, bool](a0, strict(func(r R, s string) (bool, bool) {
		p, ok := get(r)
		return ok && test(s, p), ok
	}))
	return mapped(a0, schema.TypeBool, fn), nil
}

func (c *compiler[R]) removeBytes(v *grammar.Value) (val, error) {
	sub, err := c.argOf(v, 1, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	get := sub.(func(R) (string, bool))
	return c.bytesFnOf(v, func(r R, s string) (string, bool) {
		set, ok := get(r)
		if !ok {
			return "", false
		}
		return strings.Map(func(ch rune) rune {
			if ch < 0x80 && strings.IndexByte(set, byte(ch)) >= 0 {
				return -1
			}
			return ch
		}, s), true
	})
}

// substring takes two or three arguments: without an end, the rest.
func (c *compiler[R]) substring(v *grammar.Value) (val, error) {
	st, err := c.argOf(v, 1, schema.TypeInt)
	if err != nil {
		return val{}, err
	}
	getS := st.(func(R) (int64, bool))
	var getE func(R) (int64, bool)
	if len(v.Call.Args) == 3 {
		en, err := c.argOf(v, 2, schema.TypeInt)
		if err != nil {
			return val{}, err
		}
		getE = en.(func(R) (int64, bool))
	}
	return c.bytesFnOf(v, func(r R, s string) (string, bool) {
		from, ok := getS(r)
		if !ok {
			return "", false
		}
		to := int64(len(s))
		if getE != nil {
			if to, ok = getE(r); !ok {
				return "", false
			}
		}
		return substring(s, from, to), true
	})
}

// urlDecode takes one argument, or two with the option flags (a literal:
// r recursive, u %uXXXX).
func (c *compiler[R]) urlDecode(v *grammar.Value) (val, error) {
	recursive, unicode := false, false
	if args := v.Call.Args; len(args) == 2 {
		l := args[1].(*grammar.Literal)
		recursive, unicode = strings.Contains(l.Value, "r"), strings.Contains(l.Value, "u")
	}
	return c.bytesFn(v, func(s string) string { return urlDecode(s, recursive, unicode) })
}

// toString has one overload per type of its argument: Int, Bool, Ip.
func (c *compiler[R]) toString(v *grammar.Value) (val, error) {
	a0, err := c.firstArg(v, schema.Type{})
	if err != nil {
		return val{}, err
	}
	var fn any
	switch a0.typ.Kind() {
	case schema.KindInt:
		fn, _ = mapVal[R, int64, string](a0, strict(func(_ R, n int64) (string, bool) { return strconv.FormatInt(n, 10), true }))
	case schema.KindBool:
		fn, _ = mapVal[R, bool, string](a0, strict(func(_ R, b bool) (string, bool) { return strconv.FormatBool(b), true }))
	case schema.KindIP:
		fn, _ = mapVal[R, netip.Addr, string](a0, strict(func(_ R, a netip.Addr) (string, bool) { return a.String(), true }))
	default:
		return val{}, c.errf(v.Call.Args[0], "to_string takes Int, Bool or Ip, not %s", a0.static())
	}
	return mapped(a0, schema.TypeBytes, fn), nil
}

// cidr compiles cidr(ip, v4bits, v6bits) and cidr6(ip, v6bits): the last
// prefix length is for IPv6, one before it for IPv4 (32 when absent).
func (c *compiler[R]) cidr(v *grammar.Value) (val, error) {
	a0, err := c.firstArg(v, schema.TypeIP)
	if err != nil {
		return val{}, err
	}
	args := v.Call.Args
	bits4, bits6 := int64(32), int64(0)
	for i := 1; i < len(args); i++ {
		l, ok := args[i].(*grammar.Literal)
		if !ok {
			return val{}, c.errf(args[i], "%s needs integer literals for the prefix lengths", v.Name.Text)
		}
		n, lerr := l.Int()
		if lerr != nil {
			return val{}, c.litErr(lerr)
		}
		if i == len(args)-1 {
			bits6 = n
		} else {
			bits4 = n
		}
	}
	fn, _ := mapVal[R, netip.Addr, netip.Addr](a0, strict(func(_ R, a netip.Addr) (netip.Addr, bool) {
		b := bits6
		if a.Is4() {
			b = bits4
		}
		p, err := a.Prefix(int(b))
		return p.Addr(), err == nil
	}))
	return mapped(a0, schema.TypeIP, fn), nil
}

// jsonPath reads the keys of a lookup_json_* call: literals, a string for
// an object key and an integer for an array index.
func (c *compiler[R]) jsonPath(v *grammar.Value) ([]any, error) {
	var path []any
	for _, a := range v.Call.Args[1:] {
		l, ok := a.(*grammar.Literal)
		if !ok {
			return nil, c.errf(a, "%s keys must be literals", v.Name.Text)
		}
		if l.IsString() {
			path = append(path, l.Value)
			continue
		}
		n, lerr := l.Int()
		if lerr != nil {
			return nil, c.litErr(lerr)
		}
		path = append(path, n)
	}
	return path, nil
}

func (c *compiler[R]) lookupJSONString(v *grammar.Value) (val, error) {
	path, err := c.jsonPath(v)
	if err != nil {
		return val{}, err
	}
	return c.bytesFnOf(v, func(_ R, s string) (string, bool) {
		x, ok := lookupJSON(s, path)
		str, isStr := x.(string)
		return str, ok && isStr
	})
}

func (c *compiler[R]) lookupJSONInteger(v *grammar.Value) (val, error) {
	path, err := c.jsonPath(v)
	if err != nil {
		return val{}, err
	}
	a0, err := c.firstArg(v, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	fn, _ := mapVal[R, string, int64](a0, strict(func(_ R, s string) (int64, bool) {
		x, ok := lookupJSON(s, path)
		num, isNum := x.(json.Number)
		if !ok || !isNum {
			return 0, false
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		return n, err == nil
	}))
	return mapped(a0, schema.TypeInt, fn), nil
}

func (c *compiler[R]) split(v *grammar.Value) (val, error) {
	sep, lim := v.Call.Args[1].(*grammar.Literal), v.Call.Args[2].(*grammar.Literal)
	n, lerr := lim.Int()
	if lerr != nil {
		return val{}, c.litErr(lerr)
	}
	a0, err := c.firstArg(v, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	s := sep.Value
	fn, _ := mapVal[R, string, []string](a0, strict(func(_ R, x string) ([]string, bool) {
		return strings.SplitN(x, s, int(n)), true
	}))
	return mapped(a0, schema.ArrayOf(schema.TypeBytes), fn), nil
}

func (c *compiler[R]) join(v *grammar.Value) (val, error) {
	sep := v.Call.Args[1].(*grammar.Literal)
	a0, err := c.firstArg(v, schema.ArrayOf(schema.TypeBytes))
	if err != nil {
		return val{}, err
	}
	s := sep.Value
	fn, _ := mapVal[R, []string, string](a0, strict(func(_ R, x []string) (string, bool) { return strings.Join(x, s), true }))
	return mapped(a0, schema.TypeBytes, fn), nil
}

// hasKey has one overload per element type of its map argument.
func (c *compiler[R]) hasKey(v *grammar.Value) (val, error) {
	a0, err := c.firstArg(v, schema.Type{})
	if err != nil {
		return val{}, err
	}
	k, err := c.argOf(v, 1, schema.TypeBytes)
	if err != nil {
		return val{}, err
	}
	fn, ok := hasKeyDispatch[R](a0, k.(func(R) (string, bool)))
	if !ok {
		return val{}, c.errf(v.Call.Args[0], "has_key is not supported on %s", a0.typ)
	}
	return mapped(a0, schema.TypeBool, fn), nil
}

// encodeBase64 takes one argument, or two with the flags (a literal: u
// URL-safe alphabet, p padding).
func (c *compiler[R]) encodeBase64(v *grammar.Value) (val, error) {
	enc := base64.RawStdEncoding
	if args := v.Call.Args; len(args) == 2 {
		l := args[1].(*grammar.Literal)
		switch {
		case strings.Contains(l.Value, "u") && strings.Contains(l.Value, "p"):
			enc = base64.URLEncoding
		case strings.Contains(l.Value, "u"):
			enc = base64.RawURLEncoding
		case strings.Contains(l.Value, "p"):
			enc = base64.StdEncoding
		}
	}
	return c.bytesFn(v, func(s string) string { return enc.EncodeToString([]byte(s)) })
}

func (c *compiler[R]) decodeBase64(v *grammar.Value) (val, error) {
	return c.bytesFnOf(v, func(_ R, s string) (string, bool) {
		for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := e.DecodeString(s); err == nil {
				return string(b), true
			}
		}
		return "", false
	})
}

// mapped builds the result of a function applied to a0: per element when a0
// iterates.
func mapped(a0 val, out schema.Type, fn any) val {
	return val{typ: out, each: a0.each, mapped: a0.each, fn: fn}
}

// argExpr compiles a function argument that is not a literal.
func (c *compiler[R]) argExpr(a grammar.Expr) (val, error) {
	if cmp, ok := a.(*grammar.Comparison); ok && cmp.Op == nil {
		return c.value(cmp.LHS)
	}
	b, err := c.boolExpr(a)
	if err != nil {
		return val{}, err
	}
	if b.arr != nil {
		return val{typ: schema.TypeBool, each: true, mapped: true, fn: b.arr}, nil
	}
	f := b.one
	return val{typ: schema.TypeBool, fn: func(r R) (bool, bool) { return f(r), true }}, nil
}

// firstArg compiles argument 0, which may iterate; want is its required
// type (the zero Type accepts any).
func (c *compiler[R]) firstArg(v *grammar.Value, want schema.Type) (val, error) {
	a := v.Call.Args[0]
	if l, ok := a.(*grammar.Literal); ok {
		if !want.IsValid() {
			want = c.info.TypeOf(l) // the check's reading of the literal
		}
		fn, err := c.literalArg(l, want)
		return val{typ: want, fn: fn}, err
	}
	return c.argExpr(a)
}

// argOf compiles argument i (not the first), which must not iterate.
func (c *compiler[R]) argOf(v *grammar.Value, i int, want schema.Type) (any, error) {
	a := v.Call.Args[i]
	if l, ok := a.(*grammar.Literal); ok {
		return c.literalArg(l, want)
	}
	x, err := c.argExpr(a)
	return x.fn, err
}

func (c *compiler[R]) literalArg(l *grammar.Literal, want schema.Type) (any, error) {
	switch want.Kind() {
	case schema.KindBytes:
		b, lerr := l.Bytes()
		if lerr != nil {
			return nil, c.litErr(lerr)
		}
		s := string(b)
		return func(R) (string, bool) { return s, true }, nil
	case schema.KindInt:
		n, lerr := l.Int()
		if lerr != nil {
			return nil, c.litErr(lerr)
		}
		return func(R) (int64, bool) { return n, true }, nil
	case schema.KindIP:
		a, lerr := l.IP()
		if lerr != nil {
			return nil, c.litErr(lerr)
		}
		return func(R) (netip.Addr, bool) { return a, true }, nil
	}
	return nil, c.errf(l, "a literal is not accepted here")
}

func (c *compiler[R]) quantifier(v *grammar.Value, all bool) (val, error) {
	a := v.Call.Args[0]
	// A bare Array<Bool> value: missing gives false for both any and all.
	if cmp, ok := a.(*grammar.Comparison); ok && cmp.Op == nil {
		x, err := c.value(cmp.LHS)
		if err != nil {
			return val{}, err
		}
		if get, ok := x.fn.(func(R) ([]bool, bool)); ok && !x.each {
			return val{typ: schema.TypeBool, fn: func(r R) (bool, bool) {
				bs, ok := get(r)
				if !ok {
					return false, true
				}
				for _, b := range bs {
					if b != all {
						return !all, true
					}
				}
				return all, true
			}}, nil
		}
	}
	b, err := c.boolExpr(a)
	if err != nil {
		return val{}, err
	}
	if b.quant != nil {
		q := b.quant
		return val{typ: schema.TypeBool, fn: func(r R) (bool, bool) { return q(r, all), true }}, nil
	}
	s := b.arr
	return val{typ: schema.TypeBool, fn: func(r R) (bool, bool) {
		res := all
		s(r, func(x, ok bool) bool {
			if (ok && x) != all {
				res = !all
				return false
			}
			return true
		})
		return res, true
	}}, nil
}

func (c *compiler[R]) lenFn(v *grammar.Value) (val, error) {
	a0, err := c.firstArg(v, schema.Type{})
	if err != nil {
		return val{}, err
	}
	var fn any
	var ok bool
	switch a0.fn.(type) {
	case func(R) (string, bool), seq[R, string]:
		fn, ok = mapVal[R, string, int64](a0, strict(func(_ R, s string) (int64, bool) { return int64(len(s)), true }))
	case func(R) ([]string, bool), seq[R, []string]:
		fn, ok = mapVal[R, []string, int64](a0, strict(func(_ R, s []string) (int64, bool) { return int64(len(s)), true }))
	case func(R) ([]int64, bool), seq[R, []int64]:
		fn, ok = mapVal[R, []int64, int64](a0, strict(func(_ R, s []int64) (int64, bool) { return int64(len(s)), true }))
	case func(R) ([]bool, bool), seq[R, []bool]:
		fn, ok = mapVal[R, []bool, int64](a0, strict(func(_ R, s []bool) (int64, bool) { return int64(len(s)), true }))
	case func(R) ([]netip.Addr, bool), seq[R, []netip.Addr]:
		fn, ok = mapVal[R, []netip.Addr, int64](a0, strict(func(_ R, s []netip.Addr) (int64, bool) { return int64(len(s)), true }))
	case func(R) ([][]string, bool), seq[R, [][]string]:
		fn, ok = mapVal[R, [][]string, int64](a0, strict(func(_ R, s [][]string) (int64, bool) { return int64(len(s)), true }))
	}
	if !ok {
		return val{}, c.errf(v.Call.Args[0], "len takes Bytes or an Array, not %s", a0.static())
	}
	return mapped(a0, schema.TypeInt, fn), nil
}

func (c *compiler[R]) concat(v *grammar.Value) (val, error) {
	a0, err := c.firstArg(v, schema.Type{})
	if err != nil {
		return val{}, err
	}
	args := v.Call.Args
	switch {
	case a0.typ.Kind() == schema.KindBytes:
		rest := make([]func(R) (string, bool), 0, len(args)-1)
		for i := 1; i < len(args); i++ {
			g, err := c.argOf(v, i, schema.TypeBytes)
			if err != nil {
				return val{}, err
			}
			rest = append(rest, g.(func(R) (string, bool)))
		}
		fn, _ := mapVal[R, string, string](a0, func(r R, s string, ok bool) (string, bool) {
			var b strings.Builder
			any := ok
			if ok {
				b.WriteString(s)
			}
			for _, g := range rest {
				if x, ok := g(r); ok {
					b.WriteString(x)
					any = true
				}
			}
			return b.String(), any
		})
		return mapped(a0, schema.TypeBytes, fn), nil
	case a0.typ.Equal(schema.ArrayOf(schema.TypeBytes)):
		rest := make([]func(R) ([]string, bool), 0, len(args)-1)
		for i := 1; i < len(args); i++ {
			g, err := c.argOf(v, i, schema.ArrayOf(schema.TypeBytes))
			if err != nil {
				return val{}, err
			}
			rest = append(rest, g.(func(R) ([]string, bool)))
		}
		fn, _ := mapVal[R, []string, []string](a0, func(r R, s []string, ok bool) ([]string, bool) {
			out := append([]string(nil), s...)
			any := ok
			for _, g := range rest {
				if x, ok := g(r); ok {
					out = append(out, x...)
					any = true
				}
			}
			return out, any
		})
		return mapped(a0, schema.ArrayOf(schema.TypeBytes), fn), nil
	}
	return val{}, c.errf(args[0], "concat takes Bytes or Array<Bytes>, not %s", a0.static())
}

func hasKeyDispatch[R any](a0 val, key func(R) (string, bool)) (any, bool) {
	if fn, ok := hasKey[R, string](a0, key); ok {
		return fn, true
	}
	if fn, ok := hasKey[R, int64](a0, key); ok {
		return fn, true
	}
	if fn, ok := hasKey[R, []string](a0, key); ok {
		return fn, true
	}
	if fn, ok := hasKey[R, []int64](a0, key); ok {
		return fn, true
	}
	return nil, false
}

func hasKey[R, E any](a0 val, key func(R) (string, bool)) (any, bool) {
	return mapVal[R, map[string]E, bool](a0, strict(func(r R, m map[string]E) (bool, bool) {
		k, ok := key(r)
		if !ok {
			return false, false
		}
		_, has := m[k]
		return has, true
	}))
}

func substring(s string, from, to int64) string {
	n := int64(len(s))
	if from < 0 {
		from += n
	}
	if to < 0 {
		to += n
	}
	from = max(0, min(from, n))
	to = max(0, min(to, n))
	if from >= to {
		return ""
	}
	return s[from:to]
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// urlDecode percent-decodes s: `+` becomes a space, malformed escapes are
// kept as written; with unicode, %uXXXX is decoded to UTF-8; with recursive,
// decoding repeats until nothing changes.
func urlDecode(s string, recursive, unicode bool) string {
	for round := 0; round < 16; round++ {
		if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
			return s
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			ch := s[i]
			switch {
			case ch == '+':
				b.WriteByte(' ')
			case ch == '%' && i+2 < len(s)+0 && i+2 <= len(s)-1:
				hi, ok1 := unhex(s[i+1])
				lo, ok2 := unhex(s[i+2])
				if ok1 && ok2 {
					b.WriteByte(hi<<4 | lo)
					i += 2
					continue
				}
				if unicode && (s[i+1] == 'u' || s[i+1] == 'U') && i+5 < len(s) {
					if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
						b.WriteRune(rune(n))
						i += 5
						continue
					}
				}
				b.WriteByte(ch)
			default:
				b.WriteByte(ch)
			}
		}
		out := b.String()
		if !recursive || out == s {
			return out
		}
		s = out
	}
	return s
}

func lookupJSON(doc string, path []any) (any, bool) {
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return nil, false
	}
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := x.(map[string]any)
			if !ok {
				return nil, false
			}
			if x, ok = m[k]; !ok {
				return nil, false
			}
		case int64:
			a, ok := x.([]any)
			if !ok || k < 0 || k >= int64(len(a)) {
				return nil, false
			}
			x = a[k]
		}
	}
	return x, true
}
