#!/usr/bin/env bash
# bench-report.sh measures `wflint report build` on a large generated
# Logpush http_requests NDJSON file, next to `wc -l` (the physical anchor: one
# pass over the bytes, no parsing) and a jq pipeline that computes the same
# aggregates.
#
#   scripts/bench-report.sh [SIZE_MB]     default 1024 (SIZE_MB env works too)
#
# Two expressions by default: bot score < 30 on one host, which few records
# match, and bot score < 95, which nine records in ten match (aggregation
# then weighs as much as decoding); EXPR sets one instead. PROCS lists the
# GOMAXPROCS values to run wflint with (default "1 2"; the number of workers
# follows GOMAXPROCS); they alternate, ROUNDS times (default 3), and the
# summary gives each expression's median wall time per value and the
# speed-up from the first to the last. The jq run computes the aggregates
# of the few-match expression only, so it is skipped for another EXPR, and
# with JQ=0.
#
# The file is generated under $BENCH_DIR (default: a fresh directory in
# /tmp), never inside the repository, and removed at the end unless
# KEEP=1. Every run reads the file from the page cache (it is read once
# first), so the figures are CPU-bound, not disk-bound.
#
# Reported per run: wall time, user+system CPU time, throughput over the
# uncompressed bytes by wall time and by CPU time (the latter is the fair
# figure on a shared machine), and peak RSS from /usr/bin/time -v.
#
# Needs: go, GNU time (/usr/bin/time) and jq:
#   apt-get install -y time jq
set -euo pipefail

SIZE_MB=${1:-${SIZE_MB:-1024}}
DEFAULT_EXPR='cf.bot_management.score lt 30 and http.host eq "shop.example.com"'
NINETY_EXPR='cf.bot_management.score lt 95'
EXPRS=("$DEFAULT_EXPR" "$NINETY_EXPR")
if [ -n "${EXPR:-}" ]; then EXPRS=("$EXPR"); fi
PROCS=${PROCS:-1 2}
ROUNDS=${ROUNDS:-3}
JQ=${JQ:-1}
if [ "${EXPRS[0]}" != "$DEFAULT_EXPR" ]; then JQ=0; fi
REPO=$(cd "$(dirname "$0")/.." && pwd)

for tool in /usr/bin/time jq go; do
	command -v "$tool" >/dev/null || { echo "bench-report: $tool not found (apt-get install -y time jq)" >&2; exit 2; }
done

WORK=${BENCH_DIR:-$(mktemp -d /tmp/wflint-bench.XXXXXX)}
mkdir -p "$WORK"
case "$WORK" in "$REPO"/*) echo "bench-report: BENCH_DIR must be outside the repository" >&2; exit 2 ;; esac
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

# --- build --------------------------------------------------------------
# The report command may not be wired into main's dispatch yet; if not, add
# the registration through a build overlay (nothing in the repo changes).
BIN="$WORK/wflint"
(cd "$REPO" && go build -o "$BIN" ./cmd/wflint)
if ! "$BIN" report help >/dev/null 2>&1; then
	cat >"$WORK/zz_bench_wire.go" <<'EOF'
package main

func init() {
	commands["report"] = command{func(e *env, a []string) int { return runReport(a, e.stdin, e.stdout, e.stderr) }, "feedback reports"}
}
EOF
	printf '{"Replace":{"%s":"%s"}}\n' "$REPO/cmd/wflint/zz_bench_wire.go" "$WORK/zz_bench_wire.go" >"$WORK/overlay.json"
	(cd "$REPO" && go build -overlay "$WORK/overlay.json" -o "$BIN" ./cmd/wflint)
	"$BIN" report help >/dev/null
	echo "(report command wired in through a build overlay)"
fi

# --- data ---------------------------------------------------------------
LOG="$WORK/logs.ndjson"
# Estimate the line length from a sample, then generate about SIZE_MB.
(cd "$REPO" && go run ./testdata/gen-logs -n 20000 -seed 1 -o "$WORK/sample.ndjson")
AVG=$(( $(stat -c %s "$WORK/sample.ndjson") / 20000 ))
LINES=$(( SIZE_MB * 1000000 / AVG ))
echo "generating $LINES lines (~$SIZE_MB MB, ~$AVG bytes/line) in $LOG"
(cd "$REPO" && go run ./testdata/gen-logs -n "$LINES" -seed 1 -window 24h -o "$LOG")
BYTES=$(stat -c %s "$LOG")
cat "$LOG" >/dev/null # warm the page cache

# --- runs ---------------------------------------------------------------
# measure NAME CMD...: runs CMD under GNU time and appends a result row.
ROWS=()
WC_WALL=
measure() {
	local name=$1; shift
	local tf="$WORK/time.$RANDOM"
	/usr/bin/time -v -o "$tf" "$@" >"$WORK/out.$name" 2>"$WORK/err.$name" || {
		echo "bench-report: $name failed:" >&2; cat "$WORK/err.$name" >&2; exit 1; }
	local wall user sys rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tf")
	user=$(awk -F': ' '/User time/ {print $2}' "$tf")
	sys=$(awk -F': ' '/System time/ {print $2}' "$tf")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
	[ -z "$WC_WALL" ] && WC_WALL=$wall
	LAST_WALL=$wall
	ROWS+=("$(awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$BYTES" -v wc="$WC_WALL" 'BEGIN {
		cpu = u + s; if (w <= 0) w = 0.001; if (cpu <= 0) cpu = 0.001
		printf "%-28s %8.2f %8.2f %9.0f %9.0f %8.0f %9.1fx", n, w, cpu, b/1e6/w, b/1e6/cpu, r/1024, w/wc }')")
}

measure "wc -l" wc -l "$LOG"
# WALL[e,procs] collects the wall times of expression e with procs.
declare -A WALL
for e in "${!EXPRS[@]}"; do
	for round in $(seq "$ROUNDS"); do
		for procs in $PROCS; do
			measure "e$e P=$procs #$round" env GOMAXPROCS=$procs "$BIN" report build --quiet \
				--expr "${EXPRS[$e]}" --type false_positive --description "benchmark" -o "$WORK/report.$e.$procs.$round.json" "$LOG"
			WALL[$e,$procs]+="$LAST_WALL "
		done
	done
done

# The same aggregates with jq: the requests the expression selects, by
# score, by score source, the time window and the eight top-10 lists
# (exact counts, unbounded memory).
JQ_PROG='
def top: to_entries | sort_by(-.value, .key) | .[:10] | map({metric: .key, requests: .value});
reduce (inputs | select(.BotScore != null and .BotScore < 30 and .ClientRequestHost == "shop.example.com"
                        and .BotScore >= 1)) as $r
  ({requests: 0, s: {}, src: {}, ip: {}, asn: {}, cc: {}, host: {}, path: {}, ua: {}, ja3: {}, ja4: {}, first: null, last: null};
   .requests += 1
   | .s[$r.BotScore | tostring] += 1
   | .src[($r.BotScoreSrc // "unknown") | ascii_downcase | gsub(" "; "_")] += 1
   | if ($r.ClientIP // "") != "" then .ip[$r.ClientIP] += 1 else . end
   | if ($r.ClientASN // 0) != 0 then .asn[$r.ClientASN | tostring] += 1 else . end
   | if ($r.ClientCountry // "") != "" then .cc[$r.ClientCountry | ascii_upcase] += 1 else . end
   | if ($r.ClientRequestHost // "") != "" then .host[$r.ClientRequestHost] += 1 else . end
   | if ($r.ClientRequestPath // "") != "" then .path[$r.ClientRequestPath] += 1 else . end
   | if ($r.ClientRequestUserAgent // "") != "" then .ua[$r.ClientRequestUserAgent] += 1 else . end
   | if ($r.JA3Hash // "") != "" then .ja3[$r.JA3Hash] += 1 else . end
   | if ($r.JA4 // "") != "" then .ja4[$r.JA4] += 1 else . end
   | .first = ([.first, $r.EdgeStartTimestamp] | map(select(. != null)) | min)
   | .last = ([.last, $r.EdgeStartTimestamp] | max))
| {requests, requests_by_score: .s, requests_by_score_src: .src,
   first_request_seen_at: .first, last_request_seen_at: .last,
   requests_by_attribute: {topIPs: (.ip | top), topASNs: (.asn | top), topCountries: (.cc | top),
     topHosts: (.host | top), topPaths: (.path | top), topUserAgents: (.ua | top),
     topJA3Hashes: (.ja3 | top), topJA4s: (.ja4 | top)}}'
if [ "$JQ" = 1 ]; then
	measure "jq (same aggregates)" jq -n -c "$JQ_PROG" "$LOG"
fi

# --- results ------------------------------------------------------------
RECORDS=$(awk '{print $1}' "$WORK/out.wc -l")
echo
echo "input: $LOG, $BYTES bytes ($((BYTES / 1000000)) MB), $RECORDS lines"
for e in "${!EXPRS[@]}"; do echo "e$e: ${EXPRS[$e]}"; done
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %8s %8s %9s %9s %8s %10s\n' "run" "wall s" "cpu s" "MB/s wall" "MB/s cpu" "RSS MB" "vs wc -l"
for r in "${ROWS[@]}"; do echo "$r"; done

# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
FIRST=${PROCS%% *}
LASTP=${PROCS##* }
echo
for e in "${!EXPRS[@]}"; do
	line="e$e: $(jq .requests "$WORK/report.$e.$FIRST.1.json") requests of $RECORDS lines;"
	for procs in $PROCS; do
		# shellcheck disable=SC2086 # the times are words
		line+=" P=$procs median $(median ${WALL[$e,$procs]}) s;"
	done
	# shellcheck disable=SC2086
	line+=" speed-up P=$FIRST to P=$LASTP: $(awk -v a="$(median ${WALL[$e,$FIRST]})" -v b="$(median ${WALL[$e,$LASTP]})" 'BEGIN {printf "%.2fx", a/b}')"
	echo "$line"
done

# The numbers must agree: every aggregate of wflint's report and jq's, and
# wflint's report must not depend on the number of cores.
SAME=yes
if [ "$JQ" = 1 ]; then
	JQ_OUT="$WORK/out.jq (same aggregates)"
	REPORT="$WORK/report.0.$FIRST.1.json"
	for k in requests requests_by_score requests_by_score_src first_request_seen_at last_request_seen_at \
		requests_by_attribute.topIPs requests_by_attribute.topASNs requests_by_attribute.topCountries \
		requests_by_attribute.topHosts requests_by_attribute.topPaths requests_by_attribute.topUserAgents \
		requests_by_attribute.topJA3Hashes requests_by_attribute.topJA4s; do
		if [ "$(jq -S -c ".$k" "$REPORT")" != "$(jq -S -c ".$k" "$JQ_OUT")" ]; then
			case $k in
			requests_by_attribute.*)
				# jq counts exactly with unbounded memory; wflint's lists turn
				# approximate (within their stated error) past 20,000 values.
				echo "note: $k differs from jq's exact list (approximate top list)" ;;
			*)
				echo "bench-report: wflint and jq disagree on $k" >&2
				SAME=no ;;
			esac
		fi
	done
	echo "requests: wflint $(jq .requests "$REPORT"), jq $(jq .requests "$JQ_OUT"); all aggregates equal: $SAME"
fi
for e in "${!EXPRS[@]}"; do
	for f in "$WORK"/report."$e".*.json; do
		if ! cmp -s "$WORK/report.$e.$FIRST.1.json" "$f"; then
			echo "bench-report: $f differs from the report for GOMAXPROCS=$FIRST" >&2
			SAME=no
		fi
	done
done
echo "report identical for GOMAXPROCS=${PROCS// /, } and every round: $( [ "$SAME" = yes ] && echo yes || echo NO)"
[ "$SAME" = yes ]
