package chbuild

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedactDSN(t *testing.T) {
	for in, want := range map[string]string{
		"clickhouse://u:Hunter2@h:9000/db":            "clickhouse://u:[REDACTED]@h:9000/db",
		"clickhouse://h:9000/db?password=Hunter2&x=1": "clickhouse://h:9000/db?password=[REDACTED]&x=1",
		"clickhouse://u@h:9000/db":                    "clickhouse://u@h:9000/db",
		"clickhouse://u:p%40ss@h/db":                  "clickhouse://u:[REDACTED]@h/db",
		"::not a url Hunter2":                         "[REDACTED]",
	} {
		assert.Equal(t, want, RedactDSN(in), in)
	}
}

func TestOptionsScrub(t *testing.T) {
	t.Setenv(EnvUser, "")
	t.Setenv(EnvPassword, "")
	o, sc, err := options("clickhouse://analyst:p%40ss-Hunter2@h:9000/db")
	require.NoError(t, err)
	assert.Equal(t, "analyst", o.Auth.Username)
	assert.Equal(t, "p@ss-Hunter2", o.Auth.Password)
	err = sc.wrap(errors.New("auth failed for p@ss-Hunter2 (p%40ss-Hunter2)"))
	assert.NotContains(t, err.Error(), "Hunter2")

	t.Setenv(EnvUser, "envuser")
	t.Setenv(EnvPassword, "Env-Secret-9")
	o, sc, err = options("clickhouse://h:9000/db")
	require.NoError(t, err)
	assert.Equal(t, "envuser", o.Auth.Username)
	assert.Equal(t, "Env-Secret-9", o.Auth.Password)
	assert.Equal(t, "x [REDACTED] y", sc.scrub("x Env-Secret-9 y"))

	_, _, err = options("clickhouse://u:Hunter2@h:notaport/db")
	if err != nil {
		assert.NotContains(t, err.Error(), "Hunter2")
	}
	_, _, err = options("")
	assert.Error(t, err)
}
