#!/usr/bin/env bash
# bench-clickhouse.sh compares `report build` inside ClickHouse with the
# local build on the same records as NDJSON: Debian's clickhouse-server 18.16
# (started on 127.0.0.1 by the benchmark, MergeTree table) and, when chDB's
# libchdb.so is at hand, a current ClickHouse through chDB. The builds
# alternate (local, 18.16, chDB; three rounds per expression) so that the
# load of a shared machine weighs on all of them alike; it prints every run,
# the median rates in rows per second, their ratios and the load average.
#
#   scripts/bench-clickhouse.sh [ROWS]     default 5000000 (about 4.5 GB of NDJSON in a temp dir)
#
# WFLINT_BENCH_EXPR sets one expression (default: one a third of the records
# match, and one few match); WFLINT_BENCH_ROUNDS the rounds. chDB is used
# when WFLINT_CHDB_LIB names libchdb.so, or when scripts/fetch-chdb.sh has
# left it in its cache; nothing is downloaded here. Needs clickhouse-server
# (apt-get install -y clickhouse-server).
set -euo pipefail
cd "$(dirname "$0")/.."
export WFLINT_BENCH_ROWS=${1:-${WFLINT_BENCH_ROWS:-5000000}}
cached="${XDG_CACHE_HOME:-$HOME/.cache}/wflint/chdb/package/libchdb.so"
if [ -z "${WFLINT_CHDB_LIB:-}" ] && [ -f "$cached" ]; then
	export WFLINT_CHDB_LIB=$cached
fi
echo "machine: $(nproc) CPUs; $(uptime)"
go test ./internal/chbuild -run '^$' -bench '^BenchmarkClickHouse$' -benchtime 1x -timeout 90m -v |
	grep -v -e '^goos:' -e '^goarch:' -e '^pkg:' -e '^cpu:'
echo "after: $(uptime)"
