package grammar

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/grammar/spec"
)

var specKinds = [...]string{
	tIdent: "Ident", tNot: "Not", tAnd: "And", tXor: "Xor", tOr: "Or", tCmp: "Cmp", tMatch: "Match",
	tIn: "In", tLParen: "LParen", tRParen: "RParen", tLBrack: "LBrack", tSpLBrack: "Bad", tRBrack: "RBrack",
	tLBrace: "LBrace", tRBrace: "RBrace", tComma: "Comma", tStar: "Star", tString: "String", tRaw: "Raw",
	tRegex: "Regex", tBare: "Bare", tSQ: "Bad", tList: "List", tBad: "Bad", tBadEq: "Bad",
}

// specTokens gives the production lexer's tokens to the specification,
// classifying what the grammar cannot express (see spec.Kinds).
func specTokens(src string) []spec.Token {
	lr := lex(src)
	out := make([]spec.Token, 0, len(lr.toks)+1)
	for i, t := range lr.toks {
		k := specKinds[t.typ]
		text := t.text(src)
		switch {
		case t.flags&(fInvalid|fBadCase) != 0:
			k = "Bad"
		case t.typ == tIdent && (text == "any" || text == "all") && i+1 < len(lr.toks) && lr.toks[i+1].typ == tLParen:
			k = "Quant"
		case t.typ == tBare:
			if _, err := (&Literal{Kind: LitBare, Raw: text}).Index(); err == nil {
				k = "Int"
			}
		}
		out = append(out, spec.Token{Kind: k, Text: text, Offset: int(t.start)})
	}
	if len(lr.errs) > 0 {
		out = append(out, spec.Token{Kind: "Bad", Offset: lr.trimEnd})
	}
	return out
}

var specOpWords = map[string]string{"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "~": "matches", "&": "bitwise_and"}

// specDump renders a specification tree the way Dump renders the
// production tree.
type specDumper struct{ b strings.Builder }

// run dumps a run of one logical operator as Dump does: a single operand
// as itself, more as one flat node.
func run[T any](d *specDumper, op string, head T, tail []T, f func(T)) {
	if len(tail) == 0 {
		f(head)
		return
	}
	d.b.WriteString("(" + op + " ")
	f(head)
	for _, x := range tail {
		d.b.WriteByte(' ')
		f(x)
	}
	d.b.WriteByte(')')
}

func (d *specDumper) or(n *spec.Or)   { run(d, "or", n.Head, n.Tail, d.xor) }
func (d *specDumper) xor(n *spec.Xor) { run(d, "xor", n.Head, n.Tail, d.and) }
func (d *specDumper) and(n *spec.And) { run(d, "and", n.Head, n.Tail, d.simple) }

func (d *specDumper) simple(n *spec.Simple) {
	switch {
	case n.Not != nil:
		d.b.WriteString("(not ")
		d.simple(n.Not)
		d.b.WriteByte(')')
	case n.Group != nil:
		d.b.WriteString("(paren ")
		d.or(n.Group)
		d.b.WriteByte(')')
	default:
		d.cmp(func() { d.value(n.Cmp.LHS.Name, n.Cmp.LHS.Call, n.Cmp.LHS.Indexes) }, n.Cmp.Tail)
	}
}

func (d *specDumper) cmp(lhs func(), t *spec.Tail) {
	if t == nil {
		lhs()
		return
	}
	op, set, list := t.Op, t.Set, t.List
	switch {
	case t.In:
		d.b.WriteString("(in ")
		lhs()
		d.b.WriteByte(' ')
		if set != nil {
			d.b.WriteByte('{')
			for i, it := range set.Items {
				if i > 0 {
					d.b.WriteByte(' ')
				}
				d.literal(it)
			}
			d.b.WriteByte('}')
		} else {
			d.b.WriteString(list)
		}
		d.b.WriteByte(')')
	case op != "":
		if w, ok := specOpWords[op]; ok {
			op = w
		}
		d.b.WriteString("(" + op + " ")
		lhs()
		d.b.WriteByte(' ')
		d.literal(t.RHS)
		d.b.WriteByte(')')
	}
}

func (d *specDumper) literal(l *spec.Literal) {
	kind := map[string]LitKind{"String": LitString, "Raw": LitRaw, "Regex": LitRegex, "Bare": LitBare, "Int": LitBare}[spec.Kinds[l.Tok.Type-1]]
	fmt.Fprintf(&d.b, "%d:%q", kind, l.Tok.Value)
}

func (d *specDumper) value(name string, call *spec.Call, idx []*spec.Index) {
	d.b.WriteString(name)
	if call != nil {
		d.b.WriteByte('(')
		for i, a := range call.Args {
			if i > 0 {
				d.b.WriteString(", ")
			}
			switch {
			case a.Lit != nil:
				d.literal(a.Lit)
			case a.Plain != nil:
				d.simple(&spec.Simple{Cmp: a.Plain})
			default:
				d.or(a.Expr)
			}
		}
		d.b.WriteByte(')')
	}
	for _, ix := range idx {
		switch {
		case ix.Star:
			d.b.WriteString("[*]")
		case ix.Key != "":
			d.b.WriteString("[" + ix.Key + "]")
		default:
			d.b.WriteString("[" + ix.Elem + "]")
		}
	}
}

// checkAgainstSpec checks that the specification accepts src exactly when
// the production parser reports no error, and that both trees are equal
// when both accept.
func checkAgainstSpec(t testing.TB, src string, x *Expression, errs []string) {
	t.Helper()
	root, serr := spec.Parse(specTokens(src))
	if (serr == nil) != (len(errs) == 0) {
		t.Fatalf("verdicts differ on %q: specification error %v; parser errors %v", src, serr, errs)
	}
	if serr != nil {
		return
	}
	var d specDumper
	d.or(root.X)
	if got, want := Dump(x.Root), d.b.String(); got != want {
		t.Fatalf("trees differ on %q:\nparser:        %s\nspecification: %s", src, got, want)
	}
}

// differential parses src with the production parser and checks it against
// the specification; it skips inputs over the size or nesting limits,
// which are not properties of the grammar.
func differential(t testing.TB, src string, opt Options) {
	t.Helper()
	x, errs := ParseWith(src, opt)
	var msgs []string
	for _, e := range errs {
		if e.EngineKind == string(NestingLimitExceeded) || e.EngineKind == string(InputTooLarge) {
			return
		}
		msgs = append(msgs, e.Rule+": "+e.Message)
	}
	checkAgainstSpec(t, src, x, msgs)
}

// TestParserMatchesSpec runs the differential check on every corpus and
// conformance expression, the fuzz seeds and the rule expectations (valid
// and invalid alike).
func TestParserMatchesSpec(t *testing.T) {
	inputs := corpus(t)
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "fuzz-seed", "*"))
	rules, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*.txt"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	for _, r := range rules {
		f, err := os.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			l := sc.Text()
			if strings.HasPrefix(l, "#") {
				continue
			}
			if i := strings.Index(l, ";;"); i >= 0 {
				l = l[:i]
			}
			inputs = append(inputs, l)
		}
		f.Close()
	}
	valid := 0
	for _, src := range inputs {
		differential(t, src, Options{})
		if _, errs := Parse(src); len(errs) == 0 {
			valid++
		}
	}
	t.Logf("%d expressions, %d valid", len(inputs), valid)
	if valid < 500 {
		t.Fatalf("only %d valid expressions", valid)
	}
}
