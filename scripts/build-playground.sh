#!/usr/bin/env bash
# Builds the playground's site into internal/playground/site, where
# package playground embeds it (`wflint playground` serves it): the page's
# JavaScript (CodeMirror 6 from web/package-lock.json, bundled by
# esbuild), wflint compiled to WebAssembly and Go's wasm_exec.js loader.
# What it writes is .gitignored: build products are never committed.
# index.html and style.css are committed in the site directory itself.
#
# Usage: scripts/build-playground.sh   (also: go generate ./internal/playground)
# Needs Go and npm (Node 18 or later). Prints the gzipped size of the wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
site=internal/playground/site

(cd web && { [ -x node_modules/.bin/esbuild ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund >/dev/null; } && npm run --silent build)
# The bundle is served gzipped, and unpacked for a client that cannot
# take gzip; esbuild's notices of the bundled packages stay plain.
gzip -9 -n -f "$site/app.js"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -o "$tmp/wflint.wasm" ./internal/playground/wasm
gzip -9 -n -c "$tmp/wflint.wasm" >"$site/wflint.wasm.gz"

goroot=$(go env GOROOT)
for loader in "$goroot/lib/wasm/wasm_exec.js" "$goroot/misc/wasm/wasm_exec.js"; do
  if [ -f "$loader" ]; then cp "$loader" "$site/wasm_exec.js"; break; fi
done
[ -f "$site/wasm_exec.js" ] || { echo "build-playground: no wasm_exec.js in $goroot" >&2; exit 1; }

echo "playground: wflint.wasm $(wc -c <"$tmp/wflint.wasm") bytes, $(wc -c <"$site/wflint.wasm.gz") gzipped; app.js.gz $(wc -c <"$site/app.js.gz") bytes"
