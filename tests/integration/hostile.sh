#!/bin/sh
# hostile.sh - the hostile-input suite (tests/hostile/hostile.py): every
# generated case ends with its expected exit code and message, in bounded
# time and memory, writing nothing and opening nothing outside its tree.
set -u
: "${MH_BIN:?}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"	# the unreadable-file cases run as nobody, who must get in
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
for tool in python3 strace setpriv; do
	command -v "$tool" >/dev/null ||
	    { echo "hostile: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done
python3 "$here/../hostile/hostile.py" "$MH_BIN" "$tmp/work" ${MH_HOSTILE_FILTER:-}
