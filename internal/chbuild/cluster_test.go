package chbuild_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/chserver"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/schema"
)

// TestClickHouseCluster starts three 18.16 servers as one cluster of three
// shards, spreads the test logs over them, and builds the reports through
// a Distributed table, cluster(…) and remote(…): byte-identical to the
// local build. Each shard counts its own rows (the query aggregates where
// it reads), so what the shards send back grows with the number of
// distinct values, not with the number of rows: the same logs three times
// over make the shards read three times the rows and return exactly the
// same number.
func TestClickHouseCluster(t *testing.T) {
	const shards = 3
	srvs := chserver.StartCluster(t, shards)
	t.Logf("ClickHouse %s, %d shards", srvs[0].Version, shards)
	file, data := testLogs(t, 1500, false)
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")

	// Line i goes to shard i mod 3; in the second table three times over.
	for i, srv := range srvs {
		var part, thrice bytes.Buffer
		for j := i; j < len(lines); j += shards {
			line := strings.TrimSuffix(lines[j], "\n") + "\n"
			part.WriteString(line)
			thrice.WriteString(line + line + line)
		}
		require.NoError(t, srv.LoadNDJSON(chsql.CreateTable, "http_requests_local", &part))
		require.NoError(t, srv.LoadNDJSON(chsql.CreateTable, "thrice_local", &thrice))
	}
	init := srvs[0]
	for _, tb := range []string{"http_requests", "thrice"} {
		_, err := init.Exec(fmt.Sprintf("CREATE TABLE %s_dist AS %s_local ENGINE = Distributed(%s, default, %s_local, rand())",
			tb, tb, chserver.Cluster, tb), nil)
		require.NoError(t, err)
	}
	f := &fixture{
		file: file, table: "http_requests_dist", requests: map[string]int64{}, local: map[string]string{},
		exec: func(q string) (string, error) { return init.Exec(q, nil) },
		build: func(o chbuild.Options) (*feedback.Report, error) {
			// Every shard, the initiator's own included, answers a query
			// of its own, which its query log records.
			o.DSN = init.DSN() + "?log_queries=1&prefer_localhost_replica=0"
			rep, _, err := chbuild.Build(context.Background(), o)
			return rep, err
		},
	}
	t.Run("distributed", func(t *testing.T) { testDifferential(t, f) })

	addrs := make([]string, shards)
	for i, srv := range srvs {
		addrs[i] = fmt.Sprintf("127.0.0.1:%d", srv.TCP)
	}
	for _, table := range []string{
		"cluster('" + chserver.Cluster + "', default.http_requests_local)",
		"cluster(" + chserver.Cluster + ", default, http_requests_local)",
		"remote('" + strings.Join(addrs, ",") + "', default.http_requests_local)",
	} {
		g := f.at(table, nil, "")
		for _, expr := range []string{`cf.bot_management.score lt 30`, `ip.src in {fe80::/10 10.0.0.0/8} or http.host eq "zone"`,
			`http.user_agent contains "bot" or not ssl`} {
			g.same(t, expr)
		}
	}

	t.Run("shards-aggregate", func(t *testing.T) {
		// The literal tells these queries apart in the shards' query logs.
		const expr = `cf.bot_management.score ge 0 and http.host ne "shards-aggregate"`
		once, thrice := f.at("http_requests_dist", nil, ""), f.at("thrice_dist", nil, "")
		for _, g := range []*fixture{once, thrice} {
			_, err := g.build(chbuild.Options{Expression: expr, Schema: schema.Rules(), Type: "false_negative", Table: g.table})
			require.NoError(t, err)
		}
		// What each shard read and returned for its part of each query.
		var returned, read [2]int64
		for _, srv := range srvs {
			for i, local := range []string{"http_requests_local", "thrice_local"} {
				where := "WHERE type = 2 AND is_initial_query = 0 AND position(query, 'shards-aggregate') > 0 AND position(query, " + chsql.String(local) + ") > 0"
				// A shard logs its part's end just after it sends the last
				// block, so the initiator can return first: flush until the
				// entry is there (each round trip is the wait; no sleep).
				var out string
				for try := 0; try < 500; try++ {
					_, err := srv.Exec("SYSTEM FLUSH LOGS", nil)
					require.NoError(t, err)
					out, err = srv.Exec("SELECT count(), sum(result_rows), sum(read_rows) FROM system.query_log "+where, nil)
					require.NoError(t, err)
					if !strings.HasPrefix(out, "0") {
						break
					}
				}
				cols := strings.Fields(out)
				require.Len(t, cols, 3, out)
				require.NotEqual(t, "0", cols[0], "shard %d logged no part of the query on %s", srv.TCP, local)
				r, _ := strconv.ParseInt(cols[1], 10, 64)
				n, _ := strconv.ParseInt(cols[2], 10, 64)
				returned[i] += r
				read[i] += n
			}
		}
		t.Logf("shards read %d rows and returned %d; with every row three times, read %d and returned %d", read[0], returned[0], read[1], returned[1])
		require.Positive(t, returned[0])
		assert.Equal(t, 3*read[0], read[1], "the shards read every row")
		assert.Equal(t, returned[0], returned[1], "what the shards return depends on the distinct values, not on the number of rows")
	})
}
