package eval

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// refusedFuncs explains why a known function is not evaluated.
var refusedFuncs = map[string]string{
	"bit_slice":              "it reads raw packet headers (Magic Firewall), which a record does not carry",
	"regex_replace":          "it is a rewrite function and is not implemented by the evaluator",
	"wildcard_replace":       "it is a rewrite function and is not implemented by the evaluator",
	"remove_query_args":      "it is a rewrite function and is not implemented by the evaluator",
	"uuidv4":                 "its result is random",
	"is_timed_hmac_valid_v0": "it depends on a secret key and on the current time",
	"has_value":              "it is not implemented by the evaluator",
}

// call compiles a function call. The check has verified the arity, the
// argument types and kinds, and the literal arguments' values (option
// flags, ranges, separators), so call only builds closures; it refuses
// what the evaluator cannot do: the functions in refusedFuncs, and
// arguments it needs as literals where the language allows a field.
func (c *compiler[R]) call(v *grammar.Value) (val, error) {
	f := c.info.FuncOf(v)
	if f == nil {
		return val{}, &Error{Span: v.Name.Span, Text: v.Name.Text, Msg: "function " + v.Name.Text + " was not resolved by the type check"}
	}
	name := f.Name
	args := v.Call.Args
	bytesFn := func(f func(R, string) (string, bool)) (val, error) {
		a0, err := c.firstArg(v, schema.TypeBytes)
		if err != nil {
			return val{}, err
		}
		fn, _ := mapVal[R, string, string](a0, strict(f))
		return mapped(a0, schema.TypeBytes, fn), nil
	}
	switch name {
	case "any", "all":
		return c.quantifier(v, name == "all")
	case "lower", "upper":
		f := asciiLower
		if name == "upper" {
			f = asciiUpper
		}
		return bytesFn(func(_ R, s string) (string, bool) { return f(s), true })
	case "len":
		return c.lenFn(v)
	case "starts_with", "ends_with":
		a0, err := c.firstArg(v, schema.TypeBytes)
		if err != nil {
			return val{}, err
		}
		sub, err := c.argOf(v, 1, schema.TypeBytes)
		if err != nil {
			return val{}, err
		}
		get := sub.(func(R) (string, bool))
		test := strings.HasPrefix
		if name == "ends_with" {
			test = strings.HasSuffix
		}
		fn, _ := mapVal[R, string, bool](a0, strict(func(r R, s string) (bool, bool) {
			p, ok := get(r)
			return ok && test(s, p), ok
		}))
		return mapped(a0, schema.TypeBool, fn), nil
	case "remove_bytes":
		sub, err := c.argOf(v, 1, schema.TypeBytes)
		if err != nil {
			return val{}, err
		}
		get := sub.(func(R) (string, bool))
		return bytesFn(func(r R, s string) (string, bool) {
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
	case "substring":
		st, err := c.argOf(v, 1, schema.TypeInt)
		if err != nil {
			return val{}, err
		}
		getS := st.(func(R) (int64, bool))
		var getE func(R) (int64, bool)
		if len(args) == 3 {
			en, err := c.argOf(v, 2, schema.TypeInt)
			if err != nil {
				return val{}, err
			}
			getE = en.(func(R) (int64, bool))
		}
		return bytesFn(func(r R, s string) (string, bool) {
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
	case "url_decode":
		recursive, unicode := false, false
		if len(args) == 2 {
			l := args[1].(*grammar.Literal)
			recursive, unicode = strings.Contains(l.Value, "r"), strings.Contains(l.Value, "u")
		}
		return bytesFn(func(_ R, s string) (string, bool) { return urlDecode(s, recursive, unicode), true })
	case "to_string":
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
		}
		return mapped(a0, schema.TypeBytes, fn), nil
	case "cidr", "cidr6":
		a0, err := c.firstArg(v, schema.TypeIP)
		if err != nil {
			return val{}, err
		}
		bits4, bits6 := int64(32), int64(0)
		for i := 1; i < len(args); i++ {
			l, ok := args[i].(*grammar.Literal)
			if !ok {
				return val{}, c.errf(args[i], "%s needs integer literals for the prefix lengths", name)
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
	case "concat":
		return c.concat(v)
	case "lookup_json_string", "lookup_json_integer":
		var path []any
		for _, a := range args[1:] {
			l, ok := a.(*grammar.Literal)
			if !ok {
				return val{}, c.errf(a, "%s keys must be literals", name)
			}
			if l.IsString() {
				path = append(path, l.Value)
				continue
			}
			n, lerr := l.Int()
			if lerr != nil {
				return val{}, c.litErr(lerr)
			}
			path = append(path, n)
		}
		a0, err := c.firstArg(v, schema.TypeBytes)
		if err != nil {
			return val{}, err
		}
		if name == "lookup_json_string" {
			fn, _ := mapVal[R, string, string](a0, strict(func(_ R, s string) (string, bool) {
				x, ok := lookupJSON(s, path)
				str, isStr := x.(string)
				return str, ok && isStr
			}))
			return mapped(a0, schema.TypeBytes, fn), nil
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
	case "split":
		sep, lim := args[1].(*grammar.Literal), args[2].(*grammar.Literal)
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
	case "join":
		sep := args[1].(*grammar.Literal)
		a0, err := c.firstArg(v, schema.ArrayOf(schema.TypeBytes))
		if err != nil {
			return val{}, err
		}
		s := sep.Value
		fn, _ := mapVal[R, []string, string](a0, strict(func(_ R, x []string) (string, bool) { return strings.Join(x, s), true }))
		return mapped(a0, schema.TypeBytes, fn), nil
	case "has_key":
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
			return val{}, c.errf(args[0], "has_key is not supported on %s", a0.typ)
		}
		return mapped(a0, schema.TypeBool, fn), nil
	case "encode_base64":
		enc := base64.RawStdEncoding
		if len(args) == 2 {
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
		return bytesFn(func(_ R, s string) (string, bool) { return enc.EncodeToString([]byte(s)), true })
	case "decode_base64":
		return bytesFn(func(_ R, s string) (string, bool) {
			for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
				if b, err := e.DecodeString(s); err == nil {
					return string(b), true
				}
			}
			return "", false
		})
	case "sha256":
		return bytesFn(func(_ R, s string) (string, bool) { h := sha256.Sum256([]byte(s)); return string(h[:]), true })
	}
	if why, ok := refusedFuncs[name]; ok {
		return val{}, &Error{Span: v.Name.Span, Text: name, Msg: "function " + name + " is not evaluated: " + why}
	}
	return val{}, &Error{Span: v.Name.Span, Text: name, Msg: "function " + name + " is not implemented by the evaluator"}
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
