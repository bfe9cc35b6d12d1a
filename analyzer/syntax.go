package analyzer

// Syntax rules: the parser's findings (package grammar), whose IDs are the
// grammar's error codes. They are fatal: an expression with one of these
// problems is rejected by Cloudflare, so they cannot be turned off.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/schema"
)

var syntaxRules = []*Rule{
	fatal(CatSyntax, "syntax", "The text is not a valid Rules-language expression."),
	fatal(CatSyntax, "empty-expression", "The expression is empty."),
	fatal(CatSyntax, "input-too-large", "The expression is larger than the parser reads."),
	fatal(CatSyntax, "nesting-too-deep", "Parentheses, not and function calls are nested deeper than the engine allows."),
	fatal(CatSyntax, "unbalanced", "A bracket is never closed, or closes nothing."),
	fatal(CatSyntax, "tab-separator", "A tab separates tokens; the engine accepts only spaces and line breaks."),
	fatal(CatSyntax, "unicode-space", "A non-ASCII space separates tokens; the engine accepts only spaces and line breaks."),
	fatal(CatSyntax, "comment", "A # or // comment: the language has no comments."),
	fatal(CatSyntax, "malformed-name", "A field or function name has an empty part (`x..y` or a trailing dot)."),
	fatal(CatSyntax, "single-quoted-string", "A string in single quotes; strings use double quotes."),
	fatal(CatSyntax, "missing-quote", "A string, raw string or regex is never closed."),
	fatal(CatSyntax, "invalid-escape", "A backslash escape the engine does not accept, such as \\n."),
	fatal(CatSyntax, "raw-string-hashes", "A raw string with more than 255 #."),
	fatal(CatSyntax, "raw-string-quote", "`r#` is not followed by a quote."),
	fatal(CatSyntax, "invalid-list-name", "A $list name with characters lists cannot have."),
	fatal(CatSyntax, "uppercase-keyword", "A keyword written in upper case; keywords are lower case."),
	fatal(CatSyntax, "strict-wildcard-spacing", "`strict wildcard` written with other than one space."),
	fatal(CatSyntax, "single-equals", "A single `=`; equality is `eq` or `==`."),
	fatal(CatSyntax, "infix-function", "A function such as starts_with used as an operator."),
	fatal(CatSyntax, "unknown-operator", "A word where a comparison operator belongs."),
	fatal(CatSyntax, "negated-operator", "`not in`, `not contains` or `!~`: negate the whole comparison instead."),
	fatal(CatSyntax, "boolean-literal", "A Bool field compared with true or false; there are no boolean literals."),
	fatal(CatSyntax, "in-needs-braces", "`in` followed by a bare value instead of a set in braces or a list."),
	fatal(CatSyntax, "set-needs-in", "A set `{…}` after an operator other than `in`."),
	fatal(CatSyntax, "list-needs-in", "A $list after an operator other than `in`."),
	fatal(CatSyntax, "slash-regex", "A regex between slashes; regexes are written as strings."),
	fatal(CatSyntax, "comma-in-set", "Set items separated by commas; they are separated by spaces."),
	fatal(CatSyntax, "unquoted-string", "A bare word where a quoted string belongs."),
	fatal(CatSyntax, "space-before-index", "A space before `[`; an index must follow its value directly."),
	fatal(CatSyntax, "trailing-comma", "A trailing comma in a function call."),
	fatal(CatSyntax, "argument-needs-parens", "A function argument combining conditions without parentheses."),
}

// fatal declares a rule reported by the parser or the type check rather
// than by a Run function of its own.
func fatal(cat Category, id, summary string) *Rule {
	return &Rule{ID: id, Category: cat, Severity: diag.Error, Summary: summary, Fatal: true}
}

// explainBooleanLiteral corrects the parser's boolean-literal error when the
// compared field is not a Bool: the parser cannot know the field's type, and
// its fix (drop the comparison) is right only for Bool fields.
func explainBooleanLiteral(d *diag.Diagnostic, s *schema.Schema) {
	if len(d.Fixes) == 0 || len(d.Fixes[0].Edits) == 0 {
		return
	}
	name := strings.TrimPrefix(d.Fixes[0].Edits[0].New, "not ")
	r := s.Lookup(name)
	if r.Field == nil || r.Field.Type == schema.TypeBool {
		return
	}
	d.Message = fmt.Sprintf("there are no boolean literals, and `%s` is %s, not a Bool: compare it with a %s value", name, r.Field.Type, r.Field.Type)
	d.Fixes = nil
}
