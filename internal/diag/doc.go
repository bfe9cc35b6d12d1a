// Package diag holds the vocabulary every layer of wflint shares: byte
// positions and spans, the line index that turns them into lines and
// columns, text edits and fixes, severities, and the one Diagnostic type.
//
// Parser errors, analyzer findings, host-extraction problems and report
// validation problems are all Diagnostics, so each front end (the CLI, the
// language server, the library) converts once, at its edge. Positions stay
// byte offsets everywhere inside wflint, as go/token keeps them, and become
// lines and columns only in output.
package diag
