package chbuild

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
)

func TestLocalOptions(t *testing.T) {
	cols := map[string]string{"ClientIP": "ip"}
	got := LocalOptions(reportbuild.Options{
		Expression: "x", Schema: schema.Feedback(), Type: "false_positive", Subtype: "s", Description: "d", TopN: 7,
		Inputs: []string{"a.ndjson"}, Workers: 3,
	}, "clickhouse://h:9000/db", "t", cols)
	assert.Equal(t, Options{
		Expression: "x", Schema: schema.Feedback(), Type: "false_positive", Subtype: "s", Description: "d", TopN: 7,
		DSN: "clickhouse://h:9000/db", Table: "t", Columns: cols,
	}, got)
}
