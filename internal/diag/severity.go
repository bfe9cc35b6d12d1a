package diag

import (
	"cmp"
	"fmt"
	"strings"
)

// Severity orders findings; a higher value is more severe. The zero value
// means "off".
//
// The meaning is fixed across wflint: Error means Cloudflare rejects the
// input, or a condition can never or always match; Warning means very likely
// a bug; Info is style.
type Severity int

// Severities.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// Fails reports whether a finding of severity s fails under the threshold
// failOn: s is failOn or more severe. It is wflint's one answer to "does
// this finding stop what is done with the input": the exit status of
// wflint (--fail-on, fail-on in .wflint.yaml), report validate and report
// build, and whether report submit sends (--strict lowers the threshold to
// Warning). The zero failOn means Error, every command's default.
//
// Whether Cloudflare rejects what a finding is about is another question,
// answered by the finding itself (Diagnostic.Rejected).
func (s Severity) Fails(failOn Severity) bool {
	return s >= cmp.Or(failOn, Error)
}

// String returns "info", "warning", "error", or "off" for the zero value.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// MarshalText writes the severity's name, so JSON carries "error" rather
// than a number.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a name accepted by ParseSeverity.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "error", "warning" (or "warn") and "info" (or "note").
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}
