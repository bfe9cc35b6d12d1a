#!/usr/bin/env bash
# Regenerate the engine-verdict golden files from the wirefilter oracle:
#
#   testdata/conformance/engine-realworld.jsonl  <- testdata/conformance/realworld.jsonl
#   testdata/conformance/engine-cases.jsonl      <- testdata/conformance/cases.jsonl
#
# Line i of each engine-*.jsonl file is the verdict for line i of its input.
# See testdata/conformance/ORACLE.md for the format and the oracle options.
#
#   scripts/oracle-golden.sh              # regenerate both files
#   WFLINT_ORACLE=/path/to/oracle scripts/oracle-golden.sh
#
# The oracle directory defaults to ../shared/tools/oracle relative to the repo
# root. Needs python3 (stdlib only); setup.sh of the oracle needs npm once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="${WFLINT_ORACLE:-$ROOT/../shared/tools/oracle}"
CONF="$ROOT/testdata/conformance"

if [ ! -f "$ORACLE/oracle.py" ]; then
  echo "oracle-golden: the wirefilter oracle was not found at $ORACLE" >&2
  echo "oracle-golden: set WFLINT_ORACLE to the directory that holds oracle.py and setup.sh" >&2
  exit 1
fi
ORACLE="$(cd "$ORACLE" && pwd)"

if [ ! -f "$ORACLE/.cache/libwirefilter_ffi.so" ]; then
  echo "oracle-golden: engine library missing, running $ORACLE/setup.sh" >&2
  "$ORACLE/setup.sh" >&2 || { echo "oracle-golden: setup.sh failed" >&2; exit 1; }
fi

for f in realworld.jsonl cases.jsonl; do
  [ -f "$CONF/$f" ] || { echo "oracle-golden: missing input $CONF/$f" >&2; exit 1; }
done

python3 "$ROOT/scripts/oracle_golden.py" --oracle "$ORACLE" \
  "$CONF/realworld.jsonl=$CONF/engine-realworld.jsonl" \
  "$CONF/cases.jsonl=$CONF/engine-cases.jsonl"
