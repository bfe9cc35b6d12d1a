#!/usr/bin/env bash
# Fetch chDB (embedded ClickHouse, a current release) from the npm package
# @chdb/lib-linux-x64-gnu and print the path of its libchdb.so. Only glibc is
# needed to load it (not Node). Cached under $XDG_CACHE_HOME/wflint/chdb.
#   export WFLINT_CHDB_LIB=$(scripts/fetch-chdb.sh) && go test ./internal/chbuild -run TestChDB
set -euo pipefail
dir="${XDG_CACHE_HOME:-$HOME/.cache}/wflint/chdb"
if [ ! -f "$dir/package/libchdb.so" ]; then
  mkdir -p "$dir"
  (cd "$dir" && rm -f chdb-lib-linux-x64-gnu-*.tgz && npm pack --silent @chdb/lib-linux-x64-gnu >/dev/null \
    && tar xzf chdb-lib-linux-x64-gnu-*.tgz package/libchdb.so && rm -f chdb-lib-linux-x64-gnu-*.tgz)
fi
echo "$dir/package/libchdb.so"
