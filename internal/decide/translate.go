package decide

import (
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// Translation is a checked expression as a formula of a Context: its root
// and the formula of each of its conditions (logical nodes and
// comparisons, those inside any(…) and all(…) included, where terms are
// the elements iterated).
type Translation struct {
	Root Formula
	x    *grammar.Expression
	// nodes holds the formula of each condition by its node ID in x (0:
	// not yet); other holds those without one.
	nodes []Formula
	other map[grammar.Expr]Formula
	// t translates the conditions not yet asked for (see Context.Lazy);
	// owner[id] is the any(…) or all(…) a condition belongs to.
	t     *translator
	owner map[int]grammar.Expr
}

// Of returns the formula of a condition of the expression, translating it
// when the translation is lazy.
func (t *Translation) Of(e grammar.Expr) (Formula, bool) {
	if f, ok := t.get(e); ok {
		return f, true
	}
	if t.t == nil {
		return 0, false
	}
	if q, ok := t.owner[t.x.NodeID(e)]; ok {
		t.t.expr(q)
		return t.get(e)
	}
	return t.t.expr(e), true
}

func (t *Translation) get(e grammar.Expr) (Formula, bool) {
	if t.x == nil {
		return 0, false
	}
	if id := t.x.NodeID(e); id > 0 && id < len(t.nodes) {
		return t.nodes[id], t.nodes[id] != 0
	}
	f, ok := t.other[e]
	return f, ok
}

func (t *Translation) set(e grammar.Expr, f Formula) {
	if id := t.x.NodeID(e); id > 0 && id < len(t.nodes) {
		t.nodes[id] = f
		return
	}
	if t.other == nil {
		t.other = map[grammar.Expr]Formula{}
	}
	t.other[e] = f
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
	tr := c.lazy(x, false)
	if tr.t != nil {
		tr.Root = tr.t.expr(x.Expr.Root)
		tr.t = nil
	}
	return tr
}

// Lazy is Translate that translates each condition only when Of asks for
// it (Root is left zero): a caller that asks about a few conditions of a
// long expression pays for those. The translation is good until the next
// Lazy of the Context, or its Reset.
func (c *Context) Lazy(x *check.Checked) *Translation { return c.lazy(x, true) }

// lazy sets up a translation; shared takes its memory from the Context.
func (c *Context) lazy(x *check.Checked, shared bool) *Translation {
	tr := &Translation{}
	if x == nil || x.Expr == nil || x.Expr.Root == nil || !x.Valid() {
		tr.Root = c.freshVar()
		return tr
	}
	tr.x = x.Expr
	n := x.Expr.NodeCount() + 1
	switch {
	case !shared:
		tr.nodes = make([]Formula, n)
	case cap(c.trNodes) < n:
		c.trNodes = make([]Formula, n)
		tr.nodes = c.trNodes
	default:
		tr.nodes = c.trNodes[:n]
		clear(tr.nodes)
	}
	tr.t = &translator{c: c, x: x, src: x.Expr.Src, out: tr}
	// Conditions inside any(…) and all(…) read elements: they are
	// translated with their quantifier.
	var walk func(e grammar.Expr, q grammar.Expr)
	walk = func(e grammar.Expr, q grammar.Expr) {
		if q != nil {
			if tr.owner == nil {
				tr.owner = map[int]grammar.Expr{}
			}
			tr.owner[x.Expr.NodeID(e)] = q
		}
		switch e := e.(type) {
		case *grammar.Paren:
			walk(e.X, q)
		case *grammar.Not:
			walk(e.X, q)
		case *grammar.Logical:
			for _, o := range e.Operands {
				walk(o, q)
			}
		case *grammar.Comparison:
			if e.LHS.Call == nil {
				return
			}
			if fn := x.FuncOf(e.LHS); fn != nil && fn.Quantifier && q == nil {
				q = e
			}
			for _, a := range e.LHS.Call.Args {
				walk(a, q)
			}
		}
	}
	walk(x.Expr.Root, nil)
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
}

func (t *translator) expr(e grammar.Expr) Formula {
	if f, ok := t.out.get(e); ok {
		return f
	}
	var f Formula
	switch e := e.(type) {
	case *grammar.Paren:
		f = t.expr(e.X)
	case *grammar.Not:
		f = t.expr(e.X).not()
	case *grammar.Logical:
		kids := make([]Formula, len(e.Operands))
		for i, x := range e.Operands {
			kids[i] = t.expr(x)
		}
		switch e.Op {
		case grammar.And:
			f = t.c.And(kids...)
		case grammar.Or:
			f = t.c.Or(kids...)
		default:
			f = t.c.Xor(kids...)
		}
	case *grammar.Comparison:
		f = t.comparison(e)
	default:
		f = t.c.freshVar()
	}
	t.out.set(e, f)
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
	if tm.present == True {
		if ne || negate {
			return m.not()
		}
		return m
	}
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
	s, ok := litString(l)
	if !ok {
		return t.opaque("bool", cmp)
	}
	tm, h, ok := t.bytesTerm(a.LHS)
	if !ok {
		return t.opaque("bool", cmp)
	}
	kind := lSuffix
	if prefix {
		kind = lPrefix
	}
	m, at, fresh := t.c.atomOf(atomKey{term: tm, kind: kind, h: h, s: s})
	if fresh {
		at.bytes = bytesLit{kind: kind, h: h, s: s}
	}
	return t.member(tm, m, false, false)
}

// valueTerm resolves a value to its term: a field with its indexes, or an
// opaque call. kind is the term's type. present is whether it can never be
// missing.
func (t *translator) valueTerm(v *grammar.Value, kind termKind) (*term, bool) {
	key := v.Name.Text
	if v.Call != nil || len(v.Indexes) > 0 {
		var ok bool
		if key, ok = t.canon(v); !ok {
			return nil, false
		}
	}
	f := t.x.FieldOf(v)
	field := f != nil && v.Call == nil
	if !field {
		if fn := t.x.FuncOf(v); fn == nil || !deterministic[fn.Name] {
			t.c.fresh++
			key = "fresh#" + strconv.Itoa(t.c.fresh)
		}
	}
	key = t.scoped(key)
	if tm, ok := t.c.terms[key]; ok {
		return tm, true
	}
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
	}
	tm := t.c.termOf(key, v.Span().Text(t.src), kind, present, dom)
	if field && t.scope == 0 {
		tm.field, tm.path = true, path
	}
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
		ivs := make([]Interval, len(r.Items))
		for i, it := range r.Items {
			lo, hi, _, err := it.IntRange()
			if err != nil {
				return nil, false
			}
			ivs[i] = Interval{lo, hi}
		}
		return IntervalsOf(ivs), true
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
			k := intKey(s, lit.lengths)
			k.kind, k.h = lLength, h
			m, a, fresh := t.c.atomOf(k)
			if fresh {
				a.bytes = lit
			}
			return t.member(s, m, false, ne)
		}
		// A long length: an integer of its own, missing when the string is.
		key := "len(" + s.key + ")"
		tm, ok := t.c.terms[key]
		if !ok {
			tm = t.c.termOf(key, cmp.LHS.Span().Text(t.src), kInt, true, IntRange(0, math.MaxInt64))
			tm.present, tm.base = s.present, s.key
		}
		m, a, fresh := t.c.atomOf(intKey(tm, set))
		if fresh {
			a.ints = set
		}
		return t.member(tm, m, false, ne)
	}
	tm, ok := t.valueTerm(cmp.LHS, kInt)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	m, a, fresh := t.c.atomOf(intKey(tm, set))
	if fresh {
		a.ints = set
	}
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
		from, to := make([]netip.Addr, len(r.Items)), make([]netip.Addr, len(r.Items))
		for i, it := range r.Items {
			item, err := it.IPSetItem()
			if err != nil {
				return IPSet{}, false
			}
			from[i], to[i] = item.From, item.To
		}
		return IPSetOf(from, to), true
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
	m, a, fresh := t.c.atomOf(atomKey{term: tm, s: ipKey(set)})
	if fresh {
		a.ips = set
	}
	return t.member(tm, m, false, op == grammar.OpNe)
}

func ipKey(s IPSet) string {
	b := make([]byte, 0, 4+32*(len(s.v4)+len(s.v6)))
	for _, fam := range []spans{s.v4, s.v6} {
		b = binary.AppendUvarint(b, uint64(len(fam)))
		for _, r := range fam {
			b = binary.LittleEndian.AppendUint64(b, r.lo.hi)
			b = binary.LittleEndian.AppendUint64(b, r.lo.lo)
			b = binary.LittleEndian.AppendUint64(b, r.hi.hi)
			b = binary.LittleEndian.AppendUint64(b, r.hi.lo)
		}
	}
	return string(b)
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
	if set, ok := cmp.RHS.(*grammar.Set); ok {
		if op != grammar.OpIn {
			return t.opaque("cmp", cmp)
		}
		items := make([]string, 0, len(set.Items))
		for _, it := range set.Items {
			s, ok := litString(it)
			if !ok || it.Kind == grammar.LitRegex {
				return t.opaque("cmp", cmp)
			}
			items = append(items, s)
		}
		lit := finiteLit(items, h)
		m, a, fresh := t.c.atomOf(atomKey{term: tm, kind: lFinite, h: h, s: itemsKey(lit.items), lo: int64(len(lit.items))})
		if fresh {
			a.bytes = lit
		}
		return t.member(tm, m, false, false)
	}
	l, ok := cmp.RHS.(*grammar.Literal)
	if !ok {
		return t.opaque("cmp", cmp)
	}
	k := atomKey{term: tm, h: h}
	negate := false
	switch op {
	case grammar.OpMatches:
		tree, msg, known := t.x.Regex(l)
		if known && msg != "" {
			return t.opaque("cmp", cmp)
		}
		tr := regexTree(l.Value, tree)
		if tr == nil {
			return t.opaque("cmp", cmp)
		}
		k.kind, k.s = lRegex, l.Value
		m, a, fresh := t.c.atomOf(k)
		if fresh {
			a.bytes = bytesLit{kind: lRegex, h: h, s: l.Value, regex: func(n *nfa) (frag, bool) { return regexLang(n, tr) }}
		}
		return t.member(tm, m, false, false)
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		if !l.IsString() || check.WildcardError(l.Value) != "" {
			return t.opaque("cmp", cmp)
		}
		fold := op == grammar.OpWildcard
		k.kind, k.s, k.flag = lWildcard, l.Value, fold
		m, a, fresh := t.c.atomOf(k)
		if fresh {
			a.bytes = wildcardLit(l.Value, fold, h)
		}
		return t.member(tm, m, false, false)
	}
	s, ok := litString(l)
	if !ok || l.Kind == grammar.LitRegex {
		return t.opaque("cmp", cmp)
	}
	k.s = s
	switch op {
	case grammar.OpEq, grammar.OpNe:
		k.kind, k.lo = lFinite, 1
	case grammar.OpContains:
		k.kind = lContains
	case grammar.OpLt, grammar.OpGe:
		k.kind, negate = lLess, op == grammar.OpGe
	case grammar.OpLe, grammar.OpGt:
		k.kind, k.flag, negate = lLess, true, op == grammar.OpGt
	default:
		return t.opaque("cmp", cmp)
	}
	m, a, fresh := t.c.atomOf(k)
	if fresh {
		a.bytes = bytesLit{kind: k.kind, h: h, s: s, orEqual: k.flag}
		if k.kind == lFinite {
			a.bytes.items = []string{s}
		}
	}
	return t.member(tm, m, negate, op == grammar.OpNe)
}

// itemsKey writes a set's items, each after its length: different sets,
// different keys.
func itemsKey(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	var b []byte
	for _, it := range items {
		b = binary.AppendUvarint(b, uint64(len(it)))
		b = append(b, it...)
	}
	return string(b)
}

// litString returns a string literal's bytes.
func litString(l *grammar.Literal) (string, bool) {
	if l.IsString() {
		return l.Value, true
	}
	b, err := l.Bytes()
	if err != nil {
		return "", false
	}
	return string(b), true
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
