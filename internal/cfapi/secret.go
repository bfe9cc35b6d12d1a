package cfapi

import (
	"fmt"
	"io"
	"strings"
)

const redacted = "[REDACTED]"

// Secret holds a credential (API token or global API key). It prints as
// "[REDACTED]" under every fmt verb, including %#v and %+v of structs that
// contain it, and marshals to "[REDACTED]" in JSON.
//
// The value is kept inside a closure rather than a string field because
// reflection-based dumpers (fmt on unexported fields, spew, debuggers'
// pretty printers) walk string and pointer fields but cannot look inside a
// function value.
type Secret struct {
	get func() string
}

// NewSecret wraps a credential. An empty string gives the zero Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{get: func() string { return s }}
}

// IsZero reports whether no credential is set.
func (s Secret) IsZero() bool { return s.get == nil }

// value returns the credential; only the code that builds request headers
// and the scrubber call it.
func (s Secret) value() string {
	if s.get == nil {
		return ""
	}
	return s.get()
}

// String returns "[REDACTED]", or "" when no credential is set, so a dump
// still shows whether a credential was configured.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// GoString makes %#v print the redacted form too.
func (s Secret) GoString() string { return fmt.Sprintf("cfapi.Secret(%q)", s.String()) }

// Format implements fmt.Formatter so that no verb (%x, %q, %v, …) can reach
// the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	if verb == 'q' {
		_, _ = io.WriteString(f, fmt.Sprintf("%q", s.String()))
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// MarshalText keeps the value out of JSON, YAML and text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// scrubber removes credential values from text the server sent back: a
// misbehaving proxy or API may echo request headers in an error message.
type scrubber []Secret

func (sc scrubber) scrub(text string) string {
	for _, s := range sc {
		// Very short values would mangle ordinary text; real tokens and
		// keys are long.
		if v := s.value(); len(v) >= 8 {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return text
}
