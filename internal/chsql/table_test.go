package chsql

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTable(t *testing.T) {
	for in, want := range map[string]string{
		"logs":                    "`logs`",
		" db.logs ":               "`db`.`logs`",
		"db . logs":               "`db`.`logs`",
		"`my-db`.`http requests`": "`my-db`.`http requests`",
		`"db"."t"`:                "`db`.`t`",
		"s3('https://b/*.gz', 'JSONEachRow', 'x String')":                                        "s3('https://b/*.gz', 'JSONEachRow', 'x String')",
		"s3('https://b/*.gz', NOSIGN, 'JSONEachRow')":                                            "s3('https://b/*.gz', NOSIGN, 'JSONEachRow')",
		"file('logs.ndjson','JSONEachRow')":                                                      "file('logs.ndjson', 'JSONEachRow')",
		`file('it''s \'x\' \x41\n')`:                                                             `file('it\'s \'x\' A\x0A')`,
		"url('https://h/x?a=1', 'JSONEachRow')":                                                  "url('https://h/x?a=1', 'JSONEachRow')",
		"remote('h1:9000,h2:9000', logs.http)":                                                   "remote('h1:9000,h2:9000', `logs`.`http`)",
		"remote('h:9000', logs, http, 'u', 'p')":                                                 "remote('h:9000', `logs`, `http`, 'u', 'p')",
		"remote('h:9000', 'logs', 'http')":                                                       "remote('h:9000', 'logs', 'http')",
		"remoteSecure('h:9440', db.t, 'u')":                                                      "remoteSecure('h:9440', `db`.`t`, 'u')",
		"cluster('shards', default.http_requests)":                                               "cluster('shards', `default`.`http_requests`)",
		"cluster(shards, default, http_requests)":                                                "cluster(`shards`, `default`, `http_requests`)",
		"clusterAllReplicas('c', db.t)":                                                          "clusterAllReplicas('c', `db`.`t`)",
		"merge(logs, '^http_requests_')":                                                         "merge(`logs`, '^http_requests_')",
		"s3Cluster(c, 'https://b/*', 'JSONEachRow')":                                             "s3Cluster(`c`, 'https://b/*', 'JSONEachRow')",
		"hdfs('hdfs://h/x', 'JSONEachRow', 'a String')":                                          "hdfs('hdfs://h/x', 'JSONEachRow', 'a String')",
		"azureBlobStorage('DefaultEndpointsProtocol=x', 'c', 'p/*.gz', 'a', 'k', 'JSONEachRow')": "azureBlobStorage('DefaultEndpointsProtocol=x', 'c', 'p/*.gz', 'a', 'k', 'JSONEachRow')",
	} {
		ref, err := ParseTable(in)
		if !assert.NoError(t, err, in) {
			continue
		}
		assert.Equal(t, want, ref.String(), in)
		again, err := ParseTable(ref.String())
		require.NoError(t, err, ref.String())
		assert.Equal(t, ref, again, in)
	}
}

// TestParseTableRefuses covers injection attempts (the one from the issue,
// comments, quotes, semicolons, nested calls) and malformed references:
// each is refused with a message that says where and why, and that does not
// quote string arguments.
func TestParseTableRefuses(t *testing.T) {
	for in, msg := range map[string]string{
		"numbers(10) WHERE 1 UNION ALL SELECT * FROM system.one --(x)": "col 1: table function numbers is not one",
		"http_requests WHERE 1 UNION ALL SELECT 1":                     "col 15: unexpected 'W' after the table reference",
		"logs; DROP TABLE x":       "col 5: a table reference cannot end the statement (;)",
		"logs -- x":                "col 6: comments are not allowed",
		"logs /* x */":             "col 6: comments are not allowed",
		"logs # x":                 "col 6: comments are not allowed",
		"file('x') --":             "col 11: comments are not allowed",
		"file('x'); SELECT 1":      "col 10: a table reference cannot end the statement",
		"file('x' || 'y')":         "col 10: unexpected '|' in the arguments of file",
		"file(concat('a', 'b'))":   "col 12: nested calls are not allowed",
		"remote('h', numbers(10))": "col 20: nested calls are not allowed",
		"url('u', 'JSONEachRow', 'a String', headers('X'='y'))": "col 44: nested calls are not allowed",
		"file('x', 1)":                        "col 11: unexpected '1'",
		"file(x)":                             "col 6: argument 1 of file must be a string",
		"file('unterminated":                  "col 6: unterminated string",
		"file('a\\":                           "unfinished escape",
		"file('\\xZZ')":                       `col 7: \x needs two hexadecimal digits`,
		"file()":                              "file takes ('path'",
		"file('a', 'b', 'c', 'd', 'e')":       "file takes",
		"s3('u', NOSIGN, NOSIGN)":             "argument 3 of s3 must be a string",
		"remote('h', db.t, 'u', 'p', rand())": "nested calls are not allowed",
		"remote('h', db.t, 'u', 'p', 'x')":    "sharding key is not needed",
		"remote(h, db.t)":                     "addresses as a string first",
		"remote('h')":                         "remote takes",
		"remote('h', db)":                     "remote takes",
		"cluster('c', db.t, k)":               "sharding key is not needed",
		"cluster(a.b, db.t)":                  "cluster's name first",
		"merge('a', b)":                       "argument 2 of merge must be a string",
		"numbers(10)":                         "table function numbers is not one",
		"view(SELECT 1)":                      "table function view is not one",
		"S3('u')":                             "table function S3 is not one",
		"":                                    "col 1: expected a table name or a table function",
		"   ":                                 "col 4: expected a table name",
		"db.":                                 "col 4: expected a table name after the database",
		"a.b.c":                               "col 4: unexpected '.' after the table reference",
		"a b":                                 "col 3: unexpected 'b'",
		"`x`(1)":                              "col 4: unexpected ( after the table reference",
		"``":                                  "col 1: an empty name",
		"`a\\`b`":                             "back quotes",
		"`a\nb`":                              "printable ASCII",
		"1logs":                               "col 1: unexpected '1'",
		"é":                                   "col 1: unexpected byte 0xC3",
		"'logs'":                              "col 1: unexpected string",
		"logs\x00":                            "col 5: unexpected byte 0x00",
	} {
		_, err := ParseTable(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), msg, "%q", in)
			var te *TableError
			assert.ErrorAs(t, err, &te)
		}
	}
	_, err := ParseTable("remote('h', db.t, 'u', 'Hunter2', x)")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "Hunter2")
	_, err = ParseTable(strings.Repeat("a", maxTableRef+1))
	assert.ErrorContains(t, err, "longer than")
	_, err = ParseTable("file(" + strings.Repeat("'a', ", 20) + "'a')")
	assert.ErrorContains(t, err, "at most")
}

func TestTableRefSecrets(t *testing.T) {
	for in, want := range map[string][]string{
		"logs":                               nil,
		"remote('h', db.t, 'u', 'Hunter2')":  {"Hunter2"},
		"remote('h', db, t, 'u', 'Hunter2')": {"Hunter2"},
		"remote('h', db, t, 'u')":            nil,
		"s3('https://b/x', 'AKIA1', 'Secret2', 'JSONEachRow')":         {"Secret2"},
		"s3('https://b/x', 'AKIA1', 'Secret2', 'Tok3', 'JSONEachRow')": {"Secret2", "Tok3"},
		"s3('https://b/x', 'JSONEachRow', 'a String')":                 nil,
		"s3('https://b/x', NOSIGN, 'JSONEachRow')":                     nil,
		"s3Cluster(c, 'https://b/x', 'AKIA1', 'Secret2')":              {"Secret2"},
		"azureBlobStorage('AccountKey=K1', 'c', 'p', 'a', 'K2')":       {"AccountKey=K1", "K2"},
	} {
		ref, err := ParseTable(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, ref.Secrets(), in)
	}
}

func TestTableRefDistributed(t *testing.T) {
	for in, want := range map[string]bool{
		"logs": false, "file('x')": false, "remote('h', db.t)": true, "cluster(c, db.t)": true,
	} {
		ref, err := ParseTable(in)
		require.NoError(t, err)
		assert.Equal(t, want, ref.Distributed(), in)
	}
}

// FuzzParseTable: no input panics or gives an unbounded message; whatever
// parses prints back to SQL that parses to the same value and prints the
// same again, with every string argument escaped (so no quote, semicolon
// or comment of the input survives outside a literal).
func FuzzParseTable(f *testing.F) {
	for _, s := range []string{
		"logs", "db.logs", "`a b`.c", "s3('u', NOSIGN, 'JSONEachRow')", "file('it''s\\x41')",
		"remote('h', db, t, 'u', 'p')", "cluster(c, db.t)", "numbers(10) WHERE 1 UNION ALL SELECT 1 --(x)",
		"file('x'); DROP TABLE y", "file('x' /* c */)", "merge(db, '^x')",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseTable(s)
		if err != nil {
			if len(err.Error()) > 400 {
				t.Fatalf("message of %d bytes", len(err.Error()))
			}
			return
		}
		out := ref.String()
		again, err := ParseTable(out)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, out, err)
		}
		if again.String() != out {
			t.Fatalf("%q: %q printed again as %q", s, out, again.String())
		}
		if !ref.IsFunc() && strings.ContainsAny(ref.Database+ref.Name, "`\\") {
			t.Fatalf("%q: name printed as %q", s, out)
		}
	})
}
