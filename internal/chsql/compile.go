// Package chsql compiles a type-checked Rules-language expression into a
// ClickHouse SQL predicate over a table of Logpush http_requests records,
// and writes the one aggregation query that computes a feedback report's
// numbers from it (see Query).
//
// The semantics are those of package eval, exactly, or Compile refuses: a
// missing value (NULL) makes every comparison false (or `ne` true, with
// Options.NotEqualOnMissing), `wildcard` folds ASCII case, regexes are
// translated from the engine's byte-oriented Rust dialect to re2 (see
// Regex), country codes are upper-cased as package logpush does, and IP
// addresses are compared as the evaluator compares them (an IPv4 address
// never equals or orders against an IPv6 one). Every value is written as an
// escaped literal (String, Int); nothing from the expression reaches the SQL
// text unescaped. The SQL runs on ClickHouse 18.16 and on current versions.
package chsql

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/schema"
)

// Backend is the ClickHouse compiler's name in its refusals
// ([check.Refusal]).
const Backend = "clickhouse"

// Options tune Compile.
type Options struct {
	// Columns maps Logpush field names (ClientIP, BotScore …) to the
	// table's column names; a field not in the map is read from the column
	// of its own name.
	Columns map[string]string
	// NotEqualOnMissing gives `!=` on a missing value the result true (the
	// open-source engine's default); see eval.WithNotEqualOnMissing.
	NotEqualOnMissing bool
	// TimestampFormat is how an integer or text EdgeStartTimestamp is read
	// (TimestampAuto, TimestampRFC3339, TimestampUnix, TimestampUnixNano).
	TimestampFormat string
	// Layout is the table's columns and types (NewLayout, from DESCRIBE
	// TABLE); nil means CreateTable's table with Columns' names.
	Layout *Layout
}

// Column returns the column name for a Logpush field under opts.
func (o Options) Column(f logpush.Field) string {
	if o.Layout != nil {
		return o.Layout.column(f)
	}
	return columnName(o.Columns, f)
}

// layout is opts.Layout or the default one.
func (o Options) layout() (*Layout, error) {
	if o.Layout != nil {
		return o.Layout, nil
	}
	return DefaultLayout(o.Columns, o.TimestampFormat)
}

// Predicate is a compiled expression.
type Predicate struct {
	// SQL is a ClickHouse boolean expression (UInt8, never NULL). It may
	// name the aliases of With.
	SQL string
	// With are the definitions ("expr AS name") SQL uses, for the WITH
	// clause of the query it is part of: a value that would otherwise be
	// written out many times (an address read from text) is written once.
	With []string
	// Fields are the Logpush fields it reads, sorted by name.
	Fields []string
}

// rulesToLogpush maps each Rules field to the Logpush field that provides it.
var rulesToLogpush = func() map[string]logpush.Field {
	m := map[string]logpush.Field{}
	for f := logpush.Field(0); f < logpush.NumFields; f++ {
		for _, r := range f.RulesFields() {
			m[r] = f
		}
	}
	return m
}()

// Compile translates a checked expression. Check errors, and every
// construct that cannot be translated exactly, are refused with a
// *check.Refusal from Backend. As in eval, the check's warnings (a field
// beyond the documented feedback fields) do not refuse: which of them
// refuse an expression is reportbuild.Accept's decision, made once for
// both builds.
func Compile(x *check.Checked, opts Options) (*Predicate, error) {
	if r := x.Refusal(Backend); r != nil {
		return nil, r
	}
	l, err := opts.layout()
	if err != nil {
		return nil, &check.Refusal{Backend: Backend, Msg: err.Error()}
	}
	c := &compiler{src: x.Expr.Src, info: x, opts: opts, layout: l, used: map[string]bool{}}
	s, err := c.boolExpr(x.Expr.Root)
	if err != nil {
		return nil, err
	}
	p := &Predicate{SQL: s, With: c.with}
	for f := range c.used {
		p.Fields = append(p.Fields, f)
	}
	sort.Strings(p.Fields)
	return p, nil
}

type compiler struct {
	src    string
	info   *check.Checked
	opts   Options
	layout *Layout
	used   map[string]bool
	with   []string // WITH definitions, each once
}

// alias defines name as expr in the query's WITH clause (once) and
// returns name.
func (c *compiler) alias(name, expr string) string {
	def := expr + " AS " + name
	if !slices.Contains(c.with, def) {
		c.with = append(c.with, def)
	}
	return name
}

// errf refuses the node n.
func (c *compiler) errf(n grammar.Node, format string, args ...any) *check.Refusal {
	return check.Refuse(Backend, c.src, n.Span(), fmt.Sprintf(format, args...))
}

func (c *compiler) boolExpr(e grammar.Expr) (string, error) {
	switch e := e.(type) {
	case *grammar.Paren:
		return c.boolExpr(e.X)
	case *grammar.Not:
		x, err := c.boolExpr(e.X)
		if err != nil {
			return "", err
		}
		return "(NOT " + x + ")", nil
	case *grammar.Logical:
		ops := make([]string, len(e.Operands))
		for i, o := range e.Operands {
			s, err := c.boolExpr(o)
			if err != nil {
				return "", err
			}
			ops[i] = s
		}
		switch e.Op {
		case grammar.And:
			return "(" + strings.Join(ops, " AND ") + ")", nil
		case grammar.Or:
			return "(" + strings.Join(ops, " OR ") + ")", nil
		}
		acc := ops[0]
		for _, o := range ops[1:] {
			acc = "(" + acc + " != " + o + ")"
		}
		return acc, nil
	case *grammar.Comparison:
		return c.comparison(e)
	case *grammar.BadExpr:
		return "", c.errf(e, "the expression has a syntax error here")
	}
	return "", c.errf(e, "unsupported expression %T", e)
}

// val is a translated value: SQL of the given kind, NULL when missing.
// IP values carry the column expression (a Nullable String).
type val struct {
	sql string
	typ schema.Type
}

// ifNull makes a comparison definite: a missing operand gives def.
func ifNull(cmp string, def bool) string {
	d := "0"
	if def {
		d = "1"
	}
	return "ifNull(" + cmp + ", " + d + ")"
}

func (c *compiler) comparison(e *grammar.Comparison) (string, error) {
	v, err := c.value(e.LHS)
	if err != nil {
		return "", err
	}
	if e.Op == nil {
		if v.typ.Kind() != schema.KindBool {
			return "", c.errf(e, "a %s value is not a condition", v.typ)
		}
		return ifNull(v.sql, false), nil
	}
	miss := e.Op.Kind == grammar.OpNe && c.opts.NotEqualOnMissing
	var cmp string
	switch v.typ.Kind() {
	case schema.KindBytes:
		cmp, err = c.bytesCmp(e, v.sql)
	case schema.KindInt:
		cmp, err = c.intCmp(e, v.sql)
	case schema.KindIP:
		cmp, err = c.ipCmp(e, v.sql)
	default:
		return "", c.errf(e, "comparisons on %s values are not translated", v.typ)
	}
	if err != nil {
		return "", err
	}
	// A missing operand decides the result before the comparison is
	// looked at: three-valued AND/NOT inside cmp must not turn NULL
	// into a definite answer.
	d := "0"
	if miss {
		d = "1"
	}
	return "if(isNull(" + v.sql + "), " + d + ", " + ifNull(cmp, miss) + ")", nil
}

var sqlOps = map[grammar.CmpKind]string{
	grammar.OpEq: "=", grammar.OpNe: "!=", grammar.OpLt: "<", grammar.OpLe: "<=", grammar.OpGt: ">", grammar.OpGe: ">=",
}

// setItems returns the literals on the right of `in`; lists are refused.
func (c *compiler) setItems(e *grammar.Comparison) ([]*grammar.Literal, error) {
	set, ok := e.RHS.(*grammar.Set)
	if !ok {
		return nil, c.errf(e.RHS, "lists ($name) are not translated to ClickHouse")
	}
	return set.Items, nil
}

// anyOf is the disjunction of parts; false when there are none (`in {}`).
func anyOf(parts []string) string {
	if len(parts) == 0 {
		return "0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func (c *compiler) lit(e *grammar.Comparison) (*grammar.Literal, error) {
	l, ok := e.RHS.(*grammar.Literal)
	if !ok {
		return nil, c.errf(e.RHS, "`%s` takes a single literal", e.Op.Text)
	}
	return l, nil
}

func (c *compiler) litErr(d *diag.Diagnostic) error {
	return check.Refuse(Backend, c.src, d.Span, d.Message)
}

func (c *compiler) bytesCmp(e *grammar.Comparison, x string) (string, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		set, err := c.setItems(e)
		if err != nil {
			return "", err
		}
		if len(set) == 0 {
			return "0", nil
		}
		items := make([]string, len(set))
		for i, it := range set {
			bs, lerr := it.Bytes()
			if lerr != nil {
				return "", c.litErr(lerr)
			}
			items[i] = String(string(bs))
		}
		return x + " IN (" + strings.Join(items, ", ") + ")", nil
	}
	l, err := c.lit(e)
	if err != nil {
		return "", err
	}
	switch op {
	case grammar.OpMatches:
		re, rerr := Regex(l.Value)
		if rerr != nil {
			return "", c.errf(l, "%s", rerr.Error())
		}
		return "match(" + x + ", " + String(re) + ")", nil
	case grammar.OpWildcard, grammar.OpStrictWildcard:
		fold := op == grammar.OpWildcard
		pat := likePattern(l.Value, fold)
		if fold {
			return "lower(" + x + ") LIKE " + String(pat), nil
		}
		return x + " LIKE " + String(pat), nil
	}
	bs, lerr := l.Bytes()
	if lerr != nil {
		return "", c.litErr(lerr)
	}
	s := String(string(bs))
	if o, ok := sqlOps[op]; ok {
		return x + " " + o + " " + s, nil
	}
	if op == grammar.OpContains {
		return "position(" + x + ", " + s + ") > 0", nil
	}
	return "", c.errf(e, "operator %s on Bytes is not translated", op)
}

// likePattern turns a wildcard pattern (`*` any run, `\*` and `\\` literal)
// into a LIKE pattern: `%` for each star, with LIKE's own `%`, `_` and `\`
// escaped. fold lower-cases ASCII letters, as the value is lower()ed.
func likePattern(p string, fold bool) string {
	var b strings.Builder
	put := func(ch byte) {
		if fold && 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		if ch == '%' || ch == '_' || ch == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(ch)
	}
	for i := 0; i < len(p); i++ {
		switch ch := p[i]; {
		case ch == '\\' && i+1 < len(p):
			i++
			put(p[i])
		case ch == '*':
			b.WriteByte('%')
		default:
			put(ch)
		}
	}
	return b.String()
}

func (c *compiler) intCmp(e *grammar.Comparison, x string) (string, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		set, err := c.setItems(e)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, it := range set {
			lo, hi, _, lerr := it.IntRange()
			if lerr != nil {
				return "", c.litErr(lerr)
			}
			if lo == hi {
				parts = append(parts, x+" = "+Int(lo))
			} else {
				parts = append(parts, "("+x+" >= "+Int(lo)+" AND "+x+" <= "+Int(hi)+")")
			}
		}
		return anyOf(parts), nil
	}
	l, err := c.lit(e)
	if err != nil {
		return "", err
	}
	n, lerr := l.Int()
	if lerr != nil {
		return "", c.litErr(lerr)
	}
	if o, ok := sqlOps[op]; ok {
		return x + " " + o + " " + Int(n), nil
	}
	if op == grammar.OpBitAnd {
		return "bitAnd(" + x + ", " + Int(n) + ") != 0", nil
	}
	return "", c.errf(e, "operator %s on Int is not translated", op)
}

// IP values: x is a Nullable(String) column expression holding the address
// as Logpush writes it (NULL when missing). IPv4 addresses are compared as
// UInt32, IPv6 ones as the hex of their 16 bytes (fixed width, so string
// order is numeric order); the other family's conversion gets a harmless
// constant so current versions, which throw on bad input, never see one.
func ipIs4(x string) string { return "(position(" + x + ", ':') = 0)" }

func ipV4(x string) string {
	return "IPv4StringToNum(if(position(" + x + ", ':') = 0, " + x + ", '0.0.0.0'))"
}

func ipV6(x string) string {
	return "hex(IPv6StringToNum(if(position(" + x + ", ':') > 0, " + x + ", '::')))"
}

func v4num(a netip.Addr) string {
	b := a.As4()
	return fmt.Sprintf("toUInt32(%d)", uint32(b[0])<<24|uint32(b[1])<<16|uint32(b[2])<<8|uint32(b[3]))
}

func v6hex(a netip.Addr) string {
	b := a.As16()
	return fmt.Sprintf("'%X'", b[:])
}

func (c *compiler) ipCmp(e *grammar.Comparison, x string) (string, error) {
	op := e.Op.Kind
	if op == grammar.OpIn {
		set, err := c.setItems(e)
		if err != nil {
			return "", err
		}
		var v4, v6 []string
		for _, l := range set {
			it, lerr := l.IPSetItem()
			if lerr != nil {
				return "", c.litErr(lerr)
			}
			if it.From.Is4() {
				v4 = append(v4, "("+ipV4(x)+" >= "+v4num(it.From)+" AND "+ipV4(x)+" <= "+v4num(it.To)+")")
			} else {
				v6 = append(v6, "("+ipV6(x)+" >= "+v6hex(it.From)+" AND "+ipV6(x)+" <= "+v6hex(it.To)+")")
			}
		}
		var parts []string
		if len(v4) > 0 {
			parts = append(parts, "("+ipIs4(x)+" AND "+anyOf(v4)+")")
		}
		if len(v6) > 0 {
			parts = append(parts, "((NOT "+ipIs4(x)+") AND "+anyOf(v6)+")")
		}
		return anyOf(parts), nil
	}
	l, err := c.lit(e)
	if err != nil {
		return "", err
	}
	a, lerr := l.IP()
	if lerr != nil {
		return "", c.litErr(lerr)
	}
	var fam, num, lit string
	if a.Is4() {
		fam, num, lit = ipIs4(x), ipV4(x), v4num(a)
	} else {
		fam, num, lit = "(NOT "+ipIs4(x)+")", ipV6(x), v6hex(a)
	}
	o, ok := sqlOps[op]
	if !ok {
		return "", c.errf(e, "operator %s on IP addresses is not translated", op)
	}
	same := "(" + fam + " AND " + num + " = " + lit + ")"
	switch op {
	case grammar.OpEq:
		return same, nil
	case grammar.OpNe:
		// Present values of the other family are unequal.
		return "(NOT " + same + ")", nil
	}
	return "(" + fam + " AND " + num + " " + o + " " + lit + ")", nil
}
