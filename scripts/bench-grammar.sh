#!/bin/sh
# Compare the grammar benchmarks of an older parser (default c4fdc2d, the
# participle parser with mask-and-re-parse recovery and a fast path) with
# this tree's, in the same run: the old commit is checked out in a temporary
# git worktree (removed afterwards), this tree's internal/grammar/bench_test.go is
# copied into it, and old and new runs alternate so that both see the same
# machine load. Prints the minimum and the median of the runs, old and new
# side by side (on a shared machine the minimum is the least disturbed).
#
#   scripts/bench-grammar.sh [old-commit]
#   BENCH=regexp BENCHTIME=1s COUNT=3 CPU=1 scripts/bench-grammar.sh
#
# CPU (GOMAXPROCS for the benchmarks) defaults to 1: on a shared machine a
# second P mostly runs the garbage collector on a contended core, which
# makes timings noisy; with one P its work is counted in the benchmark.
set -eu
old=${1:-c4fdc2d}
bench=${BENCH:-'ParseValidMedian|ParseInvalidMedian|Parse4000|ParseLongest|BrokenAndChain|Unbalanced|Unclosed'}
benchtime=${BENCHTIME:-1s}
count=${COUNT:-3}
cpu=${CPU:-1}

root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
cleanup() {
	git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
git -C "$root" worktree add --detach "$tmp/old" "$old" >/dev/null 2>&1
# The parser moved from grammar/ to internal/grammar/; an old tree may
# have either.
gdir() { if [ -d "$1/internal/grammar" ]; then echo internal/grammar; else echo grammar; fi; }
cp "$root/$(gdir "$root")/bench_test.go" "$tmp/old/$(gdir "$tmp/old")/bench_test.go"
rm -f "$tmp/old/$(gdir "$tmp/old")/lex_bench_test.go"

run() { # dir out
	(cd "$1" && go test "./$(gdir "$1")" -run '^$' -bench "$bench" -benchtime "$benchtime" -cpu "$cpu" -count 1) >>"$2"
}
i=0
while [ "$i" -lt "$count" ]; do
	run "$tmp/old" "$tmp/old.txt"
	run "$root" "$tmp/new.txt"
	i=$((i + 1))
done

echo "# $(go version | cut -d' ' -f3) $(uname -m), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "# old = $(git -C "$root" rev-parse --short "$old"), new = $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' + uncommitted changes'); $count runs, -benchtime $benchtime -cpu $cpu"
awk '
FNR == 1 { side = (FILENAME ~ /old\.txt$/) ? "old" : "new" }
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	for (f = 3; f < NF; f++) {
		unit = $(f + 1)
		if (unit == "ns/op" || unit == "ns/median-expr" || unit == "B/op" || unit == "allocs/op") {
			key = name SUBSEP unit SUBSEP side
			vals[key] = vals[key] " " $f
			units[name SUBSEP unit] = 1
		}
	}
}
function pick(s, which,   a, k, i, j, t) {
	k = split(s, a, " ")
	if (k == 0) return ""
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return which == "min" ? a[1] : a[int((k + 1) / 2)]
}
function ratio(o, w) { return (o != "" && w != "" && o + 0 > 0) ? sprintf("%.3f", w / o) : "-" }
function human(v, unit) {
	if (v == "") return "-"
	if (unit ~ /^ns/) {
		if (v >= 1e9) return sprintf("%.2f s", v / 1e9)
		if (v >= 1e6) return sprintf("%.1f ms", v / 1e6)
		if (v >= 1e3) return sprintf("%.1f µs", v / 1e3)
		return sprintf("%.0f ns", v)
	}
	if (unit == "B/op") { if (v >= 1048576) return sprintf("%.1f MiB", v / 1048576); if (v >= 1024) return sprintf("%.1f KiB", v / 1024); return v " B" }
	return v
}
END {
	printf "%-28s %-15s %11s %11s %8s   %11s %11s %8s\n", "benchmark", "metric", "old min", "new min", "new/old", "old median", "new median", "new/old"
	split("ns/median-expr ns/op B/op allocs/op", us, " ")
	for (i = 1; i <= n; i++) for (u = 1; u <= 4; u++) {
		name = order[i]; unit = us[u]
		if (!((name SUBSEP unit) in units)) continue
		if (unit == "ns/op" && ((name SUBSEP "ns/median-expr") in units)) continue
		o = pick(vals[name SUBSEP unit SUBSEP "old"], "min"); w = pick(vals[name SUBSEP unit SUBSEP "new"], "min")
		om = pick(vals[name SUBSEP unit SUBSEP "old"], "median"); wm = pick(vals[name SUBSEP unit SUBSEP "new"], "median")
		printf "%-28s %-15s %11s %11s %8s   %11s %11s %8s\n", substr(name, 10), unit, human(o, unit), human(w, unit), ratio(o, w), human(om, unit), human(wm, unit), ratio(om, wm)
	}
}' "$tmp/old.txt" "$tmp/new.txt"
