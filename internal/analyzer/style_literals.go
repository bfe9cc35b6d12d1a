package analyzer

// Style rules about how literals and patterns are written: raw strings for
// regexes, hex bytes, ranges of one value, keywords glued to their operands.

import (
	"fmt"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func runSingleElementRange(p *Pass) {
	eachSet(p, func(_ *grammar.Comparison, s *grammar.Set, t schema.Type) {
		for _, l := range s.Items {
			if l.Kind != grammar.LitBare {
				continue
			}
			i := strings.Index(l.Raw, "..")
			if i < 0 {
				continue
			}
			equal := false
			switch t {
			case schema.TypeInt:
				lo, hi, _, err := l.IntRange()
				equal = err == nil && lo == hi
			case schema.TypeIP:
				it, err := l.IPSetItem()
				equal = err == nil && it.Kind == grammar.IPRange && it.From == it.To
			}
			if !equal {
				continue
			}
			v := l.Raw[:i]
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the range `%s` holds a single value; write `%s`", l.Raw, v),
				Fixes:   []diag.Fix{{Title: "Write " + v, Edits: []diag.Edit{{Span: l.Span(), New: v}}, Safe: true}}})
		}
	})
}

func runRegexNotRaw(p *Pass) {
	matchSites(p, func(_ *grammar.Comparison, l *grammar.Literal) {
		if l.Kind != grammar.LitRegex || !strings.Contains(l.Raw, `\`) || !strings.HasSuffix(l.Raw, `"`) {
			return
		}
		// l.Value is exactly the regex the engine compiles (the quoted
		// regex mode has already turned \" outside classes into "), so
		// a raw string holding it means the same.
		raw := grammar.RawString(l.Value)
		p.Report(diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("a quoted regex with backslashes: write it as the raw string %s, which passes the regex to the engine exactly as written (in a quoted regex, \\\" outside [ ] turns into a plain quote)", raw),
			Fixes:   []diag.Fix{{Title: "Use a raw string", Edits: []diag.Edit{{Span: l.Span(), New: raw}}, Safe: true}}})
	})
}

func reportHexBytes(p *Pass, l *grammar.Literal) {
	if l.Kind != grammar.LitBare {
		return
	}
	b, err := l.Bytes()
	if err != nil || len(b) < 2 {
		return // a single byte is the fatal invalid-bytes
	}
	s := string(b)
	d := diag.Diagnostic{Span: l.Span(),
		Message: fmt.Sprintf("`%s` is a hex byte string: it means %s, not the text %s; write strings in double quotes", l.Raw, grammar.QuoteString(s), grammar.QuoteString(l.Raw)),
		Fixes: []diag.Fix{
			{Title: "Write " + grammar.QuoteString(s) + " (the same bytes)", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(s)}}, Safe: true},
			{Title: "Write " + grammar.QuoteString(l.Raw) + " (the text)", Edits: []diag.Edit{{Span: l.Span(), New: grammar.QuoteString(l.Raw)}}},
		}}
	p.Report(d)
}

func runHexBytesLiteral(p *Pass) {
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Comparison:
			comparedLiterals(p, n, schema.TypeBytes, func(l *grammar.Literal, inSet bool) {
				// A pattern is no bytes value.
				if inSet || (n.Op.Kind != grammar.OpMatches && n.Op.Kind != grammar.OpWildcard && n.Op.Kind != grammar.OpStrictWildcard) {
					reportHexBytes(p, l)
				}
			})
		case *grammar.Value:
			bareArgs(p, n, func(l *grammar.Literal, pr *schema.Param) {
				// The checker reads Int and IP before bytes; only a
				// Bytes-only parameter whose literal is no integer
				// takes hex bytes (remove_bytes(x, 2d:2e)).
				bytesOnly := len(pr.Types) > 0
				for _, t := range pr.Types {
					if t != schema.TypeBytes {
						bytesOnly = false
					}
				}
				if bytesOnly && !check.IntLexemeValid(l.Raw) {
					reportHexBytes(p, l)
				}
			})
		}
	}
}

func reportGlued(p *Pass, t grammar.Token) {
	if !t.Glued {
		return
	}
	end := t.Span.End
	rest := p.Src[end:]
	word := rest
	if i := strings.IndexFunc(rest, func(r rune) bool {
		return !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}); i >= 0 {
		word = rest[:i]
	}
	p.Report(diag.Diagnostic{Span: diag.Span{Start: t.Span.Start, End: end + diag.Pos(len(word))},
		Message: fmt.Sprintf("`%s%s` is read as `%s %s`: the keyword runs into the next word; add a space", t.Text, word, t.Text, word),
		Fixes:   []diag.Fix{{Title: "Insert a space after " + t.Text, Edits: []diag.Edit{{Span: diag.Span{Start: end, End: end}, New: " "}}, Safe: true}}})
}

func runKeywordGlued(p *Pass) {
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Not:
			reportGlued(p, n.Op)
		case *grammar.Logical:
			for _, t := range n.Ops {
				reportGlued(p, t)
			}
		case *grammar.Comparison:
			if n.Op != nil {
				reportGlued(p, n.Op.Token)
			}
		}
	}
}

// anchoredLiteral returns the text a regex of the form ^literal$ matches,
// case-sensitively and exactly.
func anchoredLiteral(re string) (string, bool) {
	if !strings.HasPrefix(re, "^") || !strings.HasSuffix(re, "$") {
		return "", false
	}
	r, ok := parseRegex(re)
	return anchoredText(r, ok)
}

// anchoredText is anchoredLiteral of a parsed regex (ok false: none).
func anchoredText(r *syntax.Regexp, ok bool) (string, bool) {
	if !ok || r.Op != syntax.OpConcat || len(r.Sub) != 3 {
		return "", false
	}
	first, lit, last := r.Sub[0], r.Sub[1], r.Sub[2]
	if first.Op != syntax.OpBeginText || last.Op != syntax.OpEndText || lit.Op != syntax.OpLiteral || lit.Flags&syntax.FoldCase != 0 {
		return "", false
	}
	return string(lit.Rune), true
}

// anchoredAlternation returns the texts a regex of the form ^(a|b|c)$ or
// ^(?:a|b|c)$ matches, each branch a plain literal.
func anchoredAlternation(re string) ([]string, bool) {
	var inner string
	switch {
	case strings.HasPrefix(re, "^(?:") && strings.HasSuffix(re, ")$"):
		inner = re[4 : len(re)-2]
	case strings.HasPrefix(re, "^(") && !strings.HasPrefix(re, "^(?") && strings.HasSuffix(re, ")$"):
		inner = re[2 : len(re)-2]
	default:
		return nil, false
	}
	var branches []string
	start := 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '\\':
			i++
		case '(', ')', '[':
			return nil, false
		case '|':
			branches = append(branches, inner[start:i])
			start = i + 1
		}
	}
	branches = append(branches, inner[start:])
	if len(branches) < 2 {
		return nil, false
	}
	out := make([]string, len(branches))
	for i, b := range branches {
		v, ok := anchoredLiteral("^" + b + "$")
		if !ok || !utf8.ValidString(v) {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func runRegexCouldBeEq(p *Pass) {
	matchSites(p, func(c *grammar.Comparison, l *grammar.Literal) {
		if vs, ok := anchoredAlternation(l.Value); ok {
			items := make([]string, len(vs))
			for i, v := range vs {
				items[i] = grammar.QuoteString(v)
			}
			set := "{" + strings.Join(items, " ") + "}"
			p.Report(diag.Diagnostic{Span: l.Span(),
				Message: fmt.Sprintf("the regex %q matches exactly %d values; `in %s` says the same without a regex (and without the Business plan that `matches` needs)", l.Value, len(vs), set),
				Fixes:   []diag.Fix{{Title: "Use in", Edits: []diag.Edit{{Span: c.Op.Span, New: "in"}, {Span: l.Span(), New: set}}}}})
			return
		}
		v, ok := "", false
		if strings.HasPrefix(l.Value, "^") && strings.HasSuffix(l.Value, "$") {
			v, ok = anchoredText(regexOf(p, l))
		}
		if !ok || !utf8.ValidString(v) {
			return
		}
		op := "eq"
		if c.Op.IsSymbol() {
			op = "=="
		}
		p.Report(diag.Diagnostic{Span: l.Span(),
			Message: fmt.Sprintf("the regex %q matches exactly one value; `%s %s` says the same without a regex (and without the Business plan that `matches` needs)", l.Value, op, grammar.QuoteString(v)),
			Fixes:   []diag.Fix{{Title: "Use " + op, Edits: []diag.Edit{{Span: c.Op.Span, New: op}, {Span: l.Span(), New: grammar.QuoteString(v)}}}}})
	})
}
