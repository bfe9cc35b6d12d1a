package grammar

import "github.com/wflint/wflint/internal/diag"

// Node is any node of the syntax tree. Every node knows its exact byte span
// in the source text.
type Node interface {
	Span() diag.Span
}

// Expr is a node of the logical layer: *Logical, *Not, *Paren, *Comparison
// or *BadExpr. A function argument is an Expr as well, and a literal argument
// is a *Literal.
type Expr interface {
	Node
	exprNode()
}

// Operand is the right-hand side of a comparison: *Literal, *Set or *ListRef.
type Operand interface {
	Node
	operandNode()
}

// Token is one source token kept in the tree: where it is and how the user
// spelled it (for example "and" or "&&"), so that tools can keep or change
// the user's style.
type Token struct {
	Span diag.Span
	Text string
	// Glued is set when a keyword is immediately followed by an identifier
	// character ("notssl"); the engine accepts this, and a lint rule warns.
	Glued bool
}

// LogicalOp is a binary logical operator. Its numeric order is the binding
// order: And binds tighter than Xor, which binds tighter than Or.
type LogicalOp int

// Logical operators.
const (
	And LogicalOp = iota + 1
	Xor
	Or
)

func (op LogicalOp) String() string {
	switch op {
	case And:
		return "and"
	case Xor:
		return "xor"
	case Or:
		return "or"
	}
	return "?"
}

// Symbol returns the C-like spelling of the operator.
func (op LogicalOp) Symbol() string {
	switch op {
	case And:
		return "&&"
	case Xor:
		return "^^"
	case Or:
		return "||"
	}
	return "?"
}

// Logical is a run of one logical operator: `a and b and c` is a single
// node with three operands, as in the engine.
type Logical struct {
	Op       LogicalOp
	Operands []Expr
	// Ops holds the operator tokens between operands: len(Operands)-1.
	Ops []Token

	id uint64 // see NodeID
}

// Not is `not X` or `!X`.
type Not struct {
	Op Token
	X  Expr

	id uint64 // see NodeID
}

// Paren is a parenthesised logical expression. It is kept in the tree so the
// printer can preserve the user's grouping and lint rules can see it.
type Paren struct {
	Lparen, Rparen diag.Pos
	X              Expr

	id uint64 // see NodeID
}

// Comparison is a value, optionally followed by an operator and an operand.
// Op and RHS are nil when the value is used as a boolean on its own (`ssl`,
// `starts_with(http.host, "a")`, `any(...)`).
type Comparison struct {
	LHS *Value
	Op  *CmpOp
	RHS Operand

	id uint64 // see NodeID
}

// Value is a field name or function call, followed by index suffixes.
type Value struct {
	Name    Token // dotted identifier: a field or a function name
	Call    *Call // non-nil when the value is a function call
	Indexes []*Index

	id uint64 // see NodeID
}

// Call holds the parenthesised argument list of a function call.
type Call struct {
	Lparen, Rparen diag.Pos
	Args           []Expr

	id uint64 // see NodeID
}

// IndexKind tells which of the three index forms is used.
type IndexKind int

// Index forms.
const (
	IndexElem IndexKind = iota + 1 // [N]
	IndexKey                       // ["key"]
	IndexStar                      // [*]
)

// Index is one `[...]` suffix.
type Index struct {
	Lbrack, Rbrack diag.Pos
	Kind           IndexKind
	Lit            *Literal // nil for IndexStar

	id uint64 // see NodeID
}

// CmpKind is a comparison operator, independent of its spelling.
type CmpKind int

// Comparison operators.
const (
	OpEq CmpKind = iota + 1
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpContains
	OpMatches
	OpWildcard
	OpStrictWildcard
	OpIn
	OpBitAnd
)

var cmpWords = [...]string{OpEq: "eq", OpNe: "ne", OpLt: "lt", OpLe: "le", OpGt: "gt", OpGe: "ge",
	OpContains: "contains", OpMatches: "matches", OpWildcard: "wildcard", OpStrictWildcard: "strict wildcard",
	OpIn: "in", OpBitAnd: "bitwise_and"}
var cmpSymbols = [...]string{OpEq: "==", OpNe: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpMatches: "~", OpBitAnd: "&"}

// Word returns the English spelling of the operator.
func (k CmpKind) Word() string {
	if k > 0 && int(k) < len(cmpWords) {
		return cmpWords[k]
	}
	return "?"
}

// Symbol returns the C-like spelling, or "" when the operator has none.
func (k CmpKind) Symbol() string {
	if k > 0 && int(k) < len(cmpSymbols) {
		return cmpSymbols[k]
	}
	return ""
}

func (k CmpKind) String() string { return k.Word() }

// CmpOp is a comparison operator token.
type CmpOp struct {
	Kind CmpKind
	Token
}

// IsSymbol reports whether the user spelled the operator in C-like notation.
func (o *CmpOp) IsSymbol() bool { return o.Text != "" && o.Text == o.Kind.Symbol() }

// LitKind is the lexical form of a literal. Forms that depend on the type of
// the left-hand side (a bare `10.20.30.40` is an IP address for ip.src but a
// hex byte string for http.host) are kept as LitBare with their raw text and
// interpreted by the type checker through the Literal methods.
type LitKind int

// Literal forms.
const (
	LitString LitKind = iota + 1 // "..." with the engine's escapes decoded
	LitRaw                       // r"..." or r#"..."#
	LitRegex                     // "..." on the right of matches/~, read in regex mode
	LitBare                      // unquoted: integer, IP, CIDR, range or hex bytes
)

// Literal is a literal as written. Value holds the decoded text for
// strings, raw strings and regexes; for LitBare it is empty and the Literal
// methods interpret Raw.
type Literal struct {
	Kind   LitKind
	Raw    string
	Value  string
	Hashes int // number of '#' around a raw string
	Pos    diag.Pos

	id uint64 // see NodeID
}

// Set is an inline list `{ a b c }`.
type Set struct {
	Lbrace, Rbrace diag.Pos
	Items          []*Literal

	id uint64 // see NodeID
}

// ListRef is a reference to a named list, `$office_ips` or `$cf.open_proxies`.
type ListRef struct {
	Dollar diag.Pos
	Name   string // without the '$'

	id uint64 // see NodeID
}

// BadExpr stands for a region that could not be parsed; the syntax error
// that covers it is in the diag.List.
type BadExpr struct {
	From, To diag.Pos

	id uint64 // see NodeID
}

// Node IDs. The parser numbers every node it creates from 1 up; the key
// of a node (its id field) is that number in the low 32 bits and the
// number of its parse in the high 32, so that a node can be told from a
// node of another tree. Some numbers go to nodes that error recovery
// dropped, so a tree's IDs may have gaps.

// keyed is a node with a key: every node type of the package.
type keyed interface{ key() uint64 }

// NodeID returns the number of n in x's tree, from 1 to x.NodeCount(): the
// checker keeps what it knows about nodes in slices indexed by it. It
// returns 0 for nil, for a node of another tree, and for a node (or tree)
// not built by the parser.
func (x *Expression) NodeID(n Node) int {
	var id uint64
	// The checker asks about values, comparisons and literals most: their
	// types are told apart directly, without the lookup that converting
	// to keyed costs.
	switch n := n.(type) {
	case *Value:
		id = n.key()
	case *Comparison:
		id = n.key()
	case *Literal:
		id = n.key()
	default:
		k, ok := n.(keyed)
		if !ok {
			return 0
		}
		id = k.key()
	}
	if id == 0 || id&^0xffffffff != x.tree {
		return 0
	}
	return int(uint32(id))
}

// Span implementations.

func (n *Logical) Span() diag.Span {
	return n.Operands[0].Span().Cover(n.Operands[len(n.Operands)-1].Span())
}
func (n *Not) Span() diag.Span   { return n.Op.Span.Cover(n.X.Span()) }
func (n *Paren) Span() diag.Span { return diag.Span{Start: n.Lparen, End: n.Rparen + 1} }
func (n *Comparison) Span() diag.Span {
	s := n.LHS.Span()
	if n.RHS != nil {
		s = s.Cover(n.RHS.Span())
	} else if n.Op != nil {
		s = s.Cover(n.Op.Span)
	}
	return s
}
func (n *Value) Span() diag.Span {
	s := n.Name.Span
	if n.Call != nil {
		s.End = n.Call.Rparen + 1
	}
	if len(n.Indexes) > 0 {
		s.End = n.Indexes[len(n.Indexes)-1].Rbrack + 1
	}
	return s
}
func (n *Call) Span() diag.Span    { return diag.Span{Start: n.Lparen, End: n.Rparen + 1} }
func (n *Index) Span() diag.Span   { return diag.Span{Start: n.Lbrack, End: n.Rbrack + 1} }
func (n *Literal) Span() diag.Span { return diag.Span{Start: n.Pos, End: n.Pos + diag.Pos(len(n.Raw))} }
func (n *Set) Span() diag.Span     { return diag.Span{Start: n.Lbrace, End: n.Rbrace + 1} }
func (n *ListRef) Span() diag.Span {
	return diag.Span{Start: n.Dollar, End: n.Dollar + 1 + diag.Pos(len(n.Name))}
}
func (n *BadExpr) Span() diag.Span { return diag.Span{Start: n.From, End: n.To} }

func (n *Logical) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Not) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Paren) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Comparison) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Value) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Call) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Index) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Literal) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *Set) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *ListRef) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (n *BadExpr) key() uint64 {
	if n == nil {
		return 0
	}
	return n.id
}

func (*Logical) exprNode()    {}
func (*Not) exprNode()        {}
func (*Paren) exprNode()      {}
func (*Comparison) exprNode() {}
func (*BadExpr) exprNode()    {}
func (*Literal) exprNode()    {}

func (*Literal) operandNode() {}
func (*Set) operandNode()     {}
func (*ListRef) operandNode() {}

// Inspect walks the tree rooted at n in depth-first order, calling f for
// each node; when f returns false the node's children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	eachChild(n, func(c Node) { Inspect(c, f) })
}

// eachChild calls f for each direct child of n, in source order. It is the
// one place that knows the shape of the tree.
func eachChild(n Node, f func(Node)) {
	switch n := n.(type) {
	case *Logical:
		for _, x := range n.Operands {
			f(x)
		}
	case *Not:
		f(n.X)
	case *Paren:
		f(n.X)
	case *Comparison:
		f(n.LHS)
		if n.RHS != nil {
			f(n.RHS)
		}
	case *Value:
		if n.Call != nil {
			f(n.Call)
		}
		for _, ix := range n.Indexes {
			f(ix)
		}
	case *Call:
		for _, a := range n.Args {
			f(a)
		}
	case *Index:
		if n.Lit != nil {
			f(n.Lit)
		}
	case *Set:
		for _, it := range n.Items {
			f(it)
		}
	}
}

// Unparen strips any number of enclosing parentheses.
func Unparen(e Expr) Expr {
	for {
		p, ok := e.(*Paren)
		if !ok {
			return e
		}
		e = p.X
	}
}

// Expression is a parsed filter expression together with its source.
type Expression struct {
	Src  string
	Root Expr // nil only for empty input

	tree  uint64 // the high half of the keys of the tree's nodes
	nodes uint32 // the largest node ID given by the parse
}

// NodeCount returns the largest [Expression.NodeID] of the parsed tree:
// tools that keep facts about nodes (the type checker does) can keep them
// in a slice of NodeCount()+1 elements instead of a map. It is 0 for an
// Expression not built by the parser.
func (x *Expression) NodeCount() int { return int(x.nodes) }
