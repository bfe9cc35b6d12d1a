// Package eval compiles a type-checked Rules-language ("wirefilter") filter
// expression into a matcher over records of any Go type.
//
// # Design
//
// Package check is the one type system: it resolves every field and
// function and records the [schema.Type] of every node. [Compile] takes its
// result, a *check.Checked, and builds a tree of Go closures in one walk: a
// func(R) bool for each condition, a func(R) (V, bool) for each value, and a
// sequence function for values iterated with `[*]`. It does not check types,
// arities or argument kinds again. Literals are decoded, sets are turned
// into sorted, merged interval lists (integers, IPv4 and IPv6 separately) or
// hash sets (bytes), regexes and wildcard patterns are compiled, and fields
// are resolved to accessor functions supplied by a [Binding]. Program.Match
// then only calls closures: there is no AST walk, no map lookup by field
// name and no reflection at match time, and the common comparisons
// (including any/all over `field[*]`) do not allocate. Functions that build
// new strings (lower, concat, url_decode …) do allocate.
//
// # Compile-time refusal
//
// An expression the check rejected is refused with the check's first
// error. Whatever the check accepts but cannot be evaluated exactly is
// refused by Compile with a *check.Refusal (Backend "eval", the refusal
// type the ClickHouse compiler shares) that carries the byte span of the
// offending node: fields the binding cannot provide (or provides with the
// wrong Go type), functions whose entry in the dispatch table (funcs.go,
// one entry per schema function) is a refusal (bit_slice, regex_replace,
// wildcard_replace, remove_query_args, uuidv4, is_timed_hmac_valid_v0,
// has_value), lists it was not given, and regexes
// that Go cannot reproduce (Unicode classes, the u and x flags, nested
// classes and class set operations). Nothing is guessed at run time.
//
// # Missing values
//
// A field the accessor reports as absent, an index past the end of an
// array, an absent map key, or a function given a missing input yields a
// missing value (LANGUAGE.md §6.4). Every comparison with a missing value is
// false, including `!=` by default: this is the Cloudflare product's
// documented behaviour. [WithNotEqualOnMissing](true) selects the
// open-source engine's default instead, where `!=` on a missing value is
// true. `not` of a false comparison is true. any() over `x[*]` of a missing
// container is false and all() is true (it is empty); any() and all() of a
// bare Array<Bool> value that is missing are both false. concat skips
// missing arguments.
//
// # Semantics
//
// Bytes compare bytewise; `contains` is a substring test; `matches` is an
// unanchored search with the engine's byte-oriented regex dialect (see
// regex.go for the translation from Rust syntax to Go); `wildcard` matches
// the whole value with `*` for any run of bytes, `\*` and `\\` as escapes,
// and ASCII case folding, and `strict wildcard` is the case-sensitive form.
// IP addresses compare within one family; an IPv4 value and an IPv6 literal
// (or the reverse) are incomparable, so only `!=` is true, while sets may mix
// families. A comparison whose left side iterates with `[*]` yields an
// Array<Bool>; logical operators combine such arrays element-wise (truncated
// to the shortest), and any/all reduce them to Bool.
//
// Known differences from the engine: Go's regexp limits counted repetition
// to 1000 and rejects some syntax Rust accepts (`{,n}`); regexes are
// otherwise compiled as Go RE2 with the same leftmost-first semantics.
package eval
