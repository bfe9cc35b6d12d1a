package lsptest

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Send(&buf, map[string]any{"id": 1}))
	require.NoError(t, WriteFrame(&buf, `{"method":"x"}`))
	msgs := make(chan map[string]any, 4)
	require.NoError(t, ReadMessages(&buf, msgs))
	assert.Equal(t, map[string]any{"id": 1.0}, <-msgs)
	assert.Equal(t, map[string]any{"method": "x"}, <-msgs)
	_, open := <-msgs
	assert.False(t, open)

	require.NoError(t, WriteFrame(&buf, `{`))
	assert.Error(t, ReadMessages(&buf, make(chan map[string]any, 1)))
}
