package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// report build and report sql show a faulty expression as the linter
// does: a frame per finding, with a caret under it.
func TestReportExpressionErrorsInLinterStyle(t *testing.T) {
	got := runCommand(runReport, "", "sql", "--expr", `http.hots eq "a"`, "--profile", "rules", "--table", "t")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "error[unknown-field]: unknown field or function `http.hots`; did you mean\n  `http.host`?\n --> --expr:1:1\n  |\n1 | http.hots eq \"a\"\n  | ^^^^^^^^^\n")

	got = runCommand(runReport, "", "sql", "--expr", `http.user_agent matches "^.$"`, "--profile", "rules", "--table", "t")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "error: the expression cannot be built in ClickHouse")
	assert.Contains(t, got.stderr, " --> --expr:1:")
	assert.Contains(t, got.stderr, "\n  | ")
}
