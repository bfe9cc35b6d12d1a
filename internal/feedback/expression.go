package feedback

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/internal/schema"
)

// ExpressionSchema is the schema a report's expression is checked against
// under profile: schema.ProfileFeedback, the fields the feedback API
// accepts, or schema.ProfileRules, the whole Rules language (for an
// expression taken from a rule). Any other profile is an error that says
// what profile must be ("must be feedback or rules"), for the caller to
// prefix with where the profile came from.
func ExpressionSchema(profile string) (*schema.Schema, error) {
	switch profile {
	case schema.ProfileFeedback:
		return schema.Feedback(), nil
	case schema.ProfileRules:
		return schema.Rules(), nil
	}
	return nil, fmt.Errorf("must be %s or %s", schema.ProfileFeedback, schema.ProfileRules)
}

// ExpressionText is the expression held by a file's contents: trailing
// line breaks are an editor's, not part of the expression.
func ExpressionText(data []byte) string {
	return strings.TrimRight(string(data), "\r\n")
}
