package analyzer

import (
	"math"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wflint/wflint/check"
	"github.com/wflint/wflint/grammar"
	"github.com/wflint/wflint/schema"
)

// Interval is the inclusive integer range Lo..Hi.
type Interval struct{ Lo, Hi int64 }

// Intervals is a set of integers kept as sorted, disjoint, non-adjacent
// inclusive intervals. The nil value is the empty set. Values are never
// modified in place, so they can be shared.
type Intervals []Interval

// AllInts is the set of every int64.
func AllInts() Intervals { return Intervals{{math.MinInt64, math.MaxInt64}} }

// allInts is the shared full set; Intervals are never modified in place,
// so the evaluator can hand it out without copying.
var allInts = AllInts()

// The evaluator's other constant sets, shared likewise.
var (
	bytesDomain = IntRange(0, math.MaxInt64)
	ipDomain    = IntRange(0, ipv6Point)
	boolDomain  = IntRange(0, 1)
	justOne     = IntRange(1, 1)
	justZero    = IntRange(0, 0)
)

// IntRange returns the set lo..hi, empty when hi < lo.
func IntRange(lo, hi int64) Intervals {
	if hi < lo {
		return nil
	}
	return Intervals{{lo, hi}}
}

// IsEmpty reports whether the set has no values.
func (s Intervals) IsEmpty() bool { return len(s) == 0 }

// IsFull reports whether the set holds every int64.
func (s Intervals) IsFull() bool {
	return len(s) == 1 && s[0].Lo == math.MinInt64 && s[0].Hi == math.MaxInt64
}

// Contains reports whether v is in the set.
func (s Intervals) Contains(v int64) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].Hi >= v })
	return i < len(s) && s[i].Lo <= v
}

// Bounds returns the smallest and largest values; ok is false for the
// empty set.
func (s Intervals) Bounds() (lo, hi int64, ok bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	return s[0].Lo, s[len(s)-1].Hi, true
}

// Union returns s ∪ o.
func (s Intervals) Union(o Intervals) Intervals {
	if len(s) == 0 || o.IsFull() {
		return o
	}
	if len(o) == 0 || s.IsFull() {
		return s
	}
	out := make(Intervals, 0, len(s)+len(o))
	i, j := 0, 0
	for i < len(s) || j < len(o) {
		var next Interval
		if j >= len(o) || i < len(s) && s[i].Lo <= o[j].Lo {
			next = s[i]
			i++
		} else {
			next = o[j]
			j++
		}
		if n := len(out); n > 0 && (out[n-1].Hi == math.MaxInt64 || next.Lo <= out[n-1].Hi+1) {
			if next.Hi > out[n-1].Hi {
				out[n-1].Hi = next.Hi
			}
			continue
		}
		out = append(out, next)
	}
	return out
}

// Intersect returns s ∩ o.
func (s Intervals) Intersect(o Intervals) Intervals {
	if s.IsFull() {
		return o
	}
	if o.IsFull() {
		return s
	}
	var out Intervals
	i, j := 0, 0
	for i < len(s) && j < len(o) {
		lo, hi := max(s[i].Lo, o[j].Lo), min(s[i].Hi, o[j].Hi)
		if lo <= hi {
			out = append(out, Interval{lo, hi})
		}
		if s[i].Hi < o[j].Hi {
			i++
		} else {
			j++
		}
	}
	return out
}

// Complement returns every int64 not in s.
func (s Intervals) Complement() Intervals {
	if len(s) == 0 {
		return AllInts()
	}
	out := make(Intervals, 0, len(s)+1)
	next := int64(math.MinInt64)
	for _, iv := range s {
		if iv.Lo > next {
			out = append(out, Interval{next, iv.Lo - 1})
		}
		if iv.Hi == math.MaxInt64 {
			return out
		}
		next = iv.Hi + 1
	}
	return append(out, Interval{next, math.MaxInt64})
}

// disjoint reports whether s and o have no value in common, without
// building the intersection.
func (s Intervals) disjoint(o Intervals) bool {
	i, j := 0, 0
	for i < len(s) && j < len(o) {
		if max(s[i].Lo, o[j].Lo) <= min(s[i].Hi, o[j].Hi) {
			return false
		}
		if s[i].Hi < o[j].Hi {
			i++
		} else {
			j++
		}
	}
	return true
}

// Minus returns s \ o.
func (s Intervals) Minus(o Intervals) Intervals { return s.Intersect(o.Complement()) }

// String renders the set in the language's set notation, such as
// "{1..9 51..99}"; an unbounded side is left empty ("{51..}"), and the
// empty set is "{}".
func (s Intervals) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, iv := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		if iv.Lo == iv.Hi {
			b.WriteString(strconv.FormatInt(iv.Lo, 10))
			continue
		}
		if iv.Lo != math.MinInt64 {
			b.WriteString(strconv.FormatInt(iv.Lo, 10))
		}
		b.WriteString("..")
		if iv.Hi != math.MaxInt64 {
			b.WriteString(strconv.FormatInt(iv.Hi, 10))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// DomainIntervals returns the documented values of an Int field as a set:
// its Min..Max range plus documented special values, or its closed list of
// values. It returns every int64 when the field documents no bounds.
func DomainIntervals(f *schema.Field) Intervals {
	if f == nil || f.Domain == nil || f.Type != schema.TypeInt {
		return AllInts()
	}
	d := f.Domain
	if len(d.IntValues) > 0 {
		var out Intervals
		for _, v := range d.IntValues {
			out = out.Union(IntRange(v, v))
		}
		return out
	}
	if d.Min == nil && d.Max == nil {
		return AllInts()
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if d.Min != nil {
		lo = *d.Min
	}
	if d.Max != nil {
		hi = *d.Max
	}
	out := IntRange(lo, hi)
	for v := range d.Special {
		out = out.Union(IntRange(v, v))
	}
	return out
}

// IntConstraint returns the values of the Int field named field for which
// the expression x can be true. The result over-approximates: comparisons
// of the field itself (eq, ne, lt, le, gt, ge, in with a set) and and, or,
// xor, not and parentheses over them are exact; anything else (other
// fields, functions, lists) is taken to be possibly true or false, which
// widens the result. ok is false when x never compares the field. The
// field's documented domain is not applied; intersect with
// DomainIntervals for that.
func IntConstraint(x grammar.Expr, info *check.Checked, src, field string) (Intervals, bool) {
	if x == nil || info == nil {
		return AllInts(), false
	}
	ev := &absEval{src: src, info: info, only: field}
	n := ev.expr(x)
	for _, f := range n.facts {
		k := ev.keys[f.key]
		if k.kind == absInt {
			return f.t.iv, true
		}
	}
	return AllInts(), false
}

// ScoreRange returns the lowest and highest cf.bot_management.score for
// which a feedback expression can match, within the documented range
// 1..99. ok is false when the expression does not parse or type-check
// under the feedback profile, does not constrain the score, or can match
// no score at all.
func ScoreRange(src string) (lo, hi int, ok bool) {
	x, errs := grammar.Parse(src)
	if len(errs) > 0 || x.Root == nil {
		return 0, 0, false
	}
	// Type-check only: the lint rules are not needed to read the score.
	sch := schema.Feedback()
	info, errs := check.Check(x, sch, check.Options{})
	if errs.HasErrors() {
		return 0, 0, false
	}
	const name = "cf.bot_management.score"
	set, found := IntConstraint(x.Root, info, src, name)
	if !found {
		return 0, 0, false
	}
	f, _ := sch.Field(name)
	l, h, nonEmpty := set.Intersect(DomainIntervals(f)).Bounds()
	if !nonEmpty {
		return 0, 0, false
	}
	return int(l), int(h), true
}

// The abstract evaluator below computes, for each value an expression
// compares (a field, an indexed value, a function call), two sets: the
// values for which a node can be true (t) and those for which it can be
// false (f). Comparisons with literals are exact; combining with and/or
// and not follows set algebra. A value not mentioned by a node is
// unconstrained there. Bytes values are mapped to integers by interning
// each literal (every other string stands in the gap above them), IPv4
// addresses to their 32-bit value and all IPv6 addresses to one extra
// point, so one interval representation serves every type.
//
// Missing values (absent map keys, indexes past the end, functions without
// a result) are a separate flag: every comparison on a missing value is
// false except `ne`, which the engine makes true and the product
// documentation false; the evaluator treats `ne` on a missing value as
// either, so conclusions hold under both readings.

type absKind uint8

const (
	absInt absKind = iota + 1
	absBytes
	absIP
	absBool
)

// ipv6Point stands for every IPv6 address: no IPv4 literal compares
// equal or ordered with one, so they behave alike in every comparison
// with an IPv4 literal.
const ipv6Point = 1 << 32

type absKey struct {
	text    string
	kind    absKind
	missing bool // the value can be missing
	dom     Intervals
	field   *schema.Field // for plain fields, else nil
	strs    map[string]int64
}

type absVal struct {
	iv      Intervals
	missing bool
}

type absFact struct {
	key  int
	t, f absVal
}

type absNode struct {
	facts []absFact
	// constKey is the index into facts of a value whose sets prove the
	// node always false (alwaysFalse) or always true (alwaysTrue).
	alwaysTrue, alwaysFalse bool
	constFact               int
}

type absEval struct {
	src  string
	info *check.Checked
	keys []*absKey
	// only restricts tracking to the plain field with this name.
	only string
	// quantifiers evaluates the argument of each any(…) and all(…) as
	// an expression of its own, so the hook sees the nodes inside.
	quantifiers bool
	// post is called after each logical node, comparison and not is
	// evaluated, with the results of its operands.
	post func(e grammar.Expr, n *absNode, kids []absNode)

	// The first keys, and the facts of comparisons, live in the
	// evaluator's own memory: an expression compares a few values, and
	// allocating each key and one-fact list apart cost more than the
	// evaluation.
	keyBuf   [4]*absKey
	keySlab  [4]absKey
	nkeys    int
	factSlab []absFact
	kids     []absNode // a stack of the results of logical operands
}

// newKey returns a zeroed key for ev.keys.
func (ev *absEval) newKey() *absKey {
	if ev.keys == nil {
		ev.keys = ev.keyBuf[:0]
	}
	if ev.nkeys < len(ev.keySlab) {
		ev.nkeys++
		return &ev.keySlab[ev.nkeys-1]
	}
	return &absKey{}
}

// facts returns an empty list of facts with room for n, and no more: an
// append past it moves the list rather than overwrite the next one.
func (ev *absEval) facts(n int) []absFact {
	if cap(ev.factSlab)-len(ev.factSlab) < n {
		ev.factSlab = make([]absFact, 0, max(6, n, 2*cap(ev.factSlab)))
	}
	i := len(ev.factSlab)
	ev.factSlab = ev.factSlab[:i+n]
	return ev.factSlab[i : i : i+n]
}

// fact returns a list of the one fact f.
func (ev *absEval) fact(f absFact) []absFact {
	return append(ev.facts(1), f)
}

func (ev *absEval) all(k int) absVal {
	return absVal{iv: allInts, missing: ev.keys[k].missing}
}

func (ev *absEval) expr(e grammar.Expr) absNode {
	switch e := e.(type) {
	case *grammar.Paren:
		return ev.expr(e.X)
	case *grammar.Not:
		x := ev.expr(e.X)
		n := absNode{facts: ev.facts(len(x.facts))}
		for _, f := range x.facts {
			n.facts = append(n.facts, absFact{key: f.key, t: f.f, f: f.t})
		}
		ev.finish(e, &n, []absNode{x})
		return n
	case *grammar.Logical:
		// The operands' results are taken from a stack the evaluator
		// keeps, popped when done (a nested run may move the stack; these
		// stay where they are).
		base := len(ev.kids)
		ev.kids = slices.Grow(ev.kids, len(e.Operands))[:base+len(e.Operands)]
		kids := ev.kids[base : base+len(e.Operands) : base+len(e.Operands)]
		for i, x := range e.Operands {
			kids[i] = ev.expr(x)
		}
		n := ev.combine(e.Op, kids)
		ev.finish(e, &n, kids)
		clear(kids)
		ev.kids = ev.kids[:base]
		return n
	case *grammar.Comparison:
		n := ev.comparison(e)
		ev.finish(e, &n, nil)
		return n
	}
	return absNode{}
}

// finish decides whether the node is constant and calls the hook.
func (ev *absEval) finish(e grammar.Expr, n *absNode, kids []absNode) {
	for i, f := range n.facts {
		dom := ev.keys[f.key].dom
		if !f.t.missing && f.t.iv.disjoint(dom) {
			n.alwaysFalse, n.constFact = true, i
			break
		}
		if !f.f.missing && f.f.iv.disjoint(dom) {
			n.alwaysTrue, n.constFact = true, i
			break
		}
	}
	if ev.post != nil {
		ev.post(e, n, kids)
	}
}

// combine folds the operands' facts with and, or or xor. A value that an
// operand does not mention is unconstrained in it.
func (ev *absEval) combine(op grammar.LogicalOp, kids []absNode) absNode {
	var keys []int
	for _, k := range kids {
		for _, f := range k.facts {
			seen := false
			for _, x := range keys {
				if x == f.key {
					seen = true
					break
				}
			}
			if !seen {
				keys = append(keys, f.key)
			}
		}
	}
	n := absNode{facts: ev.facts(len(keys))}
	for _, key := range keys {
		var acc absFact
		for i, kid := range kids {
			cur := absFact{key: key, t: ev.all(key), f: ev.all(key)}
			for _, f := range kid.facts {
				if f.key == key {
					cur = f
					break
				}
			}
			if i == 0 {
				acc = cur
				continue
			}
			switch op {
			case grammar.And:
				acc.t = absVal{acc.t.iv.Intersect(cur.t.iv), acc.t.missing && cur.t.missing}
				acc.f = absVal{acc.f.iv.Union(cur.f.iv), acc.f.missing || cur.f.missing}
			case grammar.Or:
				acc.t = absVal{acc.t.iv.Union(cur.t.iv), acc.t.missing || cur.t.missing}
				acc.f = absVal{acc.f.iv.Intersect(cur.f.iv), acc.f.missing && cur.f.missing}
			case grammar.Xor:
				// True when exactly one side is true; a sound cover of
				// the pairs of outcomes.
				t := acc.t.iv.Intersect(cur.f.iv).Union(acc.f.iv.Intersect(cur.t.iv))
				f := acc.t.iv.Intersect(cur.t.iv).Union(acc.f.iv.Intersect(cur.f.iv))
				tm := acc.t.missing && cur.f.missing || acc.f.missing && cur.t.missing
				fm := acc.t.missing && cur.t.missing || acc.f.missing && cur.f.missing
				acc.t, acc.f = absVal{t, tm}, absVal{f, fm}
			}
		}
		n.facts = append(n.facts, acc)
	}
	return n
}

// key interns the compared value and returns its index, or -1 when the
// value is not tracked.
func (ev *absEval) key(v *grammar.Value, kind absKind) int {
	if ev.info.IsMapped(v) && ev.only != "" {
		return -1
	}
	f := ev.info.FieldOf(v)
	plain := f != nil && v.Call == nil && len(v.Indexes) == 0
	if ev.only != "" && (!plain || f.Name != ev.only) {
		return -1
	}
	text := v.Span().Text(ev.src)
	for i, k := range ev.keys {
		if k.kind == kind && k.text == text {
			return i
		}
	}
	k := ev.newKey()
	*k = absKey{text: text, kind: kind, missing: !plain && !ev.info.IsMapped(v)}
	if plain {
		k.field = f
	}
	switch kind {
	case absInt:
		k.dom = allInts
		if plain {
			k.dom = DomainIntervals(f)
		}
	case absBytes:
		k.dom = bytesDomain
	case absIP:
		k.dom = ipDomain
	case absBool:
		k.dom = boolDomain
	}
	ev.keys = append(ev.keys, k)
	return len(ev.keys) - 1
}

// intern maps a byte string to its point in the Bytes encoding.
func (k *absKey) intern(s string) int64 {
	if id, ok := k.strs[s]; ok {
		return id
	}
	if k.strs == nil {
		k.strs = map[string]int64{}
	}
	id := int64(len(k.strs))
	k.strs[s] = id
	return id
}

func (ev *absEval) comparison(c *grammar.Comparison) absNode {
	t := ev.info.TypeOf(c.LHS)
	if ev.quantifiers && c.LHS.Call != nil && len(c.LHS.Call.Args) == 1 {
		if f := ev.info.FuncOf(c.LHS); f != nil && f.Quantifier {
			ev.expr(c.LHS.Call.Args[0])
		}
	}
	if c.Op == nil {
		if t != schema.TypeBool {
			return absNode{}
		}
		k := ev.key(c.LHS, absBool)
		if k < 0 {
			return absNode{}
		}
		m := ev.keys[k].missing
		return absNode{facts: ev.fact(absFact{key: k, t: absVal{justOne, false}, f: absVal{justZero, m}})}
	}
	var kind absKind
	switch t {
	case schema.TypeInt:
		kind = absInt
	case schema.TypeBytes:
		kind = absBytes
	case schema.TypeIP:
		kind = absIP
	default:
		return absNode{}
	}
	k := ev.key(c.LHS, kind)
	if k < 0 {
		return absNode{}
	}
	key := ev.keys[k]
	tset, fset, ok := ev.sets(key, c.Op.Kind, c.RHS)
	if !ok {
		return absNode{}
	}
	// A missing value makes every comparison false except ne, which is
	// true in the engine and false per the product documentation.
	tm := key.missing && c.Op.Kind == grammar.OpNe
	return absNode{facts: ev.fact(absFact{key: k, t: absVal{tset, tm}, f: absVal{fset, key.missing}})}
}

// sets returns the values for which `value op rhs` is true and false.
func (ev *absEval) sets(k *absKey, op grammar.CmpKind, rhs grammar.Operand) (t, f Intervals, ok bool) {
	switch r := rhs.(type) {
	case *grammar.Set:
		if op != grammar.OpIn {
			return nil, nil, false
		}
		var in Intervals
		v6 := false
		for _, it := range r.Items {
			iv, isV6, ok := k.item(it)
			if !ok {
				return nil, nil, false
			}
			v6 = v6 || isV6
			in = in.Union(iv)
		}
		out := in.Complement()
		if v6 {
			// An IPv6 value may or may not be in the set's IPv6 items.
			in = in.Union(IntRange(ipv6Point, ipv6Point))
		}
		return in, out, true
	case *grammar.Literal:
		switch k.kind {
		case absInt:
			v, err := r.Int()
			if err != nil {
				return nil, nil, false
			}
			t, ok = ordered(op, v, math.MinInt64, math.MaxInt64)
			return t, t.Complement(), ok
		case absBytes:
			if op != grammar.OpEq && op != grammar.OpNe || r.Kind == grammar.LitRegex {
				return nil, nil, false
			}
			b, err := r.Bytes()
			if err != nil {
				return nil, nil, false
			}
			id := k.intern(string(b))
			t = IntRange(id, id)
			if op == grammar.OpNe {
				return t.Complement(), t, true
			}
			return t, t.Complement(), true
		case absIP:
			a, err := r.IP()
			if err != nil {
				return nil, nil, false
			}
			if !a.Is4() {
				// IPv4 values never compare with an IPv6 literal except
				// through ne, which is true for them.
				p := IntRange(ipv6Point, ipv6Point)
				if op == grammar.OpNe {
					return AllInts(), p, true
				}
				if op == grammar.OpEq || op == grammar.OpLt || op == grammar.OpLe || op == grammar.OpGt || op == grammar.OpGe {
					return p, AllInts(), true
				}
				return nil, nil, false
			}
			t, ok = ordered(op, ip4(a), 0, ipv6Point-1)
			return t, t.Complement(), ok
		}
	}
	return nil, nil, false
}

// ordered returns the values in lo..hi for which `value op v` holds; for
// ne the result also covers every value outside lo..hi.
func ordered(op grammar.CmpKind, v, lo, hi int64) (Intervals, bool) {
	switch op {
	case grammar.OpEq:
		return IntRange(v, v), true
	case grammar.OpNe:
		return IntRange(v, v).Complement(), true
	case grammar.OpLt:
		if v == math.MinInt64 {
			return nil, true
		}
		return IntRange(lo, v-1), true
	case grammar.OpLe:
		return IntRange(lo, v), true
	case grammar.OpGt:
		if v == math.MaxInt64 {
			return nil, true
		}
		return IntRange(v+1, hi), true
	case grammar.OpGe:
		return IntRange(v, hi), true
	}
	return nil, false
}

// item returns the values a set item covers in the key's encoding.
func (k *absKey) item(l *grammar.Literal) (iv Intervals, v6, ok bool) {
	switch k.kind {
	case absInt:
		lo, hi, _, err := l.IntRange()
		if err != nil {
			return nil, false, false
		}
		return IntRange(lo, hi), false, true
	case absBytes:
		if l.Kind == grammar.LitRegex {
			return nil, false, false
		}
		b, err := l.Bytes()
		if err != nil {
			return nil, false, false
		}
		id := k.intern(string(b))
		return IntRange(id, id), false, true
	case absIP:
		it, err := l.IPSetItem()
		if err != nil {
			return nil, false, false
		}
		if !it.From.Is4() {
			return nil, true, true
		}
		return IntRange(ip4(it.From), ip4(it.To)), false, true
	}
	return nil, false, false
}

func ip4(a netip.Addr) int64 {
	b := a.As4()
	return int64(b[0])<<24 | int64(b[1])<<16 | int64(b[2])<<8 | int64(b[3])
}
