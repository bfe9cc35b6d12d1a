package decide

import (
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/check"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Translation is a checked expression as a formula of a Context: its root
// and the formula of each of its conditions (logical nodes and
// comparisons, those inside any(…) and all(…) included, where terms are
// the elements iterated).
type Translation struct {
	Root  Formula
	nodes map[grammar.Expr]Formula
	terms map[grammar.Expr][]*term
}

// Of returns the formula of a condition of the expression.
func (t *Translation) Of(e grammar.Expr) (Formula, bool) {
	f, ok := t.nodes[e]
	return f, ok
}

// deterministic are the functions whose result depends only on their
// arguments: two calls written alike give the same value within one
// request. Any other function (uuidv4, is_timed_hmac_valid_v0, a function
// of a custom schema) is opaque afresh at each call.
var deterministic = map[string]bool{
	"any": true, "all": true, "cidr": true, "cidr6": true, "concat": true, "decode_base64": true,
	"encode_base64": true, "ends_with": true, "join": true, "len": true, "lookup_json_integer": true,
	"lookup_json_string": true, "lower": true, "regex_replace": true, "remove_bytes": true,
	"remove_query_args": true, "split": true, "starts_with": true, "substring": true, "to_string": true,
	"upper": true, "url_decode": true, "wildcard_replace": true, "sha256": true, "bit_slice": true,
	"has_key": true, "has_value": true,
}

// Translate turns a checked condition into a formula. What the procedure
// does not understand becomes an opaque variable: a condition written the
// same way twice is the same variable (wflint's functions and fields are
// functions of the request), anything non-deterministic a fresh one. An
// expression with errors translates to a fresh variable as a whole.
func (c *Context) Translate(x *check.Checked) *Translation {
	tr := &Translation{nodes: map[grammar.Expr]Formula{}, terms: map[grammar.Expr][]*term{}}
	if x == nil || x.Expr == nil || x.Expr.Root == nil {
		tr.Root = c.freshVar()
		return tr
	}
	t := &translator{c: c, x: x, src: x.Expr.Src, out: tr}
	if !x.Valid() {
		tr.Root = c.freshVar()
		return tr
	}
	tr.Root = t.expr(x.Expr.Root)
	return tr
}

type translator struct {
	c   *Context
	x   *check.Checked
	src string
	out *Translation
	// scope is the quantifier whose argument is being translated (0:
	// none); its values are per-element terms.
	scope int
	// seen collects the terms of the comparison being translated.
	seen []*term
}

func (t *translator) expr(e grammar.Expr) Formula {
	var f Formula
	switch e := e.(type) {
	case *grammar.Paren:
		f = t.expr(e.X)
	case *grammar.Not:
		f = t.expr(e.X).not()
	case *grammar.Logical:
		kids := make([]Formula, len(e.Operands))
		var terms []*term
		for i, x := range e.Operands {
			kids[i] = t.expr(x)
			terms = append(terms, t.out.terms[x]...)
		}
		t.out.terms[e] = terms
		switch e.Op {
		case grammar.And:
			f = t.c.And(kids...)
		case grammar.Or:
			f = t.c.Or(kids...)
		default:
			f = t.c.Xor(kids...)
		}
	case *grammar.Comparison:
		t.seen = t.seen[:0]
		f = t.comparison(e)
		t.out.terms[e] = append([]*term(nil), t.seen...)
	default:
		f = t.c.freshVar()
	}
	switch e := e.(type) {
	case *grammar.Paren:
		t.out.terms[e] = t.out.terms[e.X]
	case *grammar.Not:
		t.out.terms[e] = t.out.terms[e.X]
	}
	t.out.nodes[e] = f
	return f
}

// opaque is a condition wflint does not reason about, keyed by its
// canonical text in the current scope.
func (t *translator) opaque(kind string, n grammar.Node) Formula {
	key, ok := t.canon(n)
	if !ok {
		return t.c.freshVar()
	}
	return t.c.namedVar(vOpaque, t.scoped(kind+":"+key))
}

func (t *translator) scoped(key string) string {
	if t.scope == 0 {
		return key
	}
	return "q" + strconv.Itoa(t.scope) + "/" + key
}

// member is the condition "the term has a value and it is in the atom's
// set" (negated: has a value outside it). ne reads the atom as its
// negation, true or false on a missing value as the reading of `ne` has
// it.
func (t *translator) member(tm *term, m Formula, negate, ne bool) Formula {
	if ne {
		return t.c.Or(t.c.And(tm.present, m.not()), t.c.And(tm.present.not(), t.c.neVar()))
	}
	if negate {
		m = m.not()
	}
	return t.c.And(tm.present, m)
}

func (t *translator) comparison(cmp *grammar.Comparison) Formula {
	v := cmp.LHS
	if cmp.Op == nil {
		return t.boolValue(cmp, v)
	}
	typ := t.x.TypeOf(v)
	switch {
	case typ == schema.TypeInt:
		return t.intComparison(cmp)
	case typ == schema.TypeIP:
		return t.ipComparison(cmp)
	case typ == schema.TypeBytes:
		return t.bytesComparison(cmp)
	}
	return t.opaque("cmp", cmp)
}

// boolValue translates a value used as a condition on its own.
func (t *translator) boolValue(cmp *grammar.Comparison, v *grammar.Value) Formula {
	if fn := t.x.FuncOf(v); fn != nil && v.Call != nil {
		switch {
		case fn.Quantifier:
			return t.quantifier(v, fn)
		case fn.Name == "starts_with" || fn.Name == "ends_with":
			return t.affix(cmp, v, fn.Name == "starts_with")
		}
		if !deterministic[fn.Name] {
			return t.c.freshVar()
		}
		return t.opaque("bool", cmp)
	}
	if f := t.x.FieldOf(v); f != nil && v.Call == nil && len(v.Indexes) == 0 && t.x.TypeOf(v) == schema.TypeBool {
		if f.Pseudo && f.Name == "true" {
			return True
		}
		if f.Pseudo && f.Name == "false" {
			return False
		}
		if t.scope == 0 {
			// A Bool field always has a value (see term presence).
			return t.c.namedVar(vBool, "bool:"+f.Name)
		}
	}
	return t.opaque("bool", cmp)
}

// quantifier translates any(…) or all(…). Its argument is translated with
// the elements as terms of their own: when it can never be true, any(…)
// is false; when it is always true, all(…) is true (an empty array
// included). Otherwise the quantifier is an opaque condition.
func (t *translator) quantifier(v *grammar.Value, fn *schema.Function) Formula {
	if t.scope != 0 || len(v.Call.Args) != 1 {
		return t.c.freshVar()
	}
	key, ok := t.canon(v)
	if !ok {
		return t.c.freshVar()
	}
	arg := v.Call.Args[0]
	if a, ok := arg.(*grammar.Comparison); ok && a.Op == nil && !t.elementwise(a.LHS) {
		// A bare Array<Bool> value.
		return t.c.namedVar(vOpaque, "quant:"+key)
	}
	t.c.scopes++
	t.scope = t.c.scopes
	inner := t.expr(arg)
	t.scope = 0
	switch {
	case fn.Name == "any" && t.c.Satisfiable(inner) == No:
		return False
	case fn.Name == "all" && t.c.Satisfiable(inner.not()) == No:
		return True
	}
	return t.c.namedVar(vOpaque, "quant:"+key)
}

// elementwise reports whether a value yields one value per element (it
// iterates with [*] and does not then pick one element).
func (t *translator) elementwise(v *grammar.Value) bool {
	if t.x.IsMapped(v) {
		return true
	}
	if v.Call != nil && len(v.Call.Args) > 0 {
		if a, ok := v.Call.Args[0].(*grammar.Comparison); ok && a.Op == nil && t.elementwise(a.LHS) {
			return len(v.Indexes) == 0 || v.Indexes[0].Kind == grammar.IndexStar
		}
	}
	return false
}

// affix translates starts_with and ends_with with a literal.
func (t *translator) affix(cmp *grammar.Comparison, v *grammar.Value, prefix bool) Formula {
	args := v.Call.Args
	if len(args) != 2 || len(v.Indexes) > 1 || len(v.Indexes) == 1 && v.Indexes[0].Kind != grammar.IndexStar {
		return t.opaque("bool", cmp)
	}
	a, ok := args[0].(*grammar.Comparison)
	l, isLit := args[1].(*grammar.Literal)
	if !ok || a.Op != nil || !isLit {
		return t.opaque("bool", cmp)
	}
	s, err := l.Bytes()
	if err != nil {
		return t.opaque("bool", cmp)
	}
	tm, h, ok := t.bytesTerm(a.LHS)
	if !ok {
		return t.opaque("bool", cmp)
	}
	name, lit := "ends", suffixLit(string(s), h)
	if prefix {
		name, lit = "starts", prefixLit(string(s), h)
	}
	m := t.c.atomOf(tm, homKey(h)+name+" "+strconv.Quote(string(s)), func(a *atom) { a.bytes = lit })
	return t.member(tm, m, false, false)
}

// homKey names a map for atom keys.
func homKey(h hom) string {
	switch h {
	case nil:
		return ""
	case lowerHom:
		return "lower "
	case upperHom:
		return "upper "
	}
	return "?"
}

// valueTerm resolves a value to its term: a field with its indexes, or an
// opaque call. kind is the term's type. present is whether it can never be
// missing.
func (t *translator) valueTerm(v *grammar.Value, kind termKind) (*term, bool) {
	key, ok := t.canon(v)
	if !ok {
		return nil, false
	}
	f := t.x.FieldOf(v)
	field := f != nil && v.Call == nil
	present := false
	dom := AllInts()
	var path []string
	if field {
		// A field named on its own always has a value: Cloudflare sets
		// every field of a request (wflint infers, as the analyzer always
		// has). Map keys and array elements may be missing; so may an
		// element's own indexes.
		present = len(v.Indexes) == 0
		if t.scope != 0 {
			present = true
			star := false
			for _, ix := range v.Indexes {
				if ix.Kind == grammar.IndexStar {
					star = true
				} else if star {
					present = false
				}
			}
		}
		if len(v.Indexes) == 0 && kind == kInt {
			dom = DomainIntervals(f)
		}
		path = []string{f.Name}
		for _, ix := range v.Indexes {
			switch ix.Kind {
			case grammar.IndexStar:
				field = false // an element: no single place in a record
			case grammar.IndexElem:
				n, err := ix.Lit.Index()
				if err != nil || n > 0 {
					field = false // [1] can be present only with [0]
				}
				path = append(path, "0")
			case grammar.IndexKey:
				k, err := ix.Lit.MapKey()
				if err != nil {
					return nil, false
				}
				path = append(path, strconv.Quote(k))
			}
		}
	} else if fn := t.x.FuncOf(v); fn == nil || !deterministic[fn.Name] {
		t.c.fresh++
		key = "fresh#" + strconv.Itoa(t.c.fresh)
	}
	tm := t.c.termOf(t.scoped(key), v.Span().Text(t.src), kind, present, dom)
	if field && t.scope == 0 {
		tm.field, tm.path = true, path
	}
	t.seen = append(t.seen, tm)
	return tm, true
}

// bytesTerm resolves a Bytes value: lower(…) and upper(…) of a string
// are the string read through a map; anything else is valueTerm's.
func (t *translator) bytesTerm(v *grammar.Value) (*term, hom, bool) {
	if fn := t.x.FuncOf(v); fn != nil && v.Call != nil && (fn.Name == "lower" || fn.Name == "upper") && len(v.Call.Args) == 1 {
		if a, ok := v.Call.Args[0].(*grammar.Comparison); ok && a.Op == nil && t.x.TypeOf(a.LHS) == schema.TypeBytes {
			inner := t.elementwise(a.LHS)
			if inner && len(v.Indexes) == 1 && v.Indexes[0].Kind == grammar.IndexStar || !inner && len(v.Indexes) == 0 {
				if tm, _, ok := t.bytesTerm(a.LHS); ok {
					// lower of anything lower- or upper-cased is lower on
					// ASCII letters, and so for upper.
					if fn.Name == "lower" {
						return tm, lowerHom, true
					}
					return tm, upperHom, true
				}
			}
		}
	}
	tm, ok := t.valueTerm(v, kBytes)
	return tm, nil, ok
}

// lengthOf returns the string whose len(…) v is, when it is one.
func (t *translator) lengthOf(v *grammar.Value) (*term, hom, bool) {
	fn := t.x.FuncOf(v)
	if fn == nil || v.Call == nil || fn.Name != "len" || len(v.Call.Args) != 1 {
		return nil, nil, false
	}
	a, ok := v.Call.Args[0].(*grammar.Comparison)
	if !ok || a.Op != nil || t.x.TypeOf(a.LHS) != schema.TypeBytes {
		return nil, nil, false
	}
	inner := t.elementwise(a.LHS)
	if !(inner && len(v.Indexes) == 1 && v.Indexes[0].Kind == grammar.IndexStar || !inner && len(v.Indexes) == 0) {
		return nil, nil, false
	}
	return t.bytesTerm(a.LHS)
}

// intSet returns the integers for which `value op rhs` holds (for ne,
// those of eq); ok is false for a set of an unknown list or a bad literal.
func intSet(op grammar.CmpKind, rhs grammar.Operand) (Intervals, bool) {
	switch r := rhs.(type) {
	case *grammar.Set:
		if op != grammar.OpIn {
			return nil, false
		}
		var s Intervals
		for _, it := range r.Items {
			lo, hi, _, err := it.IntRange()
			if err != nil {
				return nil, false
			}
			s = s.Union(IntRange(lo, hi))
		}
		return s, true
	case *grammar.Literal:
		n, err := r.Int()
		if err != nil {
			return nil, false
		}
		switch op {
		case grammar.OpEq, grammar.OpNe:
			return IntRange(n, n), true
		case grammar.OpLt:
			if n == math.MinInt64 {
				return nil, true
			}
			return IntRange(math.MinInt64, n-1), true
		case grammar.OpLe:
			return IntRange(math.MinInt64, n), true
		case grammar.OpGt:
			if n == math.MaxInt64 {
				return nil, true
			}
			return IntRange(n+1, math.MaxInt64), true
		case grammar.OpGe:
			return IntRange(n, math.MaxInt64), true
		}
	}
	return nil, false
}

func (t *translator) intComparison(cmp *grammar.Comparison) Formula {
	op := cmp.Op.Kind
	if _, isList := cmp.RHS.(*grammar.ListRef); isList || op == grammar.OpBitAnd {
		return t.opaque("cmp", cmp)
	}
	set, ok := intSet(op, cmp.RHS)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	ne := op == grammar.OpNe
	if s, h, ok := t.lengthOf(cmp.LHS); ok {
		if lit, ok := lengthLit(set, h); ok {
			m := t.c.atomOf(s, "len "+set.Intersect(IntRange(0, math.MaxInt64)).String(), func(a *atom) { a.bytes = lit })
			return t.member(s, m, false, ne)
		}
		// A long length: an integer of its own, missing when the string is.
		key := "len(" + s.key + ")"
		tm, ok := t.c.terms[key]
		if !ok {
			tm = t.c.termOf(key, cmp.LHS.Span().Text(t.src), kInt, true, IntRange(0, math.MaxInt64))
			tm.present = s.present
		}
		m := t.c.atomOf(tm, set.String(), func(a *atom) { a.ints = set })
		return t.member(tm, m, false, ne)
	}
	tm, ok := t.valueTerm(cmp.LHS, kInt)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	m := t.c.atomOf(tm, set.String(), func(a *atom) { a.ints = set })
	return t.member(tm, m, false, ne)
}

// ipSet returns the addresses for which `value op rhs` holds (for ne,
// those of eq). An IPv4 value and an IPv6 literal never compare: only ne
// holds between them.
func ipSet(op grammar.CmpKind, rhs grammar.Operand) (IPSet, bool) {
	switch r := rhs.(type) {
	case *grammar.Set:
		if op != grammar.OpIn {
			return IPSet{}, false
		}
		var s IPSet
		for _, it := range r.Items {
			item, err := it.IPSetItem()
			if err != nil {
				return IPSet{}, false
			}
			s = s.Union(IPRange(item.From, item.To))
		}
		return s, true
	case *grammar.Literal:
		a, err := r.IP()
		if err != nil {
			return IPSet{}, false
		}
		first, last := netip.IPv4Unspecified(), netip.AddrFrom4([4]byte{255, 255, 255, 255})
		if !a.Is4() {
			first, last = netip.IPv6Unspecified(), netip.AddrFrom16([16]byte{255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255})
		}
		switch op {
		case grammar.OpEq, grammar.OpNe:
			return IPRange(a, a), true
		case grammar.OpLt:
			if a == first {
				return IPSet{}, true
			}
			return IPRange(first, a.Prev()), true
		case grammar.OpLe:
			return IPRange(first, a), true
		case grammar.OpGt:
			if a == last {
				return IPSet{}, true
			}
			return IPRange(a.Next(), last), true
		case grammar.OpGe:
			return IPRange(a, last), true
		}
	}
	return IPSet{}, false
}

func (t *translator) ipComparison(cmp *grammar.Comparison) Formula {
	op := cmp.Op.Kind
	if _, isList := cmp.RHS.(*grammar.ListRef); isList {
		return t.opaque("cmp", cmp)
	}
	set, ok := ipSet(op, cmp.RHS)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	tm, ok := t.valueTerm(cmp.LHS, kIP)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	key := ipKey(set)
	m := t.c.atomOf(tm, key, func(a *atom) { a.ips = set })
	return t.member(tm, m, false, op == grammar.OpNe)
}

func ipKey(s IPSet) string {
	var b strings.Builder
	for _, fam := range []spans{s.v4, s.v6} {
		b.WriteByte('|')
		for _, r := range fam {
			b.WriteString(strconv.FormatUint(r.lo.hi, 16) + ":" + strconv.FormatUint(r.lo.lo, 16) + "-" +
				strconv.FormatUint(r.hi.hi, 16) + ":" + strconv.FormatUint(r.hi.lo, 16) + ",")
		}
	}
	return b.String()
}

func (t *translator) bytesComparison(cmp *grammar.Comparison) Formula {
	op := cmp.Op.Kind
	if _, isList := cmp.RHS.(*grammar.ListRef); isList {
		return t.opaque("cmp", cmp)
	}
	tm, h, ok := t.bytesTerm(cmp.LHS)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	hk := homKey(h)
	if s, ok := cmp.RHS.(*grammar.Set); ok {
		if op != grammar.OpIn {
			return t.opaque("cmp", cmp)
		}
		items := make([]string, 0, len(s.Items))
		for _, it := range s.Items {
			if it.Kind == grammar.LitRegex {
				return t.opaque("cmp", cmp)
			}
			b, err := it.Bytes()
			if err != nil {
				return t.opaque("cmp", cmp)
			}
			items = append(items, string(b))
		}
		m := t.c.atomOf(tm, hk+finiteKey(items), func(a *atom) { a.bytes = finiteLit(items, h) })
		return t.member(tm, m, false, false)
	}
	l, ok := cmp.RHS.(*grammar.Literal)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	var mk func() *bytesLit
	var key string
	negate := false
	switch op {
	case grammar.OpMatches:
		tree, msg, known := t.x.Regex(l)
		if known && msg != "" {
			return t.opaque("cmp", cmp)
		}
		if tr := regexTree(l.Value, tree); tr != nil {
			key = "matches " + strconv.Quote(l.Value)
			mk = func() *bytesLit {
				return &bytesLit{h: h, build: func(n *nfa) (frag, bool) { return regexLang(n, tr) }}
			}
		}
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		if !l.IsString() || check.WildcardError(l.Value) != "" {
			return t.opaque("cmp", cmp)
		}
		fold := op == grammar.OpWildcard
		key = "wildcard " + strconv.FormatBool(fold) + " " + strconv.Quote(l.Value)
		mk = func() *bytesLit { return wildcardLit(l.Value, fold, h) }
	default:
		b, err := l.Bytes()
		if err != nil || l.Kind == grammar.LitRegex {
			return t.opaque("cmp", cmp)
		}
		s := string(b)
		switch op {
		case grammar.OpEq, grammar.OpNe:
			key = finiteKey([]string{s})
			mk = func() *bytesLit { return finiteLit([]string{s}, h) }
		case grammar.OpContains:
			key = "contains " + strconv.Quote(s)
			mk = func() *bytesLit { return containsLit(s, h) }
		case grammar.OpLt, grammar.OpGe:
			key, negate = "lt "+strconv.Quote(s), op == grammar.OpGe
			mk = func() *bytesLit { return orderLit(s, false, h) }
		case grammar.OpLe, grammar.OpGt:
			key, negate = "le "+strconv.Quote(s), op == grammar.OpGt
			mk = func() *bytesLit { return orderLit(s, true, h) }
		}
	}
	if mk == nil {
		return t.opaque("cmp", cmp)
	}
	m := t.c.atomOf(tm, hk+key, func(a *atom) { a.bytes = mk() })
	return t.member(tm, m, negate, op == grammar.OpNe)
}

// canon writes a value or condition in a canonical form: equal forms read
// the same value in every request. ok is false for a form it cannot
// write (a syntax error).
func (t *translator) canon(n grammar.Node) (string, bool) {
	var b strings.Builder
	ok := t.writeCanon(&b, n)
	return b.String(), ok
}

func (t *translator) writeCanon(b *strings.Builder, n grammar.Node) bool {
	switch n := n.(type) {
	case *grammar.Paren:
		return t.writeCanon(b, n.X)
	case *grammar.Not:
		b.WriteString("not(")
		ok := t.writeCanon(b, n.X)
		b.WriteByte(')')
		return ok
	case *grammar.Logical:
		b.WriteString(n.Op.String() + "(")
		for i, x := range n.Operands {
			if i > 0 {
				b.WriteByte(',')
			}
			if !t.writeCanon(b, x) {
				return false
			}
		}
		b.WriteByte(')')
		return true
	case *grammar.Comparison:
		if !t.writeCanon(b, n.LHS) {
			return false
		}
		if n.Op == nil {
			return true
		}
		b.WriteString(" " + n.Op.Kind.Word() + " ")
		switch r := n.RHS.(type) {
		case *grammar.ListRef:
			b.WriteString("$" + r.Name)
			return true
		case *grammar.Set:
			b.WriteByte('{')
			for _, it := range r.Items {
				if !t.writeLit(b, it) {
					return false
				}
				b.WriteByte(' ')
			}
			b.WriteByte('}')
			return true
		case *grammar.Literal:
			return t.writeLit(b, r)
		}
		return false
	case *grammar.Value:
		b.WriteString(n.Name.Text)
		if n.Call != nil {
			b.WriteByte('(')
			for i, a := range n.Call.Args {
				if i > 0 {
					b.WriteByte(',')
				}
				if l, ok := a.(*grammar.Literal); ok {
					if !t.writeLit(b, l) {
						return false
					}
					continue
				}
				if !t.writeCanon(b, a) {
					return false
				}
			}
			b.WriteByte(')')
		}
		for _, ix := range n.Indexes {
			switch ix.Kind {
			case grammar.IndexStar:
				b.WriteString("[*]")
			case grammar.IndexElem:
				i, err := ix.Lit.Index()
				if err != nil {
					return false
				}
				b.WriteString("[" + strconv.FormatUint(uint64(i), 10) + "]")
			case grammar.IndexKey:
				k, err := ix.Lit.MapKey()
				if err != nil {
					return false
				}
				b.WriteString("[" + strconv.Quote(k) + "]")
			}
		}
		return true
	}
	return false
}

// writeLit writes a literal by its kind and text: strings by their bytes,
// regexes and bare literals as written (two spellings of one number stay
// apart, which only costs a missed proof).
func (t *translator) writeLit(b *strings.Builder, l *grammar.Literal) bool {
	switch l.Kind {
	case grammar.LitString, grammar.LitRaw:
		b.WriteString("s" + strconv.Quote(l.Value))
	case grammar.LitRegex:
		b.WriteString("r" + strconv.Quote(l.Value))
	default:
		b.WriteString("b" + strconv.Quote(l.Raw))
	}
	return true
}
