package chsql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/dispatchtest"
)

// TestTranslationsCoverTheSchema: the ClickHouse compiler has one entry for
// each schema function, and each entry is either a translation or a refusal
// with its reason.
func TestTranslationsCoverTheSchema(t *testing.T) {
	dispatchtest.Covers(t, "the ClickHouse compiler", translations)
	for name, e := range translations {
		assert.True(t, (e.translate == nil) != (e.refused == ""), "%s: a translation or a reason, not both or neither", name)
	}
}

// TestRefusedFunctionSaysWhy: a refused function is a check.Refusal from
// the ClickHouse compiler, at the call, with its entry's reason.
func TestRefusedFunctionSaysWhy(t *testing.T) {
	_, err := compile(t, `len(split(http.host, ".", 2)) eq 2`, Options{})
	var r *check.Refusal
	require.ErrorAs(t, err, &r)
	assert.Equal(t, Backend, r.Backend)
	assert.Equal(t, `split(http.host, ".", 2)`, r.Text)
	assert.Equal(t, "function split is not translated: its result is an array, and arrays are not translated", r.Msg)
	assert.Equal(t, "clickhouse: 4-28 `split(http.host, \".\", 2)`: "+r.Msg, r.Error())
}
