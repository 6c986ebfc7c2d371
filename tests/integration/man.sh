#!/bin/sh
# man.sh - the man pages lint clean, and mta-harden-rules.7 matches the
# rule table it is generated from.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
command -v mandoc >/dev/null 2>&1 || { echo "man: mandoc missing (make deps installs it)"; echo "man: 0 passed, 1 failed"; exit 1; }
sh "$top/scripts/gen-rules-man.sh" "$MH_BIN" "$tmp/rules.7"
if cmp -s "$tmp/rules.7" "$top/man/mta-harden-rules.7"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "not ok: man/mta-harden-rules.7 is stale: run 'make man'"; fi
for page in "$top"/man/*.[157]; do
	# our own pages are not installed here: cross-references are fine
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -z "$out" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok: $page"; echo "$out"; fi
done
echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
