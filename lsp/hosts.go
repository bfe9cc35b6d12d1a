package lsp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/feedback"
	"github.com/wflint/wflint/grammar"
)

// This file finds expressions in host files. The shared host/ package is
// still being written; when it lands, extractHCL and extractReport should
// delegate to host.Extract and keep only the mapping into regions.

// extractHCL finds every `expression = "..."` attribute or object member in
// a Terraform file, at any depth (cloudflare_ruleset rules blocks, objects in
// .tfvars lists), and decodes the string with an exact offset map.
// Interpolated strings are skipped: their text is not known until apply.
func extractHCL(filename, text string) ([]*region, []hostProblem) {
	src := []byte(text)
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	var probs []hostProblem
	for _, d := range diags {
		if d.Subject == nil {
			continue
		}
		probs = append(probs, hostProblem{
			Span:     grammar.Span{Start: grammar.Pos(d.Subject.Start.Byte), End: grammar.Pos(d.Subject.End.Byte)},
			Severity: analyzer.Error, Code: "hcl-syntax", Message: d.Summary + ": " + d.Detail,
		})
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, probs
	}
	var out []*region
	var walkBody func(b *hclsyntax.Body, name string)
	addExpr := func(e hclsyntax.Expression, name string) {
		if r := hclStringRegion(text, e); r != nil {
			r.Name = fmt.Sprintf("%s #%d", name, len(out)+1)
			out = append(out, r)
		}
	}
	visitObjects := func(e hclsyntax.Expression, name string) {
		hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
			obj, ok := n.(*hclsyntax.ObjectConsExpr)
			if !ok {
				return nil
			}
			for _, it := range obj.Items {
				if hclKey(it.KeyExpr) == "expression" {
					addExpr(it.ValueExpr, name)
				}
			}
			return nil
		})
	}
	walkBody = func(b *hclsyntax.Body, name string) {
		// Attributes are a map; visit them in source order so regions are
		// sorted by position.
		attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
		for _, a := range b.Attributes {
			attrs = append(attrs, a)
		}
		sortAttrs(attrs)
		for _, a := range attrs {
			if a.Name == "expression" {
				addExpr(a.Expr, name)
				continue
			}
			n := name
			if n == "" {
				n = a.Name
			}
			visitObjects(a.Expr, n)
		}
		for _, blk := range b.Blocks {
			n := blk.Type
			if len(blk.Labels) > 0 {
				n = strings.Join(blk.Labels, ".")
			}
			if name != "" {
				n = name + " › " + n
			}
			walkBody(blk.Body, n)
		}
	}
	walkBody(body, "")
	sortRegions(out)
	return out, probs
}

func sortAttrs(a []*hclsyntax.Attribute) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].SrcRange.Start.Byte < a[j-1].SrcRange.Start.Byte; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func sortRegions(r []*region) {
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j].Host.Start < r[j-1].Host.Start; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// hclKey returns the literal name of an object key, or "".
func hclKey(e hclsyntax.Expression) string {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
			return kw
		}
		e = k.Wrapped
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok && t.IsStringLiteral() {
		if v, diags := t.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "string" {
			return v.AsString()
		}
	}
	return ""
}

// hclStringRegion decodes a literal HCL string (quoted or heredoc).
func hclStringRegion(text string, e hclsyntax.Expression) *region {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return nil
	}
	rng := t.SrcRange
	start, end := rng.Start.Byte, rng.End.Byte
	if start < 0 || end > len(text) || start >= end {
		return nil
	}
	host := grammar.Span{Start: grammar.Pos(start), End: grammar.Pos(end)}
	lit := text[start:end]
	switch {
	case strings.HasPrefix(lit, `"`):
		r := decodeHCLQuoted(text, start+1, end-1)
		r.Host = host
		return r
	case strings.HasPrefix(lit, "<<"):
		r := decodeHeredoc(text, start, end)
		if r != nil {
			r.Host = host
		}
		return r
	}
	return nil
}

// decodeHCLQuoted decodes text[from:to], the inside of an HCL quoted string.
func decodeHCLQuoted(text string, from, to int) *region {
	var b strings.Builder
	offs := make([]int, 0, to-from+1)
	emit := func(s string, at int) {
		for range len(s) {
			offs = append(offs, at)
		}
		b.WriteString(s)
	}
	for i := from; i < to; {
		c := text[i]
		switch {
		case c == '\\' && i+1 < to:
			n := 2
			var s string
			switch text[i+1] {
			case 'n':
				s = "\n"
			case 'r':
				s = "\r"
			case 't':
				s = "\t"
			case '"':
				s = `"`
			case '\\':
				s = `\`
			case 'u', 'U':
				w := 4
				if text[i+1] == 'U' {
					w = 8
				}
				if i+2+w <= to {
					if v, err := strconv.ParseUint(text[i+2:i+2+w], 16, 32); err == nil {
						s, n = string(rune(v)), 2+w
						break
					}
				}
				s = text[i : i+2]
			default:
				s = text[i : i+2]
			}
			emit(s, i)
			i += n
		case (c == '$' || c == '%') && i+2 < to && text[i+1] == c && text[i+2] == '{':
			emit(string(c)+"{", i)
			i += 3
		default:
			_, size := utf8.DecodeRuneInString(text[i:to])
			for k := range size {
				offs = append(offs, i+k)
			}
			b.WriteString(text[i : i+size])
			i += size
		}
	}
	offs = append(offs, to)
	return &region{Text: b.String(), offs: offs, encode: escapeHCL}
}

// decodeHeredoc decodes a <<EOT or <<-EOT heredoc whose literal spans
// text[start:end]. The content is verbatim apart from $${ and %%{ and, for
// <<-, the common indentation; the trailing newline before the closing
// marker is not part of the expression.
func decodeHeredoc(text string, start, end int) *region {
	nl := strings.IndexByte(text[start:end], '\n')
	if nl < 0 {
		return nil
	}
	strip := strings.HasPrefix(text[start:], "<<-")
	from := start + nl + 1
	to := strings.LastIndexByte(text[:end], '\n')
	if to < from {
		return nil
	}
	lines := strings.SplitAfter(text[from:to], "\n")
	indent := 0
	if strip {
		indent = -1
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			n := len(l) - len(strings.TrimLeft(l, " \t"))
			if indent < 0 || n < indent {
				indent = n
			}
		}
		indent = max(indent, 0)
	}
	var b strings.Builder
	var offs []int
	at := from
	for _, l := range lines {
		skip := min(indent, len(l)-len(strings.TrimLeft(l, " \t")))
		for i := at + skip; i < at+len(l); {
			if (text[i] == '$' || text[i] == '%') && i+2 < at+len(l) && text[i+1] == text[i] && text[i+2] == '{' {
				b.WriteString(text[i:i+1] + "{")
				offs = append(offs, i, i)
				i += 3
				continue
			}
			b.WriteByte(text[i])
			offs = append(offs, i)
			i++
		}
		at += len(l)
	}
	offs = append(offs, to)
	return &region{Text: b.String(), offs: offs, encode: func(s string) string {
		return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s)
	}}
}

// escapeHCL writes s as the inside of an HCL quoted string.
func escapeHCL(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{").Replace(s)
}

// extractReport finds the "expression" member of a feedback report.
func extractReport(text string) []*region {
	res := feedback.ValidateJSON([]byte(text))
	sp, ok := res.Spans["/expression"]
	if !ok || sp.Start < 0 || sp.End > len(text) || sp.End-sp.Start < 2 || text[sp.Start] != '"' {
		return nil
	}
	r := decodeJSONString(text, sp.Start+1, sp.End-1)
	if r == nil {
		return nil
	}
	r.Host = grammar.Span{Start: grammar.Pos(sp.Start), End: grammar.Pos(sp.End)}
	r.Name = "expression"
	return []*region{r}
}

// decodeJSONString decodes the inside of a JSON string with an offset map.
func decodeJSONString(text string, from, to int) *region {
	var b strings.Builder
	var offs []int
	for i := from; i < to; {
		if text[i] != '\\' || i+1 >= to {
			b.WriteByte(text[i])
			offs = append(offs, i)
			i++
			continue
		}
		n, s := 2, ""
		switch text[i+1] {
		case 'n':
			s = "\n"
		case 't':
			s = "\t"
		case 'r':
			s = "\r"
		case 'b':
			s = "\b"
		case 'f':
			s = "\f"
		case 'u':
			if i+6 > to {
				return nil
			}
			v, err := strconv.ParseUint(text[i+2:i+6], 16, 32)
			if err != nil {
				return nil
			}
			n, s = 6, string(rune(v))
			// A surrogate pair spells one rune in two escapes.
			if v >= 0xD800 && v < 0xDC00 && i+12 <= to && text[i+6:i+8] == `\u` {
				if lo, err := strconv.ParseUint(text[i+8:i+12], 16, 32); err == nil && lo >= 0xDC00 && lo < 0xE000 {
					n, s = 12, string(rune(0x10000+(v-0xD800)<<10+(lo-0xDC00)))
				}
			}
		default: // \" \\ \/
			s = text[i+1 : i+2]
		}
		for range len(s) {
			offs = append(offs, i)
		}
		b.WriteString(s)
		i += n
	}
	offs = append(offs, to)
	return &region{Text: b.String(), offs: offs, encode: escapeJSON}
}

// escapeJSON writes s as the inside of a JSON string.
func escapeJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}
