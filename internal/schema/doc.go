// Package schema is wflint's catalog of the fields, functions and lists that
// a Cloudflare Rules language ("wirefilter") expression may refer to.
//
// The engine itself knows no names: every field, function and list comes from
// the scheme its embedder supplies. A linter therefore needs its own copy of
// that scheme to type-check expressions, to warn about deprecated or
// plan-restricted fields, to check literal values against a field's value
// domain, and to drive completion and hover. This package holds that copy,
// embedded from catalog.json, and exposes it through profiles:
//
//   - [Rules]: the whole catalog, as documented for the Cloudflare product.
//   - [Feedback]: only the eight fields documented for Bot Management feedback
//     expressions, plus all functions. Other Rules fields are reported as
//     [NotInProfile] rather than [Unknown], so diagnostics can explain the
//     difference.
//   - [Engine2020]: the names known to the 2020 engine used as the
//     conformance oracle, with that engine's types and function signatures.
//   - [Load] / [LoadFile]: a user-supplied schema in the same JSON format as
//     catalog.json (see README.md in this directory).
//
// Profiles are immutable and safe for concurrent use; [Schema.With] derives a
// new schema with extra names instead of mutating a shared one.
package schema
