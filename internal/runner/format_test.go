package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormat(t *testing.T) {
	inputs := []Input{
		{Display: "<expr:1>", Data: []byte(`http.host   eq "x"`)},
		{Display: "<expr:2>", Data: []byte(`http.host eq "x"`)},
		{Display: "<expr:3>", Data: []byte(`http.host eq (`)},
		{Display: "<expr:4>", Data: []byte{0}},
	}
	var got []*Reformatted
	Format(inputs, 2, func(r *Reformatted) { got = append(got, r) })
	require.Len(t, got, 4)
	for i, r := range got {
		assert.Equal(t, inputs[i], r.Input)
	}
	assert.True(t, got[0].Changed())
	assert.Equal(t, `http.host eq "x"`, string(got[0].Text))
	assert.False(t, got[1].Changed())
	assert.False(t, got[1].Unparsed())
	assert.Empty(t, got[1].NoteLines())
	assert.True(t, got[2].Unparsed())
	require.Len(t, got[2].NoteLines(), 1)
	assert.Regexp(t, `^1:\d+: not formatted: `, got[2].NoteLines()[0])
	assert.EqualError(t, got[3].Err, "binary file (contains NUL bytes); skipped")
	assert.Nil(t, got[3].NoteLines())
}
