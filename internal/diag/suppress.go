package diag

// SuppressionKind says where an ignore that silenced a finding is
// written, in SARIF's terms.
type SuppressionKind uint8

// Suppression kinds.
const (
	// InSource is an ignore comment in the file itself (`# wflint:ignore
	// RULE`), or a `.wf` file's ignore directive.
	InSource SuppressionKind = iota + 1
	// External is an entry of the configuration (`.wflint.yaml`'s
	// `ignore`), outside the file it silences.
	External
)

// String returns SARIF's name of the kind: "inSource" or "external".
func (k SuppressionKind) String() string {
	if k == External {
		return "external"
	}
	return "inSource"
}

// Suppression is the ignore that silenced a finding.
type Suppression struct {
	Kind SuppressionKind
	// Reason is the text a person wrote after `--` (or the entry's
	// reason), "" when there is none.
	Reason string
	// Span is the ignore in the file that holds it: the comment in the
	// linted file for InSource, the entry in Path for External.
	Span Span
	// Path is the configuration file of an External suppression.
	Path string
	// Line is the 1-based line of an External suppression's entry in
	// Path (Span indexes a file the linted file's line index does not
	// cover); 0 for InSource.
	Line int
}

// Suppressed is a finding an ignore silenced: not shown, not counted
// among the findings, but kept so that a summary can count it and SARIF
// can carry it as a dismissed result.
type Suppressed struct {
	Diagnostic
	Suppression Suppression
}

// Applicable returns the fix `wflint --fix` would apply for d: its only
// fix, when that fix has edits. A finding that offers several fixes asks
// a person to choose, and has none. The fix's Safe says whether --fix
// applies it or only --unsafe-fixes does.
func (d *Diagnostic) Applicable() (*Fix, bool) {
	if len(d.Fixes) != 1 || len(d.Fixes[0].Edits) == 0 {
		return nil, false
	}
	return &d.Fixes[0], true
}
