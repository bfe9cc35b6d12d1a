package host

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/wflint/wflint/internal/diag"
)

// Ignore is an ignore comment: `# wflint:ignore RULE[,RULE…] [-- reason]`
// (`//` too in HCL) on the line before an expression's attribute or at
// the end of its line, or a `.wf` file's `# wflint:ignore` line among the
// directives at its top. It silences the findings of its rules in Scope.
type Ignore struct {
	// Rules are the rule IDs it names, as written.
	Rules []string
	// RuleSpans[i] is where Rules[i] is written.
	RuleSpans []diag.Span
	// Reason is the text after `--`, trimmed; "" when there is none.
	Reason string
	// Span covers the comment, without its line break.
	Span diag.Span
	// Scope holds the findings it silences: those that start in it. For a
	// comment at the end of a line, that line; for a comment on a line of
	// its own, the next line that is not a comment. Either way an
	// expression whose value starts on that line is in the scope whole,
	// down to its last line. A .wf file's ignore covers the file.
	Scope diag.Span
	// Problem, when set, says why the comment cannot silence anything
	// (it names no rule, or is written in a form wflint does not read);
	// Rules is then empty.
	Problem string
}

// ignorePrefix starts an ignore, after the comment marker and spaces.
const ignorePrefix = "wflint:ignore"

// ignoreUsage is how an ignore is written, for messages.
const ignoreUsage = "# wflint:ignore RULE[,RULE…] [-- reason]"

// MayHaveIgnores reports whether data can hold an ignore comment at all:
// files without one (nearly all) cost one search and nothing more.
func MayHaveIgnores(data []byte) bool {
	return bytes.Contains(data, []byte(ignorePrefix))
}

// parseIgnore reads the text of a comment after its marker (`#`, `//`),
// which starts at offset at in the file, as an ignore; ok is false when
// the comment is no ignore at all (any other comment, another wflint:
// directive).
func parseIgnore(text string, at int) (ig Ignore, ok bool) {
	body := strings.TrimLeft(text, " \t")
	at += len(text) - len(body)
	rest, found := strings.CutPrefix(body, ignorePrefix)
	if !found {
		return ig, false
	}
	at += len(ignorePrefix)
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		// wflint:ignored, wflint:ignore-next: another word; wflint:ignore=x
		// and wflint:ignore:x are ignores in a form wflint does not read.
		if rest[0] == '=' || rest[0] == ':' {
			ig.Problem = "write the rules after a space: " + ignoreUsage
			return ig, true
		}
		return ig, false
	}
	rules := rest
	if i := strings.Index(rest, "--"); i >= 0 {
		rules = rest[:i]
		ig.Reason = strings.TrimSpace(rest[i+2:])
	}
	off := at
	for _, part := range strings.Split(rules, ",") {
		id := strings.TrimSpace(part)
		start := off + strings.Index(part, id)
		off += len(part) + 1
		if id == "" {
			continue
		}
		if strings.ContainsAny(id, " \t") {
			ig.Rules, ig.RuleSpans = nil, nil
			ig.Problem = "`" + strings.Join(strings.Fields(rules), " ") + "` is not a list of rule IDs: " + ignoreUsage
			return ig, true
		}
		ig.Rules = append(ig.Rules, id)
		ig.RuleSpans = append(ig.RuleSpans, diag.SpanOf(start, start+len(id)))
	}
	if len(ig.Rules) == 0 {
		ig.Problem = "the ignore names no rule: " + ignoreUsage
	}
	return ig, true
}

// hclIgnores finds the ignore comments of a Terraform file with HCL's own
// lexer, so that `#` inside a string or a heredoc is never one, and
// scopes each to the line it applies to; snippets (in file order) widen a
// scope to the whole expression whose value starts on that line.
func hclIgnores(data []byte, snippets []Snippet) []Ignore {
	if !MayHaveIgnores(data) {
		return nil
	}
	toks, _ := hclsyntax.LexConfig(data, "", hcl.InitialPos)
	// A line that holds only comments does not take an ignore above it:
	// stacked ignores all apply to the line after them.
	commentOnly := map[int]bool{}
	lineStart := func(off int) int { return bytes.LastIndexByte(data[:off], '\n') + 1 }
	var comments []hclsyntax.Token
	for _, t := range toks {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		start := t.Range.Start.Byte
		own := len(bytes.TrimSpace(data[lineStart(start):start])) == 0
		if own {
			commentOnly[t.Range.Start.Line] = true
		}
		if bytes.Contains(t.Bytes, []byte(ignorePrefix)) {
			comments = append(comments, t)
		}
	}
	var out []Ignore
	for _, t := range comments {
		text := string(t.Bytes)
		start := t.Range.Start.Byte
		var marker string
		switch {
		case strings.HasPrefix(text, "#"):
			marker = "#"
		case strings.HasPrefix(text, "//"):
			marker = "//"
		default:
			// A /* block */ comment: an ignore is a line comment.
			if ig, ok := parseIgnore(strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/"), start+2); ok {
				ig.Rules, ig.RuleSpans = nil, nil
				ig.Problem = "an ignore is a line comment: " + ignoreUsage
				ig.Span = diag.SpanOf(start, t.Range.End.Byte)
				out = append(out, ig)
			}
			continue
		}
		text = strings.TrimRight(text, "\r\n")
		ig, ok := parseIgnore(text[len(marker):], start+len(marker))
		if !ok {
			continue
		}
		ig.Span = diag.SpanOf(start, start+len(text))
		line := t.Range.Start.Line
		from := lineStart(start)
		if commentOnly[line] {
			// The next line that is not a comment.
			for from < len(data) {
				nl := bytes.IndexByte(data[from:], '\n')
				if nl < 0 {
					from = len(data)
					break
				}
				from += nl + 1
				line++
				if !commentOnly[line] {
					break
				}
			}
		}
		ig.Scope = lineScope(data, from, snippets)
		out = append(out, ig)
	}
	return out
}

// lineScope is the scope of an ignore that applies to the line starting
// at from: the line, and every expression whose value starts on it, whole.
func lineScope(data []byte, from int, snippets []Snippet) diag.Span {
	end := len(data)
	if nl := bytes.IndexByte(data[from:], '\n'); nl >= 0 {
		end = from + nl
	}
	scope := diag.SpanOf(from, end)
	for i := range snippets {
		sn := &snippets[i]
		if a := sn.Anchor(len(data)); a >= from && a <= end {
			scope.End = max(scope.End, diag.Pos(sn.End))
		}
	}
	return scope
}

// Anchor is where the snippet's value is written in a host of hostLen
// bytes: the opening quote, or the end of the heredoc's `<<EOT` line (its
// body starts on the line after). An ignore comment for the expression
// goes on the line before the anchor's.
func (s *Snippet) Anchor(hostLen int) int {
	if s.Encoding == HCLHeredoc {
		return max(0, s.Start-1) // the line break that ends `<<EOT`
	}
	a, _ := s.Literal(hostLen)
	return a
}
