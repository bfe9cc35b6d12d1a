#!/usr/bin/env bash
# Measures the wflint CLI as users run it, whole process included:
#   1. linting a 10,000-expression .jsonl built from the real-world corpus
#      (target: under 1 s);
#   2. start-up, `wflint --version` (target: under 20 ms).
# Uses hyperfine when installed, else a loop timed with date +%s%N.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/wflint"
go build -trimpath -o "$bin" ./cmd/wflint

# Repeat the corpus until there are 10,000 lines.
corpus=testdata/conformance/realworld.jsonl
jsonl="$work/10k.jsonl"
n=$(wc -l <"$corpus")
reps=$(( (10000 + n - 1) / n ))
for _ in $(seq "$reps"); do cat "$corpus"; done | head -n 10000 >"$jsonl"
echo "corpus: $(wc -l <"$jsonl") expressions, $(wc -c <"$jsonl") bytes; $(nproc) CPUs"

if command -v hyperfine >/dev/null; then
	hyperfine --warmup 3 -N --ignore-failure "$bin $jsonl" "$bin --version"
	exit 0
fi

# time_ms RUNS CMD... prints the mean and best wall time in milliseconds.
time_ms() {
	local runs=$1 best=999999999 total=0 t0 t1 dt
	shift
	"$@" >/dev/null 2>&1 || true # warm the page cache
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		dt=$(( (t1 - t0) / 1000 ))
		total=$(( total + dt ))
		(( dt < best )) && best=$dt
	done
	printf '%-40s mean %7.2f ms   best %7.2f ms   (%d runs)\n' "$(basename "$1") ${*:2}" \
		"$(echo "$total / $runs / 1000" | bc -l)" "$(echo "$best / 1000" | bc -l)" "$runs"
}

time_ms 10 "$bin" "$jsonl"
time_ms 50 "$bin" --version
