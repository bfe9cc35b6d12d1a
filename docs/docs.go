// Package docs holds wflint's rule pages, embedded. The pages live here, at
// docs/rules/<ID>.md, because their web addresses are printed in SARIF output
// and by the language server and must not move; Go's embed cannot reach a
// parent directory, so the package that embeds them sits beside them.
// Reading them is internal (internal/ruledoc): programs use the root package.
package docs

import "embed"

// Rules holds rules/<ID>.md, one page per rule.
//
//go:embed rules/*.md
var Rules embed.FS
