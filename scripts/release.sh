#!/usr/bin/env bash
# Builds wflint's release archives:
#
#   scripts/release.sh VERSION OUTDIR [GOOS/GOARCH...]
#
# For each platform (by default linux, darwin and windows on amd64 and
# arm64) it builds wflint and wfls with VERSION stamped (`wflint --version`
# prints it) and packs them with README.md and LICENSE into
# OUTDIR/wflint_GOOS_GOARCH.tar.gz (.zip for windows), then writes
# OUTDIR/SHA256SUMS, which `sha256sum -c SHA256SUMS` checks. wflint carries
# the playground's site (scripts/build-playground.sh runs first).
#
# The archives are reproducible: the same source, VERSION and Go toolchain
# give the same bytes. The binaries are built with -trimpath, without cgo,
# build ID or VCS stamp (-buildvcs=false: a clone and a source tarball of the
# same commit give the same binary); every archive entry is dated
# SOURCE_DATE_EPOCH (default: the time of the commit checked out) and packed
# by internal/release (entries sorted, owner 0, no gzip time).
set -euo pipefail

usage() {
  echo "usage: scripts/release.sh VERSION OUTDIR [GOOS/GOARCH...]" >&2
  echo "  VERSION as tagged, e.g. v1.2.0 or v1.2.0-rc.1" >&2
  exit 2
}
[ $# -ge 2 ] || usage
version=$1 out=$2
shift 2
# The version ends up in file contents and in `wflint --version`; keep it
# to what a tag can hold and a shell or a URL never needs quoted.
if ! [[ $version =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  echo "release: VERSION $version is not a version such as v1.2.0 or v1.2.0-rc.1" >&2
  exit 2
fi
platforms=("$@")
if [ ${#platforms[@]} -eq 0 ]; then
  platforms=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  if ! SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null); then
    echo "release: not in a git checkout: set SOURCE_DATE_EPOCH (Unix seconds) to date the archives" >&2
    exit 2
  fi
fi
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "release: warning: uncommitted changes are built in, but the archives are dated by the last commit" >&2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The playground's site is embedded in wflint: build it first, so that
# `wflint playground` works from a release (needs npm; reproducible too).
scripts/build-playground.sh >&2

ldflags="-s -w -buildid= -X github.com/wflint/wflint/internal/version.stamp=$version"
dirs=()
for p in "${platforms[@]}"; do
  goos=${p%/*} goarch=${p#*/}
  if [ -z "$goos" ] || [ -z "$goarch" ] || [ "$goos" = "$p" ]; then
    echo "release: platform $p is not GOOS/GOARCH" >&2
    exit 2
  fi
  exe=""
  [ "$goos" = windows ] && exe=.exe
  dir=$work/wflint_${goos}_${goarch}
  mkdir -p "$dir"
  for cmd in wflint wfls; do
    # The baseline instruction sets, whatever this machine's environment
    # asks for: the binaries run on every CPU of the platform.
    CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOAMD64=v1 GOARM64=v8.0 GOFLAGS= \
      go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$dir/$cmd$exe" "./cmd/$cmd"
  done
  cp README.md LICENSE "$dir/"
  dirs+=("$dir")
  echo "release: built $goos/$goarch" >&2
done

# The packer runs on this machine, whatever the target platforms.
GOOS= GOARCH= CGO_ENABLED=0 go run ./internal/release -mtime "$SOURCE_DATE_EPOCH" -o "$out" "${dirs[@]}"
cat "$out/SHA256SUMS"
