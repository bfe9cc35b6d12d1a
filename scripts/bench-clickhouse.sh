#!/usr/bin/env bash
# bench-clickhouse.sh compares `report build` inside ClickHouse (Debian's
# clickhouse-server 18.16, started on 127.0.0.1 by the benchmark, MergeTree
# table) with the local build on the same records as NDJSON, and prints both
# rates in rows per second and their ratio.
#
#   scripts/bench-clickhouse.sh [ROWS]     default 5000000 (about 4.3 GB of NDJSON in a temp dir)
#
# WFLINT_BENCH_EXPR overrides the expression. Needs clickhouse-server
# (apt-get install -y clickhouse-server).
set -euo pipefail
cd "$(dirname "$0")/.."
export WFLINT_BENCH_ROWS=${1:-${WFLINT_BENCH_ROWS:-5000000}}
exec go test ./internal/chbuild -run '^$' -bench '^BenchmarkClickHouse$' -benchtime 1x -timeout 60m
