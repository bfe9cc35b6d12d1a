package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chserver"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/loggen"
)

func TestReportSQL(t *testing.T) {
	got := runCommand(runReport, "", "sql", "--dialect", "clickhouse", "--profile", "rules", "--expr", `ip.src.country eq "US"`,
		"--table", "logs.http_requests", "--column", "ClientCountry=country,BotScore=score", "--top", "5")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "FROM `logs`.`http_requests`")
	assert.Contains(t, got.stdout, "upper(`country`) = 'US'")
	assert.Contains(t, got.stdout, "`score` AS __wflint_score")
	assert.Contains(t, got.stdout, "LIMIT 6 BY g")

	// .wflint.yaml maps columns too; --column wins.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".wflint.yaml"), []byte("clickhouse:\n  columns: {ClientCountry: cc, ClientRequestHost: host}\n"), 0o600))
	t.Chdir(dir)
	got = runCommand(runReport, "", "sql", "--profile", "rules", "--expr", `ip.src.country eq "US" and http.host eq "h"`,
		"--table", "t", "--column", "ClientCountry=country")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "upper(`country`) = 'US'")
	assert.Contains(t, got.stdout, "`host` = 'h'")

	got = runCommand(runReport, "", "sql", "--create-table", "--table", "logs.reqs")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, fmt.Sprintf(chsql.CreateTable, "`logs`.`reqs`")+"\n", got.stdout)
	got = runCommand(runReport, "", "sql", "--structure")
	assert.Equal(t, chsql.Structure+"\n", got.stdout)

	got = runCommand(runReport, "", "sql", "--expr", `http.user_agent matches "^.$"`, "--profile", "rules", "--table", "t")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "cannot be built in ClickHouse")

	for _, args := range [][]string{
		{"sql", "--dialect", "postgres", "--expr", "ssl", "--table", "t"},
		{"sql", "--expr", `http.host eq "a"`},
		{"sql", "--expr", `http.host eq "a"`, "--table", "t; DROP TABLE t"},
		{"sql", "--expr", `http.host eq "a"`, "--table", "t", "--column", "ClientRequestHost=h`; DROP"},
		{"build", "--expr", "ssl", "--type", "false_negative", "--description", "d", "--clickhouse", "clickhouse://127.0.0.1:1/db", "logs.ndjson"},
	} {
		got := runCommand(runReport, "", args...)
		assert.NotEqual(t, 0, got.code, args)
		assert.NotContains(t, got.stdout, "DROP", args)
	}
}

// TestReportBuildClickHouse builds the same report from the same logs
// locally and in ClickHouse (18.16) and compares the files; a DSN
// password never reaches the output.
func TestReportBuildClickHouse(t *testing.T) {
	srv := chserver.Start(t)
	var buf bytes.Buffer
	require.NoError(t, loggen.Generate(&buf, loggen.Config{N: 2000, Seed: 7, TimeFormat: loggen.TimeUnix}))
	require.NoError(t, srv.LoadNDJSON(chsql.CreateTable, "reqs", bytes.NewReader(buf.Bytes())))
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs.ndjson")
	require.NoError(t, os.WriteFile(logs, buf.Bytes(), 0o600))
	common := []string{"build", "--expr", `cf.bot_management.score lt 30 and http.host ne "x"`, "--type", "false_positive", "--description", "d", "--quiet"}

	local := runCommand(runReport, "", append(common, "-o", filepath.Join(dir, "local.json"), logs)...)
	require.Equal(t, 0, local.code, local.stderr)
	ch := runCommand(runReport, "", append(common, "-o", filepath.Join(dir, "ch.json"), "--clickhouse", srv.DSN(), "--table", "reqs")...)
	require.Equal(t, 0, ch.code, ch.stderr)
	a, err := os.ReadFile(filepath.Join(dir, "local.json"))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "ch.json"))
	require.NoError(t, err)
	assert.Equal(t, string(a), string(b))

	const pw = "Hunter2-s3cret!"
	for _, dsn := range []string{
		strings.Replace(srv.DSN(), "default@", "default:"+pw+"@", 1),
		srv.DSN() + "?password=" + pw,
	} {
		got := runCommand(runReport, "", append(common, "--clickhouse", dsn, "--table", "reqs")...)
		assert.Equal(t, 2, got.code)
		assert.Contains(t, got.stderr, "assword") // the server's "Wrong password"
		assert.NotContains(t, got.stderr+got.stdout, pw)
		assert.NotContains(t, got.stderr+got.stdout, "s3cret")
	}
	t.Setenv("CLICKHOUSE_PASSWORD", pw)
	got := runCommand(runReport, "", append(common, "--clickhouse", srv.DSN(), "--table", "reqs")...)
	assert.Equal(t, 2, got.code)
	assert.NotContains(t, got.stderr+got.stdout, pw)
}
