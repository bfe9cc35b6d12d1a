package lcs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTable(t *testing.T) {
	assert.Equal(t, int32(4), Table([]rune("ABCBDAB"), []rune("BDCABA"))[0][0])
	assert.Equal(t, int32(0), Table([]string{"a"}, []string{"b"})[0][0])
	assert.Equal(t, [][]int32{{0}}, Table[int](nil, nil))
}
