#!/usr/bin/env bash
# Peak memory of `wflint lint` with default (text) output on 50 MB inputs
# built from the real-world corpus: a .tf of cloudflare_ruleset resources,
# the same expressions as .jsonl, and the .tf with one HCL syntax error at
# the end. Target: peak RSS under 8 times the input size.
#
#   scripts/bench-memory.sh [SIZE_MB]      default 50
#
# Peak RSS comes from GNU time (/usr/bin/time -v: apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-50}
work=$(mktemp -d /tmp/wflint-bench-memory.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -trimpath -o "$work/wflint" ./cmd/wflint
python3 - "$work" "$size_mb" <<'EOF'
import json, sys
work, size = sys.argv[1], int(sys.argv[2]) * 1000 * 1000
exprs = [json.loads(l)["expr"] for l in open("testdata/conformance/realworld.jsonl") if l.strip()]
with open(work + "/big.jsonl", "w") as out:
    n = i = 0
    while n < size - 5000:
        s = json.dumps({"expression": exprs[i % len(exprs)]}) + "\n"
        out.write(s); n += len(s); i += 1
with open(work + "/big.tf", "w") as out:
    n = i = 0
    while n < size - 10000:
        e = json.dumps(exprs[i % len(exprs)]).replace("${", "$${").replace("%{", "%%{")
        s = 'resource "cloudflare_ruleset" "r%d" {\n  name = "r"\n  rules {\n    action = "block"\n    expression = %s\n  }\n}\n' % (i, e)
        out.write(s); n += len(s); i += 1
EOF
cp "$work/big.tf" "$work/bad.tf"
printf 'resource "x" "y" {\n  a = \n}\n' >>"$work/bad.tf"
echo "# $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %8s %12s %7s\n' input bytes seconds "peak RSS" ratio
for f in big.tf big.jsonl bad.tf; do
	/usr/bin/time -v "$work/wflint" "$work/$f" >/dev/null 2>"$work/time.txt" || true
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
	bytes=$(wc -c <"$work/$f")
	printf '%-10s %10d %8s %8.1f MiB %6.1fx\n' "$f" "$bytes" "$secs" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $bytes" | bc -l)"
done
