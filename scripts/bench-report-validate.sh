#!/usr/bin/env bash
# bench-report-validate.sh: `wflint report validate REPORT.json` next to
# plain `wflint REPORT.json` (what the pre-commit hook and `wflint .` run)
# on a generated feedback report with N top-list entries (default
# 1,000,000 distinct IPs, about 38 MB): both parse it once, and the plain
# run must not be slower. Reported per run: wall time, user+system CPU time
# (the fair figure on a shared machine) and peak RSS, with the load.
#
#   scripts/bench-report-validate.sh [N]
#
# Needs: go, python3, GNU time (/usr/bin/time: apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=$(mktemp -d /tmp/wflint-bench-report-validate.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -trimpath -o "$work/wflint" ./cmd/wflint
python3 - "$work/report.json" "$n" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
r = {"type": "false_negative", "subtype": "Scraping", "description": "Price scraper scored likely human.",
     "expression": "cf.bot_management.score ge 30 and http.host eq \"shop.example.com\"",
     "first_request_seen_at": "2024-05-01T00:00:00Z", "last_request_seen_at": "2024-05-01T06:00:00Z",
     "requests": n, "requests_by_score": {"30": n}, "requests_by_score_src": {"machine_learning": n},
     "requests_by_attribute": {"topIPs": [{"metric": "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255), "requests": 1} for i in range(n)]}}
json.dump(r, open(path, "w"), separators=(",", ":"))
PY
cat "$work/report.json" >/dev/null # into the page cache
echo "# $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(wc -c <"$work/report.json") bytes, $n entries"
printf '%-28s %8s %8s %12s\n' command wall cpu "peak RSS"
run() {
	local label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >/dev/null || true
	read -r wall user sys rss <"$work/time.txt"
	printf '%-28s %7ss %7ss %8.0f MiB\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}
for _ in 1 2 3; do
	run "wflint report validate" "$work/wflint" report validate "$work/report.json"
	run "wflint REPORT.json" "$work/wflint" "$work/report.json"
done
