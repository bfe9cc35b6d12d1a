#!/bin/sh
# Packs the extension for one platform with wfls bundled in bin/, as the
# release workflow does for each release archive:
#
#   ./package-target.sh TARGET WFLS [OUT.vsix]
#
# TARGET is a `vsce package --target` platform (linux-x64, linux-arm64,
# darwin-x64, darwin-arm64, win32-x64, win32-arm64) and WFLS the wfls
# binary built for it. Needs `npm ci` first. The extension runs the
# bundled wfls only when wflint.path is empty and no wfls is on PATH.
set -eu
[ $# -ge 2 ] || { echo "usage: ./package-target.sh TARGET WFLS [OUT.vsix]" >&2; exit 2; }
target=$1
wfls=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
out=${3:-wflint-vscode-$target.vsix}
cd "$(dirname "$0")"
exe=""
case $target in
  win32-*) exe=.exe ;;
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64) ;;
  *) echo "package-target.sh: unsupported target $target" >&2; exit 2 ;;
esac
rm -rf bin
trap 'rm -rf bin' EXIT
mkdir bin
cp "$wfls" "bin/wfls$exe"
chmod 755 "bin/wfls$exe"
npm run --silent build
./node_modules/.bin/vsce package --no-dependencies --target "$target" -o "$out"
