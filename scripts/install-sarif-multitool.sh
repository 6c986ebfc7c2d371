#!/bin/sh
# install-sarif-multitool.sh - the official SARIF validator (npm package
# @microsoft/sarif-multitool, a self-contained .NET program that needs ICU)
# under build/tools/sarif, for tests/integration/sarif.sh. A no-op when it
# is there and runs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$top/build/tools/sarif
bin=$dest/node_modules/.bin/sarif-multitool
version=5.7.0

if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-sarif-multitool: npm is missing (run as root)" >&2
		exit 1
	fi
	echo "install-sarif-multitool: installing npm" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends npm >/dev/null
fi
echo "install-sarif-multitool: @microsoft/sarif-multitool@$version" >&2
mkdir -p "$dest"
npm install --prefix "$dest" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version" >/dev/null
# the package's postinstall only sets this bit, and npm may skip scripts
find "$dest/node_modules/@microsoft" -type f -name Sarif.Multitool \
    -exec chmod 755 {} +
if ! "$bin" --version >/dev/null 2>&1; then
	echo "install-sarif-multitool: $bin does not run" >&2
	"$bin" --version >&2 || true
	exit 1
fi
