package host

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wflint/wflint/diag"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/wflint/wflint/schema"
)

// Resource types whose expression attributes hold Rules-language filters.
var hclResources = map[string]bool{
	"cloudflare_ruleset": true,
	"cloudflare_filter":  true,
}

type hclExtractor struct {
	data     []byte
	snippets []Snippet
	problems diag.List
}

// extractHCL reads Terraform: every `expression` attribute (or object key)
// inside cloudflare_ruleset and cloudflare_filter resources, and every
// `expression` key inside maps and lists anywhere else (tfvars, locals,
// variable defaults). Resource attributes named expression that belong to
// other resource types are left alone: they are not wirefilter.
func extractHCL(path string, data []byte) ([]Snippet, diag.List) {
	x := &hclExtractor{data: data}
	cuts, off := hclScan(data, MaxHCLDepth, hclSegmentBytes)
	if off >= 0 {
		return nil, diag.List{tooDeepProblem(off, "HCL", MaxHCLDepth)}
	}
	// A large file is parsed a segment of whole top-level blocks at a
	// time, each walked and dropped before the next is parsed: the syntax
	// tree of a 50 MB file takes gigabytes, a segment's a few megabytes.
	var bodies []*hclsyntax.Body
	pos := hcl.InitialPos
	for k, lo := range cuts {
		hi := len(data)
		if k+1 < len(cuts) {
			hi = cuts[k+1]
		}
		f, diags := hclsyntax.ParseConfig(data[lo:hi], path, pos)
		pos.Line += bytes.Count(data[lo:hi], []byte{'\n'})
		pos.Byte = hi
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			p := diag.Diagnostic{Rule: RuleSyntax, Severity: diag.Error, Message: "invalid HCL: " + d.Summary}
			if d.Detail != "" {
				p.Message += ": " + d.Detail
			}
			if d.Subject != nil {
				p.Span = diag.SpanOf(d.Subject.Start.Byte, d.Subject.End.Byte)
			}
			x.problems = append(x.problems, p)
		}
		// A file HCL cannot parse is reported, not linted: its recovered
		// AST can hold strings with ranges that do not match the text (an
		// unterminated heredoc), and Terraform would reject it anyway.
		if f == nil || len(x.problems) > 0 {
			x.snippets = nil
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		if len(cuts) == 1 {
			bodies = append(bodies, body)
			break
		}
		x.body(body, "", false)
	}
	if len(x.problems) > 0 {
		return nil, x.problems
	}
	for _, body := range bodies {
		x.body(body, "", false)
	}
	return x.snippets, x.problems
}

// body walks a block body. inResource is true inside a resource whose
// expression attributes are filters.
func (x *hclExtractor) body(b *hclsyntax.Body, where string, inResource bool) {
	for _, name := range sortedAttrs(b) {
		a := b.Attributes[name]
		w := joinWhere(where, name)
		if inResource && name == "expression" {
			x.expr(a.Expr, w)
			continue
		}
		x.value(a.Expr, w, inResource)
	}
	counts := map[string]int{}
	for _, blk := range b.Blocks {
		w := where
		res := inResource
		switch {
		case blk.Type == "resource" && len(blk.Labels) == 2:
			w = blk.Labels[0] + "." + blk.Labels[1]
			res = hclResources[blk.Labels[0]]
		case where == "":
			w = strings.Join(append([]string{blk.Type}, blk.Labels...), ".")
		default:
			w = fmt.Sprintf("%s.%s[%d]", where, blk.Type, counts[blk.Type])
			counts[blk.Type]++
		}
		x.body(blk.Body, w, res)
	}
}

// sortedAttrs returns attribute names in source order; Body.Attributes is a
// map, and output must be deterministic.
func sortedAttrs(b *hclsyntax.Body) []string {
	names := make([]string, 0, len(b.Attributes))
	for n := range b.Attributes {
		names = append(names, n)
	}
	// Insertion sort by offset: bodies have few attributes.
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && b.Attributes[names[j]].SrcRange.Start.Byte < b.Attributes[names[j-1]].SrcRange.Start.Byte; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

func joinWhere(where, name string) string {
	if where == "" {
		return name
	}
	return where + "." + name
}

// value looks for `expression` keys in object and tuple constructors, as
// tfvars maps and lists and the v5 provider's `rules = [{…}]` are written.
func (x *hclExtractor) value(e hclsyntax.Expression, where string, inResource bool) {
	switch e := e.(type) {
	case *hclsyntax.TupleConsExpr:
		for i, el := range e.Exprs {
			x.value(el, fmt.Sprintf("%s[%d]", where, i), inResource)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			key := objectKey(item.KeyExpr)
			if key == "expression" {
				x.expr(item.ValueExpr, joinWhere(where, key))
				continue
			}
			x.value(item.ValueExpr, joinWhere(where, key), inResource)
		}
	case *hclsyntax.ParenthesesExpr:
		x.value(e.Expression, where, inResource)
	}
}

// objectKey returns the literal name of an object key, "" when it is
// computed.
func objectKey(k hclsyntax.Expression) string {
	if ok, isKey := k.(*hclsyntax.ObjectConsKeyExpr); isKey {
		if name := hcl.ExprAsKeyword(ok.Wrapped); name != "" {
			return name
		}
		k = ok.Wrapped
	}
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// expr extracts one expression attribute value.
func (x *hclExtractor) expr(e hclsyntax.Expression, where string) {
	r := e.Range()
	switch t := e.(type) {
	case *hclsyntax.TemplateExpr:
		for _, p := range t.Parts {
			if _, lit := p.(*hclsyntax.LiteralValueExpr); !lit {
				x.problem(r, diag.Info, RuleInterpolated, "expression uses ${…} or %{…} interpolation; skipped because its text is only known when Terraform runs")
				return
			}
		}
		x.literal(t, where)
	case *hclsyntax.TemplateWrapExpr:
		x.problem(r, diag.Info, RuleInterpolated, "expression uses ${…} interpolation; skipped because its text is only known when Terraform runs")
	default:
		x.problem(r, diag.Info, RuleNonLiteral, "expression is not a string literal; skipped")
	}
}

func (x *hclExtractor) problem(r hcl.Range, sev diag.Severity, code, msg string) {
	x.problems = append(x.problems, diag.Diagnostic{Span: diag.SpanOf(r.Start.Byte, r.End.Byte), Rule: code, Severity: sev, Message: msg})
}

// literal decodes a template with only literal parts, with its offset map,
// and checks the decoding against HCL's own evaluation: if the two ever
// disagree the snippet is reported instead of being linted with wrong
// positions.
func (x *hclExtractor) literal(t *hclsyntax.TemplateExpr, where string) {
	r := t.SrcRange
	want := ""
	if v, diags := t.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		want = v.AsString()
	} else {
		x.problem(r, diag.Error, RuleUnmappable, "expression string could not be evaluated")
		return
	}
	var sn Snippet
	var ok bool
	if r.End.Byte-r.Start.Byte >= 2 && x.data[r.Start.Byte] == '"' {
		sn, ok = decodeHCLQuoted(x.data, r.Start.Byte+1, r.End.Byte-1)
	} else {
		sn, ok = decodeHeredoc(x.data, r.Start.Byte, r.End.Byte)
	}
	if !ok || sn.Text != want {
		x.problem(r, diag.Error, RuleUnmappable, "wflint could not map this string's escapes to file positions; please report this as a bug")
		return
	}
	sn.Profile = schema.ProfileRules
	sn.Where = where
	x.snippets = append(x.snippets, sn)
}

// decodeHCLQuoted decodes data[start:end], the inside of an HCL quoted
// string template without interpolations.
func decodeHCLQuoted(data []byte, start, end int) (Snippet, bool) {
	var b builder
	verbatim := true
	for i := start; i < end; {
		c := data[i]
		switch {
		case c == '\\':
			verbatim = false
			if i+1 >= end {
				return Snippet{}, false
			}
			switch data[i+1] {
			case 'n':
				b.add("\n", i)
			case 'r':
				b.add("\r", i)
			case 't':
				b.add("\t", i)
			case '"':
				b.add("\"", i)
			case '\\':
				b.add("\\", i)
			case 'u', 'U':
				n := 4
				if data[i+1] == 'U' {
					n = 8
				}
				if i+2+n > end {
					return Snippet{}, false
				}
				v, err := strconv.ParseUint(string(data[i+2:i+2+n]), 16, 32)
				if err != nil || !utf8.ValidRune(rune(v)) {
					return Snippet{}, false
				}
				b.add(string(rune(v)), i)
				i += 2 + n
				continue
			default:
				return Snippet{}, false
			}
			i += 2
		case (c == '$' || c == '%') && i+2 < end && data[i+1] == c && data[i+2] == '{':
			// $${ and %%{ are the escapes for a literal ${ and %{.
			verbatim = false
			b.add(string(c), i)
			b.add("{", i+2)
			i += 3
		default:
			_, n := utf8.DecodeRune(data[i:end])
			b.add(string(data[i:i+n]), i)
			i += n
		}
	}
	sn := b.snippet(start, end, verbatim)
	sn.Encoding = HCLQuoted
	return sn, true
}

// decodeHeredoc decodes the heredoc spanning data[start:end] (from "<<" to
// the end of the closing marker). For the indented form <<-EOT, the
// smallest indentation of the non-blank lines is removed from each of them,
// exactly as HCL does, and recorded in Snippet.Indent.
func decodeHeredoc(data []byte, start, end int) (Snippet, bool) {
	head := strings.IndexByte(string(data[start:end]), '\n')
	if head < 0 {
		return Snippet{}, false
	}
	flush := start+2 < end && data[start+2] == '-'
	bodyStart := start + head + 1
	// The closing marker sits on its own line: the body ends after the last
	// line break before it.
	bodyEnd := strings.LastIndexByte(string(data[bodyStart:end]), '\n')
	if bodyEnd < 0 {
		return Snippet{Text: "", Start: bodyStart, End: bodyStart, Encoding: HCLHeredoc, runs: []run{{host: int32(bodyStart)}}}, true
	}
	bodyEnd += bodyStart + 1

	// Split into lines, each keeping its "\n".
	type line struct{ start, end int }
	var lines []line
	for i := bodyStart; i < bodyEnd; {
		j := i + strings.IndexByte(string(data[i:bodyEnd]), '\n') + 1
		lines = append(lines, line{i, j})
		i = j
	}
	strip := 0
	indent := ""
	if flush {
		strip = -1
		for _, l := range lines {
			s := string(data[l.start:l.end])
			trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
			if trimmed == "" {
				continue // a blank line does not count, as in HCL
			}
			n := utf8.RuneCountInString(s[:len(s)-len(trimmed)])
			if strip < 0 || n < strip {
				strip = n
				indent = s[:len(s)-len(trimmed)]
			}
		}
		if strip < 0 {
			strip = 0
		}
	}
	var b builder
	verbatim := !flush
	for _, l := range lines {
		i := l.start
		s := string(data[l.start:l.end])
		if flush && strings.TrimLeftFunc(s, unicode.IsSpace) != "" {
			for k := 0; k < strip; k++ {
				_, n := utf8.DecodeRune(data[i:l.end])
				i += n
			}
		}
		for i < l.end {
			c := data[i]
			if (c == '$' || c == '%') && i+2 < l.end && data[i+1] == c && data[i+2] == '{' {
				verbatim = false
				b.add(string(c), i)
				b.add("{", i+2)
				i += 3
				continue
			}
			_, n := utf8.DecodeRune(data[i:l.end])
			b.add(string(data[i:i+n]), i)
			i += n
		}
	}
	sn := b.snippet(bodyStart, bodyEnd, verbatim)
	sn.Encoding = HCLHeredoc
	sn.Indent = indent
	if strip == 0 {
		sn.Indent = ""
	}
	return sn, true
}
