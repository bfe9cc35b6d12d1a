package host

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/diag"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/wflint/wflint/internal/ruleset"
	"github.com/wflint/wflint/internal/schema"
)

// hclExtractor reads one Terraform file into a Document.
type hclExtractor struct {
	data []byte
	doc  *Document
	// filters are the file's cloudflare_filter resources by address, and
	// firewall its cloudflare_firewall_rule resources in file order:
	// linked into one legacy ruleset once the whole file is read.
	filters  map[string]*legacyFilter
	firewall []*legacyRule
}

// readHCL reads Terraform: cloudflare_ruleset resources (the provider's v4
// blocks and v5 attributes) into rulesets of rules in the API's shape,
// with every expression of each rule (filters, value parameters, counting
// expressions); the legacy cloudflare_filter and cloudflare_firewall_rule
// resources into one legacy ruleset; and every `expression` key inside
// maps and lists anywhere else (tfvars, locals, variable defaults), with
// its role when the keys around it name a parameter. Attributes named
// expression of other resource types are left alone: they are not
// wirefilter.
func readHCL(path string, data []byte, each func(*ruleset.Ruleset)) *Document {
	x := &hclExtractor{data: data, doc: &Document{each: each}, filters: map[string]*legacyFilter{}}
	cuts, off := hclScan(data, MaxHCLDepth, hclSegmentBytes)
	if off >= 0 {
		x.doc.Problems = diag.List{tooDeepProblem(off, "HCL", MaxHCLDepth)}
		x.doc.Broken = true
		return x.doc
	}
	// A large file is parsed a segment of whole top-level blocks at a
	// time, each walked and dropped before the next is parsed: the syntax
	// tree of a 50 MB file takes gigabytes, a segment's a few megabytes.
	var bodies []*hclsyntax.Body
	pos := hcl.InitialPos
	failed := false
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
			x.doc.Problems = append(x.doc.Problems, p)
			failed = true
		}
		// A file HCL cannot parse is reported, not linted: its recovered
		// AST can hold strings with ranges that do not match the text (an
		// unterminated heredoc), and Terraform would reject it anyway.
		if f == nil || failed {
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
		x.body(body, "", nil)
	}
	if failed {
		// Keep only the syntax errors: what was read before them is not
		// linted either.
		syntax := x.doc.Problems[:0]
		for _, p := range x.doc.Problems {
			if p.Rule == RuleSyntax {
				syntax = append(syntax, p)
			}
		}
		return &Document{Problems: syntax, Cloudflare: x.doc.Cloudflare, Broken: true, each: each}
	}
	for _, body := range bodies {
		x.body(body, "", nil)
	}
	x.linkLegacy()
	slices.SortStableFunc(x.doc.Rulesets, func(a, b *ruleset.Ruleset) int { return int(a.Span.Start - b.Span.Start) })
	x.doc.sortSnippets()
	x.doc.Ignores = hclIgnores(data, x.doc.Snippets)
	if len(x.doc.Snippets) > 0 || x.doc.rules > 0 || len(x.doc.Problems) > 0 {
		x.doc.Content = ContentTerraform
	}
	return x.doc
}

// body walks a block body outside the resources read as rules: every
// `expression` key in its maps and lists is an expression. rs, when set,
// is the ruleset whose unknown rules the body describes (a dynamic
// block's content), whose phase the expressions take. Attributes and
// blocks are walked in file order, so snippets come out in file order.
func (x *hclExtractor) body(b *hclsyntax.Body, where string, rs *ruleset.Ruleset) {
	counts := map[string]int{}
	for _, it := range bodyItems(b) {
		if a := it.attr; a != nil {
			x.value(a.Expr, joinWhere(where, a.Name), []string{a.Name}, rs)
			continue
		}
		blk := it.block
		w := where
		switch {
		case blk.Type == "resource" && len(blk.Labels) == 2:
			w = blk.Labels[0] + "." + blk.Labels[1]
			if x.resource(blk, w) {
				continue
			}
		case where == "":
			w = strings.Join(append([]string{blk.Type}, blk.Labels...), ".")
		default:
			w = fmt.Sprintf("%s.%s[%d]", where, blk.Type, counts[blk.Type])
			counts[blk.Type]++
		}
		x.body(blk.Body, w, rs)
	}
}

// bodyItem is an attribute or a block of a body.
type bodyItem struct {
	attr  *hclsyntax.Attribute
	block *hclsyntax.Block
}

// bodyItems returns a body's attributes and blocks in source order;
// Body.Attributes is a map, and output must be deterministic and in file
// order.
func bodyItems(b *hclsyntax.Body) []bodyItem {
	items := make([]bodyItem, 0, len(b.Attributes)+len(b.Blocks))
	for _, a := range b.Attributes {
		items = append(items, bodyItem{attr: a})
	}
	for _, blk := range b.Blocks {
		items = append(items, bodyItem{block: blk})
	}
	slices.SortStableFunc(items, func(p, q bodyItem) int { return p.start() - q.start() })
	return items
}

func (it bodyItem) start() int {
	if it.attr != nil {
		return it.attr.SrcRange.Start.Byte
	}
	return it.block.TypeRange.Start.Byte
}

func joinWhere(where, name string) string {
	if where == "" {
		return name
	}
	return where + "." + name
}

// value looks for `expression` keys in object and tuple constructors, as
// tfvars maps and lists and locals are written: a key `expression` is
// always one (a filter unless the keys around it name a value
// parameter), another `*_expression` key only where it names a
// parameter. path is the member path that leads to e.
func (x *hclExtractor) value(e hclsyntax.Expression, where string, path []string, rs *ruleset.Ruleset) {
	switch e := e.(type) {
	case *hclsyntax.TupleConsExpr:
		for i, el := range e.Exprs {
			x.value(el, fmt.Sprintf("%s[%d]", where, i), path, rs)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			key := objectKey(item.KeyExpr)
			p := append(slices.Clip(path), key)
			w := joinWhere(where, key)
			_, str := item.ValueExpr.(*hclsyntax.TemplateExpr)
			if exprKey(key) || str && len(p) >= 3 {
				// A parameter named otherwise (from_list.key) is an
				// expression only where the table says so.
				role, typ, param, ok := lookupSuffix(p)
				if !ok && key != "expression" {
					continue
				}
				if i := x.expr(item.ValueExpr, w); i >= 0 {
					sn := &x.doc.Snippets[i]
					if rs != nil {
						sn.Use = &Use{Role: role, Type: typ, Param: param, Phase: rs.Phase}
						if x.doc.each == nil {
							sn.Use.Ruleset = rs
						}
					} else {
						useOutside(sn, p)
					}
				}
				continue
			}
			x.value(item.ValueExpr, w, p, rs)
		}
	case *hclsyntax.ParenthesesExpr:
		x.value(e.Expression, where, path, rs)
	case *hclsyntax.ForExpr:
		// [for r in var.rules : { … }]: the object each element becomes.
		x.value(e.ValExpr, where+"[*]", path, rs)
	case *hclsyntax.ConditionalExpr:
		x.value(e.TrueResult, where, path, rs)
		x.value(e.FalseResult, where, path, rs)
	case *hclsyntax.FunctionCallExpr:
		// concat(local.common, [{ … }]), merge(…), flatten(…).
		for _, a := range e.Args {
			x.value(a, where, path, rs)
		}
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

// expr extracts one expression attribute value and returns the index of
// its snippet, or -1 when it is not linted (an interpolation, a value
// that is not a string literal: each gets an info note).
func (x *hclExtractor) expr(e hclsyntax.Expression, where string) int {
	r := e.Range()
	switch t := e.(type) {
	case *hclsyntax.TemplateExpr:
		for _, p := range t.Parts {
			if _, lit := p.(*hclsyntax.LiteralValueExpr); !lit {
				x.problem(r, diag.Info, RuleInterpolated, "expression uses ${…} or %{…} interpolation; skipped because its text is only known when Terraform runs")
				return -1
			}
		}
		return x.literal(t, where)
	case *hclsyntax.TemplateWrapExpr:
		x.problem(r, diag.Info, RuleInterpolated, "expression uses ${…} interpolation; skipped because its text is only known when Terraform runs")
	default:
		x.problem(r, diag.Info, RuleNonLiteral, "expression is not a string literal; skipped")
	}
	return -1
}

func (x *hclExtractor) problem(r hcl.Range, sev diag.Severity, code, msg string) {
	x.doc.Problems = append(x.doc.Problems, diag.Diagnostic{Span: diag.SpanOf(r.Start.Byte, r.End.Byte), Rule: code, Severity: sev, Message: msg})
}

// literal decodes a template with only literal parts, with its offset map,
// and checks the decoding against HCL's own evaluation: if the two ever
// disagree the snippet is reported instead of being linted with wrong
// positions.
func (x *hclExtractor) literal(t *hclsyntax.TemplateExpr, where string) int {
	r := t.SrcRange
	want := ""
	if v, diags := t.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		want = v.AsString()
	} else {
		x.problem(r, diag.Error, RuleUnmappable, "expression string could not be evaluated")
		return -1
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
		return -1
	}
	sn.Profile = schema.ProfileRules
	sn.Where = where
	x.doc.Snippets = append(x.doc.Snippets, sn)
	return len(x.doc.Snippets) - 1
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
