#!/bin/sh
# sendmail-tree.sh - check --profile dmz on a realistic sendmail tree (a
# .mc, the .cf once built from it, access, aliases, relay-domains,
# local-host-names, stale .db files) reports each concern at the line
# that causes it, the .mc's line when the .mc is the cause.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

expect() {
	if grep -q -- "$1" "$tmp/out"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "not ok: no '$1'"; fi
}

cp -r "$top/examples/sendmail-insecure" "$tmp/image"
mail=$tmp/image/etc/mail
# The .cf and the databases were built two days ago; the .mc and the text
# maps were edited since.
touch -d '2 days ago' "$mail/sendmail.cf"
: >"$mail/access.db"
: >"$mail/aliases.db"
touch -d '2 days ago' "$mail/access.db" "$mail/aliases.db"

cd "$tmp" || exit 1
"$MH_BIN" check --profile dmz -f gcc image >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 1 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "not ok: exit $status, wanted 1"; cat "$tmp/err"; fi

mc=image/etc/mail/sendmail.mc
expect "^$mc:8:1: warning: the greeting .*names 'Sendmail'.*(from OSTYPE(\`debian')) \[MH104\]"
expect "^$mc:13:16: warning: MSP-v4 listens on all addresses, port submission.*\[MH701\]"
expect "^$mc:14:28: error: VRFY answers on MTA-v4, MSP-v4.*confPRIVACY_FLAGS = needmailhelo,restrictqrun,authwarnings \[MH101\]"
expect "^$mc:14:28: error: EXPN answers.*\[MH102\]"
expect "^$mc:14:28: warning: VERB answers.*\[MH103\]"
expect "^$mc:16:32: warning: no message size limit.*confMAX_MESSAGE_SIZE = 0 \[MH601\]"
expect "^$mc:19:1: error: relaying wider than intended: FEATURE(\`relay_based_on_MX').*\[MH201\]"
expect "^image/etc/mail/relay-domains:3:1: error: open relay: relay-domains lists 'com'.*\[MH201\]"
expect "^image/etc/mail/access:6:1: error: .*198.51.100.*\[MH201\]"
expect "^image/etc/mail/access:7:9: warning: '10.0.0.0/8' is CIDR notation.*\[MH401\]"
expect "^image/etc/mail/access:9:9: warning: '123.456.678.901' is not an IPv4 address.*\[MH401\]"
expect "^image/etc/mail/access:10:18: warning: 'RELAYY' is not an access action.*\[MH401\]"
expect "^image/etc/mail/access: warning: .*access.db is older than .*makemap hash .*\[MH802\]"
expect "^image/etc/mail/aliases: warning: .*aliases.db is older than .*newaliases.*\[MH802\]"
expect "^image/etc/mail/sendmail.cf: warning: .*sendmail.cf is older than .*sendmail.mc.*\[MH801\]"
expect "^image/etc/mail/sendmail.cf:179:3: warning: MaxMessageSize in the .cf is '10485760' but its .mc gives '0'.*\[MH801\]"

# The .mc alone (no .cf, no maps) still reports its own concerns there.
"$MH_BIN" check --profile dmz -f gcc "$mail/sendmail.mc" >"$tmp/out" 2>"$tmp/err"
expect ":14:28: error: VRFY answers"

# JSON steps name the rebuilds, in order: the .cf, then the maps.
"$MH_BIN" show --format json image >"$tmp/out" 2>"$tmp/err"
python3 - "$tmp/out" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "not ok: steps"; }
import json, sys
m = json.load(open(sys.argv[1]))["mtas"][0]
assert m["mta"] == "sendmail"
steps = m["steps"]
assert steps[0] == "m4 /etc/mail/sendmail.mc > /etc/mail/sendmail.cf", steps
assert "newaliases" in steps and any(s.startswith("makemap hash") for s in steps), steps
assert m["settings"]["PrivacyOptions"]["kind"] == "mc"
assert m["settings"]["PrivacyOptions"]["written_as"] == "confPRIVACY_FLAGS"
PY

echo "sendmail-tree: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
