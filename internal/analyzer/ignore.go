package analyzer

// CatIgnore is the category of the rules about ignores (comments such as
// `# wflint:ignore RULE` and the configuration's ignore entries), which
// the workspace reports once a file's findings are known. Their Run is
// nil: a pass over one expression does not see the ignores around it.
const CatIgnore Category = "ignore"
