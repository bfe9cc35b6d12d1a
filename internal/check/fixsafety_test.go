package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// TestFixSafety holds the type check's fixes to their class: safe when
// it writes what the author evidently meant in the notation Cloudflare
// accepts (quotes off a number or an IP, quotes on a word, a value
// converted to the string its parameter takes), unsafe when it picks a
// meaning (any(…) rather than all(…), the field a typo was closest to,
// a Bool left uncompared whatever it was compared with).
func TestFixSafety(t *testing.T) {
	tests := []struct {
		src, rule string
		role      schema.Role
		safe      bool
	}{
		{`tcp.dstport eq "443"`, "quoted-number", schema.RoleFilter, true},
		{`ip.src eq "1.2.3.4"`, "quoted-ip", schema.RoleFilter, true},
		{`ip.src in {"10.0.0.0/8"}`, "quoted-ip", schema.RoleFilter, true},
		{`http.host contains 41`, "invalid-bytes", schema.RoleFilter, true},
		{`cf.bot_management.score`, "type-mismatch", schema.RoleValue, true},
		{`http.request.headers.names[*] eq "x"`, "type-mismatch", schema.RoleFilter, false},
		{`http.hots eq "a"`, "unknown-field", schema.RoleFilter, false},
		{`ssl eq "false"`, "bool-compared", schema.RoleFilter, false},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.src, func(t *testing.T) {
			x, errs := grammar.Parse(tt.src)
			require.Empty(t, errs)
			opts := Options{Role: tt.role}
			if tt.role == schema.RoleValue {
				opts.ValueType = schema.TypeBytes
			}
			_, ds := Check(x, schema.Rules(), opts)
			found := false
			for _, d := range ds {
				if d.Rule != tt.rule || len(d.Fixes) == 0 {
					continue
				}
				found = true
				for _, f := range d.Fixes {
					assert.Equal(t, tt.safe, f.Safe, "%s: %s", f.Title, d.Message)
				}
			}
			require.True(t, found, "no %s finding with a fix in %v", tt.rule, ds)
		})
	}
}
