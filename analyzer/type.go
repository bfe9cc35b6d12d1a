package analyzer

// Type rules: the type check's findings (package check). Like syntax
// errors they are fatal and cannot be turned off; each carries the engine's
// error kind.

var typeRules = []*Rule{
	fatal(CatType, "expected-int", "A number was expected."),
	fatal(CatType, "invalid-int", "An integer literal is malformed or, with a leading 0, not octal."),
	fatal(CatType, "int-overflow", "An integer does not fit the engine's integer type."),
	fatal(CatType, "range-bounds", "A range whose end is below its start, or mixes IP families."),
	fatal(CatType, "invalid-ip", "An IP address literal is malformed."),
	fatal(CatType, "invalid-cidr", "A CIDR prefix length is malformed or too long."),
	fatal(CatType, "cidr-host-bits", "A CIDR has bits set after its prefix."),
	fatal(CatType, "cidr-needs-set", "A CIDR compared with an equality operator; use `in {…}`."),
	fatal(CatType, "invalid-bytes", "A bare value where a string belongs (hex byte syntax did not match)."),
	fatal(CatType, "invalid-map-key", "A map key that is not a double-quoted string."),
	fatal(CatType, "invalid-index", "An index that does not fit the value: a number on a map, a key on an array, any index on a scalar."),
	fatal(CatType, "quoted-ip", "An IP field compared with a quoted string."),
	fatal(CatType, "quoted-number", "An integer field compared with a quoted string."),
	fatal(CatType, "type-mismatch", "Operands of the wrong type: the filter or a logical operand is not a condition."),
	fatal(CatType, "missing-operator", "A non-Bool value used as a condition without a comparison."),
	fatal(CatType, "bool-compared", "A Bool value followed by a comparison operator."),
	fatal(CatType, "unsupported-operator", "An operator that does not work on the value's type."),
	fatal(CatType, "argument-count", "A function called with too few or too many arguments."),
	fatal(CatType, "argument-kind", "A literal where a field is required, or the other way round."),
	fatal(CatType, "argument-type", "A function argument of the wrong type."),
	fatal(CatType, "argument-value", "A literal argument outside the values the function accepts."),
	fatal(CatType, "map-each-argument", "`[*]` in a function argument other than the first."),
	fatal(CatType, "invalid-regex", "A regex that does not compile."),
	fatal(CatType, "regex-literal", "`matches` followed by something other than a string."),
	fatal(CatType, "invalid-wildcard", "A wildcard pattern with `**` or an escape other than \\* and \\\\."),
	fatal(CatType, "wildcard-literal", "`wildcard` followed by something other than a string."),
	fatal(CatType, "list-type", "A list whose items are of another type than the value."),
}
