package diag

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplyEdits(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		edits []Edit
		want  string
	}{
		{"replace", "abcdef", []Edit{{Span{1, 3}, "X"}}, "aXdef"},
		{"insert", "abc", []Edit{{Span{3, 3}, "!"}}, "abc!"},
		{"unsorted", "abcdef", []Edit{{Span{4, 5}, "E"}, {Span{0, 1}, "A"}}, "AbcdEf"},
		{"overlap dropped", "abcdef", []Edit{{Span{0, 3}, "X"}, {Span{2, 4}, "Y"}}, "Xdef"},
		{"clamped", "abc", []Edit{{Span{2, 99}, "Z"}}, "abZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ApplyEdits(tt.src, tt.edits))
		})
	}
}

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Info, Warning, Error} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Severity
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	_, err := ParseSeverity("fatal")
	assert.Error(t, err)
	assert.Equal(t, "off", Severity(0).String())
}

func TestList(t *testing.T) {
	l := List{{Span: Span{5, 6}, Severity: Info}, {Span: Span{1, 9}, Severity: Error}, {Span: Span{1, 3}}}
	l.Sort()
	assert.Equal(t, []Span{{1, 3}, {1, 9}, {5, 6}}, []Span{l[0].Span, l[1].Span, l[2].Span})
	assert.True(t, l.HasErrors())
}

// SortByPosition orders by start, then rule ID, and keeps the order of
// diagnostics equal in both.
func TestSortByPosition(t *testing.T) {
	l := List{
		{Rule: "b", Span: Span{Start: 5}, Message: "1"},
		{Rule: "a", Span: Span{Start: 5}, Message: "2"},
		{Rule: "z", Span: Span{Start: 1}, Message: "3"},
		{Rule: "a", Span: Span{Start: 5, End: 9}, Message: "4"},
	}
	l.SortByPosition()
	var got []string
	for _, d := range l {
		got = append(got, d.Message)
	}
	assert.Equal(t, []string{"3", "2", "4", "1"}, got)
	assert.Negative(t, Compare(&l[0], &l[1]))
	assert.Zero(t, Compare(&l[1], &l[2]))
}

// Fails is the one threshold: a finding fails when it is at or above
// failOn, and the zero failOn is Error.
func TestFails(t *testing.T) {
	tests := []struct {
		sev, failOn Severity
		want        bool
	}{
		{Error, 0, true},
		{Warning, 0, false},
		{Info, 0, false},
		{Warning, Warning, true},
		{Error, Warning, true},
		{Info, Warning, false},
		{Info, Info, true},
		{0, Info, false}, // "off" never fails
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.sev.Fails(tt.failOn), "%s under %s", tt.sev, tt.failOn)
		assert.Equal(t, tt.want, List{{Severity: Info - 1}, {Severity: tt.sev}}.Fails(tt.failOn), "%s under %s", tt.sev, tt.failOn)
	}
	assert.False(t, List(nil).Fails(Info))
	assert.Equal(t, List{{Severity: Warning}}.Fails(Error), List{{Severity: Warning}}.HasErrors())
}
