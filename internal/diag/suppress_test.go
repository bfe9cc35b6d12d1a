package diag

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestApplicable(t *testing.T) {
	edit := []Edit{{Span{0, 1}, "x"}}
	tests := []struct {
		name  string
		fixes []Fix
		want  bool
		safe  bool
	}{
		{"none", nil, false, false},
		{"one safe", []Fix{{Title: "a", Edits: edit, Safe: true}}, true, true},
		{"one unsafe", []Fix{{Title: "a", Edits: edit}}, true, false},
		{"a choice", []Fix{{Title: "a", Edits: edit, Safe: true}, {Title: "b", Edits: edit}}, false, false},
		{"a suggestion without edits", []Fix{{Title: "a"}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnostic{Fixes: tt.fixes}
			f, ok := d.Applicable()
			assert.Equal(t, tt.want, ok)
			if ok {
				assert.Equal(t, tt.safe, f.Safe)
			}
		})
	}
}

func TestSuppressionKind(t *testing.T) {
	assert.Equal(t, "inSource", InSource.String())
	assert.Equal(t, "external", External.String())
}
