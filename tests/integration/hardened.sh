#!/bin/sh
# hardened.sh - a fully hardened tree of each MTA passes the dmz profile
# (and default) with no finding at or above medium, as the contract says
# of a tree with every medium-and-above concern handled.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
cp -r "$top/examples/postfix-hardened" "$tmp/postfix"
cp -r "$top/examples/sendmail-hardened" "$tmp/sendmail"
# The databases are built on the host (git keeps no file times).
: >"$tmp/postfix/etc/aliases.db"
: >"$tmp/postfix/etc/postfix/transport.db"
: >"$tmp/sendmail/etc/mail/access.db"
: >"$tmp/sendmail/etc/mail/aliases.db"
for tree in postfix sendmail; do
	for profile in dmz default; do
		"$MH_BIN" check --profile "$profile" --format json \
		    "$tmp/$tree" >"$tmp/out" 2>"$tmp/err"
		status=$?
		if [ "$status" -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
bad = [f for f in d["findings"] if f["severity"] not in ("low", "info")]
assert not bad, bad
assert d["findings"][0]["mta"] == sys.argv[2]
' "$tmp/out" "$tree"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "not ok: $tree under $profile (exit $status)"
			"$MH_BIN" check --profile "$profile" -f gcc "$tmp/$tree" | grep -v ': note:'
		fi
	done
done
echo "hardened: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
