package analyzer

// CatRuleset is the category of the rules package ruleset reports: checks
// of a ruleset as a whole (its phase, each rule's action and parameters,
// duplicate rules) rather than of one expression. Their Run is nil: a pass
// over one expression does not see the ruleset.
const CatRuleset Category = "ruleset"
