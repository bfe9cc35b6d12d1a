#!/usr/bin/env bash
# Compares wflint with Cloudflare's Rust wirefilter engine, side by side in
# one run (both under the same machine load):
#
#   1. whole-process lint of 10,000 real-world corpus expressions
#      (testdata/conformance/realworld.jsonl repeated), text and JSON output,
#      against the engine parsing the same 10,000 (target: at most 4x);
#   2. parse plus type check in-process (grammar.Parse + check.Check) on the
#      valid expressions, and on valid 2-4 KB expressions, against the
#      engine's parse (which type-checks) of the same (target: at most 1.5x).
#
# The engine is timed through ../shared/tools/oracle (run its ./setup.sh
# once) by scripts/bench_engine.py: the oracle builds the scheme, a small C
# helper compiled here with gcc loops over the expressions, so no Python
# runs per expression. Without the oracle, only wflint's figures print.
#
#   scripts/bench-engine.sh            REPS=7 ORACLE=DIR scripts/bench-engine.sh
#
# Each figure is the median of REPS alternating repetitions (engine, then
# wflint), in µs per expression; ratios are of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
reps=${REPS:-5}
oracle=${ORACLE:-$repo/../shared/tools/oracle}
[ -d "$oracle" ] || oracle=/work/shared/tools/oracle

work=$(mktemp -d /tmp/wflint-bench-engine.XXXXXX)
gotmp="$repo/_bench_engine_tmp"
trap 'rm -rf "$work" "$gotmp"' EXIT

go build -trimpath -o "$work/wflint" ./cmd/wflint

# The in-process timer: package main beside the module's packages (a
# directory starting with _ is outside ./...), built and removed here.
mkdir -p "$gotmp"
cat >"$gotmp/main.go" <<'EOF'
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// main FILE INNER: parses and checks every expression of FILE INNER times
// after a warm-up pass; prints nanoseconds per expression.
func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	inner, _ := strconv.Atoi(os.Args[2])
	var exprs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var s string
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			panic(err)
		}
		exprs = append(exprs, s)
	}
	s := schema.Rules()
	run := func() {
		for _, e := range exprs {
			x, _ := grammar.Parse(e)
			check.Check(x, s, check.Options{})
		}
	}
	run()
	t := time.Now()
	for range inner {
		run()
	}
	fmt.Println(float64(time.Since(t).Nanoseconds()) / float64(len(exprs)*inner))
}
EOF
go build -o "$work/parsecheck" ./_bench_engine_tmp
rm -rf "$gotmp"

# Inputs: 10,000 corpus lines as .jsonl for wflint and as JSON strings for
# the engine; the valid ones (by the engine); valid 2-4 KB expressions made
# of valid corpus expressions joined with `or`.
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
exprs = [json.loads(l)["expr"] for l in open("testdata/conformance/realworld.jsonl") if l.strip()]
ten = [exprs[i % len(exprs)] for i in range(10000)]
with open(work + "/10k.jsonl", "w") as f:
    for e in ten: f.write(json.dumps({"expr": e}) + "\n")
with open(work + "/10k.strings", "w") as f:
    for e in ten: f.write(json.dumps(e) + "\n")
with open(work + "/corpus.strings", "w") as f:
    for e in exprs: f.write(json.dumps(e) + "\n")
EOF
have_oracle=0
if [ -f "$oracle/oracle.py" ] && [ -f "$oracle/.cache/libwirefilter_ffi.so" ] && command -v gcc >/dev/null; then
	have_oracle=1
	python3 scripts/bench_engine.py --oracle "$oracle" --valid "$work/corpus.strings" "$work/valid.strings"
else
	echo "bench-engine: no oracle at $oracle (run its ./setup.sh); wflint figures only" >&2
	cp "$work/corpus.strings" "$work/valid.strings"
fi
python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
valid = [json.loads(l) for l in open(work + "/valid.strings")]
big, cur = [], []
for i in range(len(valid) * 40):
    e = valid[i % len(valid)]
    if "\n" in e: continue
    cur.append("(" + e + ")")
    s = " or ".join(cur)
    if len(s) >= 2048:
        if len(s) <= 4096: big.append(s)
        cur = []
    if len(big) >= 200: break
with open(work + "/big.strings", "w") as f:
    for e in big: f.write(json.dumps(e) + "\n")
EOF
if [ "$have_oracle" = 1 ]; then
	python3 scripts/bench_engine.py --oracle "$oracle" --valid "$work/big.strings" "$work/bigvalid.strings"
	mv "$work/bigvalid.strings" "$work/big.strings"
fi
echo "# $(go version | cut -d' ' -f3), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $reps repetitions, medians in µs/expression"
echo "# inputs: 10k = $(wc -l <"$work/10k.jsonl") corpus lines ($(wc -c <"$work/10k.jsonl") bytes); valid = $(wc -l <"$work/valid.strings") valid corpus expressions; big = $(wc -l <"$work/big.strings") valid 2-4 KB expressions"

# wall_us_per_expr N CMD...: one whole-process run, µs per expression.
wall_us() {
	local n=$1 t0 t1
	shift
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo "scale=3; ($t1 - $t0) / 1000 / $n" | bc
}
engine_us() { # FILE INNER -> µs/expr (median of the helper's passes is taken later)
	python3 scripts/bench_engine.py --oracle "$oracle" --reps 1 --inner "$2" "$1" |
		python3 -c 'import json,sys; print("%.3f" % (json.loads(sys.stdin.read())["ns_per_expr"][0] / 1000))'
}
go_us() { echo "scale=3; $("$work/parsecheck" "$1" "$2") / 1000" | bc; }

: >"$work/fig"
"$work/wflint" "$work/10k.jsonl" >/dev/null 2>&1 || true # warm the page cache
for _ in $(seq "$reps"); do
	if [ "$have_oracle" = 1 ]; then
		echo "engine-10k $(engine_us "$work/10k.strings" 3)" >>"$work/fig"
		echo "engine-valid $(engine_us "$work/valid.strings" 50)" >>"$work/fig"
		echo "engine-big $(engine_us "$work/big.strings" 20)" >>"$work/fig"
	fi
	echo "lint-text-10k $(wall_us 10000 "$work/wflint" "$work/10k.jsonl")" >>"$work/fig"
	echo "lint-json-10k $(wall_us 10000 "$work/wflint" --format json "$work/10k.jsonl")" >>"$work/fig"
	echo "go-valid $(go_us "$work/valid.strings" 50)" >>"$work/fig"
	echo "go-big $(go_us "$work/big.strings" 20)" >>"$work/fig"
done
python3 - "$work/fig" "$have_oracle" <<'EOF'
import sys, statistics
figs = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    figs.setdefault(k, []).append(float(v))
med = {k: statistics.median(v) for k, v in figs.items()}
for k in sorted(med):
    print("%-14s median %9.3f µs   (%s)" % (k, med[k], " ".join("%.3f" % x for x in figs[k])))
if sys.argv[2] == "1":
    print("ratios (wflint / engine, target):")
    for a, b, target in [("lint-text-10k", "engine-10k", 4), ("lint-json-10k", "engine-10k", 4),
                         ("go-valid", "engine-valid", 1.5), ("go-big", "engine-big", 1.5)]:
        r = med[a] / med[b]
        print("  %-14s / %-13s %6.2fx   target <= %gx: %s" % (a, b, r, target, "met" if r <= target else "NOT met"))
EOF
