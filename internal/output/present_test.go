package output

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUseColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		mode string
		tty  bool
		env  []string
		want bool
	}{
		{"always", false, []string{"NO_COLOR", "1"}, true},
		{"never", true, []string{"CLICOLOR_FORCE", "1"}, false},
		{"auto", true, nil, true},
		{"auto", false, nil, false},
		{"auto", true, []string{"NO_COLOR", "1"}, false},
		{"auto", false, []string{"CLICOLOR_FORCE", "1"}, true},
		{"auto", false, []string{"CLICOLOR_FORCE", "0"}, false},
		{"auto", false, []string{"NO_COLOR", "1", "CLICOLOR_FORCE", "1"}, false},
	} {
		assert.Equal(t, c.want, useColor(c.mode, c.tty, env(c.env...)), "%+v", c)
	}
}

func TestDisplayPath(t *testing.T) {
	assert.Equal(t, "a/b.wf", DisplayPath("./a/b.wf"))
	assert.Equal(t, "<stdin>", DisplayPath("<stdin>"))
	assert.Equal(t, "../x.tf", DisplayPath("../x.tf"))
}
