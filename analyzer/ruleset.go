package analyzer

// CatRuleset is the category of the rules package ruleset reports: checks
// of a ruleset as a whole (its phase, each rule's action and parameters,
// duplicate rules) rather than of one expression.
const CatRuleset Category = "ruleset"

// runRuleset is the Run of the ruleset rules: package ruleset's Check
// reports them, seeing the whole ruleset, which a pass over one expression
// does not. They sit in the table all the same, so that each has an ID, a
// doc page and configurable severity.
func runRuleset(*Pass) {}
