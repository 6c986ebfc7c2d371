#!/bin/sh
# cli.sh - the command line as a user meets it: findings at the right
# place, exit codes, formats, stdout/stderr split, profiles, rules.
set -u
: "${MH_BIN:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }

# expect_exit CODE CMD... - run, keep stdout/stderr in $tmp/out, $tmp/err
expect_exit() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "exit $got, wanted $want: $*"
		sed 's/^/    /' "$tmp/err" | head -5
	fi
}

expect_grep() {
	if grep -q -- "$1" "$2"; then ok; else bad "no '$1' in $2"; fi
}

insecure=examples/postfix-insecure/etc/postfix
main=$insecure/main.cf

# The five rules of the walking skeleton on the insecure dmz tree, each at
# the file and line that decides it.
expect_exit 1 "$MH_BIN" check --profile dmz -f gcc "$insecure"
expect_grep "^$main:4:16: warning: .*\[MH104\]" "$tmp/out"
expect_grep "^$main:19:5: error: open relay on smtp/inet.*0.0.0.0/0.*\[MH201\]" "$tmp/out"
expect_grep "^$main:29:22: warning: no message size limit on smtp/inet, submission/inet: message_size_limit = 0 \[MH601\]" "$tmp/out"
expect_grep "^$main:33:24: error: VRFY answers.*\[MH101\]" "$tmp/out"
expect_grep "^$main:14:53: warning: the value of mydestination is .*\[MH901\]" "$tmp/out"
expect_grep "^$main:34:1: warning: .*smtpd_relay_restrictions.*\[MH903\]" "$tmp/out"
expect_grep "^examples/postfix-insecure/etc/postfix/master.cf:9:1: warning: submission/inet listens on all addresses.*\[MH701\]" "$tmp/out"
if [ -s "$tmp/err" ] && ! grep -q 'MH' "$tmp/err"; then ok; else
	bad "summary belongs on stderr, findings on stdout"; fi

expect_exit 1 "$MH_BIN" check --profile null-client examples/postfix-hardened
expect_grep "examples/postfix-hardened/etc/postfix/main.cf:48:19: medium: smtp/inet listens on all addresses" "$tmp/out"

# Sorted output (file, line, column, rule), reproducible runs.
"$MH_BIN" check -f json "$insecure" >"$tmp/a" 2>/dev/null
"$MH_BIN" check -f json "$insecure" >"$tmp/b" 2>/dev/null
if cmp -s "$tmp/a" "$tmp/b" && python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
k = [(x["file"], x["line"], x["column"], x["rule"]) for x in f]
assert k == sorted(k), k
' "$tmp/a"; then ok; else
	bad "output not sorted or not reproducible"; fi

# Exit codes: clean tree, --fail-on, usage errors, unreadable input.
# (The databases are built where the tree is deployed; git keeps no times.)
cp -r examples/postfix-hardened "$tmp/hardened"
: >"$tmp/hardened/etc/aliases.db"
: >"$tmp/hardened/etc/postfix/transport.db"
expect_exit 0 "$MH_BIN" check --profile dmz "$tmp/hardened"
expect_exit 0 "$MH_BIN" check --fail-on critical --disable open-relay "$insecure"
expect_exit 1 "$MH_BIN" check --fail-on critical "$insecure"
expect_exit 1 "$MH_BIN" check -f json --disable vrfy,relay,MH104,message-size-limit "$insecure"
python3 - "$tmp/out" <<'PY' && ok || bad "--disable by tag, id and name"
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    assert "vrfy" not in f["tags"] and "relay" not in f["tags"], f
    assert f["rule"] not in ("MH104", "MH601"), f
PY
expect_exit 2 "$MH_BIN" check "$tmp/does-not-exist"
expect_exit 2 "$MH_BIN" check --format yaml "$insecure"
expect_exit 2 "$MH_BIN" check --profile no-such-profile "$insecure"
expect_grep "unknown profile 'no-such-profile'" "$tmp/err"
expect_exit 2 "$MH_BIN" check --fail-on severe "$insecure"
expect_exit 2 "$MH_BIN" check --enable no-such-rule "$insecure"
expect_exit 2 "$MH_BIN" check
expect_exit 2 "$MH_BIN" frobnicate
mkdir -p "$tmp/empty"
expect_exit 2 "$MH_BIN" check "$tmp/empty"
printf 'biff = no\n\nthis line has no equals sign\n' >"$tmp/main.cf"
expect_exit 2 "$MH_BIN" check "$tmp/main.cf"
expect_grep "$tmp/main.cf:3:1: missing '='" "$tmp/err"
if [ ! -s "$tmp/out" ]; then ok; else bad "report written on exit 2"; fi
printf 'smtp inet n - y -\n' >"$tmp/master.cf"
expect_exit 2 "$MH_BIN" check "$tmp/master.cf"
expect_grep "master.cf:1:1: master.cf entry has 6 fields" "$tmp/err"
printf 'name: broken\nrules:\n  vrfy-enabled:\n    severity: severe\n' >"$tmp/p.yaml"
expect_exit 2 "$MH_BIN" check --profile "$tmp/p.yaml" "$insecure"
expect_grep "p.yaml:4:15:" "$tmp/err"

printf 'name: typo\nextends: dmz\nrules:\n  message-size-limit:\n    max_byte: 1\n' >"$tmp/t.yaml"
expect_exit 2 "$MH_BIN" check --profile "$tmp/t.yaml" "$insecure"
expect_grep "t.yaml:5:5: rule message-size-limit (MH601) has no parameter 'max_byte' (parameters: max_bytes)" "$tmp/err"

# JSON: a valid document, the contract's fields, even with no finding.
expect_exit 1 "$MH_BIN" check -f json "$insecure"
python3 - "$tmp/out" <<'PY' && ok || bad "json report shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["tool"]["name"] == "mta-harden" and d["tool"]["version"]
assert d["profile"] == "default" and d["steps"] == []
keys = {"rule", "name", "severity", "mta", "file", "line", "column",
        "message", "fixable", "tags", "fingerprint"}
for f in d["findings"]:
    assert keys <= set(f), f
    assert f["mta"] == "postfix" and f["line"] >= 0
s = d["summary"]
assert s["files"] == 3 and s["findings"] == len(d["findings"])
assert sum(s["by_severity"].values()) == s["findings"]
PY
expect_exit 0 "$MH_BIN" check -f json "$tmp/hardened"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert all(f["severity"] in ("low", "info") for f in d["findings"]), d["findings"]
' "$tmp/out" && ok || bad "hardened tree: nothing at or above medium"
mkdir -p "$tmp/nothing/etc/postfix" && printf 'compatibility_level = 3.6\n' >"$tmp/nothing/etc/postfix/main.cf"
expect_exit 0 "$MH_BIN" check -f json --disable syntax,tls,banner,vrfy,content,sender,info-leak,ops,relay "$tmp/nothing"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["findings"] == []' "$tmp/out" && ok || bad "a valid json document with no finding"

# Colour only on request or on a terminal; NO_COLOR wins over auto.
"$MH_BIN" check --color always "$insecure" >"$tmp/c" 2>/dev/null
if grep -q "$(printf '\033')\[" "$tmp/c"; then ok; else bad "--color always"; fi
NO_COLOR=1 "$MH_BIN" check "$insecure" >"$tmp/c" 2>/dev/null
if grep -q "$(printf '\033')" "$tmp/c"; then bad "colour in a pipe"; else ok; fi
"$MH_BIN" check -q "$insecure" >/dev/null 2>"$tmp/c"
if [ -s "$tmp/c" ]; then bad "--quiet printed a summary"; else ok; fi

# On a terminal: the source line with a caret under the column, colour
# unless NO_COLOR.
TERM=xterm script -qec "$MH_BIN check -p dmz $insecure" /dev/null >"$tmp/tty" 2>&1
if grep -q "^     4 | smtpd_banner = " "$tmp/tty" &&
    grep -q "^       |                $(printf '\033')\[1;32m^" "$tmp/tty"; then
	ok; else bad "no source line and caret on a terminal"; fi
TERM=xterm NO_COLOR=1 script -qec "$MH_BIN check -p dmz $insecure" /dev/null >"$tmp/tty" 2>&1
if grep -q "^       |                ^" "$tmp/tty" &&
    ! grep -q "$(printf '\033')" "$tmp/tty"; then
	ok; else bad "NO_COLOR on a terminal"; fi

# rules, explain, profiles, show.
expect_exit 0 "$MH_BIN" rules --format json
python3 - "$tmp/out" <<'PY' && ok || bad "rules json"
import json, sys
rules = json.load(open(sys.argv[1]))["rules"]
ids = [r["id"] for r in rules]
assert ids == sorted(ids) and len(set(ids)) == len(ids)
for r in rules:
    assert {"id", "name", "tags", "severity", "mtas", "fixable", "summary"} <= set(r)
assert {"MH101", "MH104", "MH201", "MH601", "MH701"} <= set(ids)
PY
expect_exit 0 "$MH_BIN" explain open-relay
expect_grep "reject_unauth_destination" "$tmp/out"
expect_grep "dmz *critical, allowed_networks" "$tmp/out"
expect_exit 2 "$MH_BIN" explain MH999
expect_exit 0 "$MH_BIN" profiles
expect_grep "^null-client" "$tmp/out"
expect_exit 0 "$MH_BIN" profiles dmz
expect_grep "max_bytes: 26214400" "$tmp/out"
expect_exit 0 "$MH_BIN" show "$insecure"
expect_grep "mydestination = mx.example.org, example.org, localhost # the names" "$tmp/out"
expect_exit 0 "$MH_BIN" show --format json "$insecure"
python3 - "$tmp/out" <<'PY' && ok || bad "show json"
import json, sys
m = json.load(open(sys.argv[1]))["mtas"][0]
assert m["mta"] == "postfix"
s = m["settings"]
assert s["smtpd_banner"]["source"] == "file" and s["smtpd_banner"]["line"] == 4
assert s["mail_name"] == {"value": "Postfix", "raw": "Postfix", "file": None,
                          "line": None, "column": None, "source": "default"}
sub = [x for x in m["services"] if x["service"] == "submission"][0]
assert sub["overrides"]["smtpd_recipient_restrictions"]["value"] == "permit"
PY
expect_exit 0 "$MH_BIN" --version
expect_grep "^mta-harden [0-9]" "$tmp/out"
expect_exit 0 "$MH_BIN" --help
expect_grep "check" "$tmp/out"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
