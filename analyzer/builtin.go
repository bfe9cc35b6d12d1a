package analyzer

import "github.com/wflint/wflint/diag"

// Rules reported by the parser (category syntax) and the type checker
// (categories type, schema, feedback). They are fatal: an expression with
// one of these problems is rejected by Cloudflare, so they cannot be turned
// off. Their IDs are the grammar's error codes.
func init() {
	syntax := func(id, summary string) *Rule {
		return &Rule{ID: id, Category: CatSyntax, Severity: diag.Error, Summary: summary, Fatal: true}
	}
	typ := func(id, summary string) *Rule {
		return &Rule{ID: id, Category: CatType, Severity: diag.Error, Summary: summary, Fatal: true}
	}
	Register(
		syntax("syntax", "The text is not a valid Rules-language expression."),
		syntax("empty-expression", "The expression is empty."),
		syntax("input-too-large", "The expression is larger than the parser reads."),
		syntax("nesting-too-deep", "Parentheses, not and function calls are nested deeper than the engine allows."),
		syntax("unbalanced", "A bracket is never closed, or closes nothing."),
		syntax("tab-separator", "A tab separates tokens; the engine accepts only spaces and line breaks."),
		syntax("unicode-space", "A non-ASCII space separates tokens; the engine accepts only spaces and line breaks."),
		syntax("comment", "A # or // comment: the language has no comments."),
		syntax("malformed-name", "A field or function name has an empty part (`x..y` or a trailing dot)."),
		syntax("single-quoted-string", "A string in single quotes; strings use double quotes."),
		syntax("missing-quote", "A string, raw string or regex is never closed."),
		syntax("invalid-escape", "A backslash escape the engine does not accept, such as \\n."),
		syntax("raw-string-hashes", "A raw string with more than 255 #."),
		syntax("raw-string-quote", "`r#` is not followed by a quote."),
		syntax("invalid-list-name", "A $list name with characters lists cannot have."),
		syntax("uppercase-keyword", "A keyword written in upper case; keywords are lower case."),
		syntax("strict-wildcard-spacing", "`strict wildcard` written with other than one space."),
		syntax("single-equals", "A single `=`; equality is `eq` or `==`."),
		syntax("infix-function", "A function such as starts_with used as an operator."),
		syntax("unknown-operator", "A word where a comparison operator belongs."),
		syntax("negated-operator", "`not in`, `not contains` or `!~`: negate the whole comparison instead."),
		syntax("boolean-literal", "A Bool field compared with true or false; there are no boolean literals."),
		syntax("in-needs-braces", "`in` followed by a bare value instead of a set in braces or a list."),
		syntax("set-needs-in", "A set `{…}` after an operator other than `in`."),
		syntax("list-needs-in", "A $list after an operator other than `in`."),
		syntax("slash-regex", "A regex between slashes; regexes are written as strings."),
		syntax("comma-in-set", "Set items separated by commas; they are separated by spaces."),
		syntax("unquoted-string", "A bare word where a quoted string belongs."),
		syntax("space-before-index", "A space before `[`; an index must follow its value directly."),
		syntax("trailing-comma", "A trailing comma in a function call."),
		syntax("argument-needs-parens", "A function argument combining conditions without parentheses."),
		typ("expected-int", "A number was expected."),
		typ("invalid-int", "An integer literal is malformed or, with a leading 0, not octal."),
		typ("int-overflow", "An integer does not fit the engine's integer type."),
		typ("range-bounds", "A range whose end is below its start, or mixes IP families."),
		typ("invalid-ip", "An IP address literal is malformed."),
		typ("invalid-cidr", "A CIDR prefix length is malformed or too long."),
		typ("cidr-host-bits", "A CIDR has bits set after its prefix."),
		typ("cidr-needs-set", "A CIDR compared with an equality operator; use `in {…}`."),
		typ("invalid-bytes", "A bare value where a string belongs (hex byte syntax did not match)."),
		typ("invalid-map-key", "A map key that is not a double-quoted string."),
		typ("invalid-index", "An index that does not fit the value: a number on a map, a key on an array, any index on a scalar."),
		typ("quoted-ip", "An IP field compared with a quoted string."),
		typ("quoted-number", "An integer field compared with a quoted string."),
		typ("type-mismatch", "Operands of the wrong type: the filter or a logical operand is not a condition."),
		typ("missing-operator", "A non-Bool value used as a condition without a comparison."),
		typ("bool-compared", "A Bool value followed by a comparison operator."),
		typ("unsupported-operator", "An operator that does not work on the value's type."),
		typ("argument-count", "A function called with too few or too many arguments."),
		typ("argument-kind", "A literal where a field is required, or the other way round."),
		typ("argument-type", "A function argument of the wrong type."),
		typ("argument-value", "A literal argument outside the values the function accepts."),
		typ("map-each-argument", "`[*]` in a function argument other than the first."),
		typ("invalid-regex", "A regex that does not compile."),
		typ("regex-literal", "`matches` followed by something other than a string."),
		typ("invalid-wildcard", "A wildcard pattern with `**` or an escape other than \\* and \\\\."),
		typ("wildcard-literal", "`wildcard` followed by something other than a string."),
		typ("list-type", "A list whose items are of another type than the value."),
		&Rule{ID: "unknown-field", Category: CatSchema, Severity: diag.Error, Fatal: true, Summary: "A name that is not a field of the schema."},
		&Rule{ID: "unknown-function", Category: CatSchema, Severity: diag.Error, Fatal: true, Summary: "A call to a name that is not a function of the schema."},
		&Rule{ID: "not-feedback-field", Category: CatFeedback, Severity: diag.Error, Fatal: true, Summary: "A Rules field that is not one of the documented feedback-expression fields."},
	)
}
