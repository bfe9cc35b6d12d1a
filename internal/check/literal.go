package check

// Literals on the right of a comparison and as function arguments.

import (
	"fmt"
	"math"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func (c *checker) intRange(l *grammar.Literal, v int64) *diag.Diagnostic {
	if c.opts.EngineCompat && (v > math.MaxInt32 || v < math.MinInt32) {
		e := grammar.SyntaxError(grammar.ParseInt, "int-overflow", l.Span(), fmt.Sprintf("%d does not fit in the 2020 engine's 32-bit integers", v))
		c.literalErr(&e)
		return &e
	}
	return nil
}

// bytesLit checks that a literal reads as bytes. The product requires at
// least two bytes in a hex byte string; the 2020 engine also accepts one.
func (c *checker) bytesLit(l *grammar.Literal) *diag.Diagnostic {
	if l.Kind != grammar.LitBare {
		return nil // a string is its bytes: nothing to decode
	}
	b, err := l.Bytes()
	if err != nil {
		return err
	}
	if len(b) < 2 && !c.opts.EngineCompat {
		e := grammar.SyntaxError(grammar.CountMismatch, "invalid-bytes", l.Span(),
			fmt.Sprintf("`%s` is not a string: strings are written in double quotes (\"%s\")", l.Raw, l.Raw),
			diag.Fix{Title: "Quote it", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(l.Raw)}}, Safe: true})
		return &e
	}
	return nil
}

// opsByType tells which operators work on each scalar kind.
var opsByType = [schema.KindIP + 1][grammar.OpBitAnd + 1]bool{
	schema.KindBytes: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpContains: true, grammar.OpMatches: true, grammar.OpWildcard: true, grammar.OpStrictWildcard: true, grammar.OpIn: true},
	schema.KindInt: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpIn: true, grammar.OpBitAnd: true},
	schema.KindIP: {grammar.OpEq: true, grammar.OpNe: true, grammar.OpLt: true, grammar.OpLe: true, grammar.OpGt: true, grammar.OpGe: true,
		grammar.OpIn: true},
}

// opWorksOn reports whether the operator applies to values of kind k.
func opWorksOn(op grammar.CmpKind, k schema.Kind) bool {
	return int(k) < len(opsByType) && op > 0 && int(op) < len(opsByType[k]) && opsByType[k][op]
}

func (c *checker) rhs(cmp *grammar.Comparison, t schema.Type) {
	op := cmp.Op.Kind
	switch r := cmp.RHS.(type) {
	case *grammar.ListRef:
		c.listRef(r, t)
	case *grammar.Set:
		for _, it := range r.Items {
			c.setItem(it, t)
		}
	case *grammar.Literal:
		switch op {
		case grammar.OpMatches:
			c.regex(r)
		case grammar.OpWildcard, grammar.OpStrictWildcard:
			c.wildcard(r)
		case grammar.OpContains:
			if r.Kind == grammar.LitBare {
				if err := c.bytesLit(r); err != nil {
					c.literalErr(err)
				}
			}
		default:
			c.scalar(r, t, op)
		}
	}
}

func (c *checker) scalar(l *grammar.Literal, t schema.Type, op grammar.CmpKind) {
	switch t {
	case schema.TypeBytes:
		if err := c.bytesLit(l); err != nil {
			c.literalErr(err)
		}
	case schema.TypeInt:
		if l.Kind != grammar.LitBare {
			d := diag.Diagnostic{Span: l.Span(), Severity: diag.Error, Rule: "quoted-number", EngineKind: "ExpectedName",
				Message: "expected digit: numbers are written without quotes"}
			if _, err := (&grammar.Literal{Kind: grammar.LitBare, Raw: l.Value}).Int(); err == nil && l.IsString() {
				d.Fixes = []diag.Fix{{Title: "Remove the quotes", Edits: []diag.Edit{{Span: l.Span(), New: l.Value}}, Safe: true}}
			}
			c.report(d)
			return
		}
		v, err := l.Int()
		if err != nil {
			c.literalErr(err)
			return
		}
		c.intRange(l, v)
	case schema.TypeIP:
		c.ipLit(l, false)
	}
}

// quotedIP explains an IP compared with a string. The feedback docs list
// ip.src as a "string", so this mistake is common in feedback reports;
// only there does the message name them.
func (c *checker) quotedIP(l *grammar.Literal, inSet bool) {
	msg := "IP addresses are written without quotes: this field is an IP address, not a string"
	if c.schema.Profile() == schema.ProfileFeedback {
		msg += " (the feedback documentation calls ip.src a string, but the language compares it as an IP)"
	}
	d := diag.Diagnostic{Span: l.Span(), Severity: diag.Error, Rule: "quoted-ip", EngineKind: "ExpectedName", Message: msg}
	if l.IsString() {
		probe := &grammar.Literal{Kind: grammar.LitBare, Raw: l.Value}
		_, err := probe.IP()
		if inSet {
			_, err = probe.IPSetItem()
		}
		if err == nil {
			d.Fixes = []diag.Fix{{Title: "Remove the quotes", Edits: []diag.Edit{{Span: l.Span(), New: l.Value}}, Safe: true}}
		}
	}
	c.report(d)
}

func (c *checker) setItem(l *grammar.Literal, t schema.Type) {
	switch t {
	case schema.TypeBytes:
		if l.Kind == grammar.LitRegex {
			return
		}
		if err := c.bytesLit(l); err != nil {
			c.literalErr(err)
		}
	case schema.TypeInt:
		if l.Kind != grammar.LitBare {
			c.scalar(l, t, grammar.OpIn)
			return
		}
		lo, hi, _, err := l.IntRange()
		if err != nil {
			c.literalErr(err)
			return
		}
		if c.intRange(l, lo) == nil {
			c.intRange(l, hi)
		}
	case schema.TypeIP:
		c.ipLit(l, true)
	}
}

// ipLit checks an IP literal: an address, or in a set (inSet) also a CIDR
// or a range.
func (c *checker) ipLit(l *grammar.Literal, inSet bool) {
	if l.Kind != grammar.LitBare {
		c.quotedIP(l, inSet)
		return
	}
	var err *diag.Diagnostic
	if inSet {
		_, err = l.IPSetItem()
	} else {
		_, err = l.IP()
	}
	if err != nil {
		c.literalErr(err)
	}
}

func (c *checker) listRef(r *grammar.ListRef, t schema.Type) {
	if t != schema.TypeIP && t != schema.TypeBytes && t != schema.TypeInt {
		c.errorf("unsupported-operator", "UnsupportedOp", r.Span(), "lists hold IPs, hostnames or ASNs; %s values cannot be looked up in a list", t)
		return
	}
	if l, ok := c.schema.List(r.Name); ok {
		if !l.Accepts(t) {
			c.errorf("list-type", "", r.Span(), "`$%s` is a list of %s, but the value is %s", r.Name, l.ElemType(), t)
		}
	}
}

// IntLexemeValid reports whether the engine's integer lexer, which takes an
// optional minus and then every following hex digit (or 0x and hex digits),
// reads a valid integer at the start of raw.
func IntLexemeValid(raw string) bool {
	i := 0
	if strings.HasPrefix(raw, "-") {
		i = 1
	}
	if strings.HasPrefix(raw[i:], "0x") {
		j := i + 2
		for j < len(raw) && isHexDigit(raw[j]) {
			j++
		}
		return j > i+2
	}
	j := i
	for j < len(raw) && isHexDigit(raw[j]) {
		j++
	}
	if j == i {
		return false
	}
	_, err := (&grammar.Literal{Kind: grammar.LitBare, Raw: raw[:j]}).Int()
	return err == nil
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// wildcard checks a wildcard pattern (§3.10).
