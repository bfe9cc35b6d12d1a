package analyzer

// Syntax rules: the parser's findings (package grammar), whose IDs are the
// grammar's error codes. They are fatal: an expression with one of these
// problems is rejected by Cloudflare, so they cannot be turned off.

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/schema"
)

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
